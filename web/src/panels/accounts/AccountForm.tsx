import { useId, useState, type FormEvent } from 'react';
import { createAccount, creatableRoles, fieldMessages, type WithPassword } from '../../api/accounts';
import type { ProvinceOption } from '../../api/records';
import type { SessionUser } from '../../auth/session';
import { useI18n } from '../../i18n/react';
import { missingScopeFields, type ProvinceLists, type Scope, SCOPE_FIELDS, ScopeFields } from './ScopeFields';
import { FieldError } from './ui';

export type { ProvinceLists };

const FIELDS = ['username', 'displayName', ...SCOPE_FIELDS] as const;
type Field = (typeof FIELDS)[number];

/**
 * A new account: the roles the caller may create (an admin all, a secretariat its province's
 * recorder, police and committee accounts), the province fixed for a secretariat, the agency of a
 * recorder and the stations of a police account from the API. Every API error goes beside its field.
 */
export function AccountForm({
  me,
  provinces,
  lists,
  onCreated,
  onCancel,
}: {
  me: SessionUser;
  provinces: ProvinceOption[];
  lists: ProvinceLists;
  onCreated: (r: WithPassword) => void;
  onCancel: () => void;
}) {
  const { t } = useI18n();
  const roles = creatableRoles(me.role);
  const fixedProvince = me.role === 'secretariat' ? me.province : null;
  const [username, setUsername] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [scope, setScope] = useState<Scope>({ role: roles.includes('recorder') ? 'recorder' : roles[0]!, province: fixedProvince ?? '', agencyId: '', stations: [] });
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<Partial<Record<Field | 'general', string>>>({});
  const id = useId();
  const ids = { username: `${id}-username`, displayName: `${id}-displayName` };
  const err = (f: 'username' | 'displayName') => ({ 'aria-invalid': errors[f] ? true : undefined, 'aria-describedby': errors[f] ? `${ids[f]}-err` : undefined });

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const { role, province, agencyId, stations } = scope;
    const local: typeof errors = {};
    if (!username.trim()) local.username = t('accounts.err.required');
    for (const f of missingScopeFields(scope)) local[f] = t('accounts.err.required');
    if (Object.keys(local).length) {
      setErrors(local);
      return;
    }
    setBusy(true);
    setErrors({});
    try {
      const created = await createAccount({
        username: username.trim(),
        role,
        ...(role !== 'admin' && province ? { province } : {}),
        ...(role === 'recorder' ? { agencyId: Number(agencyId) } : {}),
        ...(role === 'police' ? { stations } : {}),
        ...(displayName.trim() ? { displayName: displayName.trim() } : {}),
      });
      onCreated(created);
    } catch (error) {
      setErrors(fieldMessages(error, FIELDS));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="acct-form" onSubmit={submit} noValidate data-testid="accounts-form" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>{t('accounts.new.title')}</h3>
      <label className="acct-field">
        <span>{t('accounts.f.username')}</span>
        <input id={ids.username} value={username} onChange={(e) => setUsername(e.target.value)} autoComplete="off" spellCheck={false} required maxLength={64} {...err('username')} data-testid="accounts-f-username" />
        <FieldError id={`${ids.username}-err`} message={errors.username} />
      </label>
      <label className="acct-field">
        <span>{t('accounts.f.displayName')}</span>
        <input id={ids.displayName} value={displayName} onChange={(e) => setDisplayName(e.target.value)} maxLength={200} {...err('displayName')} data-testid="accounts-f-displayName" />
        <FieldError id={`${ids.displayName}-err`} message={errors.displayName} />
      </label>
      <ScopeFields roles={roles} fixedProvince={fixedProvince} provinces={provinces} lists={lists} scope={scope} onChange={setScope} errors={errors} idPrefix={id} testPrefix="accounts-f" />
      {errors.general && (
        <p className="acct-error" role="alert" data-testid="accounts-form-error">
          {errors.general}
        </p>
      )}
      <p className="acct-hint">{t('accounts.new.passwordNote')}</p>
      <div className="acct-actions">
        <button type="submit" className="acct-btn acct-primary" disabled={busy} data-testid="accounts-create">
          {busy ? t('accounts.saving') : t('accounts.new.submit')}
        </button>
        <button type="button" className="acct-btn" onClick={onCancel}>
          {t('accounts.cancel')}
        </button>
      </div>
    </form>
  );
}
