import { useCallback, useEffect, useId, useState, type FormEvent } from 'react';
import { fieldMessages } from '../../api/accounts';
import { decideProvince, getProvinceDetail, submitProvince, type Certification, type Decision, type HistoryEntry, type ProvinceDetail } from '../../api/certification';
import type { SessionUser } from '../../auth/session';
import { useI18n } from '../../i18n/react';
import { FieldError } from '../accounts/ui';
import { useWhen } from '../accounts/when';
import { ChangesSection } from './ChangesSection';
import { DeadlineForm } from './DeadlineForm';
import { figureAt, KEY_FIGURES, useCertFormat } from './format';
import { IncompleteSection } from './IncompleteSection';

/** Whether `user` may submit / decide on `code`'s data (CERTIFICATION_ACTORS in api/src/certification/rules.ts). */
export function mayAct(user: SessionUser, code: string): { submit: boolean; decide: boolean } {
  const own = user.province === code;
  return {
    submit: user.role === 'admin' || (user.role === 'secretariat' && own),
    decide: user.role === 'admin' || (user.role === 'committee' && own),
  };
}

/** One province: status and deadline, the moves the account may make, figures, changes, incomplete cameras, history. */
export function ProvinceView({ code, user, today, onBack, onChanged }: { code: string; user: SessionUser; today: string | null; onBack?: () => void; onChanged: () => void }) {
  const { t, lang } = useI18n();
  const f = useCertFormat();
  const when = useWhen();
  const [detail, setDetail] = useState<ProvinceDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [version, setVersion] = useState(0);

  const load = useCallback(
    async (signal?: AbortSignal) => {
      try {
        setDetail(await getProvinceDetail(code, signal));
        setError(null);
      } catch (e) {
        if (!signal?.aborted) setError((e as Error).message);
      }
    },
    [code],
  );
  useEffect(() => {
    const ac = new AbortController();
    void load(ac.signal);
    return () => ac.abort();
  }, [load]);

  const changed = () => {
    void load();
    setVersion((v) => v + 1);
    onChanged();
  };

  const name = detail ? (lang === 'en' ? detail.province.name_en || detail.province.name_th : detail.province.name_th) : code;
  const st = detail?.status;
  const acts = mayAct(user, code);

  return (
    <div className="cert-province" data-testid="cert-province">
      {onBack && (
        <button type="button" className="acct-btn cert-back" onClick={onBack} data-testid="cert-back">
          {t('certification.back')}
        </button>
      )}
      <h3 className="cert-title" data-testid="cert-province-name">{name}</h3>
      {error && (
        <p className="acct-error" role="alert" data-testid="cert-province-error">
          {t('certification.loadError', { message: error })}
        </p>
      )}
      {!detail && !error && <p className="acct-hint">{t('certification.loading')}</p>}
      {detail && st && (
        <>
          <dl className="cert-facts" data-testid="cert-facts">
            <dt>{t('certification.col.status')}</dt>
            <dd>
              <span className={`cert-status cert-${st.status}`} data-testid="cert-status">
                {f.status(st.status)}
              </span>
            </dd>
            <dt>{t('certification.col.deadline')}</dt>
            <dd data-testid="cert-deadline-text">
              {st.deadline ? `${when.dateLong(st.deadline.due_on)} · ${f.standing(st)}${st.days_left !== null ? ` · ${f.daysLeft(st)}` : ''}` : t('certification.standing.none')}
            </dd>
            <dt>{t('certification.lastCertified')}</dt>
            <dd>{st.last_certified_at ? when.time(st.last_certified_at) : t('certification.never')}</dd>
            <dt>{t('certification.col.complete')}</dt>
            <dd>{t('certification.completeShare', { share: f.pct(st.completeness.share), complete: f.num(st.completeness.complete), cameras: f.num(st.completeness.cameras) })}</dd>
          </dl>

          {detail.open_submission && <OpenSubmission sub={detail.open_submission} changes={detail.changes_since_submission} />}

          {(acts.submit || acts.decide) && <Actions code={code} status={st.status} acts={acts} onDone={changed} />}
          {user.role === 'admin' && <DeadlineForm provinces={[st]} fixed={st} onDone={changed} />}

          <Figures detail={detail} />

          <ChangesSection code={code} detail={detail} version={version} />

          <IncompleteSection code={code} version={version} />

          <History items={detail.history} />
          {today && <p className="acct-hint">{t('certification.today', { date: when.date(today) })}</p>}
        </>
      )}
    </div>
  );
}

