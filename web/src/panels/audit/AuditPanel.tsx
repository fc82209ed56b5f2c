import { Fragment, useEffect, useId, useMemo, useState, type FormEvent } from 'react';
import { fieldMessages } from '../../api/accounts';
import { AUDIT_ACTIONS, AUDIT_ENTITIES, auditExportUrl, listAudit, type AuditEntry, type AuditFilters, type AuditPage } from '../../api/audit';
import { listProvinces, type ProvinceOption } from '../../api/records';
import { useOptionalAuth } from '../../auth/AuthGate';
import { isMessageKey } from '../../i18n';
import { useI18n } from '../../i18n/react';
import '../accounts/accounts.css';
import { FieldError, Pager } from '../accounts/ui';
import { useWhen } from '../accounts/when';
import { useCertFormat } from '../certification/format';
import './audit.css';

export const AUDIT_PAGE = 50;
/** Longest value shown in a diff cell before it is cut (a route's geometry can be long). */
const MAX_VALUE_CHARS = 400;

const FILTER_FIELDS = ['province', 'entity', 'entity_id', 'user', 'action', 'since', 'until'] as const;
type FilterField = (typeof FILTER_FIELDS)[number];

/** A stored value as text: strings as they are, the rest as JSON, long ones cut. */
export function valueText(v: unknown): string {
  if (v === undefined || v === null || v === '') return '—';
  const s = typeof v === 'string' ? v : JSON.stringify(v);
  return s.length > MAX_VALUE_CHARS ? `${s.slice(0, MAX_VALUE_CHARS)}…` : s;
}

/**
 * The audit log (admins: all; a province's secretariat: its province): every write with who, when,
 * what and the record before and after, filtered by kind of record, action, user and dates, page
 * by page, with CSV and XLSX downloads of everything the filters match.
 */
export function AuditPanel() {
  const { t } = useI18n();
  const auth = useOptionalAuth();
  const user = auth?.user;
  if (!user || (user.role !== 'admin' && user.role !== 'secretariat')) {
    return (
      <section className="acct audit">
        <h2>{t('audit.title')}</h2>
        <p data-testid="audit-not-allowed">{user ? t('audit.notAllowed') : t('audit.loginNeeded')}</p>
      </section>
    );
  }
  return <AuditLog admin={user.role === 'admin'} province={user.province} />;
}

