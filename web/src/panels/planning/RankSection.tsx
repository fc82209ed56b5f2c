import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { areaBody, rankPlan, RequestError, type Method, type RankedCandidate, type RankRequest } from '../../api/planning';
import { useI18n } from '../../i18n/react';
import type { Filters } from '../../state/url';
import { BudgetInput } from './BudgetInput';
import { CoverageCurve } from './CoverageCurve';
import { parseNumber, useFormat } from './format';
import { RankingTable } from './RankingTable';
import { useSessionState, type RankOutcome } from './session';

const METHODS: Method[] = ['auto', 'greedy', 'exact'];
const DEFAULT_SLIDER_MAX = 20_000_000;

type FormErrors = Partial<Record<'budget' | 'method' | 'time_limit' | 'kinds' | 'general', string>>;

/** API field errors of the ranking request → the form's fields (area and other fields are general). */
function formErrors(err: RequestError): FormErrors {
  const out: FormErrors = {};
  const general: string[] = [];
  for (const fe of err.fields) {
    const key = fe.field === 'budget' || fe.field === 'method' || fe.field === 'time_limit' ? fe.field : fe.field.startsWith('kinds') ? 'kinds' : null;
    if (key && !out[key]) out[key] = fe.message;
    else if (!key) general.push(fe.field ? `${fe.field}: ${fe.message}` : fe.message);
  }
  if (general.length || !err.fields.length) out.general = general.length ? general.join('; ') : err.message;
  return out;
}

/**
 * The ranking form (budget, method, time limit, candidate kinds; the area is the shared filters)
 * and its answer: summary, coverage-vs-budget curve, ranked table, left-out and skipped candidates.
 */
