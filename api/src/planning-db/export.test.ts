import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { Sink } from '../io/export/test-helpers.js';
import type { DemandTotals } from '../planning/build.js';
import type { NewlyCovered } from '../planning/plan.js';
import { PLAN_EXPORT_FORMATS, PLAN_SHEET_ROWS, planExportFilename, writePlanExport } from './export.js';
import type { PlanItem, SavedPlan } from './plans.js';

const TOTAL = 100;
const ALREADY = 30;

const newly = (n: Partial<NewlyCovered> = {}): NewlyCovered => ({ points: [], hotspots: [], routes: [], items: 0, ...n });

function item(p: Partial<PlanItem> & Pick<PlanItem, 'priority' | 'candidate' | 'kind' | 'cost' | 'marginalWeight' | 'cumulativeCost' | 'cumulativeWeight'>): PlanItem {
  return {
    site_id: null,
    camera_id: null,
    name: null,
    forced: null,
    solverRank: p.priority,
    weightPerBaht: p.cost > 0 ? p.marginalWeight / p.cost : null,
    shareOfDemand: p.cumulativeWeight / TOTAL,
    coverageAfter: (ALREADY + p.cumulativeWeight) / TOTAL,
    newlyCovered: newly(),
    overrideReason: null,
    view: { directionDeg: null, fovDeg: null, rangeM: null },
    geometry: { type: 'Point', coordinates: [100.45, 14.6] },
    ...p,
  };
}

const REASON = 'อยู่หน้าโรงเรียน ควรทำก่อน';
const EVIL = '=HYPERLINK("http://example.invalid","คลิก")';

function samplePlan(): SavedPlan {
  const items: PlanItem[] = [
    item({
      priority: 1,
      candidate: 'site:11',
      kind: 'site',
      site_id: 11,
      name: 'โรงเรียนวัดไชโย',
      cost: 150_000,
      solverRank: 2,
      marginalWeight: 12.5,
      cumulativeCost: 150_000,
      cumulativeWeight: 12.5,
      overrideReason: REASON,
      geometry: { type: 'Point', coordinates: [100.123456789, 14.987654321] },
      newlyCovered: newly({
        points: ['rp:1', 'rp:2'],
        hotspots: [{ id: 'h:1', requests: 4 }],
        routes: [
          {
            id: 7,
            metres: 420.5,
            weight: 3,
            lines: [
              [[100.1234567891, 14.5], [100.124, 14.501]],
              [[100.13, 14.51], [100.131, 14.512], [100.132, 14.513]],
            ],
          },
        ],
        items: 6,
      }),
    }),
    item({
      priority: 2,
      candidate: 'repair:5',
      kind: 'repair',
      camera_id: 5,
      name: EVIL,
      cost: 20_000,
      solverRank: 1,
      marginalWeight: 8,
      cumulativeCost: 170_000,
      cumulativeWeight: 20.5,
      newlyCovered: newly({ points: ['rp:3'], items: 1 }),
    }),
    item({
      priority: 3,
      candidate: 'site:12',
      kind: 'site',
      site_id: 12,
      name: 'ตลาดสดป่าโมก',
      cost: 300_000,
      marginalWeight: 6,
      cumulativeCost: 470_000,
      cumulativeWeight: 26.5,
      // A route with nothing drawable: no feature.
      newlyCovered: newly({ routes: [{ id: 8, metres: 0, weight: 0, lines: [] }], items: 0 }),
    }),
  ];
  const demandTotals: DemandTotals = {
    total: TOTAL,
    alreadyCovered: ALREADY,
    open: TOTAL - ALREADY,
    byKind: { point: { total: 50, alreadyCovered: 10, items: 40 }, route: { total: 30, alreadyCovered: 15, items: 60 }, hotspot: { total: 20, alreadyCovered: 5, items: 3 } },
    routeMetres: 5000,
    routeMetresOpen: 2500,
  };
  return {
    id: 12,
    name: 'แผนติดตั้งกล้อง อ่างทอง',
    status: 'draft',
    province_code: '15',
    area: { province: '15' },
    budget_baht: 500_000,
    method: 'auto',
    time_limit_s: 10,
    options: {},
    notes: 'ทดสอบการส่งออก',
    approved_at: null,
    is_demo: false,
    version: 2,
    created_at: '2026-03-15T03:00:00.000Z',
    updated_at: '2026-03-20T02:00:00.000Z',
    result: {
      budget: 500_000,
      method: 'exact',
      requestedMethod: 'auto',
      optimal: false,
      gap: 0.0123,
      bound: 30,
      exactStatus: 'Time limit reached',
      coveredWeight: 26.5,
      totalCost: 470_000,
      totals: demandTotals,
      shareOfDemand: 0.265,
      coverageBefore: 0.3,
      coverageAfter: 0.565,
      counts: { candidates: 4, sites: 3, repairs: 1, demandItems: 103, covers: 20 },
      curve: [
        { budget: 0, coveredWeight: 0, addedWeight: 0, shareOfDemand: 0, bound: 0, cost: 0 },
        { budget: 250_000, coveredWeight: 20.5, addedWeight: 20.5, shareOfDemand: 0.205, bound: 22, cost: 170_000 },
        { budget: 500_000, coveredWeight: 26.5, addedWeight: 6, shareOfDemand: 0.265, bound: 30, cost: 470_000 },
      ],
      skipped: [],
      solveMs: 12,
    },
    summary: { items: 3, sites: 2, repairs: 1, totalCost: 470_000, coveredWeight: 26.5, shareOfDemand: 0.265, coverageAfter: 0.565, remainingBudget: 30_000, asRanked: true },
    items,
    leftOut: [
      {
        candidate: 'site:13',
        kind: 'site',
        site_id: 13,
        camera_id: null,
        name: 'วัดป่าโมกวรวิหาร',
        cost: 500_000,
        forced: null,
        solverRank: null,
        wouldAdd: 6.25,
        overrideReason: null,
        geometry: { type: 'Point', coordinates: [100.44, 14.65] },
      },
    ],
    overrides: [{ id: 1, candidate: 'site:11', from_priority: 2, to_priority: 1, reason: REASON, created_at: '2026-03-20T02:00:00.000Z' }],
    demandTotals,
  };
}

