/**
 * Drawing a new risk point or route on the map, as a state machine (pure, so it can be tested
 * without a map):
 *   idle --start(point)--> point --click--> done(point)
 *   idle --start(route)--> route --click--> route (+ vertex) … --finish | double-click--> done(route)
 *   route --undo--> route (− last vertex);  point | route --cancel (Esc)--> idle
 *   done --cancel--> idle;  any --start--> that mode, from scratch
 * A double-click reaches us as two clicks at the same place in quick succession: the second one
 * finishes the route instead of adding a vertex on top of the last.
 */
export type LonLat = [number, number];

export type DrawState =
  | { mode: 'idle' }
  | { mode: 'point' }
  | { mode: 'route'; vertices: LonLat[]; lastClickMs: number | null; tooShort: boolean }
  | { mode: 'done'; kind: 'point'; point: LonLat }
  | { mode: 'done'; kind: 'route'; line: LonLat[] };

export type DrawAction =
  | { type: 'start'; kind: 'point' | 'route' }
  | { type: 'click'; lon: number; lat: number; ms: number }
  | { type: 'undo' }
  | { type: 'finish' }
  | { type: 'cancel' };

export const IDLE: DrawState = { mode: 'idle' };
/** Two clicks closer in time than this, at the same place, are a double-click. */
export const DOUBLE_CLICK_MS = 400;
/** "The same place" in degrees (about 0.1 m). */
const SAME_DEG = 1e-6;

const same = (a: LonLat, b: LonLat) => Math.abs(a[0] - b[0]) <= SAME_DEG && Math.abs(a[1] - b[1]) <= SAME_DEG;

export function drawReducer(s: DrawState, a: DrawAction): DrawState {
  switch (a.type) {
    case 'start':
      return a.kind === 'point' ? { mode: 'point' } : { mode: 'route', vertices: [], lastClickMs: null, tooShort: false };
    case 'cancel':
      return IDLE;
    case 'click': {
      const p: LonLat = [a.lon, a.lat];
      if (s.mode === 'point') return { mode: 'done', kind: 'point', point: p };
      if (s.mode !== 'route') return s;
      const last = s.vertices[s.vertices.length - 1];
      if (last && same(last, p)) {
        const double = s.lastClickMs !== null && a.ms - s.lastClickMs <= DOUBLE_CLICK_MS;
        if (double) return finish(s);
        return { ...s, lastClickMs: a.ms }; // a repeated vertex adds nothing
      }
      return { mode: 'route', vertices: [...s.vertices, p], lastClickMs: a.ms, tooShort: false };
    }
    case 'undo':
      if (s.mode !== 'route' || !s.vertices.length) return s;
      return { ...s, vertices: s.vertices.slice(0, -1), lastClickMs: null, tooShort: false };
    case 'finish':
      return s.mode === 'route' ? finish(s) : s;
  }
}

function finish(s: Extract<DrawState, { mode: 'route' }>): DrawState {
  if (s.vertices.length < 2) return { ...s, tooShort: true };
  return { mode: 'done', kind: 'route', line: s.vertices };
}

/** Whether the map's clicks belong to the drawing. */
export const isDrawing = (s: DrawState) => s.mode === 'point' || s.mode === 'route';
