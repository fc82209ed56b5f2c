// @vitest-environment jsdom
import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { RankedCandidate, RankResult } from '../../api/planning';
import { resetCoverageCache } from './coverageData';
import { PlanningPanel } from './PlanningPanel';
import { resetPlanningSession } from './session';
import { json, overlayIds, renderPanel, stubFetch, type Call } from './test-utils';

function item(rank: number, id: string, cost: number, weight: number, cumulativeCost: number, share: number, over: Partial<RankedCandidate> = {}): RankedCandidate {
  return {
    rank,
    id,
    kind: id.startsWith('site') ? 'site' : 'repair',
    ref: Number(id.split(':')[1]),
    name: `ชื่อ ${id}`,
    status: 'not_started',
    lon: 100.45 + rank / 1000,
    lat: 14.6,
    view: { directionDeg: 90, fovDeg: 90, rangeM: 40 },
    forced: null,
    cost,
    marginalWeight: weight,
    weightPerBaht: weight / cost,
    cumulativeCost,
    cumulativeWeight: 0,
    shareOfDemand: share,
    coverageAfter: 0.4 + share,
    newlyCovered: { points: [], hotspots: [], routes: [{ id: 1, metres: 50, weight: 0.05, lines: [[[100.45, 14.6], [100.4505, 14.6]]] }], items: 2 },
    ...over,
  };
}

const RESULT: RankResult = {
  budget: 3_000_000,
  method: 'exact',
  requestedMethod: 'auto',
  optimal: true,
  gap: 0,
  bound: 12,
  exactStatus: 'Optimal',
  coveredWeight: 12,
  totalCost: 2_650_000,
  totals: {
    total: 100,
    alreadyCovered: 40,
    open: 60,
    routeMetres: 5000,
    routeMetresOpen: 3000,
    byKind: { point: { total: 50, alreadyCovered: 20, items: 10 }, route: { total: 30, alreadyCovered: 10, items: 20 }, hotspot: { total: 20, alreadyCovered: 10, items: 10 } },
  },
  shareOfDemand: 0.12,
  coverageBefore: 0.4,
  coverageAfter: 0.52,
  counts: { candidates: 5, sites: 3, repairs: 2, demandItems: 40, covers: 12 },
  ranking: [
    item(1, 'site:12', 1_200_000, 6, 1_200_000, 0.06),
    item(2, 'repair:301', 250_000, 4, 1_450_000, 0.1),
    item(3, 'site:7', 1_200_000, 2, 2_650_000, 0.12),
  ],
  curve: [
    { budget: 0, coveredWeight: 0, addedWeight: 0, shareOfDemand: 0, bound: 0, cost: 0 },
    { budget: 1_000_000, coveredWeight: 4, addedWeight: 4, shareOfDemand: 0.04, bound: 9, cost: 250_000 },
    { budget: 2_000_000, coveredWeight: 10, addedWeight: 6, shareOfDemand: 0.1, bound: 12, cost: 1_450_000 },
    { budget: 3_000_000, coveredWeight: 12, addedWeight: 2, shareOfDemand: 0.12, bound: 14, cost: 2_650_000 },
    { budget: 4_000_000, coveredWeight: 13, addedWeight: 1, shareOfDemand: 0.13, bound: 14, cost: 3_500_000 },
  ],
  leftOut: [{ id: 'repair:302', kind: 'repair', ref: 302, name: 'กล้องหน้าตลาด', cost: 900_000, forced: null, wouldAdd: 1, affordable: false }],
  skipped: [{ id: 'site:9', kind: 'site', ref: 9, name: 'จุดไม่มีราคา', reason: 'cost_baht is missing' }],
  solveMs: 42.4,
};

const rankCalls = (calls: Call[]) => calls.filter((c) => c.method === 'POST' && c.path === '/api/plans/rank');

beforeEach(() => {
  resetPlanningSession();
  resetCoverageCache();
});

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  window.localStorage.clear();
});


function answerRanking(result: RankResult = RESULT) {
  return stubFetch((c) => {
    if (c.path === '/api/plans/rank') return result;
    if (c.path === '/api/plans' && c.method === 'GET') return { items: [], total: 0, limit: 100, offset: 0 };
    return undefined;
  });
}

