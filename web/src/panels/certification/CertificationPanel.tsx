import { useCallback, useEffect, useId, useMemo, useState } from 'react';
import { getStatusList, type ProvinceStatus, type StatusList } from '../../api/certification';
import { useOptionalAuth } from '../../auth/AuthGate';
import type { SessionUser } from '../../auth/session';
import { useI18n } from '../../i18n/react';
import '../accounts/accounts.css';
import { useWhen } from '../accounts/when';
import './certification.css';
import { DeadlineForm } from './DeadlineForm';
import { useCertFormat } from './format';
import { ProvinceView } from './ProvinceView';

type SortKey = 'province' | 'status' | 'deadline' | 'share';
type Dir = 'ascending' | 'descending';

/** Whether `user` sees every province (admins, national committee accounts) rather than its own. */
export const seesNation = (user: SessionUser) => user.role === 'admin' || (user.role === 'committee' && user.province === null);

/**
 * The committee workflow (docs/workflow.md). National accounts see every province's status,
 * deadline and completeness and open one; provincial accounts go straight to their province. A
 * province's view holds its figures, changes since certification, incomplete cameras, history and
 * the moves the account may make.
 */
export function CertificationPanel() {
  const { t } = useI18n();
  const auth = useOptionalAuth();
  const [list, setList] = useState<StatusList | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [open, setOpen] = useState<string | null>(null);

  const reload = useCallback(async (signal?: AbortSignal) => {
    try {
      setList(await getStatusList(signal));
      setError(null);
    } catch (e) {
      if (!signal?.aborted) setError((e as Error).message);
    }
  }, []);
  useEffect(() => {
    const ac = new AbortController();
    void reload(ac.signal);
    return () => ac.abort();
  }, [reload]);

  if (!auth) {
    return (
      <section className="cert">
        <h2>{t('certification.title')}</h2>
        <p>{t('certification.loginNeeded')}</p>
      </section>
    );
  }
  const user = auth.user;
  const national = seesNation(user);
  const province = national ? open : (user.province ?? list?.provinces[0]?.province_code ?? null);

  return (
    <section className="cert acct" data-testid="certification-panel" aria-busy={!list && !error ? true : undefined}>
      <h2>{t('certification.title')}</h2>
      {error && (
        <p className="acct-error" role="alert" data-testid="certification-error">
          {t('certification.loadError', { message: error })}
        </p>
      )}
      {!list && !error && <p className="acct-hint">{t('certification.loading')}</p>}
      {province ? (
        <ProvinceView
          key={province}
          code={province}
          user={user}
          today={list?.today ?? null}
          onBack={national ? () => setOpen(null) : undefined}
          onChanged={() => void reload()}
        />
      ) : (
        list && <NationalView list={list} user={user} onOpen={setOpen} onChanged={() => void reload()} />
      )}
    </section>
  );
}

