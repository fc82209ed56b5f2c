// @vitest-environment jsdom
import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { resetCoverageCache } from '../planning/coverageData';
import { answerArea, at, BASIC, point, route, type AreaFixture } from '../planning/fixtures';
import { json, overlayIds, renderPanel, stubFetch, type Call } from '../planning/test-utils';
import { PolicePanel } from './PolicePanel';

beforeEach(() => resetCoverageCache());

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  window.localStorage.clear();
});

const STATIONS = { items: [{ id: 5, name_th: 'สภ.เมืองอ่างทอง', name_en: null }], total: 1 };

function answer(fx: AreaFixture = BASIC, extra: (c: Call) => unknown = () => undefined) {
  return stubFetch((c) => extra(c) ?? (c.path === '/api/police-stations' ? STATIONS : answerArea(fx, c)));
}

const coverage = () => screen.getByTestId('police-coverage');
const mapClick = (r: ReturnType<typeof renderPanel>, x: number, y: number) => {
  const [lon, lat] = at(x, y);
  act(() => r.bridge().clickHandler!({ lon, lat }));
};

describe('police panel', () => {
  it('lists the risk points and routes most urgent first and flies to the one chosen', async () => {
    // The covered point is the heaviest: it still comes last.
    const fx: AreaFixture = { ...BASIC, points: [point(11, 30, 0, 9, true, [1]), point(12, 0, 200, 3, false), point(13, 0, 300, 5, false)], routes: [route(21, 0), { ...route(22, 30), name: 'ถนนเลียบคลอง' }] };
    answer(fx);
    const r = renderPanel(<PolicePanel />, { filters: { province: '15' } });
    const list = await screen.findByTestId('police-list');
    const ids = (testid: string) => within(within(list).getByTestId(testid)).getAllByRole('button').map((b) => b.getAttribute('data-testid'));
    // Not covered first, heavier first.
    expect(ids('police-points')).toEqual(['police-point-13', 'police-point-12', 'police-point-11']);
    expect(ids('police-routes')).toEqual(['police-route-21', 'police-route-22']);
    expect(list.textContent).toContain('จุดเสี่ยง (1 จาก 3 มีกล้องมองเห็น)');
    expect(screen.getByTestId('police-point-12').textContent).toContain('ไม่ครอบคลุม');
    expect(screen.getByTestId('police-route-22').textContent).toContain('เห็น 30 จาก 80 ม.');

    fireEvent.click(screen.getByTestId('police-point-12'));
    const [lon, lat] = at(0, 200);
    expect(r.flyTo).toHaveBeenLastCalledWith({ lon, lat, zoom: 17 });
    await waitFor(() => expect(overlayIds(r)).toEqual(['police-selected']));
    fireEvent.click(screen.getByTestId('police-route-22'));
    const [w, s] = at(-40, 210);
    const [e, n] = at(40, 210);
    expect(r.flyTo).toHaveBeenLastCalledWith({ bbox: [w, s, e, n] });
    expect(screen.getByTestId('police-route-22').getAttribute('aria-current')).toBe('true');
  });

  it('draws a new point and shows at once whether a working camera sees it', async () => {
    answer();
    const r = renderPanel(<PolicePanel />, { filters: { province: '15' } });
    await screen.findByTestId('police-list');
    fireEvent.click(screen.getByTestId('police-new-point'));
    mapClick(r, 20, 0); // 20 m in front of camera 1
    expect(coverage().getAttribute('data-covered')).toBe('true');
    expect(coverage().textContent).toContain('มีกล้องมองเห็นจุดนี้');
    expect(coverage().textContent).toContain('#1');
    const seen = Number(coverage().getAttribute('data-covered-fraction'));
    expect(seen).toBeGreaterThan(0.2);
    expect(seen).toBeLessThan(1);
    await waitFor(() => expect(overlayIds(r)).toEqual(['police-buffer', 'police-drawn']));
    // A larger radius (the form) shrinks the share of the buffer the camera sees, at once.
    fireEvent.change(screen.getByTestId('police-radius'), { target: { value: '200' } });
    expect(Number(coverage().getAttribute('data-covered-fraction'))).toBeLessThan(seen);

    // Behind the camera: not covered.
    fireEvent.click(screen.getByText('วาดใหม่'));
    mapClick(r, -20, 0);
    expect(coverage().getAttribute('data-covered')).toBe('false');
    expect(coverage().textContent).toContain('ยังไม่มีกล้องมองเห็นจุดนี้');
  });

  it('draws a route vertex by vertex (undo, finish) and shows the covered metres and the gaps', async () => {
    answer();
    const r = renderPanel(<PolicePanel />, { filters: { province: '15' } });
    await screen.findByTestId('police-list');
    fireEvent.click(screen.getByTestId('police-new-route'));
    expect(screen.getByTestId('police-new-route').getAttribute('aria-pressed')).toBe('true');
    // Through camera 1's view: west 100 m → east 100 m along y = 0, plus a stray vertex undone.
    mapClick(r, -100, 0);
    mapClick(r, 100, 0);
    mapClick(r, 100, 300);
    expect(screen.getByText(/วางแล้ว 3 จุด/)).toBeTruthy();
    await waitFor(() => expect(overlayIds(r)).toEqual(['police-drawing', 'police-vertices']));
    fireEvent.click(screen.getByTestId('police-undo'));
    expect(screen.getByText(/วางแล้ว 2 จุด/)).toBeTruthy();
    fireEvent.click(screen.getByTestId('police-finish'));
    // The camera at x = 0 looks east with a 50 m range: it sees x from 0 to 50 of the line.
    expect(Number(coverage().getAttribute('data-length-m'))).toBeCloseTo(200, 0);
    expect(Number(coverage().getAttribute('data-covered-m'))).toBeCloseTo(50, 1);
    expect(Number(coverage().getAttribute('data-longest-gap-m'))).toBeCloseTo(100, 1);
    expect(coverage().textContent).toContain('กล้องมองเห็น 50 จาก 200 ม. (25 %)');
    await waitFor(() => expect(overlayIds(r)).toEqual(['police-drawn', 'police-gaps', 'police-vertices']));
    const gaps = r.bridge().overlays.find((l) => l.id === 'police-gaps')!;
    expect((gaps.props.data as unknown[]).length).toBe(2);
    expect(r.bridge().clickHandler).toBeNull(); // the map gets its clicks back
  });

  it('finishes a route on a double-click and cancels drawing with Esc', async () => {
    answer();
    const r = renderPanel(<PolicePanel />, { filters: { province: '15' } });
    await screen.findByTestId('police-list');
    fireEvent.click(screen.getByTestId('police-new-route'));
    mapClick(r, -100, 0);
    fireEvent.click(screen.getByTestId('police-finish'));
    expect(screen.getByText('เส้นทางต้องมีอย่างน้อย 2 จุด')).toBeTruthy();
    mapClick(r, 100, 0);
    mapClick(r, 100, 0); // the second click of a double-click
    expect(coverage().getAttribute('data-length-m')).not.toBeNull();

    fireEvent.click(screen.getByTestId('police-new-route'));
    mapClick(r, 0, 0);
    fireEvent.keyDown(window, { key: 'Escape' });
    expect(screen.queryByTestId('police-finish')).toBeNull();
    expect(screen.queryByTestId('police-coverage')).toBeNull();
    expect(r.bridge().clickHandler).toBeNull();
    await waitFor(() => expect(overlayIds(r)).toEqual([]));
  });

  it('saves a drawn point, showing the API field errors on their fields, then refreshes the map', async () => {
    let fail = true;
    const calls = answer(BASIC, (c) =>
      c.method === 'POST' && c.path === '/api/risk-points'
        ? fail
          ? json(400, {
              errors: [
                { field: 'weight', message: 'must be more than 0', code: 'too_small' },
                { field: 'radius_m', message: 'at most 5000 m', code: 'too_big' },
                { field: 'geometry', message: 'the point lies outside Thailand (lon 0, lat 0)', code: 'out_of_bounds' },
              ],
            })
          : json(201, { id: 64 })
        : undefined,
    );
    const r = renderPanel(<PolicePanel />, { filters: { province: '15' } });
    await screen.findByTestId('police-list');
    fireEvent.click(screen.getByTestId('police-new-point'));
    mapClick(r, 20, 0);
    // The name is required before anything is sent.
    fireEvent.click(screen.getByTestId('police-save'));
    expect(screen.getByTestId('police-error-name').textContent).toBe('ต้องระบุ');
    expect(calls.some((c) => c.method === 'POST')).toBe(false);

    await waitFor(() => expect(within(screen.getByTestId('police-station')).getAllByRole('option')).toHaveLength(2));
    fireEvent.change(screen.getByTestId('police-name'), { target: { value: 'ตู้ ATM หน้าตลาด' } });
    fireEvent.change(screen.getByTestId('police-category'), { target: { value: 'crime_hotspot' } });
    fireEvent.change(screen.getByTestId('police-weight'), { target: { value: '3' } });
    fireEvent.change(screen.getByTestId('police-radius'), { target: { value: '9000' } });
    fireEvent.change(screen.getByTestId('police-station'), { target: { value: '5' } });
    fireEvent.click(screen.getByTestId('police-save'));
    await screen.findByText('must be more than 0');
    const weight = screen.getByTestId('police-weight');
    expect(weight.getAttribute('aria-invalid')).toBe('true');
    expect(document.getElementById(weight.getAttribute('aria-describedby')!)!.textContent).toBe('must be more than 0');
    expect(screen.getByTestId('police-error-radius_m').textContent).toBe('at most 5000 m');
    expect(screen.getByTestId('police-radius').getAttribute('aria-describedby')).toContain(screen.getByTestId('police-error-radius_m').id);
    expect(screen.getByTestId('police-error-geometry').textContent).toBe('the point lies outside Thailand (lon 0, lat 0)');
    const [lon, lat] = at(20, 0);
    expect(calls.find((c) => c.method === 'POST')!.body).toEqual({
      name: 'ตู้ ATM หน้าตลาด',
      category: 'crime_hotspot',
      weight: 3,
      police_station_id: 5,
      radius_m: 9000,
      geometry: { type: 'Point', coordinates: [Math.round(lon * 1e7) / 1e7, Math.round(lat * 1e7) / 1e7] },
    });

    fail = false;
    fireEvent.change(screen.getByTestId('police-radius'), { target: { value: '' } });
    fireEvent.click(screen.getByTestId('police-save'));
    await screen.findByText('บันทึก "ตู้ ATM หน้าตลาด" แล้ว (รหัส 64)');
    expect((calls.filter((c) => c.method === 'POST')[1]!.body as { radius_m: unknown }).radius_m).toBeNull();
    expect(r.bridge().dataVersion).toBe(1);
    // The area is loaded again after the write (its lists now hold the new point).
    await waitFor(() => expect(calls.filter((c) => c.path === '/api/analysis/risk-points')).toHaveLength(2));
  });

  it('saves a drawn route as a LineString', async () => {
    const calls = answer(BASIC, (c) => (c.method === 'POST' && c.path === '/api/risk-routes' ? json(201, { id: 70 }) : undefined));
    const r = renderPanel(<PolicePanel />, { filters: { province: '15' } });
    await screen.findByTestId('police-list');
    fireEvent.click(screen.getByTestId('police-new-route'));
    mapClick(r, -100, 0);
    mapClick(r, 100, 0);
    fireEvent.click(screen.getByTestId('police-finish'));
    fireEvent.change(screen.getByTestId('police-name'), { target: { value: 'เส้นทางหลบหนีริมแม่น้ำ' } });
    expect(screen.queryByTestId('police-radius')).toBeNull();
    fireEvent.click(screen.getByTestId('police-save'));
    await screen.findByTestId('police-saved');
    const body = calls.find((c) => c.method === 'POST')!.body as { category: string; geometry: { type: string; coordinates: unknown[] } };
    expect(body.category).toBe('escape_route');
    expect(body.geometry.type).toBe('LineString');
    expect(body.geometry.coordinates).toHaveLength(2);
  });
});
