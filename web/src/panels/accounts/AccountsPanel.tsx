import { useCallback, useEffect, useId, useMemo, useRef, useState } from 'react';
import { listAccounts, patchAccount, resetAccountPassword, ROLES, type Account, type Role, type WithPassword } from '../../api/accounts';
import { listAgencies, listPoliceStations, listProvinces, type AgencyOption, type ProvinceOption, type StationOption } from '../../api/records';
import { useOptionalAuth } from '../../auth/AuthGate';
import type { SessionUser } from '../../auth/session';
import { useI18n } from '../../i18n/react';
import { AccountForm } from './AccountForm';
import type { ScopeChange } from './role-change';
import type { ProvinceLists, ScopeBody } from './ScopeFields';
import { ScopeForm } from './ScopeForm';
import { TokensSection } from './TokensSection';
import { ConfirmBox, SecretBox, useFocusAfterRender } from './ui';
import { useWhen } from './when';
import './accounts.css';

type Pending = { kind: 'reset' | 'disable' | 'enable'; account: Account };

/** Agencies and police stations per province, fetched once each, for names and the form's choices. */
function useProvinceLists(): ProvinceLists {
  const [agencies, setAgencies] = useState<Record<string, AgencyOption[]>>({});
  const [stations, setStations] = useState<Record<string, StationOption[]>>({});
  const [error, setError] = useState<string | null>(null);
  const asked = useRef(new Set<string>());
  const load = useCallback((province: string) => {
    if (asked.current.has(province)) return;
    asked.current.add(province);
    Promise.all([listAgencies(province), listPoliceStations(province)])
      .then(([a, s]) => {
        setAgencies((m) => ({ ...m, [province]: a }));
        setStations((m) => ({ ...m, [province]: s }));
      })
      .catch((e: Error) => {
        asked.current.delete(province);
        setError(e.message);
      });
  }, []);
  return useMemo(() => ({ agencies: (p) => agencies[p], stations: (p) => stations[p], load, error }), [agencies, stations, load, error]);
}

/**
 * Accounts (admins: all; a provincial secretariat: the recorder, police and committee accounts of
 * its province) and, for every logged-in account, its own API tokens.
 */
export function AccountsPanel() {
  const { t } = useI18n();
  const auth = useOptionalAuth();
  if (!auth) {
    return (
      <section className="acct">
        <h2>{t('accounts.title')}</h2>
        <p>{t('accounts.loginNeeded')}</p>
      </section>
    );
  }
  const me = auth.user;
  const manages = me.role === 'admin' || me.role === 'secretariat';
  return (
    <section className="acct" data-testid="accounts-panel">
      <h2>{manages ? t('accounts.title') : t('accounts.tokens.title')}</h2>
      {manages && <AccountsSection me={me} />}
      <TokensSection />
    </section>
  );
}