async function xlsx(plan: SavedPlan, lang?: 'th' | 'en'): Promise<{ wb: ExcelJS.Workbook; rows: number }> {
  const out = new Sink();
  const { rows } = await writePlanExport(plan, 'xlsx', out, lang ? { lang } : {});
  expect(out.writableFinished).toBe(true);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(out.buffer as unknown as ArrayBuffer);
  return { wb, rows };
}

const rowValues = (ws: ExcelJS.Worksheet, r: number, n: number) => Array.from({ length: n }, (_, i) => ws.getRow(r).getCell(i + 1).value);

const TH_ITEM_HEADERS = [
  'ลำดับความสำคัญ',
  'ประเภท',
  'รหัสผู้สมัคร',
  'ชื่อสถานที่',
  'งบประมาณ (บาท)',
  'ลำดับจากการคำนวณ',
  'น้ำหนักที่ครอบคลุมเพิ่ม',
  'น้ำหนักต่อล้านบาท',
  'งบประมาณสะสม (บาท)',
  'น้ำหนักสะสม',
  'สัดส่วนของความต้องการทั้งหมด',
  'ความครอบคลุมหลังดำเนินการ',
  'จุดเสี่ยงที่ครอบคลุมใหม่',
  'รหัสจุดเสี่ยงที่ครอบคลุมใหม่',
  'เส้นทางที่ครอบคลุมใหม่ (เมตร)',
  'จุดที่มีการขอภาพที่ครอบคลุมใหม่',
  'จำนวนคำขอภาพที่ครอบคลุมใหม่',
  'เหตุผลการปรับลำดับ',
  'ละติจูด',
  'ลองจิจูด',
];

describe('plan export file names', () => {
  it('are ASCII and carry the extension', () => {
    const plan = samplePlan();
    expect(PLAN_EXPORT_FORMATS).toEqual(['xlsx', 'geojson']);
    expect(planExportFilename(plan, 'xlsx')).toBe('plan-12.xlsx');
    expect(planExportFilename(plan, 'geojson')).toBe('plan-12.geojson');
  });
});