describe('planning panel: ranking', () => {
  it('sends the budget, method, time limit, kinds and the filtered area', async () => {
    const calls = answerRanking();
    renderPanel(<PlanningPanel />, { filters: { province: '15', district: 3 } });
    fireEvent.change(screen.getByTestId('planning-budget'), { target: { value: '๒,๕๐๐,๐๐๐ บาท' } });
    fireEvent.change(screen.getByTestId('planning-method'), { target: { value: 'exact' } });
    fireEvent.change(screen.getByTestId('planning-time-limit'), { target: { value: '30' } });
    fireEvent.click(screen.getByTestId('planning-kind-repair'));
    fireEvent.click(screen.getByTestId('planning-rank'));
    await waitFor(() => expect(rankCalls(calls)).toHaveLength(1));
    expect(rankCalls(calls)[0]!.body).toEqual({ province: '15', district: 3, budget: 2_500_000, method: 'exact', time_limit: 30, kinds: ['site'] });

    // The slider moves the budget in steps of 100,000 and the text follows it.
    fireEvent.change(screen.getByTestId('planning-budget-slider'), { target: { value: '3100000' } });
    expect(screen.getByTestId('planning-budget')).toHaveProperty('value', '3,100,000');
    fireEvent.keyDown(screen.getByTestId('planning-budget'), { key: 'ArrowUp' });
    expect(screen.getByTestId('planning-budget')).toHaveProperty('value', '3,200,000');
    fireEvent.change(screen.getByTestId('planning-method'), { target: { value: 'greedy' } });
    fireEvent.click(screen.getByTestId('planning-kind-repair'));
    fireEvent.click(screen.getByTestId('planning-rank'));
    await waitFor(() => expect(rankCalls(calls)).toHaveLength(2));
    expect(rankCalls(calls)[1]!.body).toEqual({ province: '15', district: 3, budget: 3_200_000, method: 'greedy', time_limit: 30, kinds: ['site', 'repair'] });
  });

  it('refuses a bad budget, time limit or no kind on the fields, without a request', async () => {
    const calls = answerRanking();
    renderPanel(<PlanningPanel />);
    fireEvent.change(screen.getByTestId('planning-budget'), { target: { value: 'ห้าล้าน' } });
    fireEvent.change(screen.getByTestId('planning-time-limit'), { target: { value: '500' } });
    fireEvent.click(screen.getByTestId('planning-kind-site'));
    fireEvent.click(screen.getByTestId('planning-kind-repair'));
    fireEvent.click(screen.getByTestId('planning-rank'));
    const budget = screen.getByTestId('planning-budget');
    expect(budget.getAttribute('aria-invalid')).toBe('true');
    expect(document.getElementById(budget.getAttribute('aria-describedby')!.split(' ')[1]!)!.textContent).toBe('ใส่งบประมาณเป็นจำนวนบาทตั้งแต่ 0 ขึ้นไป');
    expect(screen.getByTestId('planning-time-limit').getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByText('เลือกอย่างน้อยหนึ่งประเภท')).toBeTruthy();
    expect(rankCalls(calls)).toHaveLength(0);
  });

  it('shows the API field error of the request on its field', async () => {
    stubFetch((c) =>
      c.path === '/api/plans/rank' ? json(400, { errors: [{ field: 'budget', message: 'the forced-in candidates cost 2000000 baht, more than the budget', code: 'invalid_plan_request' }] }) : { items: [], total: 0 },
    );
    renderPanel(<PlanningPanel />, { filters: { province: '15' } });
    fireEvent.click(screen.getByTestId('planning-rank'));
    await screen.findByText('the forced-in candidates cost 2000000 baht, more than the budget');
    expect(screen.getByTestId('planning-budget').getAttribute('aria-invalid')).toBe('true');
  });

  it('renders the ranking in order with Thai digits, the summary, left-out and skipped candidates', async () => {
    answerRanking();
    renderPanel(<PlanningPanel />, { filters: { province: '15' }, thaiDigits: true });
    fireEvent.click(screen.getByTestId('planning-rank'));
    const table = await screen.findByTestId('planning-ranking');
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows.map((r) => r.getAttribute('data-testid'))).toEqual(['planning-row-site:12', 'planning-row-repair:301', 'planning-row-site:7']);
    const cells = (i: number) => within(rows[i]!).getAllByRole('cell').map((c) => c.textContent);
    // rank, kind, name, cost, weight added, weight per million baht, cumulative cost, share of demand
    expect(cells(0)).toEqual(['๑', 'จุดใหม่', 'ชื่อ site:12', '๑,๒๐๐,๐๐๐', '๖', '๕', '๑,๒๐๐,๐๐๐', '๖ %']);
    expect(cells(1)).toEqual(['๒', 'ซ่อม', 'ชื่อ repair:301', '๒๕๐,๐๐๐', '๔', '๑๖', '๑,๔๕๐,๐๐๐', '๑๐ %']);
    expect(cells(2)[0]).toBe('๓');
    expect(rows.every((r) => r.tabIndex === 0)).toBe(true);

    const summary = screen.getByTestId('planning-summary');
    expect(summary.textContent).toContain('๔๐ % → ๕๒ %');
    expect(summary.textContent).toContain('ดีที่สุดแล้ว (พิสูจน์ได้)');
    expect(summary.textContent).toContain('๔๒ มิลลิวินาที');
    expect(screen.getByTestId('planning-left-out').textContent).toContain('กล้องหน้าตลาด');
    expect(screen.getByTestId('planning-skipped').textContent).toContain('จุดไม่มีราคา — ไม่มีค่าใช้จ่าย จึงจัดลำดับไม่ได้');
  });

  it('draws the coverage-vs-budget curve with its points, an accessible name and the numbers in a table', async () => {
    answerRanking();
    renderPanel(<PlanningPanel />, { filters: { province: '15' } });
    fireEvent.change(screen.getByTestId('planning-budget'), { target: { value: '3000000' } });
    fireEvent.click(screen.getByTestId('planning-rank'));
    const chart = await screen.findByRole('img', { name: 'ความครอบคลุมตามงบประมาณ' });
    expect(chart.getAttribute('data-testid')).toBe('planning-curve');
    const points = chart.querySelectorAll('circle.planning-curve-point');
    expect([...points].map((p) => p.getAttribute('data-budget'))).toEqual(['0', '1000000', '2000000', '3000000', '4000000']);
    // y grows with coverage: a higher coverage is drawn higher (smaller y)
    const ys = [...points].map((p) => Number(p.getAttribute('cy')));
    for (let i = 1; i < ys.length; i++) expect(ys[i]!).toBeLessThan(ys[i - 1]!);
    const desc = document.getElementById(chart.getAttribute('aria-describedby')!)!.textContent;
    expect(desc).toBe('จาก 40 % ที่งบ 0 บาท ถึง 53 % ที่งบ 4,000,000 บาท; งบปัจจุบัน 3,000,000 บาท ได้ 52 %');
    const budgetLine = chart.querySelector('line.planning-curve-budget')!;
    expect(Number(budgetLine.getAttribute('x1'))).toBeCloseTo(Number(points[3]!.getAttribute('cx')), 6);
    const rows = within(screen.getByTestId('planning-curve-table')).getAllByRole('row').slice(1);
    expect(rows).toHaveLength(5);
    expect(within(rows[2]!).getAllByRole('cell').map((c) => c.textContent)).toEqual(['2,000,000', '50 %', '6', '52 %']);
  });

  it('flies to a chosen row and highlights it; the chosen candidates are drawn numbered with views and stretches', async () => {
    answerRanking();
    const r = renderPanel(<PlanningPanel />, { filters: { province: '15' } });
    fireEvent.click(screen.getByTestId('planning-rank'));
    const row = await screen.findByTestId('planning-row-repair:301');
    await waitFor(() => expect(overlayIds(r)).toEqual(['planning-views', 'planning-stretches', 'planning-chosen', 'planning-ranks']));
    const ranks = r.bridge().overlays.find((l) => l.id === 'planning-ranks')!;
    expect((ranks.props.data as { rank: number }[]).map((d) => d.rank)).toEqual([1, 2, 3]);
    const views = r.bridge().overlays.find((l) => l.id === 'planning-views')!;
    const ring = (views.props.data as { polygon: [number, number][] }[])[0]!.polygon;
    expect(ring[0]).toEqual([expect.closeTo(100.451, 9), 14.6]); // a sector starts at its apex, the camera
    expect(ring.length).toBeGreaterThan(10);

    fireEvent.keyDown(row, { key: 'Enter' });
    expect(r.flyTo).toHaveBeenLastCalledWith({ lon: expect.closeTo(100.452, 9), lat: 14.6, zoom: 16 });
    expect(row.getAttribute('aria-current')).toBe('true');
    await waitFor(() => expect(overlayIds(r)).toContain('planning-selected'));
    const sel = r.bridge().overlays.find((l) => l.id === 'planning-selected')!;
    expect((sel.props.data as { id: string }[]).map((d) => d.id)).toEqual(['repair:301']);

    // Arrow keys move between rows.
    act(() => row.focus());
    fireEvent.keyDown(row, { key: 'ArrowDown' });
    expect(document.activeElement).toBe(screen.getByTestId('planning-row-site:7'));
  });

  it('keeps the ranking when the panel is left and opened again, and says when the area changed', async () => {
    answerRanking();
    renderPanel(<PlanningPanel />, { filters: { province: '15' } });
    fireEvent.click(screen.getByTestId('planning-rank'));
    await screen.findByTestId('planning-ranking');
    cleanup();
    renderPanel(<PlanningPanel />, { filters: { province: '15' } });
    expect(screen.getByTestId('planning-ranking')).toBeTruthy();
    expect(screen.queryByText(/กด "จัดลำดับ" อีกครั้ง/)).toBeNull();
    cleanup();
    renderPanel(<PlanningPanel />, { filters: { province: '16' } });
    expect(screen.getByText(/กด "จัดลำดับ" อีกครั้ง/)).toBeTruthy();
  });
});
