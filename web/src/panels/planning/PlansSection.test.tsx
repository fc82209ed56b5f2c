// @vitest-environment jsdom
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { PlanItem, SavedPlan } from '../../api/planning';
import { resetCoverageCache } from './coverageData';
import { PlanningPanel } from './PlanningPanel';
import { resetPlanningSession } from './session';
import { json, overlayIds, renderPanel, stubFetch, type Call } from './test-utils';

const planItem = (priority: number, candidate: string, name: string, cost: number): PlanItem => ({
  priority,
  candidate,
  kind: candidate.startsWith('site') ? 'site' : 'repair',
  site_id: candidate.startsWith('site') ? Number(candidate.slice(5)) : null,
  camera_id: candidate.startsWith('repair') ? Number(candidate.slice(7)) : null,
  name,
  cost,
  forced: null,
  solverRank: priority,
  marginalWeight: 4 - priority,
  weightPerBaht: (4 - priority) / cost,
  cumulativeCost: cost * priority,
  cumulativeWeight: 0,
  shareOfDemand: 0.01 * priority,
  coverageAfter: 0.4 + 0.01 * priority,
  newlyCovered: { points: [], hotspots: [], routes: [], items: 1 },
  overrideReason: null,
  view: { directionDeg: null, fovDeg: 360, rangeM: 30 },
  geometry: { type: 'Point', coordinates: [100.45 + priority / 100, 14.6] },
});

const PLAN: SavedPlan = {
  id: 7,
  name: 'แผนปี 2568',
  status: 'draft',
  province_code: '15',
  budget_baht: 3_000_000,
  method: 'auto',
  notes: null,
  approved_at: null,
  version: 2,
  created_at: '2025-01-15T03:00:00.000Z',
  updated_at: '2025-01-15T03:00:00.000Z',
  result: { coverageBefore: 0.4, coverageAfter: 0.43, optimal: true, gap: 0, method: 'exact' },
  summary: { items: 3, sites: 2, repairs: 1, totalCost: 1_500_000, coveredWeight: 6, shareOfDemand: 0.03, coverageAfter: 0.43, remainingBudget: 1_500_000, asRanked: true },
  items: [planItem(1, 'site:12', 'แยกไฟแดง', 500_000), planItem(2, 'repair:301', 'กล้องหน้าวัด', 500_000), planItem(3, 'site:7', 'ท่าน้ำ', 500_000)],
  leftOut: [{ candidate: 'site:9', kind: 'site', name: 'ตลาดเช้า', cost: 800_000, forced: null, wouldAdd: 2, overrideReason: null, geometry: { type: 'Point', coordinates: [100.5, 14.6] } }],
  overrides: [],
};

const LIST = { items: [{ id: 7, name: PLAN.name, status: 'draft', province_code: '15', budget_baht: 3_000_000, method: 'auto', items: 3, total_cost: 1_500_000, approved_at: null, created_at: PLAN.created_at, version: 2 }], total: 1 };

beforeEach(() => {
  resetPlanningSession();
  resetCoverageCache();
});

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  window.localStorage.clear();
});

function answer(extra: (c: Call) => unknown = () => undefined) {
  return stubFetch((c) => {
    const x = extra(c);
    if (x !== undefined) return x;
    if (c.method === 'GET' && c.path === '/api/plans') return LIST;
    if (c.method === 'GET' && c.path === '/api/plans/7') return PLAN;
    return undefined;
  });
}

async function openPlan() {
  fireEvent.click(await screen.findByTestId('planning-open-7'));
  return screen.findByTestId('planning-plan-items');
}

const rowIds = () => within(screen.getByTestId('planning-plan-items')).getAllByRole('row').slice(1).map((r) => r.getAttribute('data-testid'));

