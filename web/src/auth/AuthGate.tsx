import { createContext, useCallback, useContext, useEffect, useId, useMemo, useState, type FormEvent, type ReactNode } from 'react';
import { useI18n } from '../i18n/react';
import { AuthError, changePassword, fetchMe, installAuthFetch, logIn, logOut, MIN_PASSWORD_LENGTH, type SessionUser, UNAUTHENTICATED_EVENT } from './session';
import './auth.css';

interface AuthContextValue {
  user: SessionUser;
  logout: () => Promise<void>;
  /** Shows the password change form (over the app). */
  changePassword: () => void;
}

const AuthContext = createContext<AuthContextValue | null>(null);

/** Set while an anonymous visitor looks at the public map (PUBLIC_MAP=on): how to get to the login. */
const PublicContext = createContext<{ login: () => void } | null>(null);

/** The public map's "log in", or null when not on the public map. */
export function usePublicMap(): { login: () => void } | null {
  return useContext(PublicContext);
}

/** Makes `children` the public map (AuthGate does, for an anonymous visitor; tests too). */
export function PublicMapProvider({ login, children }: { login: () => void; children: ReactNode }) {
  const value = useMemo(() => ({ login }), [login]);
  return <PublicContext value={value}>{children}</PublicContext>;
}

/** Whether the server shows the map to anonymous visitors (PUBLIC_MAP=on). */
async function publicMapOn(): Promise<boolean> {
  try {
    const res = await fetch('/api/map/config', { headers: { Accept: 'application/json' } });
    return res.ok && (await res.json()).publicMap === true;
  } catch {
    return false;
  }
}

/** The logged-in account; only inside <AuthGate>. */
export function useAuth(): AuthContextValue {
  const v = useContext(AuthContext);
  if (!v) throw new Error('useAuth() needs <AuthGate> above it');
  return v;
}

/** The account if there is one (components that also render without a gate, e.g. in tests). */
export function useOptionalAuth(): AuthContextValue | null {
  return useContext(AuthContext);
}

type State =
  | { kind: 'checking' }
  /** publicMap: whether the login offers the way back to the public map; undefined until known. */
  | { kind: 'anonymous'; expired?: boolean; publicMap?: boolean }
  | { kind: 'public' }
  | { kind: 'user'; user: SessionUser }
  | { kind: 'error'; message: string };

/**
 * Nothing of the app before a login: asks the server who is logged in (the session cookie), shows
 * the login form when nobody is, the password change when the password was set by someone else,
 * and the app otherwise. A 401 from any API call later (the session ended) brings the login back,
 * keeping the page's address so that the same view returns after it.
 */
