/**
 * A saved plan as files for the committee and for GIS:
 *  - XLSX: the ranked table with Thai headers (English with lang 'en'), the plan's figures above it
 *    (budget, cost, coverage before and after, how it was solved, Buddhist Era dates), the budget
 *    curve, the candidates left out and the committee's priority overrides, one sheet each;
 *  - GeoJSON (RFC 7946): one Point per plan item in priority order, then the route stretches each
 *    item newly covers as MultiLineStrings; the plan's figures ride in a top-level "plan" member.
 * A plan holds at most a few thousand candidates, so both are built from the SavedPlan in memory
 * and written with backpressure.
 */
import { Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type ExcelJS from 'exceljs';
import { OFFICIAL_FONT, thaiDate } from '../io/export/official.js';
import { ExportError, FORMAT_INFO } from '../io/export/types.js';
import { asDate, isoDate } from '../io/export/values.js';
import { HEADER_FILL, HEADER_FONT, THIN_BORDER, displayWidth, neutraliseFormula, openXlsxStream, sheetName } from '../io/export/writers.js';
import type { LeftOutItem, Override, PlanItem, SavedPlan } from './plans.js';

export type PlanExportFormat = 'xlsx' | 'geojson';
export const PLAN_EXPORT_FORMATS: readonly PlanExportFormat[] = ['xlsx', 'geojson'];

export interface PlanExportOptions {
  /** Headers, labels and dates: Thai with Buddhist Era dates (default) or English with ISO dates. */
  lang?: 'th' | 'en';
}

type Lang = 'th' | 'en';
type Out = NodeJS.WritableStream | Writable;

/** `plan-12.xlsx`: the id only, so the name is ASCII whatever the plan is called. */
export function planExportFilename(plan: SavedPlan, format: PlanExportFormat): string {
  const id = Number.isSafeInteger(plan.id) ? String(plan.id) : 'export';
  return `plan-${id}.${FORMAT_INFO[format].extension}`;
}

export function planExportContentType(format: PlanExportFormat): string {
  return FORMAT_INFO[format].contentType;
}

/** Writes the whole file to `out` and ends it; resolves with the number of plan items written. */
export async function writePlanExport(plan: SavedPlan, format: PlanExportFormat, out: Out, opts: PlanExportOptions = {}): Promise<{ rows: number }> {
  const lang: Lang = opts.lang === 'en' ? 'en' : 'th';
  switch (format) {
    case 'xlsx':
      return writePlanXlsx(plan, out as Writable, lang);
    case 'geojson':
      return writePlanGeoJSON(plan, out, lang);
    default:
      throw new ExportError(`unknown plan export format "${String(format)}" (${PLAN_EXPORT_FORMATS.join(', ')})`);
  }
}

// ---------------------------------------------------------------------------------------------
// Labels

const T = {
  sheetPlan: { th: 'แผน', en: 'Plan' },
  sheetCurve: { th: 'งบประมาณกับความครอบคลุม', en: 'Budget curve' },
  sheetLeftOut: { th: 'ไม่ได้เลือก', en: 'Left out' },
  sheetOverrides: { th: 'การปรับลำดับ', en: 'Overrides' },
  status: { th: 'สถานะ', en: 'Status' },
  notes: { th: 'หมายเหตุ', en: 'Notes' },
  yes: { th: 'ใช่', en: 'yes' },
  no: { th: 'ไม่ใช่', en: 'no' },
  added: { th: 'เพิ่มเข้าแผน', en: 'added to the plan' },
  removed: { th: 'นำออกจากแผน', en: 'removed from the plan' },
} as const;

export const PLAN_STATUS_LABELS: Record<SavedPlan['status'], { th: string; en: string }> = {
  draft: { th: 'ร่าง', en: 'Draft' },
  approved: { th: 'อนุมัติแล้ว', en: 'Approved' },
};

export const PLAN_KIND_LABELS: Record<PlanItem['kind'], { th: string; en: string }> = {
  site: { th: 'ติดตั้งจุดใหม่', en: 'New installation' },
  repair: { th: 'ซ่อมกล้องเดิม', en: 'Repair existing camera' },
};

const METHOD_LABELS: Record<string, { th: string; en: string }> = {
  greedy: { th: 'อัลกอริทึมเชิงละโมบ (greedy)', en: 'Greedy' },
  exact: { th: 'กำหนดการเชิงจำนวนเต็ม (exact)', en: 'Exact (integer programming)' },
  auto: { th: 'อัตโนมัติ (auto)', en: 'Automatic' },
};

const label = (l: { th: string; en: string } | undefined, lang: Lang, fallback = '') => l?.[lang] ?? fallback;

// ---------------------------------------------------------------------------------------------
// XLSX

const FMT = {
  baht: '#,##0',
  weight: '0.00',
  share: '0.0%',
  gap: '0.00%',
  int: '0',
  count: '#,##0',
  coord: '0.0000000',
} as const;

/** Excel's limit for the text of one cell. */
const EXCEL_MAX_TEXT = 32_767;

const font = (extra: Partial<ExcelJS.Font> = {}): Partial<ExcelJS.Font> => ({ name: OFFICIAL_FONT, size: 14, ...extra });

/** Text for a cell: formula-like text neutralised, cut to what Excel allows; empty text as an empty cell. */
function text(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  const s = neutraliseFormula(String(v));
  if (s === '') return null;
  return s.length <= EXCEL_MAX_TEXT ? s : `${s.slice(0, EXCEL_MAX_TEXT - 40)} … (truncated: longer than Excel allows)`;
}

/** A finite number, else an empty cell. */
function num(v: number | null | undefined): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

function dateText(v: string | null | undefined, lang: Lang): string | null {
  const d = asDate(v);
  if (!d) return null;
  return lang === 'th' ? thaiDate(d) : isoDate(d);
}

interface Column<R> {
  th: string;
  en: string;
  value: (r: R) => ExcelJS.CellValue;
  numFmt?: string;
}

/** The width a value takes when shown (numbers roughly as formatted). */
function valueWidth(v: ExcelJS.CellValue, numFmt?: string): number {
  if (v === null || v === undefined) return 0;
  if (typeof v === 'number') {
    if (numFmt?.endsWith('%')) return (v * 100).toFixed(2).length + 1;
    const digits = numFmt === FMT.coord ? 7 : numFmt === FMT.weight ? 2 : 0;
    return v.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits }).length;
  }
  return displayWidth(String(v));
}