describe('planning panel: saved plans', () => {
  it('lists the plans of the province and opens one in priority order, drawn on the map', async () => {
    const calls = answer();
    const r = renderPanel(<PlanningPanel />, { filters: { province: '15' } });
    const list = await screen.findByTestId('planning-plans');
    expect(list.textContent).toContain('แผนปี 2568 — ฉบับร่าง, งบ 3,000,000 บาท, 3 รายการ');
    expect(calls.find((c) => c.path === '/api/plans')!.query.get('province')).toBe('15');
    await openPlan();
    expect(rowIds()).toEqual(['planning-plan-row-site:12', 'planning-plan-row-repair:301', 'planning-plan-row-site:7']);
    expect(screen.getByTestId('planning-export-xlsx').getAttribute('href')).toBe('/api/plans/7/export?format=xlsx&lang=th');
    expect(screen.getByTestId('planning-export-geojson').getAttribute('href')).toBe('/api/plans/7/export?format=geojson&lang=th');
    await waitFor(() => expect(overlayIds(r)).toContain('planning-ranks'));
    fireEvent.click(screen.getByTestId('planning-plan-row-site:7'));
    expect(r.flyTo).toHaveBeenLastCalledWith({ lon: 100.48, lat: 14.6, zoom: 16 });
  });

  it('needs a reason for every priority change, then sends it with the plan version', async () => {
    const moved: SavedPlan = { ...PLAN, version: 3, items: [{ ...PLAN.items[1]!, priority: 1, overrideReason: 'ตำรวจขอ' }, { ...PLAN.items[0]!, priority: 2 }, PLAN.items[2]!], summary: { ...PLAN.summary, asRanked: false } };
    const calls = answer((c) => (c.method === 'PATCH' ? moved : undefined));
    renderPanel(<PlanningPanel />, { filters: { province: '15' } });
    await openPlan();
    fireEvent.click(screen.getByRole('button', { name: 'เลื่อนขึ้น: กล้องหน้าวัด' }));
    expect((screen.getByTestId('planning-change-priority') as HTMLInputElement).value).toBe('1');
    fireEvent.click(screen.getByTestId('planning-change-apply'));
    const reason = screen.getByTestId('planning-change-reason');
    expect(reason.getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByTestId('planning-change-reason-error').textContent).toBe('ต้องระบุเหตุผลของการปรับลำดับ');
    fireEvent.change(reason, { target: { value: '   ' } });
    fireEvent.click(screen.getByTestId('planning-change-apply'));
    expect(calls.some((c) => c.method === 'PATCH')).toBe(false);

    fireEvent.change(reason, { target: { value: 'ตำรวจขอ' } });
    fireEvent.click(screen.getByTestId('planning-change-apply'));
    await waitFor(() => expect(rowIds()[0]).toBe('planning-plan-row-repair:301'));
    const patch = calls.find((c) => c.method === 'PATCH')!;
    expect(patch.path).toBe('/api/plans/7');
    expect(patch.body).toEqual({ version: 2, priorities: [{ candidate: 'repair:301', priority: 1, reason: 'ตำรวจขอ' }] });
    expect(screen.getByTestId('planning-plan-row-repair:301').textContent).toContain('ตำรวจขอ');
  });

  it('shows a 400 (over budget) and a 409 (stale version) on the row being changed', async () => {
    let status = 400;
    answer((c) =>
      c.method === 'PATCH'
        ? status === 400
          ? json(400, { errors: [{ field: 'priorities', message: 'the plan would cost 3800000 baht, over its budget of 3000000 by 800000', code: 'over_budget' }] })
          : json(409, { errors: [{ field: 'version', message: 'the plan is now at version 5', code: 'version_conflict' }], version: 5 })
        : undefined,
    );
    renderPanel(<PlanningPanel />, { filters: { province: '15' } });
    await openPlan();
    expect(screen.getByText('ข้อเสนอที่อยู่นอกแผน (1)')).toBeTruthy();
    fireEvent.click(screen.getByTestId('planning-add-site:9'));
    expect((screen.getByTestId('planning-change-priority') as HTMLInputElement).value).toBe('4');
    fireEvent.change(screen.getByTestId('planning-change-reason'), { target: { value: 'ชุมชนร้องขอ' } });
    fireEvent.click(screen.getByTestId('planning-change-apply'));
    expect((await screen.findByTestId('planning-change-error')).textContent).toBe('the plan would cost 3800000 baht, over its budget of 3000000 by 800000');
    expect(screen.getByTestId('planning-change-error').closest('li')!.textContent).toContain('ตลาดเช้า');

    status = 409;
    fireEvent.click(screen.getByTestId('planning-remove-site:7'));
    fireEvent.change(screen.getByTestId('planning-change-reason'), { target: { value: 'ซ้ำกับโครงการอื่น' } });
    fireEvent.click(screen.getByTestId('planning-change-apply'));
    await waitFor(() => expect(screen.getByTestId('planning-change-error').textContent).toBe('แผนถูกแก้ไขโดยผู้อื่นแล้ว: the plan is now at version 5'));
    expect(screen.getByTestId('planning-change-error').closest('tr')!.previousElementSibling!.getAttribute('data-testid')).toBe('planning-plan-row-site:7');
    expect(screen.getByRole('button', { name: 'โหลดแผนล่าสุด' })).toBeTruthy();
  });

  it('approves after a confirmation and refreshes the map', async () => {
    const approved: SavedPlan = { ...PLAN, status: 'approved', version: 3, sitesApproved: [7, 12] };
    const calls = answer((c) => (c.method === 'POST' && c.path === '/api/plans/7/approve' ? approved : undefined));
    const r = renderPanel(<PlanningPanel />, { filters: { province: '15' } });
    await openPlan();
    fireEvent.click(screen.getByTestId('planning-approve'));
    expect(calls.some((c) => c.path.endsWith('/approve'))).toBe(false);
    expect(screen.getByRole('alertdialog').textContent).toContain('อนุมัติแผนนี้หรือไม่?');
    fireEvent.click(screen.getByTestId('planning-approve-confirm'));
    await screen.findByText('อนุมัติแล้ว จุดติดตั้ง 2 จุดเปลี่ยนสถานะเป็น "ได้รับอนุมัติ"');
    expect(calls.find((c) => c.path.endsWith('/approve'))!.body).toEqual({ version: 2 });
    expect(r.bridge().dataVersion).toBe(1);
    expect(screen.queryByTestId('planning-approve')).toBeNull();
    expect(screen.queryByTestId('planning-remove-site:7')).toBeNull();
  });

  it('saves the last ranking as a named plan', async () => {
    const rank = { budget: 1_000_000, method: 'greedy', requestedMethod: 'greedy', optimal: false, gap: 0.05, bound: 1, exactStatus: null, coveredWeight: 1, totalCost: 500_000, totals: { total: 10, alreadyCovered: 4, open: 6, routeMetres: 0, routeMetresOpen: 0 }, shareOfDemand: 0.1, coverageBefore: 0.4, coverageAfter: 0.5, counts: { candidates: 1, sites: 1, repairs: 0, demandItems: 1, covers: 1 }, ranking: [], curve: [], leftOut: [], skipped: [], solveMs: 3 };
    const calls = answer((c) => (c.path === '/api/plans/rank' ? rank : c.method === 'POST' && c.path === '/api/plans' ? json(201, { ...PLAN, id: 8, name: 'แผนใหม่' }) : undefined));
    renderPanel(<PlanningPanel />, { filters: { province: '15' } });
    expect((screen.getByTestId('planning-save') as HTMLButtonElement).disabled).toBe(true);
    fireEvent.change(screen.getByTestId('planning-budget'), { target: { value: '1000000' } });
    fireEvent.change(screen.getByTestId('planning-method'), { target: { value: 'greedy' } });
    fireEvent.click(screen.getByTestId('planning-rank'));
    await waitFor(() => expect((screen.getByTestId('planning-save') as HTMLButtonElement).disabled).toBe(false));
    fireEvent.click(screen.getByTestId('planning-save'));
    expect(screen.getByText('ต้องตั้งชื่อแผน')).toBeTruthy();
    fireEvent.change(screen.getByTestId('planning-save-name'), { target: { value: 'แผนใหม่' } });
    fireEvent.click(screen.getByTestId('planning-save'));
    await screen.findByRole('heading', { name: 'แผนใหม่' });
    expect(calls.find((c) => c.method === 'POST' && c.path === '/api/plans')!.body).toEqual({ province: '15', budget: 1_000_000, method: 'greedy', time_limit: 10, kinds: ['site', 'repair'], name: 'แผนใหม่' });
  });
});
