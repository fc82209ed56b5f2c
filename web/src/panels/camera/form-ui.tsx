import type { ReactNode } from 'react';
import type { I18n } from '../../i18n/react';
import type { FormError } from './fields';

/** DOM ids of a form key's input, error and hint (the summary's links and aria-describedby use them). */
export const inputId = (key: string) => `camera-f-${key}`;
export const errorId = (key: string) => `camera-err-${key}`;
export const hintId = (key: string) => `camera-hint-${key}`;

export function errorText(t: I18n['t'], e: FormError): string {
  return 'text' in e ? e.text : t(e.key, e.params);
}

/** Moves the keyboard focus to a form key's input (the position's pair goes to the latitude box). */
export function focusField(key: string): void {
  const el = document.getElementById(inputId(key === 'geometry' ? 'lat' : key));
  if (el instanceof HTMLElement) {
    el.focus();
    el.scrollIntoView?.({ block: 'center' });
  }
}

/** The message under an input, with a one-click fix when the error has one. */
export function FieldMessage({ name, error, t, onFix }: { name: string; error: FormError | undefined; t: I18n['t']; onFix?: (e: FormError) => void }) {
  if (!error) return null;
  const fix = !('text' in error) && error.action && onFix;
  return (
    <p className="camera-error" id={errorId(name)} data-testid={`camera-error-${name}`}>
      <span>{errorText(t, error)}</span>
      {fix && (
        <button type="button" className="camera-link-btn" onClick={() => onFix(error)}>
          {error.action === 'swap' ? t('camera.pos.swap') : t('camera.err.use', { value: error.suggestion ?? '' })}
        </button>
      )}
    </p>
  );
}

/** aria-describedby for an input: its hint and, when shown, its error. */
export function describedBy(name: string, hasHint: boolean, hasError: boolean): string | undefined {
  const ids = [hasHint ? hintId(name) : '', hasError ? errorId(name) : ''].filter(Boolean);
  return ids.length ? ids.join(' ') : undefined;
}

export function Hint({ name, children }: { name: string; children: ReactNode }) {
  return (
    <p className="camera-hint" id={hintId(name)}>
      {children}
    </p>
  );
}
