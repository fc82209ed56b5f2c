import { describe, expect, it } from 'vitest';
import { drawReducer, IDLE, isDrawing, type DrawAction, type DrawState } from './draw';

const run = (actions: DrawAction[], from: DrawState = IDLE) => actions.reduce(drawReducer, from);
const click = (lon: number, lat: number, ms: number): DrawAction => ({ type: 'click', lon, lat, ms });

describe('drawing a risk point or route', () => {
  it('a point takes one click', () => {
    const s = run([{ type: 'start', kind: 'point' }]);
    expect(s).toEqual({ mode: 'point' });
    expect(isDrawing(s)).toBe(true);
    const done = drawReducer(s, click(100.45, 14.6, 0));
    expect(done).toEqual({ mode: 'done', kind: 'point', point: [100.45, 14.6] });
    expect(isDrawing(done)).toBe(false);
    // Clicks after it is done do not move it.
    expect(drawReducer(done, click(100.5, 14.7, 10))).toBe(done);
  });

  it('a route adds a vertex per click, undoes the last, and finishes with at least two', () => {
    let s = run([{ type: 'start', kind: 'route' }, click(100.1, 14.1, 0), click(100.2, 14.2, 1000), click(100.3, 14.3, 2000)]);
    expect(s).toMatchObject({ mode: 'route', vertices: [[100.1, 14.1], [100.2, 14.2], [100.3, 14.3]] });
    s = drawReducer(s, { type: 'undo' });
    expect(s).toMatchObject({ mode: 'route', vertices: [[100.1, 14.1], [100.2, 14.2]] });
    s = drawReducer(s, { type: 'finish' });
    expect(s).toEqual({ mode: 'done', kind: 'route', line: [[100.1, 14.1], [100.2, 14.2]] });
  });

  it('refuses to finish a route of fewer than two vertices, and undo stops at none', () => {
    let s = run([{ type: 'start', kind: 'route' }, click(100.1, 14.1, 0), { type: 'finish' }]);
    expect(s).toMatchObject({ mode: 'route', vertices: [[100.1, 14.1]], tooShort: true });
    s = run([{ type: 'undo' }, { type: 'undo' }], s);
    expect(s).toMatchObject({ mode: 'route', vertices: [], tooShort: false });
    // A new click clears the warning.
    s = run([{ type: 'finish' }, click(100.1, 14.1, 5000)], s);
    expect(s).toMatchObject({ mode: 'route', vertices: [[100.1, 14.1]], tooShort: false });
  });

  it('a double-click (two clicks at the same place in quick succession) finishes the route', () => {
    const s = run([{ type: 'start', kind: 'route' }, click(100.1, 14.1, 0), click(100.2, 14.2, 1000), click(100.2, 14.2, 1250)]);
    expect(s).toEqual({ mode: 'done', kind: 'route', line: [[100.1, 14.1], [100.2, 14.2]] });
    // Slow repeated clicks at one place neither finish nor add a vertex.
    const slow = run([{ type: 'start', kind: 'route' }, click(100.1, 14.1, 0), click(100.2, 14.2, 1000), click(100.2, 14.2, 3000)]);
    expect(slow).toMatchObject({ mode: 'route', vertices: [[100.1, 14.1], [100.2, 14.2]] });
    // A double-click on the first vertex is too short to finish.
    const early = run([{ type: 'start', kind: 'route' }, click(100.1, 14.1, 0), click(100.1, 14.1, 100)]);
    expect(early).toMatchObject({ mode: 'route', vertices: [[100.1, 14.1]], tooShort: true });
  });

  it('cancel (Esc) leaves whatever is being drawn; start begins afresh', () => {
    expect(run([{ type: 'start', kind: 'route' }, click(100.1, 14.1, 0), { type: 'cancel' }])).toEqual(IDLE);
    expect(run([{ type: 'start', kind: 'point' }, { type: 'cancel' }])).toEqual(IDLE);
    const s = run([{ type: 'start', kind: 'route' }, click(100.1, 14.1, 0), { type: 'start', kind: 'route' }]);
    expect(s).toMatchObject({ mode: 'route', vertices: [] });
    // Undo and finish mean nothing outside a route.
    expect(run([{ type: 'undo' }, { type: 'finish' }])).toEqual(IDLE);
  });
});