describe('plan export as XLSX', () => {
  it('writes the ranked plan with Thai headers, numbers, percentages and Buddhist Era dates', async () => {
    const { wb, rows } = await xlsx(samplePlan());
    expect(rows).toBe(3);
    const names = wb.worksheets.map((w) => w.name);
    expect(names).toEqual(['แผน', 'งบประมาณกับความครอบคลุม', 'ไม่ได้เลือก', 'การปรับลำดับ']);
    for (const n of names) expect(n.length).toBeLessThanOrEqual(31);

    const ws = wb.worksheets[0]!;
    const R = PLAN_SHEET_ROWS;
    expect(ws.getCell(R.title, 1).value).toBe('แผนติดตั้งกล้อง อ่างทอง — สถานะ: ร่าง');
    // The figures above the table.
    const labels = rowValues(ws, R.summaryLabels, 11);
    const values = rowValues(ws, R.summaryValues, 11);
    const figure = (l: string) => values[labels.indexOf(l)];
    expect(figure('งบประมาณ (บาท)')).toBe(500_000);
    expect(figure('ค่าใช้จ่ายรวม (บาท)')).toBe(470_000);
    expect(figure('งบประมาณคงเหลือ (บาท)')).toBe(30_000);
    expect(figure('ความครอบคลุมก่อนดำเนินการ')).toBeCloseTo(0.3);
    expect(figure('ความครอบคลุมหลังดำเนินการ')).toBeCloseTo(0.565);
    expect(figure('ผลลัพธ์ดีที่สุด (optimal)')).toBe('ไม่ใช่');
    expect(figure('ช่องว่างจากค่าขอบเขต (gap)')).toBeCloseTo(0.0123);
    expect(figure('วันที่สร้าง')).toBe('15 มีนาคม พ.ศ. 2569');
    expect(figure('วันที่อนุมัติ')).toBe('-');
    expect(ws.getCell(R.summaryValues, labels.indexOf('ความครอบคลุมหลังดำเนินการ') + 1).numFmt).toBe('0.0%');
    expect(ws.getCell(R.summaryValues, 1).numFmt).toBe('#,##0');
    expect(String(ws.getCell(R.notes, 1).value)).toContain('ทดสอบการส่งออก');

    // The ranked table: frozen header, autofilter, one row per item in priority order.
    expect(rowValues(ws, R.header, TH_ITEM_HEADERS.length)).toEqual(TH_ITEM_HEADERS);
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: R.header });
    expect(JSON.stringify(ws.autoFilter)).toContain(`A${R.header}`);
    const col = (h: string) => TH_ITEM_HEADERS.indexOf(h) + 1;
    const first = R.header + 1;
    expect([0, 1, 2].map((i) => ws.getCell(first + i, col('ลำดับความสำคัญ')).value)).toEqual([1, 2, 3]);
    expect([0, 1, 2].map((i) => ws.getCell(first + i, col('รหัสผู้สมัคร')).value)).toEqual(['site:11', 'repair:5', 'site:12']);
    expect([0, 1, 2].map((i) => ws.getCell(first + i, col('ประเภท')).value)).toEqual(['ติดตั้งจุดใหม่', 'ซ่อมกล้องเดิม', 'ติดตั้งจุดใหม่']);
    expect([0, 1, 2].map((i) => ws.getCell(first + i, col('งบประมาณ (บาท)')).value)).toEqual([150_000, 20_000, 300_000]);
    expect([0, 1, 2].map((i) => ws.getCell(first + i, col('งบประมาณสะสม (บาท)')).value)).toEqual([150_000, 170_000, 470_000]);
    expect(ws.getCell(first, col('งบประมาณ (บาท)')).numFmt).toBe('#,##0');
    expect(ws.getCell(first, col('น้ำหนักที่ครอบคลุมเพิ่ม')).value).toBe(12.5);
    expect(ws.getCell(first, col('น้ำหนักที่ครอบคลุมเพิ่ม')).numFmt).toBe('0.00');
    expect(ws.getCell(first, col('น้ำหนักต่อล้านบาท')).value).toBeCloseTo((12.5 / 150_000) * 1e6);
    const share = ws.getCell(first + 1, col('สัดส่วนของความต้องการทั้งหมด'));
    expect(share.value).toBeCloseTo(0.205);
    expect(share.numFmt).toBe('0.0%');
    expect(ws.getCell(first + 2, col('ความครอบคลุมหลังดำเนินการ')).value).toBeCloseTo(0.565);
    expect(ws.getCell(first + 2, col('ความครอบคลุมหลังดำเนินการ')).numFmt).toBe('0.0%');
    expect(ws.getCell(first, col('ลำดับจากการคำนวณ')).value).toBe(2);
    expect(ws.getCell(first, col('จุดเสี่ยงที่ครอบคลุมใหม่')).value).toBe(2);
    expect(ws.getCell(first, col('รหัสจุดเสี่ยงที่ครอบคลุมใหม่')).value).toBe('rp:1, rp:2');
    expect(ws.getCell(first, col('เส้นทางที่ครอบคลุมใหม่ (เมตร)')).value).toBe(420.5);
    expect(ws.getCell(first, col('จุดที่มีการขอภาพที่ครอบคลุมใหม่')).value).toBe(1);
    expect(ws.getCell(first, col('จำนวนคำขอภาพที่ครอบคลุมใหม่')).value).toBe(4);
    expect(ws.getCell(first, col('เหตุผลการปรับลำดับ')).value).toBe(REASON);
    expect(ws.getCell(first, col('ละติจูด')).value).toBeCloseTo(14.987654321, 9);
    expect(ws.getCell(first, col('ลองจิจูด')).value).toBeCloseTo(100.123456789, 9);
    // A name Excel would run as a formula is neutralised: text with a leading apostrophe.
    const evil = ws.getCell(first + 1, col('ชื่อสถานที่'));
    expect(evil.value).toBe(`'${EVIL}`);
    expect(evil.type).not.toBe(ExcelJS.ValueType.Formula);
    expect(ws.getCell(first + 3, 1).value).toBeNull();
    // Widths: every column set, none absurd.
    for (let i = 1; i <= TH_ITEM_HEADERS.length; i++) expect(ws.getColumn(i).width).toBeGreaterThanOrEqual(8);

    // Sheet 2: the budget curve.
    const wc = wb.worksheets[1]!;
    expect(rowValues(wc, 1, 5)).toEqual(['งบประมาณ (บาท)', 'น้ำหนักที่ครอบคลุม', 'น้ำหนักที่เพิ่มขึ้นจากขั้นก่อน', 'สัดส่วนของความต้องการทั้งหมด', 'ขอบเขตบนของน้ำหนัก']);
    expect([2, 3, 4].map((r) => wc.getCell(r, 1).value)).toEqual([0, 250_000, 500_000]);
    expect(rowValues(wc, 4, 5)).toEqual([500_000, 26.5, 6, 0.265, 30]);
    expect(wc.getCell(3, 4).numFmt).toBe('0.0%');

    // Sheet 3: left out.
    const wl = wb.worksheets[2]!;
    expect(rowValues(wl, 1, 7)).toEqual(['รหัสผู้สมัคร', 'ประเภท', 'ชื่อสถานที่', 'งบประมาณ (บาท)', 'ลำดับจากการคำนวณ', 'น้ำหนักที่จะครอบคลุมเพิ่ม', 'เหตุผลการปรับลำดับ']);
    expect(rowValues(wl, 2, 7)).toEqual(['site:13', 'ติดตั้งจุดใหม่', 'วัดป่าโมกวรวิหาร', 500_000, null, 6.25, null]);

    // Sheet 4: overrides, dated in the Buddhist Era.
    const wo = wb.worksheets[3]!;
    expect(rowValues(wo, 1, 6)).toEqual(['รหัสผู้สมัคร', 'ชื่อสถานที่', 'จากลำดับ', 'เป็นลำดับ', 'เหตุผล', 'วันที่']);
    expect(rowValues(wo, 2, 6)).toEqual(['site:11', 'โรงเรียนวัดไชโย', 2, 1, REASON, '20 มีนาคม พ.ศ. 2569']);
  });

  it('writes English headers and sheet names with lang=en', async () => {
    const plan = samplePlan();
    plan.status = 'approved';
    plan.approved_at = '2026-04-01T05:00:00.000Z';
    const { wb } = await xlsx(plan, 'en');
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Plan', 'Budget curve', 'Left out', 'Overrides']);
    const ws = wb.worksheets[0]!;
    expect(ws.getCell(1, 1).value).toBe('แผนติดตั้งกล้อง อ่างทอง — Status: Approved');
    const header = rowValues(ws, PLAN_SHEET_ROWS.header, 5);
    expect(header).toEqual(['Priority', 'Kind', 'Candidate', 'Place name', 'Cost (baht)']);
    expect(ws.getCell(PLAN_SHEET_ROWS.header + 2, 2).value).toBe('Repair existing camera');
    const labels = rowValues(ws, PLAN_SHEET_ROWS.summaryLabels, 11);
    expect(rowValues(ws, PLAN_SHEET_ROWS.summaryValues, 11)[labels.indexOf('Approved')]).toBe('2026-04-01');
    expect(rowValues(wb.worksheets[1]!, 1, 2)).toEqual(['Budget (baht)', 'Covered weight']);
  });
});

