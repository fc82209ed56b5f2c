// @vitest-environment jsdom
import { act, cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { resetCoverageCache } from './coverageData';
import { answerArea, at, BASIC } from './fixtures';
import { PlanningPanel } from './PlanningPanel';
import { resetPlanningSession } from './session';
import { json, overlayIds, renderPanel, stubFetch, type Call } from './test-utils';

beforeEach(() => {
  resetPlanningSession();
  resetCoverageCache();
});

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  window.localStorage.clear();
});

const coverage = () => screen.getByTestId('planning-coverage');

function answer(extra: (c: Call) => unknown = () => undefined) {
  return stubFetch((c) => extra(c) ?? answerArea(BASIC, c) ?? (c.path === '/api/plans' ? { items: [], total: 0 } : undefined));
}

describe('planning panel: add a proposed site', () => {
  it('shows the coverage before and with a site placed on the map, updating as its view changes', async () => {
    const calls = answer();
    const r = renderPanel(<PlanningPanel />, { filters: { province: '15' } });
    expect(calls.some((c) => c.path === '/api/cameras')).toBe(false); // nothing loaded before it is asked for
    fireEvent.click(screen.getByTestId('planning-add-site'));
    expect(screen.getByTestId('planning-add-site').getAttribute('aria-pressed')).toBe('true');
    await waitFor(() => expect(coverage().getAttribute('data-points-covered')).toBe('1'));
    expect(coverage().getAttribute('data-weight')).toBe('2.0000');

    // A map click 20 m south of risk point 12 places a site looking north (0°, 90°, 40 m).
    const [lon, lat] = at(0, 180);
    act(() => r.bridge().clickHandler!({ lon, lat }));
    const seen = 2 * Math.sqrt(40 ** 2 - 30 ** 2); // of the route, 30 m ahead of the site
    expect(coverage().getAttribute('data-points-covered')).toBe('2');
    expect(Number(coverage().getAttribute('data-weight'))).toBeCloseTo(2 + 3 + (2 * seen) / 1000, 3);
    expect(Number(coverage().getAttribute('data-route-covered-m'))).toBeCloseTo(seen, 1);
    expect(coverage().textContent).toContain('1 → 2 จาก 2');
    await waitFor(() => expect(overlayIds(r)).toEqual(['planning-add-views', 'planning-add-sites']));

    // Turning it south loses the point at once; a shorter range keeps the point but not the route.
    fireEvent.change(screen.getByTestId('planning-add-direction'), { target: { value: '180' } });
    expect(coverage().getAttribute('data-points-covered')).toBe('1');
    fireEvent.change(screen.getByTestId('planning-add-direction-slider'), { target: { value: '0' } });
    fireEvent.change(screen.getByTestId('planning-add-range'), { target: { value: '25' } });
    expect(coverage().getAttribute('data-points-covered')).toBe('2');
    expect(coverage().getAttribute('data-route-covered-m')).toBe('0.00');
    // A dome sees all round.
    fireEvent.change(screen.getByTestId('planning-add-kind'), { target: { value: 'dome' } });
    expect((screen.getByTestId('planning-add-direction') as HTMLInputElement).disabled).toBe(true);
    expect(coverage().getAttribute('data-points-covered')).toBe('2');

    // Esc leaves the add mode; the map clicks go back to the map.
    fireEvent.keyDown(window, { key: 'Escape' });
    expect(screen.getByTestId('planning-add-site').getAttribute('aria-pressed')).toBe('false');
    expect(r.bridge().clickHandler).toBeNull();
    // The inputs were loaded once.
    expect(calls.filter((c) => c.path === '/api/cameras')).toHaveLength(1);
  });

  it('saves a proposed site as a planned site and refreshes the map', async () => {
    const calls = answer((c) => (c.method === 'POST' && c.path === '/api/planned-sites' ? json(201, { id: 41 }) : undefined));
    const r = renderPanel(<PlanningPanel />, { filters: { province: '15' }, view: { lon: 100.46, lat: 14.61, zoom: 14 } });
    fireEvent.click(screen.getByTestId('planning-add-centre'));
    fireEvent.change(screen.getByTestId('planning-add-name'), { target: { value: 'แยกหน้าตลาด' } });
    fireEvent.change(screen.getByTestId('planning-add-direction'), { target: { value: '45' } });
    fireEvent.change(screen.getByTestId('planning-add-save').closest('fieldset')!.querySelector('[data-testid="planning-add-cost"]')!, { target: { value: '150,000' } });
    fireEvent.click(screen.getByTestId('planning-add-save'));
    await screen.findByText('บันทึกจุด "แยกหน้าตลาด" แล้ว (รหัส 41) จะถูกนำไปจัดลำดับครั้งถัดไป');
    const post = calls.find((c) => c.method === 'POST')!;
    expect(post.body).toEqual({
      place_name: 'แยกหน้าตลาด',
      status: 'not_started',
      kind: 'fixed',
      direction_deg: 45,
      fov_deg: 90,
      range_m: 40,
      cost_baht: 150000,
      geometry: { type: 'Point', coordinates: [100.46, 14.61] },
    });
    expect(r.bridge().dataVersion).toBe(1);
    expect(screen.queryByTestId('planning-add-save')).toBeNull();
  });

  it('shows the API field errors of a save on their fields', async () => {
    const calls = answer((c) =>
      c.method === 'POST'
        ? json(400, {
            errors: [
              { field: 'cost_baht', message: 'must be 0 or more baht', code: 'too_small' },
              { field: 'geometry', message: 'longitude 0 is outside Thailand', code: 'out_of_bounds' },
            ],
          })
        : undefined,
    );
    renderPanel(<PlanningPanel />, { filters: { province: '15' }, view: { lon: 100.46, lat: 14.61, zoom: 14 } });
    fireEvent.click(screen.getByTestId('planning-add-centre'));
    fireEvent.click(screen.getByTestId('planning-add-save'));
    // Without a cost nothing is sent.
    expect(screen.getByText('ใส่ค่าใช้จ่ายเป็นจำนวนบาท เพื่อให้จัดลำดับได้')).toBeTruthy();
    expect(calls.some((c) => c.method === 'POST')).toBe(false);
    fireEvent.change(screen.getByTestId('planning-add-cost'), { target: { value: '10' } });
    fireEvent.click(screen.getByTestId('planning-add-save'));
    await screen.findByText('must be 0 or more baht');
    const cost = screen.getByTestId('planning-add-cost');
    expect(cost.getAttribute('aria-invalid')).toBe('true');
    expect(document.getElementById(cost.getAttribute('aria-describedby')!)!.textContent).toBe('must be 0 or more baht');
    expect(screen.getByText('longitude 0 is outside Thailand')).toBeTruthy();
  });
});