/** A column's width from its headers (they wrap: counted up to 18) and its values, within 8..48. */
function columnWidth(headers: string[], cells: { value: ExcelJS.CellValue; numFmt?: string }[]): number {
  const w = Math.max(0, ...headers.map((h) => Math.min(displayWidth(h), 18)), ...cells.map((c) => Math.min(valueWidth(c.value, c.numFmt), 60)));
  return Math.min(Math.max(w + 3, 8), 48);
}

const HEADER_STYLE: Partial<ExcelJS.Style> = {
  font: font({ ...HEADER_FONT }),
  fill: HEADER_FILL,
  border: THIN_BORDER,
  alignment: { horizontal: 'center', vertical: 'middle', wrapText: true },
};

function headerRow(ws: ExcelJS.Worksheet, at: number, labels: string[]): void {
  const row = ws.getRow(at);
  labels.forEach((h, i) => {
    const cell = row.getCell(i + 1);
    cell.value = h;
    cell.style = HEADER_STYLE;
  });
  row.height = 60;
  row.commit();
}

/** One style object per column, shared by its cells (exceljs caches the style id per object). */
function columnStyles<R>(columns: Column<R>[]): Partial<ExcelJS.Style>[] {
  return columns.map((c) => ({
    font: font(),
    border: THIN_BORDER,
    alignment: { vertical: 'top', wrapText: !c.numFmt },
    ...(c.numFmt ? { numFmt: c.numFmt } : {}),
  }));
}