function OpenSubmission({ sub, changes }: { sub: Certification; changes: ProvinceDetail['changes_since_submission'] }) {
  const { t } = useI18n();
  const f = useCertFormat();
  const when = useWhen();
  return (
    <section className="cert-box" aria-label={t('certification.open.title')} data-testid="cert-open-submission">
      <h4>{t('certification.open.title')}</h4>
      <p>{t('certification.submittedBy', { date: when.time(sub.submitted_at), user: sub.submitted_by })}</p>
      {sub.submit_note && <p className="cert-note">{t('certification.note', { note: sub.submit_note })}</p>}
      <p>
        {t('certification.records', { cameras: f.num(sub.records.cameras), sites: f.num(sub.records.planned_sites), problems: f.num(sub.records.problems) })}
      </p>
      {changes && (
        <p data-testid="cert-open-changes">
          {t('certification.open.changes', { added: f.num(changes.added), changed: f.num(changes.changed), deleted: f.num(changes.deleted) })}
        </p>
      )}
    </section>
  );
}

const NOTE_FIELDS = ['note'] as const;

/** Submit (secretariat, admin) or certify / return (committee, admin), each with a note; a return needs one. */
function Actions({ code, status, acts, onDone }: { code: string; status: ProvinceDetail['status']['status']; acts: { submit: boolean; decide: boolean }; onDone: () => void }) {
  const { t } = useI18n();
  const id = useId();
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<Partial<Record<'note' | 'general', string>>>({});
  const [done, setDone] = useState<string | null>(null);
  const canSubmit = acts.submit && status !== 'submitted';
  const canDecide = acts.decide && status === 'submitted';

  const run = async (action: 'submit' | Decision) => {
    setDone(null);
    if (action === 'return' && !note.trim()) {
      setErrors({ note: t('certification.err.returnNote') });
      return;
    }
    setBusy(true);
    setErrors({});
    try {
      if (action === 'submit') await submitProvince(code, note);
      else await decideProvince(code, action, note);
      setNote('');
      setDone(t(`certification.done.${action}`));
      onDone();
    } catch (err) {
      setErrors(fieldMessages(err, NOTE_FIELDS));
    } finally {
      setBusy(false);
    }
  };

  if (!canSubmit && !canDecide) {
    return (
      <p className="acct-hint" data-testid="cert-no-action">
        {acts.decide && !acts.submit ? t('certification.wait.submission') : t('certification.wait.committee')}
        {done && <span className="acct-live"> {done}</span>}
      </p>
    );
  }
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    void run(canSubmit ? 'submit' : 'certify');
  };
  return (
    <form className="acct-form" onSubmit={onSubmit} noValidate aria-labelledby={`${id}-title`} data-testid="cert-actions">
      <h4 id={`${id}-title`}>{canSubmit ? t('certification.act.submitTitle') : t('certification.act.decideTitle')}</h4>
      <p className="acct-hint">{canSubmit ? t('certification.act.submitHint') : t('certification.act.decideHint')}</p>
      <label className="acct-field">
        <span>{canSubmit ? t('certification.act.note') : t('certification.act.decisionNote')}</span>
        <textarea
          value={note}
          onChange={(e) => setNote(e.target.value)}
          maxLength={5000}
          aria-invalid={errors.note ? true : undefined}
          aria-describedby={errors.note ? `${id}-note-err` : undefined}
          data-testid="cert-note"
        />
        <FieldError id={`${id}-note-err`} message={errors.note} />
      </label>
      {errors.general && (
        <p className="acct-error" role="alert" data-testid="cert-action-error">
          {errors.general}
        </p>
      )}
      <p className="acct-live" aria-live="polite" data-testid="cert-action-done">
        {done ?? ''}
      </p>
      <div className="acct-actions">
        {canSubmit ? (
          <button type="submit" className="acct-btn acct-primary" disabled={busy} data-testid="cert-submit">
            {t('certification.act.submit')}
          </button>
        ) : (
          <>
            <button type="submit" className="acct-btn acct-primary" disabled={busy} data-testid="cert-certify">
              {t('certification.act.certify')}
            </button>
            <button type="button" className="acct-btn acct-danger" disabled={busy} onClick={() => void run('return')} data-testid="cert-return">
              {t('certification.act.return')}
            </button>
          </>
        )}
      </div>
    </form>
  );
}

