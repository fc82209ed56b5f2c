import { createContext, useCallback, useContext, useEffect, useMemo, useReducer, useRef, type ReactNode } from 'react';
import { type AppUrlState, type ColorBy, type Filters, type LayerId, type MapViewState, type PanelId, parseUrlState, type Selection, serializeUrlState } from './url';

/**
 * The app's shared state (url.ts says what it holds), kept in step with the address bar: changes
 * replace the URL (no history entry per map move), and the back button or an edited link
 * re-reads it.
 */
export interface AppState {
  state: AppUrlState;
  setPanel: (p: PanelId) => void;
  setView: (v: MapViewState) => void;
  /** Merges into the filters; `undefined` values clear a filter. Changing the province clears district and station. */
  setFilters: (f: Partial<Filters>) => void;
  clearFilters: () => void;
  setLayer: (id: LayerId, on: boolean) => void;
  setColorBy: (c: ColorBy) => void;
  select: (s: Selection | null) => void;
}

type Action =
  | { type: 'replace'; state: AppUrlState }
  | { type: 'panel'; panel: PanelId }
  | { type: 'view'; view: MapViewState }
  | { type: 'filters'; filters: Partial<Filters> }
  | { type: 'clearFilters' }
  | { type: 'layer'; id: LayerId; on: boolean }
  | { type: 'colorBy'; colorBy: ColorBy }
  | { type: 'select'; selected: Selection | null };

function reduce(s: AppUrlState, a: Action): AppUrlState {
  switch (a.type) {
    case 'replace':
      return a.state;
    case 'panel':
      return { ...s, panel: a.panel };
    case 'view':
      return { ...s, view: a.view };
    case 'filters': {
      const next: Filters = { ...s.filters, ...a.filters };
      if ('province' in a.filters && a.filters.province !== s.filters.province) {
        if (!('district' in a.filters)) delete next.district;
        if (!('policeStation' in a.filters)) delete next.policeStation;
      }
      for (const k of Object.keys(next) as (keyof Filters)[]) {
        const v = next[k];
        if (v === undefined || v === '' || (Array.isArray(v) && v.length === 0)) delete next[k];
      }
      return { ...s, filters: next };
    }
    case 'clearFilters':
      return { ...s, filters: {} };
    case 'layer': {
      const layers = a.on ? [...new Set([...s.layers, a.id])] : s.layers.filter((l) => l !== a.id);
      return { ...s, layers };
    }
    case 'colorBy':
      return { ...s, colorBy: a.colorBy };
    case 'select':
      return { ...s, selected: a.selected };
  }
}

const Ctx = createContext<AppState | null>(null);

export function AppStateProvider({ children, initial }: { children: ReactNode; initial?: AppUrlState }) {
  const [state, dispatch] = useReducer(reduce, undefined, () => initial ?? parseUrlState(window.location.search));
  const timer = useRef<number | undefined>(undefined);

  // State → URL (debounced: the map moves many times a second).
  useEffect(() => {
    window.clearTimeout(timer.current);
    timer.current = window.setTimeout(() => {
      const search = serializeUrlState(state);
      if (search !== window.location.search) window.history.replaceState(window.history.state, '', `${window.location.pathname}${search}${window.location.hash}`);
    }, 150);
    return () => window.clearTimeout(timer.current);
  }, [state]);

  // URL → state (back/forward).
  useEffect(() => {
    const onPop = () => dispatch({ type: 'replace', state: parseUrlState(window.location.search) });
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, []);

  const setPanel = useCallback((panel: PanelId) => dispatch({ type: 'panel', panel }), []);
  const setView = useCallback((view: MapViewState) => dispatch({ type: 'view', view }), []);
  const setFilters = useCallback((filters: Partial<Filters>) => dispatch({ type: 'filters', filters }), []);
  const clearFilters = useCallback(() => dispatch({ type: 'clearFilters' }), []);
  const setLayer = useCallback((id: LayerId, on: boolean) => dispatch({ type: 'layer', id, on }), []);
  const setColorBy = useCallback((colorBy: ColorBy) => dispatch({ type: 'colorBy', colorBy }), []);
  const select = useCallback((selected: Selection | null) => dispatch({ type: 'select', selected }), []);
  const value = useMemo(
    () => ({ state, setPanel, setView, setFilters, clearFilters, setLayer, setColorBy, select }),
    [state, setPanel, setView, setFilters, clearFilters, setLayer, setColorBy, select],
  );
  return <Ctx value={value}>{children}</Ctx>;
}

export function useAppState(): AppState {
  const v = useContext(Ctx);
  if (!v) throw new Error('useAppState() needs an <AppStateProvider> above it');
  return v;
}