type Stream = ReturnType<typeof openXlsxStream>;

/** The header row at `at`, frozen with an autofilter, then one row per record. */
async function writeTable<R>(x: Stream, ws: ExcelJS.Worksheet, at: number, columns: Column<R>[], rows: readonly R[], lang: Lang): Promise<void> {
  headerRow(ws, at, columns.map((c) => c[lang]));
  ws.autoFilter = { from: { row: at, column: 1 }, to: { row: at, column: columns.length } };
  const styles = columnStyles(columns);
  let n = 0;
  for (const r of rows) {
    const row = ws.getRow(at + 1 + n);
    columns.forEach((c, i) => {
      const cell = row.getCell(i + 1);
      cell.value = c.value(r);
      cell.style = styles[i]!;
    });
    row.commit();
    n++;
    await x.throttle(n, ws);
  }
}

/** Widths of a table's columns; `above` are cells in the same columns above the table (label and value). */
function tableWidths<R>(columns: Column<R>[], rows: readonly R[], lang: Lang, above: { header: string; value: ExcelJS.CellValue; numFmt?: string }[] = []): number[] {
  const n = Math.max(columns.length, above.length);
  return Array.from({ length: n }, (_, i) => {
    const c = columns[i];
    const a = above[i];
    const headers = [...(c ? [c[lang]] : []), ...(a ? [a.header] : [])];
    const cells = [...(c ? rows.map((r) => ({ value: c.value(r), numFmt: c.numFmt })) : []), ...(a ? [{ value: a.value, numFmt: a.numFmt }] : [])];
    return columnWidth(headers, cells);
  });
}

const sumBy = <T>(xs: readonly T[], f: (x: T) => number) => xs.reduce((s, x) => s + (Number.isFinite(f(x)) ? f(x) : 0), 0);

/** Coordinates of a stored point, or nulls. */
const lonLat = (g: PlanItem['geometry'] | null | undefined): [number | null, number | null] => {
  const c = g?.coordinates;
  return Array.isArray(c) && c.length >= 2 ? [num(c[0]), num(c[1])] : [null, null];
};

/** The ranked table's columns. */
function itemColumns(lang: Lang): Column<PlanItem>[] {
  return [
    { th: 'ลำดับความสำคัญ', en: 'Priority', value: (r) => r.priority, numFmt: FMT.int },
    { th: 'ประเภท', en: 'Kind', value: (r) => label(PLAN_KIND_LABELS[r.kind], lang, r.kind) },
    { th: 'รหัสผู้สมัคร', en: 'Candidate', value: (r) => text(r.candidate) },
    { th: 'ชื่อสถานที่', en: 'Place name', value: (r) => text(r.name) },
    { th: 'งบประมาณ (บาท)', en: 'Cost (baht)', value: (r) => num(r.cost), numFmt: FMT.baht },
    { th: 'ลำดับจากการคำนวณ', en: 'Solver rank', value: (r) => num(r.solverRank), numFmt: FMT.int },
    { th: 'น้ำหนักที่ครอบคลุมเพิ่ม', en: 'Added weight', value: (r) => num(r.marginalWeight), numFmt: FMT.weight },
    { th: 'น้ำหนักต่อล้านบาท', en: 'Weight per million baht', value: (r) => (r.weightPerBaht === null ? null : num(r.weightPerBaht * 1e6)), numFmt: FMT.weight },
    { th: 'งบประมาณสะสม (บาท)', en: 'Cumulative cost (baht)', value: (r) => num(r.cumulativeCost), numFmt: FMT.baht },
    { th: 'น้ำหนักสะสม', en: 'Cumulative weight', value: (r) => num(r.cumulativeWeight), numFmt: FMT.weight },
    { th: 'สัดส่วนของความต้องการทั้งหมด', en: 'Share of total demand', value: (r) => num(r.shareOfDemand), numFmt: FMT.share },
    { th: 'ความครอบคลุมหลังดำเนินการ', en: 'Coverage after', value: (r) => num(r.coverageAfter), numFmt: FMT.share },
    { th: 'จุดเสี่ยงที่ครอบคลุมใหม่', en: 'Newly covered risk points', value: (r) => r.newlyCovered.points.length, numFmt: FMT.int },
    { th: 'รหัสจุดเสี่ยงที่ครอบคลุมใหม่', en: 'Risk point ids', value: (r) => text(r.newlyCovered.points.join(', ')) },
    { th: 'เส้นทางที่ครอบคลุมใหม่ (เมตร)', en: 'Newly covered routes (m)', value: (r) => sumBy(r.newlyCovered.routes, (x) => x.metres), numFmt: FMT.count },
    { th: 'จุดที่มีการขอภาพที่ครอบคลุมใหม่', en: 'Newly covered request hotspots', value: (r) => r.newlyCovered.hotspots.length, numFmt: FMT.int },
    { th: 'จำนวนคำขอภาพที่ครอบคลุมใหม่', en: 'Footage requests newly covered', value: (r) => sumBy(r.newlyCovered.hotspots, (h) => h.requests), numFmt: FMT.count },
    { th: 'เหตุผลการปรับลำดับ', en: 'Override reason', value: (r) => text(r.overrideReason) },
    { th: 'ละติจูด', en: 'Latitude', value: (r) => lonLat(r.geometry)[1], numFmt: FMT.coord },
    { th: 'ลองจิจูด', en: 'Longitude', value: (r) => lonLat(r.geometry)[0], numFmt: FMT.coord },
  ];
}