function AuditLog({ admin, province }: { admin: boolean; province: string | null }) {
  const { t, lang, num } = useI18n();
  const when = useWhen();
  const f = useCertFormat();
  const id = useId();
  const [draft, setDraft] = useState<AuditFilters>({});
  const [applied, setApplied] = useState<AuditFilters>({});
  const [offset, setOffset] = useState(0);
  const [page, setPage] = useState<AuditPage | null>(null);
  const [errors, setErrors] = useState<Partial<Record<FilterField | 'general', string>>>({});
  const [loading, setLoading] = useState(false);
  const [open, setOpen] = useState<Set<number>>(new Set());
  const [provinces, setProvinces] = useState<ProvinceOption[]>([]);

  useEffect(() => {
    const ac = new AbortController();
    listProvinces(ac.signal)
      .then(setProvinces)
      .catch(() => undefined); // the province filter then offers none; the log still works
    return () => ac.abort();
  }, []);

  useEffect(() => {
    const ac = new AbortController();
    setLoading(true);
    listAudit(applied, { limit: AUDIT_PAGE, offset }, ac.signal)
      .then((p) => {
        setPage(p);
        setErrors({});
      })
      .catch((e) => {
        if (!ac.signal.aborted) setErrors(fieldMessages(e, FILTER_FIELDS));
      })
      .finally(() => !ac.signal.aborted && setLoading(false));
    return () => ac.abort();
  }, [applied, offset]);

  const set = (k: keyof AuditFilters) => (e: { target: { value: string } }) => setDraft((d) => ({ ...d, [k]: e.target.value }));
  const apply = (e: FormEvent) => {
    e.preventDefault();
    setOffset(0);
    setOpen(new Set());
    setApplied({ ...draft });
  };
  const clear = () => {
    setDraft({});
    setOffset(0);
    setOpen(new Set());
    setApplied({});
  };
  const a11y = (k: FilterField) => ({ 'aria-invalid': errors[k] ? true : undefined, 'aria-describedby': errors[k] ? `${id}-${k}-err` : undefined });

  const actionLabel = (a: string) => {
    const key = `audit.action.${a}`;
    return isMessageKey(key) ? t(key) : a;
  };
  const entityLabel = (e: string) => {
    const key = `audit.entity.${e}`;
    return isMessageKey(key) ? t(key) : e;
  };
  const provinceName = (p: ProvinceOption) => (lang === 'en' ? p.name_en || p.name_th : p.name_th);

  const toggle = (entryId: number) =>
    setOpen((s) => {
      const next = new Set(s);
      if (next.has(entryId)) next.delete(entryId);
      else next.add(entryId);
      return next;
    });

  return (
    <section className="acct audit" data-testid="audit-panel">
      <h2>{t('audit.title')}</h2>
      <p className="acct-hint">{admin ? t('audit.intro.admin') : t('audit.intro.secretariat', { province: provinces.find((p) => p.code === province)?.[lang === 'en' ? 'name_en' : 'name_th'] ?? province ?? '' })}</p>
      <form className="acct-form audit-filters" onSubmit={apply} noValidate aria-label={t('audit.filters')} data-testid="audit-filters">
        {admin && (
          <label className="acct-field">
            <span>{t('audit.f.province')}</span>
            <select value={draft.province ?? ''} onChange={set('province')} {...a11y('province')} data-testid="audit-f-province">
              <option value="">{t('audit.all')}</option>
              {provinces.map((p) => (
                <option key={p.code} value={p.code}>
                  {provinceName(p)}
                </option>
              ))}
            </select>
            <FieldError id={`${id}-province-err`} message={errors.province} />
          </label>
        )}
        <label className="acct-field">
          <span>{t('audit.f.entity')}</span>
          <select value={draft.entity ?? ''} onChange={set('entity')} {...a11y('entity')} data-testid="audit-f-entity">
            <option value="">{t('audit.all')}</option>
            {AUDIT_ENTITIES.map((e) => (
              <option key={e} value={e}>
                {entityLabel(e)}
              </option>
            ))}
          </select>
          <FieldError id={`${id}-entity-err`} message={errors.entity} />
        </label>
        <label className="acct-field">
          <span>{t('audit.f.entityId')}</span>
          <input value={draft.entity_id ?? ''} onChange={set('entity_id')} inputMode="numeric" {...a11y('entity_id')} data-testid="audit-f-entity-id" />
          <FieldError id={`${id}-entity_id-err`} message={errors.entity_id} />
        </label>
        <label className="acct-field">
          <span>{t('audit.f.action')}</span>
          <select value={draft.action ?? ''} onChange={set('action')} {...a11y('action')} data-testid="audit-f-action">
            <option value="">{t('audit.all')}</option>
            {AUDIT_ACTIONS.map((a) => (
              <option key={a} value={a}>
                {actionLabel(a)}
              </option>
            ))}
          </select>
          <FieldError id={`${id}-action-err`} message={errors.action} />
        </label>
        <label className="acct-field">
          <span>{t('audit.f.user')}</span>
          <input value={draft.user ?? ''} onChange={set('user')} autoComplete="off" spellCheck={false} {...a11y('user')} data-testid="audit-f-user" />
          <FieldError id={`${id}-user-err`} message={errors.user} />
        </label>
        <label className="acct-field">
          <span>{t('audit.f.since')}</span>
          <input type="date" value={draft.since ?? ''} onChange={set('since')} {...a11y('since')} data-testid="audit-f-since" />
          <FieldError id={`${id}-since-err`} message={errors.since} />
        </label>
        <label className="acct-field">
          <span>{t('audit.f.until')}</span>
          <input type="date" value={draft.until ?? ''} onChange={set('until')} {...a11y('until')} data-testid="audit-f-until" />
          <FieldError id={`${id}-until-err`} message={errors.until} />
        </label>
        <div className="acct-actions audit-filter-actions">
          <button type="submit" className="acct-btn acct-primary" data-testid="audit-apply">
            {t('audit.apply')}
          </button>
          <button type="button" className="acct-btn" onClick={clear} data-testid="audit-clear">
            {t('audit.clear')}
          </button>
        </div>
      </form>

      <p className="acct-actions audit-export">
        <span>{t('audit.export')}</span>
        <a className="acct-btn" href={auditExportUrl('csv', applied)} download data-testid="audit-export-csv">
          CSV
        </a>
        <a className="acct-btn" href={auditExportUrl('xlsx', applied)} download data-testid="audit-export-xlsx">
          XLSX
        </a>
      </p>

      {errors.general && (
        <p className="acct-error" role="alert" data-testid="audit-error">
          {t('audit.loadError', { message: errors.general })}
        </p>
      )}
      {loading && !page && <p className="acct-hint">{t('audit.loading')}</p>}
      {page && (
        <>
          <p className="acct-count" aria-live="polite" data-testid="audit-count">
            {t('audit.count', { n: num(page.total) })}
          </p>
          {page.items.length > 0 && (
            <div className="acct-scroll" role="region" tabIndex={0} aria-label={t('audit.table')}>
              <table className="acct-table audit-table" data-testid="audit-table" aria-busy={loading || undefined}>
                <caption className="acct-sr">{t('audit.table')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('audit.col.at')}</th>
                    <th scope="col">{t('audit.col.record')}</th>
                    <th scope="col">{t('audit.col.changed')}</th>
                    <th scope="col">
                      <span className="acct-sr">{t('audit.col.details')}</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {page.items.map((e) => {
                    const expanded = open.has(e.id);
                    const detailsId = `${id}-d-${e.id}`;
                    return (
                      <Fragment key={e.id}>
                        <tr data-testid={`audit-row-${e.id}`}>
                          <th scope="row">
                            {when.time(e.at)}
                            <span className="acct-sub">{e.username ?? t('audit.system')}</span>
                          </th>
                          <td>
                            {actionLabel(e.action)} · {entityLabel(e.entity)}
                            {e.entity_id !== null && ` #${num(e.entity_id)}`}
                            {admin && <span className="acct-sub">{e.province_name ?? e.province_code ?? t('audit.noProvince')}</span>}
                            {e.from_province_code && (
                              <span className="acct-sub">{t('audit.movedFrom', { from: e.from_province_name ?? e.from_province_code, to: e.province_name ?? e.province_code ?? t('audit.noProvince') })}</span>
                            )}
                            {e.import_id && <span className="acct-sub">{t('audit.fromImport', { id: e.import_id })}</span>}
                          </td>
                          <td>{e.changed_fields.length ? e.changed_fields.map(f.field).join(', ') : '—'}</td>
                          <td>
                            {(e.before || e.after) && (
                              <button
                                type="button"
                                className="acct-btn acct-small"
                                aria-expanded={expanded}
                                aria-controls={expanded ? detailsId : undefined}
                                onClick={() => toggle(e.id)}
                                data-testid={`audit-toggle-${e.id}`}
                              >
                                {expanded ? t('audit.hide') : t('audit.show')}
                              </button>
                            )}
                          </td>
                        </tr>
                        {expanded && (
                          <tr className="audit-detail-row">
                            <td colSpan={4} id={detailsId}>
                              <AuditDiff entry={e} />
                            </td>
                          </tr>
                        )}
                      </Fragment>
                    );
                  })}
                </tbody>
              </table>
            </div>
          )}
          <Pager
            offset={offset}
            limit={AUDIT_PAGE}
            total={page.total}
            onPage={(o) => {
              setOpen(new Set());
              setOffset(o);
            }}
            label={t('audit.pages')}
            testId="audit-pager"
          />
        </>
      )}
    </section>
  );
}

