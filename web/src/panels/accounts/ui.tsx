import { useCallback, useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { useI18n } from '../../i18n/react';

/**
 * Small pieces the accounts, certification and audit panels share: an inline confirmation (no
 * blocking browser dialog), a secret shown once with a copy button, and a pager.
 */

/**
 * Moves focus to an element the coming render shows: `focusAfterRender(() => element)` looks the
 * element up once React has committed the state changes made with the call. (A timer instead can
 * fire before that commit — under load it did — and then finds nothing to focus.)
 */
export function useFocusAfterRender(): (find: () => HTMLElement | null | undefined) => void {
  const pending = useRef<(() => HTMLElement | null | undefined) | null>(null);
  const [, rendered] = useState(0);
  useEffect(() => {
    const find = pending.current;
    if (!find) return;
    pending.current = null;
    find()?.focus();
  });
  return useCallback((find: () => HTMLElement | null | undefined) => {
    pending.current = find;
    rendered((n) => n + 1); // a render (and so the effect) even when nothing else changed
  }, []);
}

/**
 * Asks before a consequential action. Focus moves to it when it appears; Escape cancels. The
 * caller puts focus back where the action was asked for.
 */
export function ConfirmBox({
  message,
  confirmLabel,
  onConfirm,
  onCancel,
  busy,
  error,
  danger,
  children,
  testId,
}: {
  message: string;
  confirmLabel: string;
  onConfirm: () => void;
  onCancel: () => void;
  busy?: boolean;
  error?: string | null;
  danger?: boolean;
  children?: ReactNode;
  testId?: string;
}) {
  const { t } = useI18n();
  const id = useId();
  const ref = useRef<HTMLButtonElement>(null);
  useEffect(() => ref.current?.focus(), []);
  return (
    <div
      className="acct-confirm"
      role="alertdialog"
      aria-labelledby={`${id}-msg`}
      data-testid={testId}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.stopPropagation();
          onCancel();
        }
      }}
    >
      <p id={`${id}-msg`}>{message}</p>
      {children}
      {error && (
        <p className="acct-error" role="alert">
          {error}
        </p>
      )}
      <div className="acct-actions">
        <button ref={ref} type="button" className={danger ? 'acct-btn acct-danger' : 'acct-btn acct-primary'} onClick={onConfirm} disabled={busy} data-testid={testId && `${testId}-yes`}>
          {confirmLabel}
        </button>
        <button type="button" className="acct-btn" onClick={onCancel} data-testid={testId && `${testId}-no`}>
          {t('accounts.cancel')}
        </button>
      </div>
    </div>
  );
}

/** Copies `text`; falls back to selecting it in `input` and the old copy command. */
export async function copyText(text: string, input: HTMLInputElement | null = null): Promise<boolean> {
  try {
    if (navigator.clipboard?.writeText) {
      await navigator.clipboard.writeText(text);
      return true;
    }
  } catch {
    /* denied: fall back below */
  }
  if (!input) return false;
  input.focus();
  input.select();
  try {
    return document.execCommand?.('copy') ?? false;
  } catch {
    return false;
  }
}

/**
 * A secret the server shows once (a one-time password, an API token): read-only, selectable, with
 * a copy button and a clear warning that it will not be shown again. Focus moves to its heading.
 */
export function SecretBox({
  title,
  label,
  secret,
  onDone,
  children,
  testId,
}: {
  title: string;
  label: string;
  secret: string;
  onDone: () => void;
  children?: ReactNode;
  testId?: string;
}) {
  const { t } = useI18n();
  const id = useId();
  const heading = useRef<HTMLHeadingElement>(null);
  const input = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState<boolean | null>(null);
  useEffect(() => heading.current?.focus(), []);
  return (
    <section className="acct-secret" aria-labelledby={`${id}-title`} data-testid={testId}>
      <h3 id={`${id}-title`} ref={heading} tabIndex={-1}>
        {title}
      </h3>
      <p className="acct-warn">
        <strong>{t('accounts.secret.once')}</strong>
      </p>
      <label className="acct-field">
        <span>{label}</span>
        <span className="acct-secret-row">
          <input ref={input} readOnly value={secret} spellCheck={false} autoComplete="off" onFocus={(e) => e.currentTarget.select()} data-testid={testId && `${testId}-value`} />
          <button
            type="button"
            className="acct-btn acct-primary"
            onClick={() => void copyText(secret, input.current).then(setCopied)}
            data-testid={testId && `${testId}-copy`}
          >
            {t('accounts.secret.copy')}
          </button>
        </span>
      </label>
      <p className="acct-live" aria-live="polite" data-testid={testId && `${testId}-copied`}>
        {copied === true ? t('accounts.secret.copied') : copied === false ? t('accounts.secret.copyFailed') : ''}
      </p>
      {children}
      <button type="button" className="acct-btn" onClick={onDone} data-testid={testId && `${testId}-done`}>
        {t('accounts.secret.done')}
      </button>
    </section>
  );
}

/** "21–40 of 300" with previous / next buttons. */
export function Pager({ offset, limit, total, onPage, label, testId }: { offset: number; limit: number; total: number; onPage: (offset: number) => void; label: string; testId?: string }) {
  const { t, num } = useI18n();
  if (total <= limit && offset === 0) return null;
  const from = total === 0 ? 0 : offset + 1;
  const to = Math.min(offset + limit, total);
  return (
    <nav className="acct-pager" aria-label={label} data-testid={testId}>
      <button type="button" className="acct-btn" disabled={offset === 0} onClick={() => onPage(Math.max(0, offset - limit))} data-testid={testId && `${testId}-prev`}>
        {t('accounts.page.prev')}
      </button>
      <span aria-live="polite">{t('accounts.page.range', { from: num(from), to: num(to), total: num(total) })}</span>
      <button type="button" className="acct-btn" disabled={offset + limit >= total} onClick={() => onPage(offset + limit)} data-testid={testId && `${testId}-next`}>
        {t('accounts.page.next')}
      </button>
    </nav>
  );
}

/** A field's error message, tied to its input by id (aria-describedby). */
export function FieldError({ id, message }: { id: string; message?: string }) {
  if (!message) return null;
  return (
    <span id={id} className="acct-field-error" role="alert">
      {message}
    </span>
  );
}