type CurveRow = SavedPlan['result']['curve'][number];
const CURVE_COLUMNS: Column<CurveRow>[] = [
  { th: 'งบประมาณ (บาท)', en: 'Budget (baht)', value: (r) => num(r.budget), numFmt: FMT.baht },
  { th: 'น้ำหนักที่ครอบคลุม', en: 'Covered weight', value: (r) => num(r.coveredWeight), numFmt: FMT.weight },
  { th: 'น้ำหนักที่เพิ่มขึ้นจากขั้นก่อน', en: 'Added weight (this step)', value: (r) => num(r.addedWeight), numFmt: FMT.weight },
  { th: 'สัดส่วนของความต้องการทั้งหมด', en: 'Share of total demand', value: (r) => num(r.shareOfDemand), numFmt: FMT.share },
  { th: 'ขอบเขตบนของน้ำหนัก', en: 'Upper bound of weight', value: (r) => num(r.bound), numFmt: FMT.weight },
  { th: 'ค่าใช้จ่ายของแผน (บาท)', en: 'Cost of the plan (baht)', value: (r) => num(r.cost), numFmt: FMT.baht },
];

function leftOutColumns(lang: Lang): Column<LeftOutItem>[] {
  return [
    { th: 'รหัสผู้สมัคร', en: 'Candidate', value: (r) => text(r.candidate) },
    { th: 'ประเภท', en: 'Kind', value: (r) => label(PLAN_KIND_LABELS[r.kind], lang, r.kind) },
    { th: 'ชื่อสถานที่', en: 'Place name', value: (r) => text(r.name) },
    { th: 'งบประมาณ (บาท)', en: 'Cost (baht)', value: (r) => num(r.cost), numFmt: FMT.baht },
    { th: 'ลำดับจากการคำนวณ', en: 'Solver rank', value: (r) => num(r.solverRank), numFmt: FMT.int },
    { th: 'น้ำหนักที่จะครอบคลุมเพิ่ม', en: 'Weight it would add', value: (r) => num(r.wouldAdd), numFmt: FMT.weight },
    { th: 'เหตุผลการปรับลำดับ', en: 'Override reason', value: (r) => text(r.overrideReason) },
    { th: 'ละติจูด', en: 'Latitude', value: (r) => lonLat(r.geometry)[1], numFmt: FMT.coord },
    { th: 'ลองจิจูด', en: 'Longitude', value: (r) => lonLat(r.geometry)[0], numFmt: FMT.coord },
  ];
}