export function AuthGate({ children }: { children: ReactNode }) {
  const { t } = useI18n();
  const [state, setState] = useState<State>({ kind: 'checking' });
  const [changing, setChanging] = useState(false);

  useEffect(() => {
    installAuthFetch();
    let live = true;
    fetchMe()
      .then(async (user) => {
        if (user) return live && setState({ kind: 'user', user });
        const open = await publicMapOn();
        if (live) setState(open ? { kind: 'public' } : { kind: 'anonymous', publicMap: false });
      })
      .catch((e: Error) => live && setState({ kind: 'error', message: e.message }));
    const onExpired = () => setState((s) => (s.kind === 'user' ? { kind: 'anonymous', expired: true } : s));
    window.addEventListener(UNAUTHENTICATED_EVENT, onExpired);
    return () => {
      live = false;
      window.removeEventListener(UNAUTHENTICATED_EVENT, onExpired);
    };
  }, []);

  // After a logout or an expired session, on a server with the public map, the login offers the
  // way back to it, as before the login. Asked each time: the setting may have changed meanwhile.
  const askPublic = state.kind === 'anonymous' && state.publicMap === undefined;
  useEffect(() => {
    if (!askPublic) return;
    let live = true;
    void publicMapOn().then((open) => live && setState((s) => (s.kind === 'anonymous' && s.publicMap === undefined ? { ...s, publicMap: open } : s)));
    return () => {
      live = false;
    };
  }, [askPublic]);

  const logout = useCallback(async () => {
    await logOut();
    setState({ kind: 'anonymous' });
  }, []);
  const toLogin = useCallback(() => setState({ kind: 'anonymous', publicMap: true }), []);
  const value = useMemo(() => (state.kind === 'user' ? { user: state.user, logout, changePassword: () => setChanging(true) } : null), [state, logout]);

  if (state.kind === 'checking') {
    return (
      <main className="auth-page" aria-busy="true">
        <p className="auth-checking">{t('auth.checking')}</p>
      </main>
    );
  }
  if (state.kind === 'error') {
    return (
      <main className="auth-page">
        <p role="alert" className="auth-error">
          {t('health.error', { message: state.message })}
        </p>
      </main>
    );
  }
  if (state.kind === 'public') {
    return <PublicMapProvider login={toLogin}>{children}</PublicMapProvider>;
  }
  if (state.kind === 'anonymous') {
    return (
      <LoginPage
        expired={state.expired}
        onLoggedIn={(user) => setState({ kind: 'user', user })}
        onBack={state.publicMap ? () => setState({ kind: 'public' }) : undefined}
      />
    );
  }
  if (state.user.mustChangePassword) {
    return (
      <main className="auth-page">
        <PasswordForm
          forced
          onDone={() => setState({ kind: 'user', user: { ...state.user, mustChangePassword: false } })}
          onCancel={() => void logout()}
        />
      </main>
    );
  }
  return (
    <AuthContext value={value}>
      {children}
      {changing && (
        <div className="auth-dialog-backdrop">
          <div className="auth-dialog" role="dialog" aria-modal="true" aria-labelledby="auth-change-title">
            <PasswordForm onDone={() => setChanging(false)} onCancel={() => setChanging(false)} />
          </div>
        </div>
      )}
    </AuthContext>
  );
}

function LanguageSwitch() {
  const { t, lang, setLang } = useI18n();
  return (
    <div className="auth-lang" role="group" aria-label={t('lang.group')}>
      {(['th', 'en'] as const).map((l) => (
        <button key={l} type="button" aria-pressed={lang === l} onClick={() => setLang(l)} data-testid={`login-lang-${l}`}>
          {t(l === 'th' ? 'lang.th' : 'lang.en')}
        </button>
      ))}
    </div>
  );
}

export function LoginPage({ expired, onLoggedIn, onBack }: { expired?: boolean; onLoggedIn: (u: SessionUser) => void; onBack?: () => void }) {
  const { t, num } = useI18n();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(expired ? t('auth.expired') : null);
  const errorId = useId();

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      onLoggedIn(await logIn(username, password));
    } catch (err) {
      setPassword('');
      if (err instanceof AuthError && err.status === 401) setError(t('auth.error.credentials'));
      else if (err instanceof AuthError && err.status === 429) setError(t('auth.error.locked', { minutes: num(Math.ceil((err.retryAfterS ?? 900) / 60)) }));
      else setError(t('auth.error.other', { message: (err as Error).message }));
    } finally {
      setBusy(false);
    }
  };

  return (
    <main className="auth-page">
      <LanguageSwitch />
      <form className="auth-card" onSubmit={submit} data-testid="login-form" aria-describedby={error ? errorId : undefined}>
        <h1>{t('app.name')}</h1>
        <h2>{t('auth.title')}</h2>
        <p className="auth-intro">{t('auth.intro')}</p>
        <label>
          <span>{t('auth.username')}</span>
          <input name="username" autoComplete="username" required autoFocus value={username} onChange={(e) => setUsername(e.target.value)} data-testid="login-username" />
        </label>
        <label>
          <span>{t('auth.password')}</span>
          <input name="password" type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} data-testid="login-password" />
        </label>
        {error && (
          <p id={errorId} role="alert" className="auth-error" data-testid="login-error">
            {error}
          </p>
        )}
        <button type="submit" className="auth-primary" disabled={busy} data-testid="login-submit">
          {busy ? t('auth.submitting') : t('auth.submit')}
        </button>
        {onBack && (
          <button type="button" onClick={onBack} data-testid="login-back">
            {t('auth.backToMap')}
          </button>
        )}
      </form>
    </main>
  );
}

