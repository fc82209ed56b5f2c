import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { type Account, creatableRoles, fieldMessages } from '../../api/accounts';
import { ApiFieldError, type ProvinceOption } from '../../api/records';
import type { SessionUser } from '../../auth/session';
import { useI18n } from '../../i18n/react';
import { changeAccountScope, type ScopeChange } from './role-change';
import { missingScopeFields, type ProvinceLists, sameScope, type Scope, type ScopeBody, scopeBody, SCOPE_FIELDS, type ScopeField, ScopeFields } from './ScopeFields';
import { ConfirmBox, useFocusAfterRender } from './ui';

/** An account's role and scope as stored, in the shape the form sends. */
export const scopeOfAccount = (a: Account): ScopeBody => ({ role: a.role, province: a.province, agencyId: a.agencyId, stations: [...a.stations].sort((x, y) => x - y) });

/**
 * Changes another account's role and scope with the creation form's controls (a secretariat: the
 * recorder, police and committee roles of its province). Asks first, saying the account's sessions
 * end and all of its API tokens are revoked; the API's field errors go beside their fields.
 */
export function ScopeForm({
  me,
  account,
  provinces,
  lists,
  describe,
  onDone,
  onCancel,
}: {
  me: SessionUser;
  account: Account;
  provinces: ProvinceOption[];
  lists: ProvinceLists;
  /** A role and scope in words ("ตำรวจ · อ่างทอง · สภ.ป่าโมก"). */
  describe: (s: ScopeBody) => string;
  onDone: (r: ScopeChange) => void;
  onCancel: () => void;
}) {
  const { t } = useI18n();
  const id = useId();
  const roles = creatableRoles(me.role);
  const fixedProvince = me.role === 'secretariat' ? me.province : null;
  const current = scopeOfAccount(account);
  const [scope, setScope] = useState<Scope>({
    role: account.role,
    province: fixedProvince ?? account.province ?? '',
    agencyId: account.agencyId === null ? '' : String(account.agencyId),
    stations: current.stations,
  });
  const [errors, setErrors] = useState<Partial<Record<ScopeField | 'general', string>>>({});
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [confirmError, setConfirmError] = useState<string | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const submitButton = useRef<HTMLButtonElement>(null);
  const form = useRef<HTMLFormElement>(null);
  const focusAfterRender = useFocusAfterRender();
  const name = account.displayName ? `${account.username} (${account.displayName})` : account.username;
  const next = scopeBody(scope);

  useEffect(() => heading.current?.focus(), []);

  const change = (s: Scope) => {
    setScope(s);
    setConfirming(false);
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const local: typeof errors = {};
    for (const f of missingScopeFields(scope)) local[f] = t('accounts.err.required');
    if (!Object.keys(local).length && sameScope(next, current)) local.general = t('accounts.scope.unchanged');
    setErrors(local);
    setConfirmError(null);
    if (!Object.keys(local).length) setConfirming(true);
  };

  const confirm = async () => {
    setBusy(true);
    setConfirmError(null);
    try {
      onDone(await changeAccountScope(account.id, next));
    } catch (err) {
      const byField = fieldMessages(err, SCOPE_FIELDS);
      const onFields = SCOPE_FIELDS.filter((f) => byField[f]);
      if (err instanceof ApiFieldError && err.status === 400 && onFields.length) {
        // Back to the form, each message beside its field, focus on the first.
        setConfirming(false);
        setErrors(byField);
        focusAfterRender(() => form.current?.querySelector<HTMLElement>('[aria-invalid="true"], fieldset[aria-describedby$="-err"] input'));
      } else {
        setConfirmError(byField.general ?? (err instanceof Error ? err.message : String(err)));
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <form ref={form} className="acct-form" onSubmit={submit} noValidate data-testid="accounts-scope-form" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`} ref={heading} tabIndex={-1}>
        {t('accounts.scope.title', { name: account.username })}
      </h3>
      <p className="acct-hint" data-testid="accounts-scope-now">
        {t('accounts.scope.now', { scope: describe(current) })}
      </p>
      <ScopeFields roles={roles} fixedProvince={fixedProvince} provinces={provinces} lists={lists} scope={scope} onChange={change} errors={errors} idPrefix={id} testPrefix="accounts-scope-f" />
      {errors.general && (
        <p className="acct-error" role="alert" data-testid="accounts-scope-error">
          {errors.general}
        </p>
      )}
      {confirming ? (
        <ConfirmBox
          message={t('accounts.scope.confirm', { name, from: describe(current), to: describe(next) })}
          confirmLabel={t('accounts.scope.confirmYes')}
          danger
          busy={busy}
          error={confirmError}
          onConfirm={() => void confirm()}
          onCancel={() => {
            setConfirming(false);
            focusAfterRender(() => submitButton.current);
          }}
          testId="accounts-scope-confirm"
        >
          <p className="acct-warn" data-testid="accounts-scope-consequences">
            {t('accounts.scope.consequences')}
          </p>
        </ConfirmBox>
      ) : (
        <>
          <p className="acct-hint">{t('accounts.scope.note')}</p>
          <div className="acct-actions">
            <button ref={submitButton} type="submit" className="acct-btn acct-primary" data-testid="accounts-scope-submit">
              {t('accounts.scope.submit')}
            </button>
            <button type="button" className="acct-btn" onClick={onCancel} data-testid="accounts-scope-cancel">
              {t('accounts.cancel')}
            </button>
          </div>
        </>
      )}
    </form>
  );
}