function overrideColumns(plan: SavedPlan, lang: Lang): Column<Override>[] {
  const nameOf = new Map<string, string | null>([...plan.leftOut, ...plan.items].map((i) => [i.candidate, i.name]));
  const position = (p: number | null, none: { th: string; en: string }) => (p === null ? none[lang] : p);
  return [
    { th: 'รหัสผู้สมัคร', en: 'Candidate', value: (r) => text(r.candidate) },
    { th: 'ชื่อสถานที่', en: 'Place name', value: (r) => text(nameOf.get(r.candidate)) },
    { th: 'จากลำดับ', en: 'From priority', value: (r) => position(r.from_priority, T.added), numFmt: FMT.int },
    { th: 'เป็นลำดับ', en: 'To priority', value: (r) => position(r.to_priority, T.removed), numFmt: FMT.int },
    { th: 'เหตุผล', en: 'Reason', value: (r) => text(r.reason) },
    { th: 'วันที่', en: 'Date', value: (r) => dateText(r.created_at, lang) },
  ];
}

/** The figures above the ranked table: label row and value row. */
function summaryCells(plan: SavedPlan, lang: Lang): { th: string; en: string; value: ExcelJS.CellValue; numFmt?: string }[] {
  const s = plan.summary;
  const r = plan.result;
  const d = plan.demandTotals;
  const before = d && d.total > 0 ? d.alreadyCovered / d.total : num(r.coverageBefore);
  return [
    { th: 'งบประมาณ (บาท)', en: 'Budget (baht)', value: num(plan.budget_baht), numFmt: FMT.baht },
    { th: 'ค่าใช้จ่ายรวม (บาท)', en: 'Total cost (baht)', value: num(s.totalCost), numFmt: FMT.baht },
    { th: 'งบประมาณคงเหลือ (บาท)', en: 'Remaining budget (baht)', value: num(s.remainingBudget), numFmt: FMT.baht },
    { th: 'จำนวนรายการ', en: 'Items', value: num(s.items), numFmt: FMT.int },
    { th: 'ความครอบคลุมก่อนดำเนินการ', en: 'Coverage before', value: before, numFmt: FMT.share },
    { th: 'ความครอบคลุมหลังดำเนินการ', en: 'Coverage after', value: num(s.coverageAfter), numFmt: FMT.share },
    { th: 'วิธีการคำนวณ', en: 'Method', value: label(METHOD_LABELS[r.method], lang, String(r.method)) },
    { th: 'ผลลัพธ์ดีที่สุด (optimal)', en: 'Proven optimal', value: (r.optimal ? T.yes : T.no)[lang] },
    { th: 'ช่องว่างจากค่าขอบเขต (gap)', en: 'Gap to the bound', value: num(r.gap), numFmt: FMT.gap },
    { th: 'วันที่สร้าง', en: 'Created', value: dateText(plan.created_at, lang) },
    { th: 'วันที่อนุมัติ', en: 'Approved', value: dateText(plan.approved_at, lang) ?? '-' },
  ];
}

/** Row numbers of the plan sheet. */
export const PLAN_SHEET_ROWS = { title: 1, summaryLabels: 2, summaryValues: 3, notes: 4, header: 5 } as const;

const PAGE: Partial<ExcelJS.PageSetup> = { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 };

