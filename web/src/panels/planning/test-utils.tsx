/**
 * Test helpers of the planning and police panels (not bundled: only tests import this): render a
 * panel inside the app's providers with a probe on the map bridge, and a fetch stub that records
 * every request and answers from a handler.
 */
import { render } from '@testing-library/react';
import type { ReactNode } from 'react';
import { vi } from 'vitest';
import { I18nProvider } from '../../i18n/react';
import { MapBridgeProvider, useMapBridge, type MapBridge } from '../../map/bridge';
import { AppStateProvider } from '../../state/store';
import { DEFAULT_STATE, type AppUrlState, type Filters } from '../../state/url';

export interface Call {
  method: string;
  path: string;
  query: URLSearchParams;
  body: unknown;
}

export type Handler = (call: Call) => unknown;

export const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

/** Stubs fetch; the handler answers a call with a body (200), a Response, or undefined (404). */
export function stubFetch(handler: Handler): Call[] {
  const calls: Call[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
      const url = new URL(String(input), 'http://localhost');
      const call: Call = { method: init?.method ?? 'GET', path: url.pathname, query: url.searchParams, body: typeof init?.body === 'string' ? JSON.parse(init.body) : undefined };
      calls.push(call);
      const out = await handler(call);
      if (out instanceof Response) return out;
      if (out === undefined) return json(404, { errors: [{ code: 'not_found', message: `${call.method} ${call.path} not stubbed` }] });
      return json(200, out);
    }),
  );
  return calls;
}

export interface Rendered {
  bridge: () => MapBridge;
  flyTo: ReturnType<typeof vi.fn>;
}

function Probe({ onBridge, flyTo }: { onBridge: (b: MapBridge) => void; flyTo: (t: unknown) => void }) {
  const b = useMapBridge();
  onBridge(b);
  b.registerFlyTo(flyTo);
  return null;
}

/** Renders `ui` in the app's providers (Thai; Thai digits when asked) with the given filters. */
export function renderPanel(ui: ReactNode, opts: { filters?: Filters; thaiDigits?: boolean; view?: AppUrlState['view'] } = {}): Rendered {
  window.localStorage.setItem('cctv-atlas.lang', 'th');
  window.localStorage.setItem('cctv-atlas.thaiDigits', opts.thaiDigits ? '1' : '0');
  let current: MapBridge | null = null;
  const flyTo = vi.fn();
  render(
    <I18nProvider>
      <AppStateProvider initial={{ ...DEFAULT_STATE, panel: 'planning', filters: opts.filters ?? {}, view: opts.view ?? null }}>
        <MapBridgeProvider>
          <Probe onBridge={(b) => (current = b)} flyTo={flyTo} />
          {ui}
        </MapBridgeProvider>
      </AppStateProvider>
    </I18nProvider>,
  );
  return { bridge: () => current!, flyTo };
}

/** The deck.gl layer ids drawn above the map now. */
export const overlayIds = (r: Rendered) => r.bridge().overlays.map((l) => l.id);