export function PasswordForm({ forced, onDone, onCancel }: { forced?: boolean; onDone: () => void; onCancel: () => void }) {
  const { t, num } = useI18n();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const ids = { current: useId(), next: useId(), repeat: useId(), form: useId() };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (next !== repeat) {
      setErrors({ repeat: t('auth.change.mismatch') });
      return;
    }
    setBusy(true);
    setErrors({});
    try {
      await changePassword(current, next);
      onDone();
    } catch (err) {
      if (err instanceof AuthError && err.fields.length) {
        const map: Record<string, string> = {};
        for (const f of err.fields) map[f.field === 'currentPassword' ? 'current' : f.field === 'newPassword' ? 'next' : 'form'] = f.message;
        setErrors(map);
      } else setErrors({ form: (err as Error).message });
    } finally {
      setBusy(false);
    }
  };
  const field = (key: 'current' | 'next' | 'repeat', label: string, value: string, set: (v: string) => void, autoComplete: string) => (
    <label>
      <span>{label}</span>
      <input
        type="password"
        autoComplete={autoComplete}
        required
        value={value}
        onChange={(e) => set(e.target.value)}
        aria-invalid={errors[key] ? true : undefined}
        aria-describedby={errors[key] ? ids[key] : undefined}
        data-testid={`password-${key}`}
        {...(key !== 'current' ? { minLength: MIN_PASSWORD_LENGTH } : {})}
      />
      {errors[key] && (
        <span id={ids[key]} className="auth-field-error" role="alert">
          {errors[key]}
        </span>
      )}
    </label>
  );
  return (
    <form className="auth-card" onSubmit={submit} data-testid="password-form">
      <h2 id="auth-change-title">{t('auth.change.title')}</h2>
      {forced && <p className="auth-intro">{t('auth.change.intro')}</p>}
      {field('current', t('auth.change.current'), current, setCurrent, 'current-password')}
      {field('next', t('auth.change.new', { min: num(MIN_PASSWORD_LENGTH) }), next, setNext, 'new-password')}
      {field('repeat', t('auth.change.repeat'), repeat, setRepeat, 'new-password')}
      {errors.form && (
        <p role="alert" className="auth-error">
          {errors.form}
        </p>
      )}
      <div className="auth-actions">
        <button type="submit" className="auth-primary" disabled={busy} data-testid="password-submit">
          {t('auth.change.submit')}
        </button>
        <button type="button" onClick={onCancel}>
          {forced ? t('auth.logout') : t('auth.change.cancel')}
        </button>
      </div>
    </form>
  );
}

/** The header's account menu: who is logged in, in which role and area; password change; logout. */
export function AccountMenu() {
  const { t } = useI18n();
  const auth = useOptionalAuth();
  const open = usePublicMap();
  if (open) {
    return (
      <button type="button" className="auth-login-button" onClick={open.login} data-testid="public-login">
        {t('auth.submit')}
      </button>
    );
  }
  if (!auth) return null;
  const { user } = auth;
  const scope = user.province ? t('auth.scope.province', { province: user.province }) : t('auth.scope.national');
  return (
    <details className="auth-menu" data-testid="account-menu">
      <summary>
        {/* The visible name is part of the accessible name ("Account: …"), as WCAG 2.5.3 asks. */}
        <span className="auth-sr-only">{t('auth.menu')}: </span>
        <span className="auth-menu-name">{user.displayName ?? user.username}</span>
      </summary>
      <div className="auth-menu-body">
        <p>{t('auth.signedInAs', { name: user.username })}</p>
        <p className="auth-menu-role">
          {t(`auth.role.${user.role}`)} · {scope}
        </p>
        <button type="button" onClick={auth.changePassword}>
          {t('auth.changePassword')}
        </button>
        <button type="button" onClick={() => void auth.logout()} data-testid="logout">
          {t('auth.logout')}
        </button>
      </div>
    </details>
  );
}