export function RankSection({
  filters,
  stamp,
  outcome,
  onOutcome,
  selected,
  onSelect,
}: {
  filters: Filters;
  /** Area and data version now: a ranking made under another stamp is stale. */
  stamp: string;
  outcome: RankOutcome | null;
  onOutcome: (o: RankOutcome) => void;
  selected: string | null;
  onSelect: (row: RankedCandidate) => void;
}) {
  const { t } = useI18n();
  const f = useFormat();
  const id = useId();
  const [form, setForm] = useSessionState('form');
  const [errors, setErrors] = useState<FormErrors>({});
  const [busy, setBusy] = useState(false);
  const inflight = useRef<AbortController | null>(null);
  const formRef = useRef<HTMLFormElement>(null);
  useEffect(() => () => inflight.current?.abort(), []);

  const budget = parseNumber(form.budgetText);
  const curveMax = outcome?.result.curve.at(-1)?.budget ?? 0;
  const sliderMax = Math.max(DEFAULT_SLIDER_MAX, Math.ceil(Math.max(curveMax, budget && Number.isFinite(budget) ? budget : 0) / 1_000_000) * 1_000_000);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const errs: FormErrors = {};
    if (budget === null || !Number.isFinite(budget) || budget < 0) errs.budget = t('planning.budget.invalid');
    const timeLimit = parseNumber(form.timeLimitText);
    if (timeLimit === null || !(timeLimit >= 0.1 && timeLimit <= 120)) errs.time_limit = t('planning.timeLimit.invalid');
    const kinds: RankRequest['kinds'] = [];
    if (form.sites) kinds.push('site');
    if (form.repairs) kinds.push('repair');
    if (!kinds.length) errs.kinds = t('planning.kinds.invalid');
    setErrors(errs);
    if (Object.keys(errs).length) {
      formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
      return;
    }
    const request: RankRequest = { ...areaBody(filters), budget: budget!, method: form.method, time_limit: timeLimit!, kinds };
    inflight.current?.abort();
    const ac = new AbortController();
    inflight.current = ac;
    setBusy(true);
    try {
      const result = await rankPlan(request, ac.signal);
      onOutcome({ stamp, request, result });
    } catch (err) {
      if (ac.signal.aborted) return;
      setErrors(err instanceof RequestError ? formErrors(err) : { general: err instanceof Error ? err.message : String(err) });
    } finally {
      if (inflight.current === ac) {
        inflight.current = null;
        setBusy(false);
      }
    }
  };

  const cancel = () => {
    inflight.current?.abort();
    inflight.current = null;
    setBusy(false);
  };

  const result = outcome?.result;
  return (
    <>
      <form ref={formRef} className="planning-form" onSubmit={submit} noValidate aria-busy={busy}>
        <BudgetInput text={form.budgetText} onChange={(budgetText) => setForm((o) => ({ ...o, budgetText }))} error={errors.budget} sliderMax={sliderMax} />
        <div className="planning-row2">
          <div className="planning-field">
            <label htmlFor={`${id}-method`}>{t('planning.method')}</label>
            <select
              id={`${id}-method`}
              data-testid="planning-method"
              value={form.method}
              aria-invalid={errors.method ? true : undefined}
              aria-describedby={errors.method ? `${id}-method-err` : undefined}
              onChange={(e) => {
                const method = e.currentTarget.value as Method;
                setForm((o) => ({ ...o, method }));
              }}
            >
              {METHODS.map((m) => (
                <option key={m} value={m}>
                  {t(`planning.method.${m}`)}
                </option>
              ))}
            </select>
            {errors.method && (
              <p id={`${id}-method-err`} className="planning-error">
                {errors.method}
              </p>
            )}
          </div>
          <div className="planning-field">
            <label htmlFor={`${id}-time`}>{t('planning.timeLimit')}</label>
            <input
              id={`${id}-time`}
              data-testid="planning-time-limit"
              type="text"
              inputMode="decimal"
              value={form.timeLimitText}
              aria-invalid={errors.time_limit ? true : undefined}
              aria-describedby={errors.time_limit ? `${id}-time-err` : undefined}
              onChange={(e) => {
                const timeLimitText = e.currentTarget.value;
                setForm((o) => ({ ...o, timeLimitText }));
              }}
            />
            {errors.time_limit && (
              <p id={`${id}-time-err`} className="planning-error">
                {errors.time_limit}
              </p>
            )}
          </div>
        </div>
        <p className="planning-hint">{t('planning.method.hint')}</p>
        <fieldset className="planning-fieldset" aria-invalid={errors.kinds ? true : undefined} aria-describedby={errors.kinds ? `${id}-kinds-err` : undefined}>
          <legend>{t('planning.kinds')}</legend>
          <label className="check">
            <input type="checkbox" data-testid="planning-kind-site" checked={form.sites} onChange={(e) => {
              const sites = e.currentTarget.checked;
              setForm((o) => ({ ...o, sites }));
            }} />
            {t('planning.kinds.site')}
          </label>
          <label className="check">
            <input type="checkbox" data-testid="planning-kind-repair" checked={form.repairs} onChange={(e) => {
              const repairs = e.currentTarget.checked;
              setForm((o) => ({ ...o, repairs }));
            }} />
            {t('planning.kinds.repair')}
          </label>
          {errors.kinds && (
            <p id={`${id}-kinds-err`} className="planning-error">
              {errors.kinds}
            </p>
          )}
        </fieldset>
        <div className="planning-actions">
          <button type="submit" className="planning-btn planning-primary" data-testid="planning-rank" disabled={busy}>
            {t('planning.rank')}
          </button>
          {busy && (
            <>
              <span role="status" className="planning-busy">
                {t('planning.ranking.busy')}
              </span>
              <button type="button" className="planning-btn" onClick={cancel}>
                {t('planning.cancel')}
              </button>
            </>
          )}
        </div>
        {errors.general && (
          <p className="planning-error" role="alert" data-testid="planning-rank-error">
            {t('planning.error', { message: errors.general })}
          </p>
        )}
      </form>

      {result && outcome && (
        <div className="planning-result">
          {outcome.stamp !== stamp && <p className="planning-note">{t('planning.stale')}</p>}
          <section className="planning-summary" data-testid="planning-summary" aria-labelledby={`${id}-sum`}>
            <h4 id={`${id}-sum`}>{t('planning.summary.title')}</h4>
            <dl className="planning-facts">
              <div>
                <dt>{t('planning.summary.coverage')}</dt>
                <dd data-before={result.coverageBefore} data-after={result.coverageAfter}>
                  {f.pct(result.coverageBefore)} → <strong>{f.pct(result.coverageAfter)}</strong>
                </dd>
              </div>
              <div>
                <dt>{t('planning.summary.chosen')}</dt>
                <dd>
                  {t('planning.summary.chosenValue', {
                    n: f.num(result.ranking.length),
                    sites: f.num(result.ranking.filter((r) => r.kind === 'site').length),
                    repairs: f.num(result.ranking.filter((r) => r.kind === 'repair').length),
                  })}
                </dd>
              </div>
              <div>
                <dt>{t('planning.summary.cost')}</dt>
                <dd>
                  {f.baht(result.totalCost)} / {t('planning.unit.baht', { n: f.baht(result.budget) })}
                </dd>
              </div>
              <div>
                <dt>{t('planning.summary.proof')}</dt>
                <dd data-optimal={result.optimal}>{result.optimal ? t('planning.summary.optimal') : t('planning.summary.gap', { gap: f.pct(result.gap) })}</dd>
              </div>
              <div>
                <dt>{t('planning.summary.time')}</dt>
                <dd>{f.ms(result.solveMs)}</dd>
              </div>
              <div>
                <dt>{t('planning.summary.method')}</dt>
                <dd>{t(`planning.method.${result.method}`)}</dd>
              </div>
            </dl>
          </section>
          <CoverageCurve curve={result.curve} before={result.coverageBefore} total={result.totals.total} budget={result.budget} />
          <RankingTable rows={result.ranking} selected={selected} onSelect={onSelect} />
          <details className="planning-details">
            <summary>{t('planning.leftOut.title', { n: f.num(result.leftOut.length) })}</summary>
            <div className="planning-scroll" role="region" aria-label={t('planning.leftOut.title', { n: f.num(result.leftOut.length) })} tabIndex={0}>
              <table className="planning-table" data-testid="planning-left-out">
                <thead>
                  <tr>
                    <th scope="col">{t('planning.col.kind')}</th>
                    <th scope="col">{t('planning.col.name')}</th>
                    <th scope="col">{t('planning.col.cost')}</th>
                    <th scope="col">{t('planning.col.wouldAdd')}</th>
                    <th scope="col">{t('planning.col.fits')}</th>
                  </tr>
                </thead>
                <tbody>
                  {result.leftOut.map((l) => (
                    <tr key={l.id}>
                      <td>{t(`planning.kind.${l.kind}`)}</td>
                      <td>{l.name ?? t('planning.unnamed')}</td>
                      <td className="num">{f.baht(l.cost)}</td>
                      <td className="num">{f.weight(l.wouldAdd)}</td>
                      <td>{l.affordable ? t('planning.yes') : t('planning.no')}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </details>
          <details className="planning-details">
            <summary>{t('planning.skipped.title', { n: f.num(result.skipped.length) })}</summary>
            <ul className="planning-list" data-testid="planning-skipped">
              {result.skipped.map((s) => (
                <li key={s.id}>
                  {t(`planning.kind.${s.kind}`)}: {s.name ?? t('planning.unnamed')} — {/cost|budget/.test(s.reason) ? t('planning.skipped.noCost') : s.reason}
                </li>
              ))}
            </ul>
          </details>
        </div>
      )}
    </>
  );
}