interface Feature {
  type: 'Feature';
  geometry: { type: string; coordinates: unknown };
  properties: Record<string, unknown>;
}

async function geojson(plan: SavedPlan): Promise<{ text: string; fc: { type: string; name: string; plan: Record<string, unknown>; features: Feature[] } }> {
  const out = new Sink();
  const { rows } = await writePlanExport(plan, 'geojson', out);
  expect(rows).toBe(plan.items.length);
  expect(out.writableFinished).toBe(true);
  return { text: out.text, fc: JSON.parse(out.text) };
}

const hasOgrinfo = fs.existsSync('/usr/bin/ogrinfo');

describe('plan export as GeoJSON', () => {
  it('writes the items in priority order, then the route stretches they newly cover', async () => {
    const { fc } = await geojson(samplePlan());
    expect(fc.type).toBe('FeatureCollection');
    expect(fc.name).toBe('plan_12');
    expect(fc.plan).toMatchObject({ id: 12, name: 'แผนติดตั้งกล้อง อ่างทอง', status: 'draft', budget_baht: 500_000 });
    expect(fc.plan.totals).toMatchObject({ total_cost_baht: 470_000, remaining_budget_baht: 30_000, coverage_before: 0.3, coverage_after: 0.565 });
    // 3 items + 1 route of item 1 (item 3's route has no lines and is skipped).
    expect(fc.features.map((f) => f.properties.layer)).toEqual(['plan_item', 'plan_item', 'plan_item', 'covered_route']);
    const [a, b, c, route] = fc.features as [Feature, Feature, Feature, Feature];
    expect([a, b, c].map((f) => f.properties.priority)).toEqual([1, 2, 3]);
    expect(a.geometry).toEqual({ type: 'Point', coordinates: [100.1234568, 14.9876543] });
    expect(a.properties).toEqual({
      layer: 'plan_item',
      priority: 1,
      candidate: 'site:11',
      kind: 'site',
      site_id: 11,
      camera_id: null,
      name: 'โรงเรียนวัดไชโย',
      cost_baht: 150_000,
      solver_rank: 2,
      marginal_weight: 12.5,
      cumulative_cost_baht: 150_000,
      cumulative_weight: 12.5,
      share_of_demand: 0.125,
      coverage_after: 0.425,
      override_reason: REASON,
      newly_covered_points: 2,
      newly_covered_route_m: 420.5,
      newly_covered_hotspots: 1,
      newly_covered_requests: 4,
    });
    expect(b.properties).toMatchObject({ kind: 'repair', camera_id: 5, site_id: null, name: EVIL, newly_covered_points: 1, newly_covered_route_m: 0 });
    expect(route.geometry.type).toBe('MultiLineString');
    expect(route.geometry.coordinates).toEqual([
      [[100.1234568, 14.5], [100.124, 14.501]],
      [[100.13, 14.51], [100.131, 14.512], [100.132, 14.513]],
    ]);
    expect(route.properties).toEqual({ layer: 'covered_route', priority: 1, candidate: 'site:11', route_id: 7, metres: 420.5, weight: 3 });
  });

  it.skipIf(!hasOgrinfo)('is read by GDAL (ogrinfo) with every feature and the Thai names', async () => {
    const { text } = await geojson(samplePlan());
    const file = path.join(os.tmpdir(), `plan-export-${process.pid}-${Date.now()}.geojson`);
    fs.writeFileSync(file, text, 'utf8');
    try {
      const summary = execFileSync('/usr/bin/ogrinfo', ['-ro', '-al', '-so', file], { encoding: 'utf8' });
      expect(summary).toContain('Layer name: plan_12');
      expect(summary).toContain('Feature Count: 4');
      const full = execFileSync('/usr/bin/ogrinfo', ['-ro', '-al', file], { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
      expect(full).toContain('name (String) = โรงเรียนวัดไชโย');
      expect(full).toContain(`override_reason (String) = ${REASON}`);
      expect(full).toMatch(/MULTILINESTRING \(\(100\.1234568 14\.5,/);
    } finally {
      fs.rmSync(file, { force: true });
    }
  });
});