async function writePlanXlsx(plan: SavedPlan, out: Writable, lang: Lang): Promise<{ rows: number }> {
  const x = openXlsxStream(out, { end: true });
  try {
    // Sheet 1: the plan.
    const R = PLAN_SHEET_ROWS;
    const columns = itemColumns(lang);
    const summary = summaryCells(plan, lang);
    const ws = x.wb.addWorksheet(sheetName(T.sheetPlan[lang]), {
      views: [{ state: 'frozen', ySplit: R.header, xSplit: 0 }],
      pageSetup: { ...PAGE, printTitlesRow: `${R.header}:${R.header}` },
    });
    ws.columns = tableWidths(columns, plan.items, lang, summary.map((c) => ({ header: c[lang], value: c.value, numFmt: c.numFmt }))).map((width) => ({ width }));

    const title = ws.getRow(R.title);
    const status = label(PLAN_STATUS_LABELS[plan.status], lang, plan.status);
    title.getCell(1).value = text(`${plan.name} — ${T.status[lang]}: ${status}`);
    title.getCell(1).font = font({ size: 18, bold: true });
    title.height = 30;
    title.commit();

    headerRow(ws, R.summaryLabels, summary.map((c) => c[lang]));
    const values = ws.getRow(R.summaryValues);
    summary.forEach((c, i) => {
      const cell = values.getCell(i + 1);
      cell.value = c.value;
      cell.style = { font: font(), border: THIN_BORDER, alignment: { horizontal: 'center', vertical: 'middle' }, ...(c.numFmt ? { numFmt: c.numFmt } : {}) };
    });
    values.commit();

    const notes = ws.getRow(R.notes);
    if (plan.notes?.trim()) {
      notes.getCell(1).value = text(`${T.notes[lang]}: ${plan.notes.trim()}`);
      notes.getCell(1).font = font({ italic: true });
    }
    notes.commit();

    await writeTable(x, ws, R.header, columns, plan.items, lang);
    ws.commit();

    // Sheet 2: the budget curve.
    const curve = plan.result.curve ?? [];
    const wc = x.wb.addWorksheet(sheetName(T.sheetCurve[lang]), { views: [{ state: 'frozen', ySplit: 1, xSplit: 0 }], pageSetup: { ...PAGE, printTitlesRow: '1:1' } });
    wc.columns = tableWidths(CURVE_COLUMNS, curve, lang).map((width) => ({ width }));
    await writeTable(x, wc, 1, CURVE_COLUMNS, curve, lang);
    wc.commit();

    // Sheet 3: the candidates left out.
    const lc = leftOutColumns(lang);
    const wl = x.wb.addWorksheet(sheetName(T.sheetLeftOut[lang]), { views: [{ state: 'frozen', ySplit: 1, xSplit: 0 }], pageSetup: { ...PAGE, printTitlesRow: '1:1' } });
    wl.columns = tableWidths(lc, plan.leftOut, lang).map((width) => ({ width }));
    await writeTable(x, wl, 1, lc, plan.leftOut, lang);
    wl.commit();

    // Sheet 4: the committee's overrides.
    const oc = overrideColumns(plan, lang);
    const wo = x.wb.addWorksheet(sheetName(T.sheetOverrides[lang]), { views: [{ state: 'frozen', ySplit: 1, xSplit: 0 }], pageSetup: { ...PAGE, printTitlesRow: '1:1' } });
    wo.columns = tableWidths(oc, plan.overrides, lang).map((width) => ({ width }));
    await writeTable(x, wo, 1, oc, plan.overrides, lang);
    wo.commit();

    await x.finish();
    return { rows: plan.items.length };
  } catch (err) {
    return x.fail(err);
  }
}

// ---------------------------------------------------------------------------------------------
// GeoJSON

/** 7 decimals (~1 cm); no "-0". */
export function round7(v: number): number {
  const r = Math.round(v * 1e7) / 1e7;
  return r === 0 ? 0 : r;
}

const jsonNum = (v: number | null | undefined): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** Lines of at least two valid positions, rounded. */
function cleanLines(lines: readonly (readonly (readonly number[])[])[]): number[][][] {
  const out: number[][][] = [];
  for (const line of lines ?? []) {
    const ps = (line ?? []).filter((p) => Array.isArray(p) && Number.isFinite(p[0]) && Number.isFinite(p[1])).map((p) => [round7(p[0]!), round7(p[1]!)]);
    if (ps.length >= 2) out.push(ps);
  }
  return out;
}

