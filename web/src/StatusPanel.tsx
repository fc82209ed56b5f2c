import { useCallback, useEffect, useState } from 'react';
import { getHealth, getMeta, type Health, type Meta } from './api/client';
import { isMessageKey } from './i18n';
import { useI18n } from './i18n/react';

type Load<T> = { state: 'loading' } | { state: 'ok'; data: T } | { state: 'error'; message: string };

/** Runs `fetcher` on mount and on `reload()`, aborting the previous request. */
export function useLoad<T>(fetcher: (signal: AbortSignal) => Promise<T>): [Load<T>, () => void] {
  const [result, setResult] = useState<Load<T>>({ state: 'loading' });
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    const ctrl = new AbortController();
    setResult({ state: 'loading' });
    fetcher(ctrl.signal).then(
      (data) => setResult({ state: 'ok', data }),
      (e: unknown) => {
        if (!ctrl.signal.aborted) setResult({ state: 'error', message: e instanceof Error ? e.message : String(e) });
      },
    );
    return () => ctrl.abort();
  }, [fetcher, attempt]);
  return [result, useCallback(() => setAttempt((n) => n + 1), [])];
}

/** Today's date, refreshed when the local day changes. */
export function useToday(): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const midnight = new Date(now);
    midnight.setHours(24, 0, 1, 0);
    const id = window.setTimeout(() => setNow(new Date()), midnight.getTime() - now.getTime());
    return () => window.clearTimeout(id);
  }, [now]);
  return now;
}

const COUNT_ORDER = ['cameras', 'planned_sites', 'risk_points', 'risk_routes', 'police_stations', 'agencies', 'problems', 'footage_requests', 'lao_maintenance_rows'];

export function Logo() {
  return (
    <svg className="logo" viewBox="0 0 48 48" width="48" height="48" aria-hidden="true" focusable="false">
      <rect width="48" height="48" rx="12" fill="currentColor" />
      <path d="M10 17.5 31 12l3 8.5-21 5.5z" fill="#fff" />
      <circle cx="29" cy="18" r="2.2" fill="currentColor" />
      <path d="M18 25.5 20 33h-6v5" fill="none" stroke="#fff" strokeWidth="3" strokeLinecap="round" strokeLinejoin="round" />
      <path d="m34 21 4 1.5" stroke="#fff" strokeWidth="3" strokeLinecap="round" />
    </svg>
  );
}

export function HealthPanel() {
  const { t } = useI18n();
  const [health, retry] = useLoad<Health>(getHealth);
  const engine = (db: string) => {
    const key = `engine.${db}`;
    return isMessageKey(key) ? t(key) : db;
  };
  return (
    <section className="card" aria-labelledby="health-title">
      <h2 id="health-title">{t('health.title')}</h2>
      <div data-testid="health" role="status" aria-live="polite" aria-busy={health.state === 'loading'}>
        {health.state === 'loading' && <p className="muted">{t('health.loading')}</p>}
        {health.state === 'error' && (
          <>
            <p className="line">
              <span className="dot dot-bad" aria-hidden="true" />
              {t('health.error', { message: health.message })}
            </p>
            <button type="button" className="btn" onClick={retry}>
              {t('health.retry')}
            </button>
          </>
        )}
        {health.state === 'ok' && (
          <>
            <p className="line">
              <span className="dot dot-ok" aria-hidden="true" />
              {t('health.ok')}
            </p>
            <dl className="facts">
              <div>
                <dt>{t('health.database')}</dt>
                <dd>
                  {engine(health.data.db)} <code lang="en">{health.data.db}</code>
                </dd>
              </div>
              <div>
                <dt>{t('health.postgis')}</dt>
                <dd>
                  <code lang="en">{health.data.postgis}</code>
                </dd>
              </div>
            </dl>
          </>
        )}
      </div>
    </section>
  );
}

export function DataPanel() {
  const { t, num, date } = useI18n();
  const [meta] = useLoad<Meta | null>(getMeta);
  const label = (table: string) => {
    const key = `count.${table}`;
    return isMessageKey(key) ? t(key) : table;
  };
  const rank = (k: string) => (COUNT_ORDER.includes(k) ? COUNT_ORDER.indexOf(k) : COUNT_ORDER.length);
  return (
    <section className="card" aria-labelledby="data-title">
      <h2 id="data-title">{t('data.title')}</h2>
      <div data-testid="data" role="status" aria-live="polite" aria-busy={meta.state === 'loading'}>
        {meta.state === 'loading' && <p className="muted">{t('data.loading')}</p>}
        {meta.state === 'error' && <p className="muted">{t('data.error', { message: meta.message })}</p>}
        {meta.state === 'ok' && meta.data === null && <p className="muted">{t('data.unavailable')}</p>}
        {meta.state === 'ok' && meta.data !== null && (
          <>
            {meta.data.demo ? (
              <>
                <p className="badge badge-demo" data-demo="true">
                  {t('data.demo')}
                </p>
                {typeof meta.data.demo.generatedAt === 'string' && !Number.isNaN(Date.parse(meta.data.demo.generatedAt)) && (
                  <p className="muted small">{t('data.generated', { date: date(new Date(meta.data.demo.generatedAt)) })}</p>
                )}
              </>
            ) : (
              <p className="badge badge-real" data-demo="false">
                {t('data.real')}
              </p>
            )}
            {Object.keys(meta.data.counts).length > 0 && (
              <dl className="counts" aria-label={t('data.counts')}>
                {Object.entries(meta.data.counts)
                  .sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b))
                  .map(([table, n]) => (
                    <div key={table}>
                      <dt>{label(table)}</dt>
                      <dd>{num(n)}</dd>
                    </div>
                  ))}
              </dl>
            )}
          </>
        )}
      </div>
    </section>
  );
}

export function LinksPanel() {
  const { t } = useI18n();
  return (
    <section className="card" aria-labelledby="links-title">
      <h2 id="links-title">{t('links.title')}</h2>
      <ul className="links">
        <li>
          <a href="/ogc">{t('links.ogc')}</a>
          <span className="muted"> — {t('links.ogc.desc')}</span>
        </li>
        <li>
          <a href="/healthz">{t('links.healthz')}</a>
          <span className="muted"> — {t('links.healthz.desc')}</span>
        </li>
      </ul>
    </section>
  );
}

