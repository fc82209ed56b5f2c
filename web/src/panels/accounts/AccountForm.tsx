import { useEffect, useId, useState, type FormEvent } from 'react';
import { createAccount, creatableRoles, fieldMessages, needsProvince, type Role, type WithPassword } from '../../api/accounts';
import type { AgencyOption, ProvinceOption, StationOption } from '../../api/records';
import type { SessionUser } from '../../auth/session';
import { useI18n } from '../../i18n/react';
import { FieldError } from './ui';

const FIELDS = ['username', 'displayName', 'role', 'province', 'agencyId', 'stations'] as const;
type Field = (typeof FIELDS)[number];

/** Reference lists of one province, loaded on demand by the panel. */
export interface ProvinceLists {
  agencies: (province: string) => AgencyOption[] | undefined;
  stations: (province: string) => StationOption[] | undefined;
  load: (province: string) => void;
  error: string | null;
}

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
  const { t, lang } = useI18n();
  const roles = creatableRoles(me.role);
  const fixedProvince = me.role === 'secretariat' ? me.province : null;
  const [username, setUsername] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [role, setRole] = useState<Role>(roles.includes('recorder') ? 'recorder' : roles[0]!);
  const [province, setProvince] = useState(fixedProvince ?? '');
  const [agencyId, setAgencyId] = useState('');
  const [stations, setStations] = useState<number[]>([]);
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<Partial<Record<Field | 'general', string>>>({});
  const id = useId();
  const ids = Object.fromEntries(FIELDS.map((f) => [f, `${id}-${f}`])) as Record<Field, string>;
  const err = (f: Field) => ({ 'aria-invalid': errors[f] ? true : undefined, 'aria-describedby': errors[f] ? `${ids[f]}-err` : undefined });

  const withProvince = role !== 'admin';
  const provinceRequired = needsProvince(role);
  useEffect(() => {
    if (province && (role === 'recorder' || role === 'police')) lists.load(province);
  }, [province, role, lists]);

  const agencies = province ? lists.agencies(province) : undefined;
  const stationList = province ? lists.stations(province) : undefined;
  const provinceName = (p: ProvinceOption) => (lang === 'en' ? p.name_en || p.name_th : p.name_th);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const local: typeof errors = {};
    if (!username.trim()) local.username = t('accounts.err.required');
    if (provinceRequired && !province) local.province = t('accounts.err.required');
    if (role === 'recorder' && !agencyId) local.agencyId = t('accounts.err.required');
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
        ...(withProvince && province ? { province } : {}),
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
      <label className="acct-field">
        <span>{t('accounts.f.role')}</span>
        <select
          id={ids.role}
          value={role}
          onChange={(e) => {
            setRole(e.target.value as Role);
            setAgencyId('');
            setStations([]);
          }}
          {...err('role')}
          data-testid="accounts-f-role"
        >
          {roles.map((r) => (
            <option key={r} value={r}>
              {t(`auth.role.${r}`)}
            </option>
          ))}
        </select>
        <FieldError id={`${ids.role}-err`} message={errors.role} />
      </label>
      {withProvince && (
        <label className="acct-field">
          <span>{t('accounts.f.province')}</span>
          {fixedProvince ? (
            <input id={ids.province} readOnly value={provinceName(provinces.find((p) => p.code === fixedProvince) ?? { code: fixedProvince, name_th: fixedProvince, name_en: fixedProvince })} data-testid="accounts-f-province" />
          ) : (
            <select
              id={ids.province}
              value={province}
              onChange={(e) => {
                setProvince(e.target.value);
                setAgencyId('');
                setStations([]);
              }}
              {...err('province')}
              data-testid="accounts-f-province"
            >
              <option value="">{provinceRequired ? t('accounts.f.choose') : t('accounts.f.national')}</option>
              {provinces.map((p) => (
                <option key={p.code} value={p.code}>
                  {provinceName(p)}
                </option>
              ))}
            </select>
          )}
          <FieldError id={`${ids.province}-err`} message={errors.province} />
        </label>
      )}
      {role === 'recorder' && (
        <label className="acct-field">
          <span>{t('accounts.f.agency')}</span>
          <select id={ids.agencyId} value={agencyId} onChange={(e) => setAgencyId(e.target.value)} disabled={!province} {...err('agencyId')} data-testid="accounts-f-agency">
            <option value="">{!province ? t('accounts.f.provinceFirst') : agencies ? t('accounts.f.choose') : t('accounts.loading')}</option>
            {(agencies ?? []).map((a) => (
              <option key={a.id} value={a.id}>
                {a.name}
              </option>
            ))}
          </select>
          <FieldError id={`${ids.agencyId}-err`} message={errors.agencyId} />
        </label>
      )}
      {role === 'police' && (
        <fieldset className="acct-stations" aria-describedby={errors.stations ? `${ids.stations}-err` : `${ids.stations}-hint`} data-testid="accounts-f-stations">
          <legend>{t('accounts.f.stations')}</legend>
          <p id={`${ids.stations}-hint`} className="acct-hint">
            {t('accounts.f.stationsHint')}
          </p>
          {!province ? (
            <p className="acct-hint">{t('accounts.f.provinceFirst')}</p>
          ) : !stationList ? (
            <p className="acct-hint">{t('accounts.loading')}</p>
          ) : stationList.length === 0 ? (
            <p className="acct-hint">{t('accounts.f.noStations')}</p>
          ) : (
            <div className="acct-checks">
              {stationList.map((s) => (
                <label key={s.id} className="acct-check">
                  <input
                    type="checkbox"
                    checked={stations.includes(s.id)}
                    onChange={(e) => {
                      const on = e.currentTarget.checked;
                      setStations((cur) => (on ? [...cur, s.id] : cur.filter((x) => x !== s.id)));
                    }}
                    data-testid={`accounts-f-station-${s.id}`}
                  />
                  {lang === 'en' ? s.name_en || s.name_th : s.name_th}
                </label>
              ))}
            </div>
          )}
          <FieldError id={`${ids.stations}-err`} message={errors.stations} />
        </fieldset>
      )}
      {lists.error && (role === 'recorder' || role === 'police') && (
        <p className="acct-error" role="alert">
          {t('accounts.err.lists', { message: lists.error })}
        </p>
      )}
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
