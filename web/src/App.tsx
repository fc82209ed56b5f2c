import { useRef, type KeyboardEvent } from 'react';
import { isoDate } from './i18n';
import { useI18n } from './i18n/react';
import { MapBridgeProvider } from './map/bridge';
import { MapView } from './map/MapView';
import { CameraPanel } from './panels/camera/CameraPanel';
import { DashboardPanel } from './panels/dashboard/DashboardPanel';
import { ExportPanel } from './panels/export/ExportPanel';
import { ImportPanel } from './panels/import/ImportPanel';
import { LayersPanel } from './panels/layers/LayersPanel';
import { PlanningPanel } from './panels/planning/PlanningPanel';
import { PolicePanel } from './panels/police/PolicePanel';
import { AppStateProvider, useAppState } from './state/store';
import { PANELS, type PanelId } from './state/url';
import { DataPanel, HealthPanel, LinksPanel, Logo, useToday } from './StatusPanel';

const PANEL_COMPONENTS: Record<PanelId, () => React.JSX.Element> = {
  layers: LayersPanel,
  dashboard: DashboardPanel,
  planning: PlanningPanel,
  police: PolicePanel,
  camera: CameraPanel,
  import: ImportPanel,
  export: ExportPanel,
};

/** The side panel's tabs (WAI-ARIA tabs: arrow keys, Home and End move between them). */
function Tabs() {
  const { t } = useI18n();
  const { state, setPanel } = useAppState();
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

function Shell() {
  const { t, lang, setLang, thaiDigits, setThaiDigits, date } = useI18n();
  const { state } = useAppState();
  const today = useToday();
  const Panel = PANEL_COMPONENTS[state.panel];
  return (
    <div className="app">
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
        </div>
      </header>
      <div className="workspace">
        <aside className="sidebar" aria-label={t('shell.tabs')}>
          <Tabs />
          <div className="panel-body" role="tabpanel" id="side-panel" aria-labelledby={`tab-${state.panel}`} tabIndex={0}>
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
        <main className="map-area" aria-label={t('map.title')}>
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
