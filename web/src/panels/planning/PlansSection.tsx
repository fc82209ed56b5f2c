import { Fragment, useCallback, useEffect, useId, useRef, useState, type FormEvent } from 'react';
import {
  approvePlan,
  changePriorities,
  createPlan,
  getPlan,
  listPlans,
  planExportUrl,
  RequestError,
  type PlanItem,
  type PlanListItem,
  type SavedPlan,
} from '../../api/planning';
import { useI18n } from '../../i18n/react';
import { useMapBridge } from '../../map/bridge';
import type { Filters } from '../../state/url';
import { useFormat } from './format';
import { rowKeys } from './RankingTable';
import type { RankOutcome } from './session';

/** A priority change being written: which candidate, what it does, the reason, and what went wrong. */
interface Change {
  candidate: string;
  name: string;
  action: 'move' | 'remove' | 'add';
  priorityText: string;
  reason: string;
  errors: { reason?: string; priority?: string; row?: string };
  conflict?: boolean;
}

const label = (n: string | null, fallback: string) => n ?? fallback;

/**
 * Saved plans: save the last ranking as a plan, list the plans of the province, open one (items in
 * priority order with override reasons), change priorities with a required reason, approve, export.
 */
export function PlansSection({
  filters,
  outcome,
  plan,
  onPlan,
  selected,
  onSelect,
}: {
  filters: Filters;
  outcome: RankOutcome | null;
  plan: SavedPlan | null;
  onPlan: (p: SavedPlan | null) => void;
  selected: string | null;
  onSelect: (item: { id: string; lon: number; lat: number }) => void;
}) {
  const { t, lang, date } = useI18n();
  const f = useFormat();
  const { refresh } = useMapBridge();
  const id = useId();
  const [plans, setPlans] = useState<PlanListItem[] | null>(null);
  const [listError, setListError] = useState<string | null>(null);
  const [name, setName] = useState('');
  const [saveError, setSaveError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [listVersion, setListVersion] = useState(0);
  const nameRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    const ac = new AbortController();
    setListError(null);
    listPlans(filters.province, ac.signal).then(
      (r) => setPlans(r.items),
      (e: unknown) => {
        if (!ac.signal.aborted) setListError(e instanceof Error ? e.message : String(e));
      },
    );
    return () => ac.abort();
  }, [filters.province, listVersion]);

  const open = useCallback(
    async (planId: number) => {
      try {
        onPlan(await getPlan(planId));
      } catch (e) {
        setListError(e instanceof Error ? e.message : String(e));
      }
    },
    [onPlan],
  );

  const save = async (e: FormEvent) => {
    e.preventDefault();
    if (!outcome) return;
    if (!name.trim()) {
      setSaveError(t('planning.plans.nameRequired'));
      nameRef.current?.focus();
      return;
    }
    setSaving(true);
    setSaveError(null);
    try {
      const created = await createPlan({ ...outcome.request, name: name.trim() });
      setName('');
      onPlan(created);
      setListVersion((v) => v + 1);
    } catch (err) {
      const byField = err instanceof RequestError ? err.byField() : {};
      setSaveError(byField.name ?? (err instanceof Error ? err.message : String(err)));
    } finally {
      setSaving(false);
    }
  };

  return (
    <div className="planning-plans">
      <form className="planning-form" onSubmit={save} noValidate>
        <h4>{t('planning.plans.saveTitle')}</h4>
        <div className="planning-field">
          <label htmlFor={`${id}-name`}>{t('planning.plans.name')}</label>
          <input
            ref={nameRef}
            id={`${id}-name`}
            data-testid="planning-save-name"
            type="text"
            value={name}
            maxLength={200}
            aria-invalid={saveError ? true : undefined}
            aria-describedby={saveError ? `${id}-name-err` : `${id}-name-hint`}
            onChange={(e) => setName(e.currentTarget.value)}
          />
          {!outcome && (
            <p id={`${id}-name-hint`} className="planning-hint">
              {t('planning.plans.saveNeedsRank')}
            </p>
          )}
          {saveError && (
            <p id={`${id}-name-err`} className="planning-error">
              {saveError}
            </p>
          )}
        </div>
        <button type="submit" className="planning-btn planning-primary" data-testid="planning-save" disabled={!outcome || saving}>
          {t('planning.plans.save')}
        </button>
      </form>

      {listError && (
        <p className="planning-error" role="alert">
          {t('planning.error', { message: listError })}
        </p>
      )}
      {plans === null && !listError && <p role="status">{t('planning.plans.loading')}</p>}
      {plans && (
        <ul className="planning-list planning-plan-list" data-testid="planning-plans">
          {plans.length === 0 && <li>{t('planning.plans.empty')}</li>}
          {plans.map((p) => (
            <li key={p.id} className={plan?.id === p.id ? 'is-selected' : undefined}>
              <span>
                {t('planning.plans.item', {
                  name: p.name,
                  status: t(`planning.plans.status.${p.status}`),
                  budget: f.baht(p.budget_baht),
                  items: f.num(p.items),
                  date: date(new Date(p.created_at)),
                })}
              </span>
              <button type="button" className="planning-btn" data-testid={`planning-open-${p.id}`} aria-label={`${t('planning.plans.open')}: ${p.name}`} onClick={() => open(p.id)}>
                {t('planning.plans.open')}
              </button>
            </li>
          ))}
        </ul>
      )}

      {plan && (
        <PlanView
          key={plan.id}
          plan={plan}
          lang={lang}
          onPlan={(p) => {
            onPlan(p);
            setListVersion((v) => v + 1);
          }}
          onApproved={() => refresh()}
          onClose={() => onPlan(null)}
          reload={() => open(plan.id)}
          selected={selected}
          onSelect={onSelect}
        />
      )}
    </div>
  );
}

