import { useEffect, useMemo, useRef, type KeyboardEvent } from 'react';
import { AccountMenu, useOptionalAuth, usePublicMap } from './auth/AuthGate';
import { panelsFor } from './auth/panels';
import { isoDate } from './i18n';
import { useI18n } from './i18n/react';
import { MapBridgeProvider } from './map/bridge';
import { MapView } from './map/MapView';
import { AccountsPanel } from './panels/accounts/AccountsPanel';
import { AuditPanel } from './panels/audit/AuditPanel';
import { CameraPanel } from './panels/camera/CameraPanel';
import { CertificationPanel } from './panels/certification/CertificationPanel';
import { DashboardPanel } from './panels/dashboard/DashboardPanel';
import { ExportPanel } from './panels/export/ExportPanel';
import { ImportPanel } from './panels/import/ImportPanel';
import { LayersPanel } from './panels/layers/LayersPanel';
import { PlanningPanel } from './panels/planning/PlanningPanel';
import { PolicePanel } from './panels/police/PolicePanel';
import { AppStateProvider, useAppState } from './state/store';
import type { PanelId } from './state/url';
import { DataPanel, HealthPanel, LinksPanel, Logo, useToday } from './StatusPanel';

const PANEL_COMPONENTS: Record<PanelId, () => React.JSX.Element> = {
  layers: LayersPanel,
  dashboard: DashboardPanel,
  planning: PlanningPanel,
  police: PolicePanel,
  camera: CameraPanel,
  import: ImportPanel,
  export: ExportPanel,
  certification: CertificationPanel,
  audit: AuditPanel,
  accounts: AccountsPanel,
};

/** The tabs of the logged-in account's role (all of them outside an <AuthGate>, as in component tests). */
function useVisiblePanels(): PanelId[] {
  const auth = useOptionalAuth();
  const publicMap = usePublicMap();
  const role = auth?.user.role ?? null;
  return useMemo(() => (publicMap ? panelsFor(null) : auth ? panelsFor(role) : panelsFor('admin')), [publicMap, auth, role]);
}

/** The side panel's tabs (WAI-ARIA tabs: arrow keys, Home and End move between them). */
function Tabs() {
  const { t } = useI18n();
  const { state, setPanel } = useAppState();
  const PANELS = useVisiblePanels();
  const refs = useRef<Partial<Record<PanelId, HTMLButtonElement | null>>>({});
  const onKey = (e: KeyboardEvent) => {
    const i = PANELS.indexOf(state.panel);
    const next = e.key === 'ArrowRight' || e.key === 'ArrowDown' ? i + 1 : e.key === 'ArrowLeft' || e.key === 'ArrowUp' ? i - 1 : e.key === 'Home' ? 0 : e.key === 'End' ? PANELS.length - 1 : null;
    if (next === null) return;
    e.preventDefault();
    const p = PANELS[(next + PANELS.length) % PANELS.length]!;
    setPanel(p);
    refs.current[p]?.focus();
  };
  return (
    <div className="tabs" role="tablist" aria-label={t('shell.tabs')} aria-orientation="horizontal" onKeyDown={onKey}>
      {PANELS.map((p) => (
        <button
          key={p}
          ref={(el) => {
            refs.current[p] = el;
          }}
          type="button"
          role="tab"
          id={`tab-${p}`}
          data-testid={`tab-${p}`}
          aria-selected={state.panel === p}
          aria-controls="side-panel"
          tabIndex={state.panel === p ? 0 : -1}
          onClick={() => setPanel(p)}
        >
          {t(`tab.${p}`)}
        </button>
      ))}
    </div>
  );
}

/**
 * The first stop of the keyboard: straight to the map (whose canvas pans with the arrow keys and
 * zooms with + and -) past the side panel, which can hold a long form.
 */
function SkipToMap() {
  const { t } = useI18n();
  return (
    <a
      className="skip-link"
      href="#map-area"
      data-testid="skip-to-map"
      onClick={(e) => {
        // Focus the map's canvas itself (the link's fragment would only reach its container).
        e.preventDefault();
        const target = document.querySelector<HTMLElement>('#map-area .maplibregl-canvas, #map-area .mapboxgl-canvas') ?? document.getElementById('map-area');
        target?.focus();
      }}
    >
      {t('shell.skipToMap')}
    </a>
  );
}

function Shell() {
  const { t, lang, setLang, thaiDigits, setThaiDigits, date } = useI18n();
  const { state, setPanel } = useAppState();
  const today = useToday();
  const visible = useVisiblePanels();
  // A link to a tab this account does not have opens the first one it has.
  const panel = visible.includes(state.panel) ? state.panel : visible[0]!;
  useEffect(() => {
    if (panel !== state.panel) setPanel(panel);
  }, [panel, state.panel, setPanel]);
  const Panel = PANEL_COMPONENTS[panel];
  return (
    <div className="app">
      <SkipToMap />
      <header className="top">
        <div className="brand">
          <Logo />
          <div>
            <h1 data-testid="title">{t('app.name')}</h1>
            <p className="tagline">
              {t('date.today')}{' '}
              <time dateTime={isoDate(today)} data-testid="today">
                {date(today)}
              </time>
            </p>
          </div>
        </div>
        <div className="controls">
          <div className="seg" role="group" aria-label={t('lang.group')}>
            <button type="button" lang="th" aria-pressed={lang === 'th'} onClick={() => setLang('th')} data-testid="lang-th">
              {t('lang.th')}
            </button>
            <button type="button" lang="en" aria-pressed={lang === 'en'} onClick={() => setLang('en')} data-testid="lang-en">
              {t('lang.en')}
            </button>
          </div>
          {lang === 'th' && (
            <label className="check">
              <input type="checkbox" checked={thaiDigits} onChange={(e) => setThaiDigits(e.currentTarget.checked)} />
              {t('digits.thai')}
            </label>
          )}
          <AccountMenu />
        </div>
      </header>
      <div className="workspace">
        <aside className="sidebar" aria-label={t('shell.tabs')}>
          <Tabs />
          <div className="panel-body" role="tabpanel" id="side-panel" aria-labelledby={`tab-${panel}`} tabIndex={0}>
            <Panel />
          </div>
          <details className="status" data-testid="status">
            <summary>{t('shell.status')}</summary>
            <div className="status-body">
              <HealthPanel />
              <DataPanel />
              <LinksPanel />
            </div>
          </details>
        </aside>
        <main className="map-area" id="map-area" tabIndex={-1} aria-label={t('map.title')}>
          <MapView />
        </main>
      </div>
    </div>
  );
}

export function App() {
  return (
    <AppStateProvider>
      <MapBridgeProvider>
        <Shell />
      </MapBridgeProvider>
    </AppStateProvider>
  );
}
