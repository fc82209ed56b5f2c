import { useEffect } from 'react';
import { needsProvince, type Role } from '../../api/accounts';
import type { AgencyOption, ProvinceOption, StationOption } from '../../api/records';
import { useI18n } from '../../i18n/react';
import { FieldError } from './ui';

/** Reference lists of one province, loaded on demand by the panel. */
export interface ProvinceLists {
  agencies: (province: string) => AgencyOption[] | undefined;
  stations: (province: string) => StationOption[] | undefined;
  load: (province: string) => void;
  error: string | null;
}

export const SCOPE_FIELDS = ['role', 'province', 'agencyId', 'stations'] as const;
export type ScopeField = (typeof SCOPE_FIELDS)[number];

/** What the role and scope controls hold (the agency as the select's string value). */
export interface Scope {
  role: Role;
  province: string;
  agencyId: string;
  stations: number[];
}

/** An account's role and scope as the API takes them: what does not apply to the role is null or empty. */
export interface ScopeBody {
  role: Role;
  province: string | null;
  agencyId: number | null;
  stations: number[];
}

export function scopeBody(s: Scope): ScopeBody {
  return {
    role: s.role,
    province: s.role !== 'admin' && s.province ? s.province : null,
    agencyId: s.role === 'recorder' && s.agencyId ? Number(s.agencyId) : null,
    stations: s.role === 'police' ? [...s.stations].sort((a, b) => a - b) : [],
  };
}

/** Whether two scopes give the same access (station order aside). */
export function sameScope(a: ScopeBody, b: ScopeBody): boolean {
  const sa = [...a.stations].sort((x, y) => x - y);
  const sb = [...b.stations].sort((x, y) => x - y);
  return a.role === b.role && a.province === b.province && a.agencyId === b.agencyId && sa.length === sb.length && sa.every((x, i) => x === sb[i]);
}

/** The fields a scope lacks before it can be sent (the API checks the rest). */
export function missingScopeFields(s: Scope): ScopeField[] {
  const out: ScopeField[] = [];
  if (needsProvince(s.role) && !s.province) out.push('province');
  if (s.role === 'recorder' && !s.agencyId) out.push('agencyId');
  return out;
}

/**
 * The role, province, agency (recorder) and police stations (police) controls the account forms
 * share: the roles the caller may give, the province fixed for a secretariat, agencies and stations
 * of the chosen province from the API. Each error goes beside its control (aria-describedby).
 */
export function ScopeFields({
  roles,
  fixedProvince,
  provinces,
  lists,
  scope,
  onChange,
  errors,
  idPrefix,
  testPrefix,
}: {
  roles: Role[];
  /** A secretariat's province: shown, not chosen. */
  fixedProvince: string | null;
  provinces: ProvinceOption[];
  lists: ProvinceLists;
  scope: Scope;
  onChange: (next: Scope) => void;
  errors: Partial<Record<ScopeField, string>>;
  /** Unique per form (useId). */
  idPrefix: string;
  /** Test ids are `${testPrefix}-role`, `-province`, `-agency`, `-stations`, `-station-<id>`. */
  testPrefix: string;
}) {
  const { t, lang, num } = useI18n();
  const { role, province, agencyId, stations } = scope;
  const id = (f: ScopeField) => `${idPrefix}-${f}`;
  const err = (f: ScopeField) => ({ 'aria-invalid': errors[f] ? true : undefined, 'aria-describedby': errors[f] ? `${id(f)}-err` : undefined });
  const set = (patch: Partial<Scope>) => onChange({ ...scope, ...patch });

  const withProvince = role !== 'admin';
  const provinceRequired = needsProvince(role);
  useEffect(() => {
    if (province && (role === 'recorder' || role === 'police')) lists.load(province);
  }, [province, role, lists]);

  const agencies = province ? lists.agencies(province) : undefined;
  const stationList = province ? lists.stations(province) : undefined;
  const provinceName = (p: ProvinceOption) => (lang === 'en' ? p.name_en || p.name_th : p.name_th);

  return (
    <>
      <label className="acct-field">
        <span>{t('accounts.f.role')}</span>
        <select id={id('role')} value={role} onChange={(e) => set({ role: e.target.value as Role })} {...err('role')} data-testid={`${testPrefix}-role`}>
          {roles.map((r) => (
            <option key={r} value={r}>
              {t(`auth.role.${r}`)}
            </option>
          ))}
        </select>
        <FieldError id={`${id('role')}-err`} message={errors.role} />
      </label>
      {withProvince && (
        <label className="acct-field">
          <span>{t('accounts.f.province')}</span>
          {fixedProvince ? (
            <input
              id={id('province')}
              readOnly
              value={provinceName(provinces.find((p) => p.code === fixedProvince) ?? { code: fixedProvince, name_th: fixedProvince, name_en: fixedProvince })}
              {...err('province')}
              data-testid={`${testPrefix}-province`}
            />
          ) : (
            // Agencies and stations belong to a province: another province clears them.
            <select id={id('province')} value={province} onChange={(e) => set({ province: e.target.value, agencyId: '', stations: [] })} {...err('province')} data-testid={`${testPrefix}-province`}>
              <option value="">{provinceRequired ? t('accounts.f.choose') : t('accounts.f.national')}</option>
              {provinces.map((p) => (
                <option key={p.code} value={p.code}>
                  {provinceName(p)}
                </option>
              ))}
            </select>
          )}
          <FieldError id={`${id('province')}-err`} message={errors.province} />
        </label>
      )}
      {role === 'recorder' && (
        <label className="acct-field">
          <span>{t('accounts.f.agency')}</span>
          <select id={id('agencyId')} value={agencyId} onChange={(e) => set({ agencyId: e.target.value })} disabled={!province} {...err('agencyId')} data-testid={`${testPrefix}-agency`}>
            <option value="">{!province ? t('accounts.f.provinceFirst') : agencies ? t('accounts.f.choose') : t('accounts.loading')}</option>
            {/* The account's agency stays choosable while the list loads. */}
            {agencyId && !agencies?.some((a) => String(a.id) === agencyId) && <option value={agencyId}>{t('accounts.agencyNo', { id: num(Number(agencyId)) })}</option>}
            {(agencies ?? []).map((a) => (
              <option key={a.id} value={a.id}>
                {a.name}
              </option>
            ))}
          </select>
          <FieldError id={`${id('agencyId')}-err`} message={errors.agencyId} />
        </label>
      )}
      {role === 'police' && (
        <fieldset className="acct-stations" aria-describedby={errors.stations ? `${id('stations')}-err` : `${id('stations')}-hint`} data-testid={`${testPrefix}-stations`}>
          <legend>{t('accounts.f.stations')}</legend>
          <p id={`${id('stations')}-hint`} className="acct-hint">
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
                      set({ stations: on ? [...stations, s.id] : stations.filter((x) => x !== s.id) });
                    }}
                    data-testid={`${testPrefix}-station-${s.id}`}
                  />
                  {lang === 'en' ? s.name_en || s.name_th : s.name_th}
                </label>
              ))}
            </div>
          )}
          <FieldError id={`${id('stations')}-err`} message={errors.stations} />
        </fieldset>
      )}
      {lists.error && (role === 'recorder' || role === 'police') && (
        <p className="acct-error" role="alert">
          {t('accounts.err.lists', { message: lists.error })}
        </p>
      )}
    </>
  );
}