function PlanView({
  plan,
  lang,
  onPlan,
  onApproved,
  onClose,
  reload,
  selected,
  onSelect,
}: {
  plan: SavedPlan;
  lang: 'th' | 'en';
  onPlan: (p: SavedPlan) => void;
  onApproved: () => void;
  onClose: () => void;
  reload: () => void;
  selected: string | null;
  onSelect: (item: { id: string; lon: number; lat: number }) => void;
}) {
  const { t, date } = useI18n();
  const f = useFormat();
  const id = useId();
  const [change, setChange] = useState<Change | null>(null);
  const [busy, setBusy] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [approveError, setApproveError] = useState<string | null>(null);
  const [approvedMsg, setApprovedMsg] = useState<string | null>(null);
  const draft = plan.status === 'draft';
  const n = plan.items.length;
  const unnamed = t('planning.unnamed');

  const begin = (candidate: string, itemName: string, action: Change['action'], priority: number | null) =>
    setChange({ candidate, name: itemName, action, priorityText: priority === null ? '' : String(priority), reason: '', errors: {} });

  const apply = async (e: FormEvent) => {
    e.preventDefault();
    if (!change) return;
    const errors: Change['errors'] = {};
    if (!change.reason.trim()) errors.reason = t('planning.plans.reasonRequired');
    let priority: number | null = null;
    if (change.action !== 'remove') {
      const max = change.action === 'add' ? n + 1 : n;
      priority = Number(change.priorityText);
      if (!Number.isInteger(priority) || priority < 1 || priority > max) errors.priority = t('planning.plans.priorityInvalid', { max: f.num(max) });
    }
    if (Object.keys(errors).length) {
      setChange({ ...change, errors });
      return;
    }
    setBusy(true);
    try {
      const updated = await changePriorities(plan.id, plan.version, [{ candidate: change.candidate, priority, reason: change.reason.trim() }]);
      setChange(null);
      onPlan(updated);
    } catch (err) {
      if (err instanceof RequestError) {
        const byField = err.byField();
        const rowMsg = err.fields.map((fe) => fe.message).join('; ') || err.message;
        setChange({
          ...change,
          conflict: err.status === 409,
          errors: {
            reason: Object.entries(byField).find(([k]) => k.endsWith('.reason'))?.[1],
            priority: Object.entries(byField).find(([k]) => k.endsWith('.priority'))?.[1],
            row: err.status === 409 ? t('planning.plans.conflict', { message: rowMsg }) : rowMsg,
          },
        });
      } else setChange({ ...change, errors: { row: err instanceof Error ? err.message : String(err) } });
    } finally {
      setBusy(false);
    }
  };

  const approve = async () => {
    setBusy(true);
    setApproveError(null);
    try {
      const approved = await approvePlan(plan.id, plan.version);
      setConfirming(false);
      setApprovedMsg(t('planning.plans.approved', { n: f.num(approved.sitesApproved?.length ?? 0) }));
      onPlan(approved);
      onApproved();
    } catch (err) {
      setApproveError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };

  const changeForm = (c: Change) => (
    <form className="planning-change" onSubmit={apply} noValidate data-testid="planning-change">
      {c.action === 'remove' ? (
        <p>{t('planning.plans.change.remove', { name: c.name })}</p>
      ) : (
        <div className="planning-field">
          <label htmlFor={`${id}-prio`}>{t(c.action === 'add' ? 'planning.plans.change.add' : 'planning.plans.change.move', { name: c.name })}</label>
          <input
            id={`${id}-prio`}
            data-testid="planning-change-priority"
            type="number"
            min={1}
            max={c.action === 'add' ? n + 1 : n}
            value={c.priorityText}
            aria-invalid={c.errors.priority ? true : undefined}
            aria-describedby={c.errors.priority ? `${id}-prio-err` : undefined}
            onChange={(e) => setChange({ ...c, priorityText: e.currentTarget.value })}
          />
          {c.errors.priority && (
            <p id={`${id}-prio-err`} className="planning-error">
              {c.errors.priority}
            </p>
          )}
        </div>
      )}
      <div className="planning-field">
        <label htmlFor={`${id}-reason`}>{t('planning.plans.reason')}</label>
        <input
          id={`${id}-reason`}
          data-testid="planning-change-reason"
          type="text"
          autoFocus
          required
          maxLength={2000}
          value={c.reason}
          aria-invalid={c.errors.reason ? true : undefined}
          aria-describedby={c.errors.reason ? `${id}-reason-err` : undefined}
          onChange={(e) => setChange({ ...c, reason: e.currentTarget.value })}
        />
        {c.errors.reason && (
          <p id={`${id}-reason-err`} className="planning-error" data-testid="planning-change-reason-error">
            {c.errors.reason}
          </p>
        )}
      </div>
      {c.errors.row && (
        <p className="planning-error" role="alert" data-testid="planning-change-error">
          {c.errors.row}
        </p>
      )}
      <div className="planning-actions">
        <button type="submit" className="planning-btn planning-primary" data-testid="planning-change-apply" disabled={busy}>
          {t('planning.plans.confirm')}
        </button>
        {c.conflict && (
          <button
            type="button"
            className="planning-btn"
            onClick={() => {
              setChange(null);
              reload();
            }}
          >
            {t('planning.plans.reload')}
          </button>
        )}
        <button type="button" className="planning-btn" onClick={() => setChange(null)}>
          {t('planning.cancel')}
        </button>
      </div>
    </form>
  );

  const itemRow = (it: PlanItem) => {
    const itemName = label(it.name, unnamed);
    const choose = () => onSelect({ id: it.candidate, lon: it.geometry.coordinates[0], lat: it.geometry.coordinates[1] });
    return (
      <Fragment key={it.candidate}>
        <tr
          tabIndex={0}
          data-testid={`planning-plan-row-${it.candidate}`}
          aria-current={selected === it.candidate ? 'true' : undefined}
          className={selected === it.candidate ? 'is-selected' : undefined}
          onClick={choose}
          onKeyDown={(e) => rowKeys(e, choose)}
        >
          <td className="num">{f.num(it.priority)}</td>
          <td>{t(`planning.kind.${it.kind}`)}</td>
          <td>{itemName}</td>
          <td className="num">{f.baht(it.cost)}</td>
          <td className="num">{f.weight(it.marginalWeight)}</td>
          <td className="num">{f.pct(it.coverageAfter)}</td>
          <td>{it.overrideReason ?? '—'}</td>
          {draft && (
            <td className="planning-row-actions" onClick={(e) => e.stopPropagation()}>
              <button type="button" className="planning-icon" aria-label={t('planning.plans.up', { name: itemName })} disabled={it.priority === 1} onClick={() => begin(it.candidate, itemName, 'move', it.priority - 1)}>
                ↑
              </button>
              <button type="button" className="planning-icon" aria-label={t('planning.plans.down', { name: itemName })} disabled={it.priority === n} onClick={() => begin(it.candidate, itemName, 'move', it.priority + 1)}>
                ↓
              </button>
              <button type="button" className="planning-icon" data-testid={`planning-remove-${it.candidate}`} aria-label={t('planning.plans.remove', { name: itemName })} onClick={() => begin(it.candidate, itemName, 'remove', null)}>
                ✕
              </button>
            </td>
          )}
        </tr>
        {change?.candidate === it.candidate && (
          <tr className="planning-change-row">
            <td colSpan={draft ? 8 : 7}>{changeForm(change)}</td>
          </tr>
        )}
      </Fragment>
    );
  };

  return (
    <section className="planning-plan" aria-labelledby={`${id}-title`} data-testid="planning-plan">
      <div className="planning-plan-head">
        <h4 id={`${id}-title`}>{plan.name}</h4>
        <button type="button" className="planning-btn" onClick={onClose}>
          {t('planning.plans.close')}
        </button>
      </div>
      <p className="planning-hint">
        {t('planning.plans.summary', {
          status: t(`planning.plans.status.${plan.status}`),
          version: f.num(plan.version),
          cost: f.baht(plan.summary.totalCost),
          budget: f.baht(plan.budget_baht),
          coverage: f.pct(plan.summary.coverageAfter),
        })}
        {' · '}
        {plan.summary.asRanked ? t('planning.plans.asRanked') : t('planning.plans.overridden', { n: f.num(plan.overrides.length) })}
      </p>
      {!draft && <p className="planning-note">{t('planning.plans.frozen')}</p>}
      {approvedMsg && (
        <p className="planning-ok" role="status">
          {approvedMsg}
        </p>
      )}
      <div className="planning-scroll" role="region" aria-label={plan.name} tabIndex={0}>
        <table className="planning-table planning-rows" data-testid="planning-plan-items">
          <caption className="planning-sr">{plan.name}</caption>
          <thead>
            <tr>
              <th scope="col">{t('planning.col.rank')}</th>
              <th scope="col">{t('planning.col.kind')}</th>
              <th scope="col">{t('planning.col.name')}</th>
              <th scope="col">{t('planning.col.cost')}</th>
              <th scope="col">{t('planning.col.weight')}</th>
              <th scope="col">{t('planning.summary.coverage')}</th>
              <th scope="col">{t('planning.col.reason')}</th>
              {draft && <th scope="col">{t('planning.col.actions')}</th>}
            </tr>
          </thead>
          <tbody>{plan.items.map(itemRow)}</tbody>
        </table>
      </div>

      <details className="planning-details">
        <summary>{t('planning.plans.leftOut', { n: f.num(plan.leftOut.length) })}</summary>
        <ul className="planning-list" data-testid="planning-plan-left-out">
          {plan.leftOut.map((l) => {
            const itemName = label(l.name, unnamed);
            return (
              <li key={l.candidate}>
                <span>
                  {t(`planning.kind.${l.kind}`)}: {itemName} — {f.baht(l.cost)} / {f.weight(l.wouldAdd)}
                  {l.overrideReason && <em> ({l.overrideReason})</em>}
                </span>
                {draft && l.forced !== 'out' && (
                  <button type="button" className="planning-btn" data-testid={`planning-add-${l.candidate}`} aria-label={t('planning.plans.add', { name: itemName })} onClick={() => begin(l.candidate, itemName, 'add', n + 1)}>
                    +
                  </button>
                )}
                {change?.candidate === l.candidate && changeForm(change)}
              </li>
            );
          })}
        </ul>
      </details>

      <details className="planning-details">
        <summary>{t('planning.plans.overrides', { n: f.num(plan.overrides.length) })}</summary>
        <ol className="planning-list">
          {plan.overrides.map((o) => (
            <li key={o.id}>
              {t('planning.plans.override', {
                date: date(new Date(o.created_at)),
                candidate: o.candidate,
                from: o.from_priority === null ? t('planning.plans.none') : f.num(o.from_priority),
                to: o.to_priority === null ? t('planning.plans.none') : f.num(o.to_priority),
                reason: o.reason,
              })}
            </li>
          ))}
        </ol>
      </details>

      <div className="planning-actions">
        {draft && !confirming && (
          <button type="button" className="planning-btn planning-primary" data-testid="planning-approve" onClick={() => setConfirming(true)}>
            {t('planning.plans.approve')}
          </button>
        )}
        <span className="planning-export">
          {t('planning.plans.export')}:{' '}
          <a href={planExportUrl(plan.id, 'xlsx', lang)} download data-testid="planning-export-xlsx">
            {t('planning.plans.exportXlsx')}
          </a>{' '}
          <a href={planExportUrl(plan.id, 'geojson', lang)} download data-testid="planning-export-geojson">
            {t('planning.plans.exportGeojson')}
          </a>
        </span>
      </div>
      {confirming && (
        <div className="planning-confirm" role="alertdialog" aria-labelledby={`${id}-confirm`}>
          <p id={`${id}-confirm`}>{t('planning.plans.approveConfirm')}</p>
          <div className="planning-actions">
            <button type="button" className="planning-btn planning-primary" data-testid="planning-approve-confirm" disabled={busy} onClick={approve} autoFocus>
              {t('planning.plans.approveYes')}
            </button>
            <button type="button" className="planning-btn" onClick={() => setConfirming(false)}>
              {t('planning.cancel')}
            </button>
          </div>
          {approveError && (
            <p className="planning-error" role="alert">
              {t('planning.error', { message: approveError })}
            </p>
          )}
        </div>
      )}
    </section>
  );
}
