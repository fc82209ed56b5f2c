/**
 * Test helpers of the accounts, certification and audit panels (only tests import this): render a
 * panel as a logged-in account — inside the real <AuthGate>, which asks GET /api/auth/me — with
 * the app's state and map bridge, and a fetch stub that records every request.
 */
import { render } from '@testing-library/react';
import type { ReactNode } from 'react';
import { vi } from 'vitest';
import { AuthGate } from '../../auth/AuthGate';
import type { SessionUser } from '../../auth/session';
import { I18nProvider } from '../../i18n/react';
import { MapBridgeProvider, useMapBridge, type MapBridge } from '../../map/bridge';
import { AppStateProvider, useAppState, type AppState } from '../../state/store';
import { DEFAULT_STATE } from '../../state/url';
import { json, stubFetch, type Call } from '../planning/test-utils';

export { json, type Call };

export const ADMIN: SessionUser = { id: 1, username: 'admin', displayName: 'National admin', role: 'admin', province: null, agencyId: null, stations: [], mustChangePassword: false };
export const SECRETARIAT: SessionUser = { id: 2, username: 'sec15', displayName: 'เลขาอ่างทอง', role: 'secretariat', province: '15', agencyId: null, stations: [], mustChangePassword: false };
export const COMMITTEE: SessionUser = { id: 5, username: 'com15', displayName: null, role: 'committee', province: '15', agencyId: null, stations: [], mustChangePassword: false };
export const RECORDER: SessionUser = { id: 3, username: 'rec15', displayName: null, role: 'recorder', province: '15', agencyId: 1, stations: [], mustChangePassword: false };

export const PROVINCES = [
  { code: '10', name_th: 'กรุงเทพมหานคร', name_en: 'Bangkok' },
  { code: '15', name_th: 'อ่างทอง', name_en: 'Ang Thong' },
  { code: '16', name_th: 'ลพบุรี', name_en: 'Lop Buri' },
];

/** Stubs fetch: /api/auth/me answers `user`; everything else goes to `handler` (undefined → 404). */
export function stubApi(user: SessionUser, handler: (c: Call) => unknown): Call[] {
  return stubFetch((c) => {
    if (c.method === 'GET' && c.path === '/api/auth/me') return { user, csrfToken: 'csrf-test', via: 'session' };
    return handler(c);
  });
}

export interface Rendered {
  flyTo: ReturnType<typeof vi.fn>;
  state: () => AppState['state'];
  bridge: () => MapBridge;
}

function Probe({ onState, onBridge, flyTo }: { onState: (s: AppState['state']) => void; onBridge: (b: MapBridge) => void; flyTo: (t: unknown) => void }) {
  const b = useMapBridge();
  const { state } = useAppState();
  onBridge(b);
  onState(state);
  b.registerFlyTo(flyTo);
  return null;
}

/** Renders `ui` as the logged-in account of the stubbed /api/auth/me, in Thai (or English). */
export function renderAsUser(ui: ReactNode, opts: { lang?: 'th' | 'en'; thaiDigits?: boolean } = {}): Rendered {
  window.localStorage.setItem('cctv-atlas.lang', opts.lang ?? 'th');
  window.localStorage.setItem('cctv-atlas.thaiDigits', opts.thaiDigits ? '1' : '0');
  const flyTo = vi.fn();
  let state: AppState['state'] = DEFAULT_STATE;
  let bridge: MapBridge | null = null;
  render(
    <I18nProvider>
      <AuthGate>
        <AppStateProvider initial={{ ...DEFAULT_STATE }}>
          <MapBridgeProvider>
            <Probe onState={(s) => (state = s)} onBridge={(b) => (bridge = b)} flyTo={flyTo} />
            {ui}
          </MapBridgeProvider>
        </AppStateProvider>
      </AuthGate>
    </I18nProvider>,
  );
  return { flyTo, state: () => state, bridge: () => bridge! };
}

/** The calls made to `path` with `method`. */
export const callsTo = (calls: Call[], method: string, path: string) => calls.filter((c) => c.method === method && c.path === path);