function itemFeature(i: PlanItem): unknown {
  const [lon, lat] = lonLat(i.geometry);
  const nc = i.newlyCovered;
  return {
    type: 'Feature',
    geometry: lon === null || lat === null ? null : { type: 'Point', coordinates: [round7(lon), round7(lat)] },
    properties: {
      layer: 'plan_item',
      priority: i.priority,
      candidate: i.candidate,
      kind: i.kind,
      site_id: i.site_id,
      camera_id: i.camera_id,
      name: i.name,
      cost_baht: jsonNum(i.cost),
      solver_rank: i.solverRank,
      marginal_weight: jsonNum(i.marginalWeight),
      cumulative_cost_baht: jsonNum(i.cumulativeCost),
      cumulative_weight: jsonNum(i.cumulativeWeight),
      share_of_demand: jsonNum(i.shareOfDemand),
      coverage_after: jsonNum(i.coverageAfter),
      override_reason: i.overrideReason,
      newly_covered_points: nc.points.length,
      newly_covered_route_m: sumBy(nc.routes, (r) => r.metres),
      newly_covered_hotspots: nc.hotspots.length,
      newly_covered_requests: sumBy(nc.hotspots, (h) => h.requests),
    },
  };
}

function* routeFeatures(i: PlanItem): Generator<unknown> {
  for (const r of i.newlyCovered.routes) {
    const lines = cleanLines(r.lines);
    if (!lines.length) continue;
    yield {
      type: 'Feature',
      geometry: { type: 'MultiLineString', coordinates: lines },
      properties: { layer: 'covered_route', priority: i.priority, candidate: i.candidate, route_id: r.id, metres: jsonNum(r.metres), weight: jsonNum(r.weight) },
    };
  }
}

/** The "plan" member: who, what and the figures of the plan as it stands. */
function planMember(plan: SavedPlan, lang: Lang): Record<string, unknown> {
  const s = plan.summary;
  const r = plan.result;
  const d = plan.demandTotals;
  return {
    id: plan.id,
    name: plan.name,
    status: plan.status,
    status_label: label(PLAN_STATUS_LABELS[plan.status], lang, plan.status),
    province_code: plan.province_code,
    budget_baht: jsonNum(plan.budget_baht),
    method: r.method,
    optimal: r.optimal,
    gap: jsonNum(r.gap),
    created_at: plan.created_at,
    approved_at: plan.approved_at,
    totals: {
      items: s.items,
      sites: s.sites,
      repairs: s.repairs,
      total_cost_baht: jsonNum(s.totalCost),
      remaining_budget_baht: jsonNum(s.remainingBudget),
      covered_weight: jsonNum(s.coveredWeight),
      share_of_demand: jsonNum(s.shareOfDemand),
      coverage_before: d && d.total > 0 ? d.alreadyCovered / d.total : jsonNum(r.coverageBefore),
      coverage_after: jsonNum(s.coverageAfter),
    },
    demand: d ?? null,
  };
}

const CHUNK_CHARS = 64 * 1024;

async function* geojsonChunks(plan: SavedPlan, lang: Lang): AsyncGenerator<string> {
  let buf = `{"type":"FeatureCollection","name":${JSON.stringify(`plan_${plan.id}`)},"plan":${JSON.stringify(planMember(plan, lang))},"features":[`;
  let n = 0;
  const add = function* (f: unknown): Generator<string> {
    buf += (n++ ? ',\n' : '\n') + JSON.stringify(f);
    if (buf.length >= CHUNK_CHARS) {
      yield buf;
      buf = '';
    }
  };
  for (const i of plan.items) yield* add(itemFeature(i));
  for (const i of plan.items) for (const f of routeFeatures(i)) yield* add(f);
  yield `${buf}\n]}\n`;
}

async function writePlanGeoJSON(plan: SavedPlan, out: Out, lang: Lang): Promise<{ rows: number }> {
  await pipeline(Readable.from(geojsonChunks(plan, lang), { objectMode: false, encoding: 'utf8' }), out);
  return { rows: plan.items.length };
}
