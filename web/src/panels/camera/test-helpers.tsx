/** Test helpers for the panels' component tests: the app's providers and a stubbed API. */
import { render } from '@testing-library/react';
import type { ReactNode } from 'react';
import { vi } from 'vitest';
import { I18nProvider } from '../../i18n/react';
import { type MapBridge, MapBridgeProvider, useMapBridge } from '../../map/bridge';
import { type AppState, AppStateProvider, useAppState } from '../../state/store';
import { type AppUrlState, DEFAULT_STATE } from '../../state/url';

export interface Call {
  method: string;
  url: string;
  /** Parsed JSON bodies; FormData, File and other bodies as sent. */
  body: unknown;
  headers: Record<string, string>;
}

export type Route = (call: Call) => { status?: number; body?: unknown } | undefined;

/**
 * Stubs fetch with `routes` (tried in order; the first answer wins) and answers 404 otherwise.
 * Returns the list of calls made.
 */
export function stubApi(...routes: Route[]): Call[] {
  const calls: Call[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (input: RequestInfo | URL, init: RequestInit = {}) => {
      const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
      const headers = Object.fromEntries(Object.entries((init.headers as Record<string, string> | undefined) ?? {}));
      const raw = init.body;
      const body = typeof raw === 'string' && headers['Content-Type'] === 'application/json' ? JSON.parse(raw) : raw;
      const call = { method: (init.method ?? 'GET').toUpperCase(), url, body, headers };
      calls.push(call);
      for (const r of routes) {
        const a = r(call);
        if (a) {
          const status = a.status ?? 200;
          if (status === 204) return new Response(null, { status });
          return new Response(JSON.stringify(a.body ?? {}), { status, headers: { 'content-type': 'application/json' } });
        }
      }
      return new Response(JSON.stringify({ errors: [{ code: 'not_found', message: `${call.method} ${url} not found` }] }), { status: 404, headers: { 'content-type': 'application/json' } });
    }),
  );
  return calls;
}

/** A route for one method and a URL matching `path` (a string is the path before "?"). */
export const on =
  (method: string, path: string | RegExp, answer: (call: Call) => { status?: number; body?: unknown }): Route =>
  (call) => {
    const p = call.url.split('?')[0]!;
    const match = typeof path === 'string' ? p === path : path.test(call.url);
    return call.method === method && match ? answer(call) : undefined;
  };

export interface Harness {
  bridge: { current: MapBridge | null };
  app: { current: AppState | null };
}

/** Renders `ui` inside the app's providers (Thai unless `lang` says otherwise). */
export function renderWithApp(ui: ReactNode, opts: { lang?: 'th' | 'en'; state?: Partial<AppUrlState> } = {}): Harness & ReturnType<typeof render> {
  window.localStorage.setItem('cctv-atlas.lang', opts.lang ?? 'th');
  const bridge: Harness['bridge'] = { current: null };
  const app: Harness['app'] = { current: null };
  function Probe() {
    bridge.current = useMapBridge();
    app.current = useAppState();
    return null;
  }
  const result = render(
    <I18nProvider>
      <AppStateProvider initial={{ ...DEFAULT_STATE, ...opts.state }}>
        <MapBridgeProvider>
          {ui}
          <Probe />
        </MapBridgeProvider>
      </AppStateProvider>
    </I18nProvider>,
  );
  return { ...result, bridge, app };
}