function NationalView({ list, user, onOpen, onChanged }: { list: StatusList; user: SessionUser; onOpen: (code: string) => void; onChanged: () => void }) {
  const { t, lang } = useI18n();
  const f = useCertFormat();
  const when = useWhen();
  const id = useId();
  const [sort, setSort] = useState<{ key: SortKey; dir: Dir }>({ key: 'province', dir: 'ascending' });
  const [statusFilter, setStatusFilter] = useState('');

  const name = useCallback((p: ProvinceStatus) => (lang === 'en' ? p.name_en || p.name_th : p.name_th), [lang]);
  const rows = useMemo(() => {
    const value = (p: ProvinceStatus): string | number | null => {
      switch (sort.key) {
        case 'province':
          return name(p);
        case 'status':
          return ['not_submitted', 'returned', 'submitted', 'certified'].indexOf(p.status);
        case 'deadline':
          // Most pressing first when ascending: overdue and open by days left, then certified in the
          // round (by due date); no deadline last.
          if (!p.deadline) return null;
          return p.met ? 1e6 + Date.parse(p.deadline.due_on) / 86_400_000 : (p.days_left ?? 0);
        case 'share':
          return p.completeness.share;
      }
    };
    const sign = sort.dir === 'ascending' ? 1 : -1;
    return list.provinces
      .filter((p) => !statusFilter || (statusFilter === 'overdue' ? p.overdue : p.status === statusFilter))
      .sort((p, q) => {
        const a = value(p);
        const b = value(q);
        if (a === null || b === null) return a === b ? 0 : a === null ? 1 : -1; // empty last either way
        const c = typeof a === 'number' && typeof b === 'number' ? a - b : String(a).localeCompare(String(b), lang);
        return sign * c || p.province_code.localeCompare(q.province_code);
      });
  }, [list.provinces, sort, statusFilter, name, lang]);

  const header = (key: SortKey, label: string, numeric = false) => (
    <th scope="col" className={numeric ? 'num' : undefined} aria-sort={sort.key === key ? sort.dir : undefined}>
      <button
        type="button"
        className="cert-sort"
        onClick={() => setSort((s) => (s.key === key ? { key, dir: s.dir === 'ascending' ? 'descending' : 'ascending' } : { key, dir: 'ascending' }))}
        data-testid={`cert-sort-${key}`}
      >
        {label}
        <span aria-hidden="true">{sort.key === key ? (sort.dir === 'ascending' ? ' ▲' : ' ▼') : ' ↕'}</span>
      </button>
    </th>
  );

  const s = list.summary;
  return (
    <div className="cert-national" data-testid="cert-national">
      <p className="acct-hint">{t('certification.today', { date: when.date(list.today) })}</p>
      <ul className="cert-summary" aria-label={t('certification.summary')} data-testid="cert-summary">
        {(['certified', 'submitted', 'returned', 'not_submitted'] as const).map((k) => (
          <li key={k} className={`cert-pill cert-${k}`}>
            {f.status(k)} <strong>{f.num(s[k])}</strong>
          </li>
        ))}
        <li className="cert-pill cert-overdue">
          {t('certification.standing.overdue')} <strong>{f.num(s.overdue)}</strong>
        </li>
      </ul>

      {user.role === 'admin' && <DeadlineForm provinces={list.provinces} onDone={onChanged} />}

      <label className="acct-field cert-filter">
        <span>{t('certification.filter.status')}</span>
        <select value={statusFilter} onChange={(e) => setStatusFilter(e.target.value)} data-testid="cert-filter-status">
          <option value="">{t('certification.filter.all')}</option>
          {(['not_submitted', 'submitted', 'returned', 'certified'] as const).map((k) => (
            <option key={k} value={k}>
              {f.status(k)}
            </option>
          ))}
          <option value="overdue">{t('certification.standing.overdue')}</option>
        </select>
      </label>
      <div className="acct-scroll" role="region" tabIndex={0} aria-labelledby={`${id}-caption`}>
        <table className="acct-table cert-table" data-testid="cert-table">
          <caption id={`${id}-caption`} className="acct-sr">
            {t('certification.national.caption')}
          </caption>
          <thead>
            <tr>
              {header('province', t('certification.col.province'))}
              {header('status', t('certification.col.status'))}
              {header('deadline', t('certification.col.deadline'))}
              {header('share', t('certification.col.complete'), true)}
            </tr>
          </thead>
          <tbody>
            {rows.map((p) => (
              <tr key={p.province_code} data-testid={`cert-row-${p.province_code}`} className={p.overdue ? 'cert-row-overdue' : undefined}>
                <th scope="row">
                  <button type="button" className="cert-link" onClick={() => onOpen(p.province_code)} data-testid={`cert-open-${p.province_code}`}>
                    {name(p)}
                  </button>
                </th>
                <td>
                  <span className={`cert-status cert-${p.status}`}>{f.status(p.status)}</span>
                  {p.last_certified_at && <span className="cert-sub">{t('certification.certifiedOn', { date: when.day(p.last_certified_at) })}</span>}
                </td>
                <td>
                  {p.deadline ? (
                    <>
                      <span className="cert-nowrap">{when.date(p.deadline.due_on)}</span>
                      <span className="cert-sub cert-standing">{f.standing(p)}</span>
                      {p.days_left !== null && <span className="cert-sub">{f.daysLeft(p)}</span>}
                    </>
                  ) : (
                    f.standing(p)
                  )}
                </td>
                <td className="num" title={t('certification.completeOf', { complete: f.num(p.completeness.complete), cameras: f.num(p.completeness.cameras) })}>
                  {p.completeness.cameras ? f.pct(p.completeness.share) : '—'}
                </td>
              </tr>
            ))}
            {rows.length === 0 && (
              <tr>
                <td colSpan={4}>{t('certification.none')}</td>
              </tr>
            )}
          </tbody>
        </table>
      </div>
    </div>
  );
}