/** One entry's record before and after: the changed fields, or (on request) every field. */
function AuditDiff({ entry }: { entry: AuditEntry }) {
  const { t } = useI18n();
  const f = useCertFormat();
  const [all, setAll] = useState(entry.changed_fields.length === 0);
  const keys = useMemo(() => {
    const every = [...new Set([...Object.keys(entry.before ?? {}), ...Object.keys(entry.after ?? {})])];
    return all ? every : entry.changed_fields;
  }, [entry, all]);
  const changed = new Set(entry.changed_fields);
  return (
    <div className="audit-diff" data-testid={`audit-diff-${entry.id}`}>
      {entry.changed_fields.length > 0 && (
        <label className="acct-check">
          <input type="checkbox" checked={all} onChange={(e) => setAll(e.currentTarget.checked)} data-testid={`audit-all-${entry.id}`} />
          {t('audit.allFields')}
        </label>
      )}
      <table className="acct-table">
        <caption className="acct-sr">{t('audit.diff.caption', { id: entry.id })}</caption>
        <thead>
          <tr>
            <th scope="col">{t('audit.diff.field')}</th>
            {entry.before && <th scope="col">{t('audit.diff.before')}</th>}
            {entry.after && <th scope="col">{t('audit.diff.after')}</th>}
          </tr>
        </thead>
        <tbody>
          {keys.map((k) => (
            <tr key={k} className={changed.has(k) ? 'audit-changed' : undefined} data-testid={`audit-diff-${entry.id}-${k}`}>
              <th scope="row">
                {f.field(k)}
                {f.field(k) !== k && <span className="acct-sub">{k}</span>}
              </th>
              {entry.before && <td>{valueText(entry.before[k])}</td>}
              {entry.after && <td>{valueText(entry.after[k])}</td>}
            </tr>
          ))}
        </tbody>
      </table>
      <p className="acct-hint">{t('audit.diff.masked')}</p>
    </div>
  );
}