/** The key figures now and as certified, and every figure that differs. */
function Figures({ detail }: { detail: ProvinceDetail }) {
  const { t } = useI18n();
  const f = useCertFormat();
  const when = useWhen();
  const id = useId();
  const cert = detail.certified;
  const keyPaths = new Set<string>(KEY_FIGURES);
  const others = detail.differences.filter((d) => !keyPaths.has(d.path));
  return (
    <section className="acct-section" aria-labelledby={`${id}-title`} data-testid="cert-figures">
      <h4 id={`${id}-title`}>{t('certification.figures.title')}</h4>
      <p className="acct-hint">{cert ? t('certification.figures.vs', { date: when.time(cert.decided_at ?? cert.submitted_at) }) : t('certification.figures.noCert')}</p>
      <div className="acct-scroll" role="region" tabIndex={0} aria-label={t('certification.figures.table')}>
        <table className="acct-table cert-figures">
          <caption className="acct-sr">{t('certification.figures.table')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('certification.figures.col.figure')}</th>
              {cert && <th scope="col" className="num">{t('certification.figures.col.certified')}</th>}
              <th scope="col" className="num">{t('certification.figures.col.current')}</th>
              {cert && <th scope="col" className="num">{t('certification.figures.col.diff')}</th>}
            </tr>
          </thead>
          <tbody>
            {KEY_FIGURES.map((path) => {
              const now = figureAt(detail.current, path);
              const then = cert ? figureAt(cert.counts, path) : null;
              const differs = then !== null && now !== null && then !== now;
              return (
                <tr key={path} data-testid={`cert-fig-${path}`} className={differs ? 'cert-differs' : undefined}>
                  <th scope="row">{f.figure(path)}</th>
                  {cert && <td className="num">{then === null ? '—' : f.value(path, then)}</td>}
                  <td className="num">{now === null ? '—' : f.value(path, now)}</td>
                  {cert && <td className="num">{then !== null && now !== null ? f.delta(path, then, now) : '—'}</td>}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {cert && (
        <details data-testid="cert-differences">
          <summary>{t('certification.differences.title', { n: f.num(detail.differences.length) })}</summary>
          {detail.differences.length === 0 ? (
            <p>{t('certification.differences.none')}</p>
          ) : (
            <div className="acct-scroll" role="region" tabIndex={0} aria-label={t('certification.differences.caption')}>
              <table className="acct-table cert-figures">
                <caption className="acct-sr">{t('certification.differences.caption')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('certification.figures.col.figure')}</th>
                    <th scope="col" className="num">{t('certification.figures.col.certified')}</th>
                    <th scope="col" className="num">{t('certification.figures.col.current')}</th>
                    <th scope="col" className="num">{t('certification.figures.col.diff')}</th>
                  </tr>
                </thead>
                <tbody>
                  {[...detail.differences.filter((d) => keyPaths.has(d.path)), ...others].map((d) => (
                    <tr key={d.path} data-testid={`cert-diff-${d.path}`}>
                      <th scope="row">{f.figure(d.path)}</th>
                      <td className="num">{f.value(d.path, d.certified)}</td>
                      <td className="num">{f.value(d.path, d.current)}</td>
                      <td className="num">{f.delta(d.path, d.certified, d.current)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </details>
      )}
    </section>
  );
}

function History({ items }: { items: HistoryEntry[] }) {
  const { t } = useI18n();
  const f = useCertFormat();
  const when = useWhen();
  const id = useId();
  return (
    <section className="acct-section" aria-labelledby={`${id}-title`} data-testid="cert-history">
      <h4 id={`${id}-title`}>{t('certification.history.title')}</h4>
      {items.length === 0 ? (
        <p>{t('certification.history.none')}</p>
      ) : (
        <ol className="cert-history">
          {items.map((h) => {
            const atDecision = h.changes_at_decision ? Object.values(h.changes_at_decision).reduce((n, c) => n + c.added + c.changed + c.deleted, 0) : null;
            return (
              <li key={h.id} data-testid={`cert-history-${h.id}`}>
                <p>
                  <span className={`cert-status cert-${h.status}`}>{f.status(h.status)}</span>{' '}
                  <span className="acct-hint">{t('certification.history.no', { id: f.num(h.id) })}</span>
                </p>
                <p>{t('certification.submittedBy', { date: when.time(h.submitted_at), user: h.submitted_by })}</p>
                {h.submit_note && <p className="cert-note">{t('certification.note', { note: h.submit_note })}</p>}
                {h.decided_at && (
                  <p>{t(h.status === 'returned' ? 'certification.returnedBy' : 'certification.certifiedBy', { date: when.time(h.decided_at), user: h.decided_by ?? '—' })}</p>
                )}
                {h.decision_note && <p className="cert-note">{t('certification.note', { note: h.decision_note })}</p>}
                <p className="acct-hint">
                  {t('certification.records', { cameras: f.num(h.records.cameras), sites: f.num(h.records.planned_sites), problems: f.num(h.records.problems) })}
                  {atDecision !== null && ` · ${t('certification.history.changesAtDecision', { n: f.num(atDecision) })}`}
                </p>
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}