function AccountsSection({ me }: { me: SessionUser }) {
  const { t, lang, num } = useI18n();
  const when = useWhen();
  const id = useId();
  const lists = useProvinceLists();
  const [accounts, setAccounts] = useState<Account[] | null>(null);
  const [provinces, setProvinces] = useState<ProvinceOption[]>([]);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [roleFilter, setRoleFilter] = useState<Role | ''>('');
  const [provinceFilter, setProvinceFilter] = useState('');
  const [creating, setCreating] = useState(false);
  const [secret, setSecret] = useState<(WithPassword & { reason: 'created' | 'reset' }) | null>(null);
  const [pending, setPending] = useState<Pending | null>(null);
  const [pendingBusy, setPendingBusy] = useState(false);
  const [pendingError, setPendingError] = useState<string | null>(null);
  /** The account whose role and scope are being changed. */
  const [editing, setEditing] = useState<Account | null>(null);
  /** What the last role change did (sessions ended, tokens revoked). */
  const [changed, setChanged] = useState<(ScopeChange & { name: string }) | null>(null);
  const opener = useRef<HTMLElement | null>(null);
  const newButton = useRef<HTMLButtonElement>(null);
  const focusAfterRender = useFocusAfterRender();

  useEffect(() => {
    const ac = new AbortController();
    listAccounts(ac.signal)
      .then(setAccounts)
      .catch((e: Error) => !ac.signal.aborted && setLoadError(e.message));
    listProvinces(ac.signal)
      .then(setProvinces)
      .catch(() => undefined); // names fall back to codes
    return () => ac.abort();
  }, []);

  // Names of the agencies and stations the listed accounts hold.
  useEffect(() => {
    for (const a of accounts ?? []) if (a.province && (a.role === 'recorder' || a.role === 'police')) lists.load(a.province);
  }, [accounts, lists]);

  const provinceName = useCallback(
    (code: string | null) => {
      if (!code) return t('auth.scope.national');
      const p = provinces.find((x) => x.code === code);
      return p ? (lang === 'en' ? p.name_en || p.name_th : p.name_th) : code;
    },
    [provinces, lang, t],
  );

  const visible = useMemo(
    () => (accounts ?? []).filter((a) => (!roleFilter || a.role === roleFilter) && (!provinceFilter || (provinceFilter === 'national' ? a.province === null : a.province === provinceFilter))),
    [accounts, roleFilter, provinceFilter],
  );
  const provincesListed = useMemo(() => [...new Set((accounts ?? []).map((a) => a.province).filter((p): p is string => p !== null))].sort(), [accounts]);

  const replace = (u: Account) => setAccounts((list) => (list ?? []).map((a) => (a.id === u.id ? u : a)));

  const confirmPending = async () => {
    if (!pending) return;
    setPendingBusy(true);
    setPendingError(null);
    try {
      if (pending.kind === 'reset') {
        const r = await resetAccountPassword(pending.account.id);
        replace(r.user);
        setSecret({ ...r, reason: 'reset' });
      } else {
        replace(await patchAccount(pending.account.id, { disabled: pending.kind === 'disable' }));
        opener.current?.focus();
      }
      setPending(null);
    } catch (e) {
      setPendingError((e as Error).message);
    } finally {
      setPendingBusy(false);
    }
  };

  const ask = (kind: Pending['kind'], account: Account, el: HTMLElement) => {
    opener.current = el;
    setPendingError(null);
    setEditing(null);
    setChanged(null);
    setPending({ kind, account });
  };

  const edit = (account: Account, el: HTMLElement) => {
    opener.current = el;
    setPending(null);
    setCreating(false);
    setChanged(null);
    setEditing(account);
  };

  const agencyName = (a: Pick<Account, 'province' | 'agencyId'>) => {
    if (a.agencyId === null) return t('accounts.agencyNone');
    const list = a.province ? lists.agencies(a.province) : undefined;
    return list?.find((x) => x.id === a.agencyId)?.name ?? t('accounts.agencyNo', { id: num(a.agencyId) });
  };
  const stationNames = (a: Pick<Account, 'province' | 'stations'>) => {
    if (a.stations.length === 0) return t('accounts.wholeProvince');
    const list = a.province ? lists.stations(a.province) : undefined;
    return a.stations
      .map((s) => {
        const st = list?.find((x) => x.id === s);
        return st ? (lang === 'en' ? st.name_en || st.name_th : st.name_th) : t('accounts.stationNo', { id: num(s) });
      })
      .join(', ');
  };
  /** A role and scope in words: role · province · agency (recorder) or stations (police). */
  const describeScope = (s: ScopeBody) =>
    [
      t(`auth.role.${s.role}`),
      provinceName(s.province),
      ...(s.role === 'recorder' ? [agencyName(s)] : []),
      ...(s.role === 'police' ? [stationNames(s)] : []),
    ].join(' · ');
  const statusOf = (a: Account) => (a.disabled ? t('accounts.status.disabled') : a.mustChangePassword ? t('accounts.status.mustChange') : t('accounts.status.active'));

  const pendingMessage = (p: Pending) => {
    const who = p.account.displayName ? `${p.account.username} (${p.account.displayName})` : p.account.username;
    return t(`accounts.confirm.${p.kind}`, { name: who });
  };

  return (
    <section className="acct-section" aria-labelledby={`${id}-title`} data-testid="accounts">
      <h3 id={`${id}-title`} className="acct-sr">
        {t('accounts.list.title')}
      </h3>
      <p className="acct-hint">{me.role === 'admin' ? t('accounts.intro.admin') : t('accounts.intro.secretariat', { province: provinceName(me.province) })}</p>

      {secret && (
        <SecretBox
          title={t(secret.reason === 'created' ? 'accounts.secret.created' : 'accounts.secret.reset', { name: secret.user.username })}
          label={t('accounts.secret.label', { name: secret.user.username })}
          secret={secret.oneTimePassword}
          onDone={() => {
            setSecret(null);
            (opener.current ?? newButton.current)?.focus();
          }}
          testId="accounts-secret"
        >
          <p className="acct-hint">{t('accounts.secret.mustChange')}</p>
        </SecretBox>
      )}

      {changed && (
        <p className="acct-done" role="status" data-testid="accounts-notice">
          {changed.endedSessions === null || changed.revokedTokens === null
            ? t('accounts.scope.doneNoCounts', { name: changed.name })
            : t('accounts.scope.done', { name: changed.name, sessions: num(changed.endedSessions), tokens: num(changed.revokedTokens) })}
        </p>
      )}

      {editing && (
        <ScopeForm
          key={editing.id}
          me={me}
          account={editing}
          provinces={provinces}
          lists={lists}
          describe={describeScope}
          onDone={(r) => {
            replace(r.user);
            setEditing(null);
            setChanged({ ...r, name: r.user.username });
            opener.current?.focus();
          }}
          onCancel={() => {
            setEditing(null);
            opener.current?.focus();
          }}
        />
      )}

      {creating ? (
        <AccountForm
          me={me}
          provinces={provinces}
          lists={lists}
          onCreated={(r) => {
            setAccounts((list) => [...(list ?? []), r.user].sort((a, b) => a.username.localeCompare(b.username)));
            setCreating(false);
            opener.current = null;
            setSecret({ ...r, reason: 'created' });
          }}
          onCancel={() => {
            setCreating(false);
            focusAfterRender(() => newButton.current);
          }}
        />
      ) : (
        <button
          ref={newButton}
          type="button"
          className="acct-btn acct-primary"
          onClick={() => {
            setEditing(null);
            setChanged(null);
            setCreating(true);
          }}
          data-testid="accounts-new"
        >
          {t('accounts.new.open')}
        </button>
      )}

      <div className="acct-filters" role="group" aria-label={t('accounts.filters')}>
        <label className="acct-field">
          <span>{t('accounts.f.role')}</span>
          <select value={roleFilter} onChange={(e) => setRoleFilter(e.target.value as Role | '')} data-testid="accounts-filter-role">
            <option value="">{t('accounts.all')}</option>
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {t(`auth.role.${r}`)}
              </option>
            ))}
          </select>
        </label>
        {me.role === 'admin' && (
          <label className="acct-field">
            <span>{t('accounts.f.province')}</span>
            <select value={provinceFilter} onChange={(e) => setProvinceFilter(e.target.value)} data-testid="accounts-filter-province">
              <option value="">{t('accounts.all')}</option>
              <option value="national">{t('auth.scope.national')}</option>
              {provincesListed.map((p) => (
                <option key={p} value={p}>
                  {provinceName(p)}
                </option>
              ))}
            </select>
          </label>
        )}
      </div>

      {loadError && (
        <p className="acct-error" role="alert" data-testid="accounts-error">
          {t('accounts.loadError', { message: loadError })}
        </p>
      )}
      {accounts === null && !loadError && <p className="acct-hint">{t('accounts.loading')}</p>}
      {accounts && (
        <>
          <p className="acct-count" aria-live="polite" data-testid="accounts-count">
            {t('accounts.count', { shown: num(visible.length), total: num(accounts.length) })}
          </p>
          {pending && (
            <ConfirmBox
              message={pendingMessage(pending)}
              confirmLabel={t(`accounts.action.${pending.kind}`)}
              danger={pending.kind !== 'enable'}
              busy={pendingBusy}
              error={pendingError}
              onConfirm={() => void confirmPending()}
              onCancel={() => {
                setPending(null);
                opener.current?.focus();
              }}
              testId="accounts-confirm"
            />
          )}
          <div className="acct-scroll" role="region" tabIndex={0} aria-label={t('accounts.list.table')}>
            <table className="acct-table acct-accounts" data-testid="accounts-table">
              <caption className="acct-sr">{t('accounts.list.table')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('accounts.col.username')}</th>
                  <th scope="col">{t('accounts.col.scope')}</th>
                  <th scope="col">{t('accounts.col.status')}</th>
                  <th scope="col">{t('accounts.col.actions')}</th>
                </tr>
              </thead>
              <tbody>
                {visible.map((a) => {
                  const self = a.id === me.id;
                  return (
                    <tr key={a.id} data-testid={`account-${a.username}`} className={a.disabled ? 'acct-off' : undefined}>
                      <th scope="row">
                        {a.username}
                        {self && <span className="acct-you"> {t('accounts.you')}</span>}
                        {a.displayName && <span className="acct-sub">{a.displayName}</span>}
                      </th>
                      <td>
                        {t(`auth.role.${a.role}`)}
                        <span className="acct-sub">{provinceName(a.province)}</span>
                        {a.role === 'recorder' && <span className="acct-sub">{agencyName(a)}</span>}
                        {a.role === 'police' && <span className="acct-sub">{stationNames(a)}</span>}
                      </td>
                      <td>
                        <span data-testid={`account-${a.username}-status`}>{statusOf(a)}</span>
                        <span className="acct-sub">{a.lastLoginAt ? t('accounts.lastLogin', { date: when.time(a.lastLoginAt) }) : t('accounts.neverLoggedIn')}</span>
                      </td>
                      <td>
                        {self ? (
                          <span className="acct-hint">{t('accounts.notYourself')}</span>
                        ) : (
                          <div className="acct-row-actions">
                            <button
                              type="button"
                              className="acct-btn acct-small"
                              onClick={(e) => edit(a, e.currentTarget)}
                              aria-label={t('accounts.action.scopeNamed', { name: a.username })}
                              data-testid={`account-${a.username}-scope`}
                            >
                              {t('accounts.action.scope')}
                            </button>
                            <button
                              type="button"
                              className="acct-btn acct-small"
                              onClick={(e) => ask('reset', a, e.currentTarget)}
                              aria-label={t('accounts.action.resetNamed', { name: a.username })}
                              data-testid={`account-${a.username}-reset`}
                            >
                              {t('accounts.action.reset')}
                            </button>
                            <button
                              type="button"
                              className="acct-btn acct-small"
                              onClick={(e) => ask(a.disabled ? 'enable' : 'disable', a, e.currentTarget)}
                              aria-label={t(a.disabled ? 'accounts.action.enableNamed' : 'accounts.action.disableNamed', { name: a.username })}
                              data-testid={`account-${a.username}-${a.disabled ? 'enable' : 'disable'}`}
                            >
                              {t(a.disabled ? 'accounts.action.enable' : 'accounts.action.disable')}
                            </button>
                          </div>
                        )}
                      </td>
                    </tr>
                  );
                })}
                {visible.length === 0 && (
                  <tr>
                    <td colSpan={4}>{t('accounts.none')}</td>
                  </tr>
                )}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}
