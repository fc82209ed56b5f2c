import { useCallback, useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { createToken, fieldMessages, listTokens, revokeToken, tokenState, type ApiToken, type NewToken } from '../../api/accounts';
import { useI18n } from '../../i18n/react';
import { ConfirmBox, copyText, FieldError, SecretBox } from './ui';
import { useWhen } from './when';

const FIELDS = ['name', 'expiresInDays'] as const;
type Field = (typeof FIELDS)[number];

/** Reads a whole number as people type it (Thai digits too); '' is null, anything else NaN. */
export function parseWhole(text: string): number | null {
  const s = text.replace(/[๐-๙]/g, (d) => String(d.charCodeAt(0) - 0x0e50)).replace(/[,\s]/g, '');
  if (s === '') return null;
  return /^\d+$/.test(s) ? Number(s) : NaN;
}

/** How to use a token with GDAL/OGR and QGIS against this server's OGC API. */
function TokenUsage({ token }: { token: string }) {
  const { t } = useI18n();
  const [copied, setCopied] = useState<boolean | null>(null);
  const ogc = `${window.location.origin}/ogc`;
  const gdal = `GDAL_HTTP_HEADERS="Authorization: Bearer ${token}" ogrinfo OAPIF:${ogc}`;
  return (
    <div className="acct-usage" data-testid="tokens-usage">
      <h4>{t('accounts.tokens.use.title')}</h4>
      <p>{t('accounts.tokens.use.header')}</p>
      <pre className="acct-code" tabIndex={0} aria-label={t('accounts.tokens.use.headerLabel')}>
        <code>{`Authorization: Bearer ${token}`}</code>
      </pre>
      <p>{t('accounts.tokens.use.gdal')}</p>
      <div className="acct-code-row">
        <pre className="acct-code" tabIndex={0} aria-label={t('accounts.tokens.use.gdalLabel')} data-testid="tokens-usage-gdal">
          <code>{gdal}</code>
        </pre>
        <button type="button" className="acct-btn acct-small" onClick={() => void copyText(gdal).then(setCopied)} data-testid="tokens-usage-copy">
          {t('accounts.tokens.use.copy')}
        </button>
      </div>
      <p className="acct-live" aria-live="polite">
        {copied === true ? t('accounts.secret.copied') : copied === false ? t('accounts.tokens.use.copyFailed') : ''}
      </p>
      <p>{t('accounts.tokens.use.qgis', { url: ogc })}</p>
    </div>
  );
}

/**
 * The logged-in account's own API tokens for scripts and GIS clients: the list (prefix, created,
 * last used, expiry, revoked), a new one (its secret shown once, with how to use it), and revoking
 * one after a confirmation.
 */
export function TokensSection() {
  const { t, num } = useI18n();
  const when = useWhen();
  const id = useId();
  const [tokens, setTokens] = useState<ApiToken[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [name, setName] = useState('');
  const [days, setDays] = useState('90');
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<Partial<Record<Field | 'general', string>>>({});
  const [made, setMade] = useState<NewToken | null>(null);
  const [revoking, setRevoking] = useState<ApiToken | null>(null);
  const [revokeError, setRevokeError] = useState<string | null>(null);
  const [revokeBusy, setRevokeBusy] = useState(false);
  const opener = useRef<HTMLElement | null>(null);
  const nameInput = useRef<HTMLInputElement>(null);

  const load = useCallback(async (signal?: AbortSignal) => {
    try {
      setTokens(await listTokens(signal));
      setLoadError(null);
    } catch (e) {
      if (!signal?.aborted) setLoadError((e as Error).message);
    }
  }, []);
  useEffect(() => {
    const ac = new AbortController();
    void load(ac.signal);
    return () => ac.abort();
  }, [load]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const local: typeof errors = {};
    const n = parseWhole(days);
    if (!name.trim()) local.name = t('accounts.err.required');
    if (n !== null && (Number.isNaN(n) || n < 1 || n > 3650)) local.expiresInDays = t('accounts.tokens.err.days');
    if (Object.keys(local).length) {
      setErrors(local);
      return;
    }
    setBusy(true);
    setErrors({});
    try {
      const created = await createToken(name.trim(), n);
      setMade(created);
      setName('');
      await load();
    } catch (error) {
      setErrors(fieldMessages(error, FIELDS));
    } finally {
      setBusy(false);
    }
  };

  const revoke = async () => {
    if (!revoking) return;
    setRevokeBusy(true);
    setRevokeError(null);
    try {
      await revokeToken(revoking.id);
      setRevoking(null);
      await load();
      opener.current?.focus();
    } catch (e) {
      setRevokeError((e as Error).message);
    } finally {
      setRevokeBusy(false);
    }
  };

  const stateLabel = (tk: ApiToken) => {
    const s = tokenState(tk);
    return s === 'revoked' ? t('accounts.tokens.revokedOn', { date: when.day(tk.revoked_at!) }) : s === 'expired' ? t('accounts.tokens.expired') : t('accounts.tokens.active');
  };

  return (
    <section className="acct-section" aria-labelledby={`${id}-title`} data-testid="tokens">
      <h3 id={`${id}-title`}>{t('accounts.tokens.title')}</h3>
      <p className="acct-hint">{t('accounts.tokens.intro')}</p>

      {made && (
        <SecretBox
          title={t('accounts.tokens.made', { name: made.name })}
          label={t('accounts.tokens.secretLabel')}
          secret={made.token}
          onDone={() => {
            setMade(null);
            nameInput.current?.focus();
          }}
          testId="tokens-secret"
        >
          <TokenUsage token={made.token} />
        </SecretBox>
      )}

      {loadError && (
        <p className="acct-error" role="alert">
          {t('accounts.tokens.loadError', { message: loadError })}
        </p>
      )}
      {tokens === null && !loadError && <p className="acct-hint">{t('accounts.loading')}</p>}
      {tokens && tokens.length === 0 && <p data-testid="tokens-empty">{t('accounts.tokens.none')}</p>}
      {tokens && tokens.length > 0 && (
        <div className="acct-scroll" role="region" tabIndex={0} aria-label={t('accounts.tokens.table')}>
          <table className="acct-table acct-tokens" data-testid="tokens-table">
            <caption className="acct-sr">{t('accounts.tokens.table')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('accounts.tokens.col.name')}</th>
                <th scope="col">{t('accounts.tokens.col.dates')}</th>
                <th scope="col">{t('accounts.tokens.col.state')}</th>
                <th scope="col">
                  <span className="acct-sr">{t('accounts.col.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {tokens.map((tk) => (
                <tr key={tk.id} data-testid={`token-${tk.id}`} className={tokenState(tk) !== 'active' ? 'acct-off' : undefined}>
                  <th scope="row">
                    {tk.name}
                    <code className="acct-sub">{`cca_${tk.prefix}_…`}</code>
                  </th>
                  <td>
                    <span className="acct-line">{t('accounts.tokens.created', { date: when.day(tk.created_at) })}</span>
                    <span className="acct-line">{t('accounts.tokens.lastUsed', { date: tk.last_used_at ? when.time(tk.last_used_at) : t('accounts.never') })}</span>
                    <span className="acct-line">{t('accounts.tokens.expires', { date: tk.expires_at ? when.day(tk.expires_at) : t('accounts.tokens.noExpiry') })}</span>
                  </td>
                  <td>{stateLabel(tk)}</td>
                  <td>
                    {tokenState(tk) === 'active' && (
                      <button
                        type="button"
                        className="acct-btn acct-small"
                        onClick={(e) => {
                          opener.current = e.currentTarget;
                          setRevokeError(null);
                          setRevoking(tk);
                        }}
                        aria-label={t('accounts.tokens.revokeNamed', { name: tk.name })}
                        data-testid={`token-revoke-${tk.id}`}
                      >
                        {t('accounts.tokens.revoke')}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {revoking && (
        <ConfirmBox
          message={t('accounts.tokens.revokeConfirm', { name: revoking.name, prefix: revoking.prefix })}
          confirmLabel={t('accounts.tokens.revoke')}
          danger
          busy={revokeBusy}
          error={revokeError}
          onConfirm={() => void revoke()}
          onCancel={() => {
            setRevoking(null);
            opener.current?.focus();
          }}
          testId="tokens-confirm"
        />
      )}

      <form className="acct-form" onSubmit={submit} noValidate data-testid="tokens-form" aria-labelledby={`${id}-new`}>
        <h4 id={`${id}-new`}>{t('accounts.tokens.new')}</h4>
        <label className="acct-field">
          <span>{t('accounts.tokens.f.name')}</span>
          <input
            ref={nameInput}
            value={name}
            onChange={(e) => setName(e.target.value)}
            maxLength={100}
            required
            placeholder={t('accounts.tokens.f.namePlaceholder')}
            aria-invalid={errors.name ? true : undefined}
            aria-describedby={errors.name ? `${id}-name-err` : undefined}
            data-testid="tokens-f-name"
          />
          <FieldError id={`${id}-name-err`} message={errors.name} />
        </label>
        <label className="acct-field">
          <span>{t('accounts.tokens.f.days', { max: num(3650) })}</span>
          <input
            value={days}
            onChange={(e) => setDays(e.target.value)}
            inputMode="numeric"
            aria-invalid={errors.expiresInDays ? true : undefined}
            aria-describedby={errors.expiresInDays ? `${id}-days-err` : `${id}-days-hint`}
            data-testid="tokens-f-days"
          />
          <span id={`${id}-days-hint`} className="acct-hint">
            {t('accounts.tokens.f.daysHint')}
          </span>
          <FieldError id={`${id}-days-err`} message={errors.expiresInDays} />
        </label>
        {errors.general && (
          <p className="acct-error" role="alert" data-testid="tokens-form-error">
            {errors.general}
          </p>
        )}
        <button type="submit" className="acct-btn acct-primary" disabled={busy} data-testid="tokens-create">
          {busy ? t('accounts.saving') : t('accounts.tokens.create')}
        </button>
      </form>
    </section>
  );
}
