/**
 * Official layouts as XLSX:
 *  (a) the DLA maintenance survey of LAO cameras (แบบสำรวจข้อมูลการบำรุงรักษากล้องโทรทัศน์วงจรปิด
 *      (CCTV) ขององค์กรปกครองส่วนท้องถิ่น), province version (every LAO of a province, grouped by
 *      district) and LAO version (one LAO's rows): title rows, the form's Thai headers exactly as in
 *      the DLA example (shared/data/forms/lao-maintenance-krabi-example.csv), rows numbered 1..n, the
 *      totals row "รวมทั้งสิ้น" and the reporter's signature block with a Buddhist Era date;
 *  (b) the national survey's Part 1 / Part 2 / Part 3 tables (cameras, planned sites, problems) as
 *      one workbook with three sheets, Thai headers and Thai labels for the enumerations.
 * Both use the streaming workbook writer (Part 1 of a large province has tens of thousands of rows).
 */
import type { Writable } from 'node:stream';
import type ExcelJS from 'exceljs';
import { exportColumns } from './columns.js';
import type { ExportColumn, ExportRecord, WriterOptions } from './types.js';
import { ExportError } from './types.js';
import { BANGKOK_OFFSET_MINUTES, geometryCells, LAT_COLUMN, LON_COLUMN, wallClock } from './values.js';
import { HEADER_FILL, THIN_BORDER, columnWidth, openXlsxStream, sheetName, xlsxValue } from './writers.js';

type Rows<T> = AsyncIterable<T> | Iterable<T>;

/** Thai government documents are set in TH Sarabun (Cabinet resolution of 2010); Excel falls back when it is missing. */
export const OFFICIAL_FONT = 'TH SarabunPSK';
const font = (extra: Partial<ExcelJS.Font> = {}): Partial<ExcelJS.Font> => ({ name: OFFICIAL_FONT, size: 14, ...extra });

export const THAI_MONTHS = [
  'มกราคม', 'กุมภาพันธ์', 'มีนาคม', 'เมษายน', 'พฤษภาคม', 'มิถุนายน',
  'กรกฎาคม', 'สิงหาคม', 'กันยายน', 'ตุลาคม', 'พฤศจิกายน', 'ธันวาคม',
] as const;

/** "2 เมษายน พ.ศ. 2562": the day in Bangkok, the Buddhist Era year (CE + 543). */
export function thaiDate(d: Date, offsetMin = BANGKOK_OFFSET_MINUTES): string {
  const w = wallClock(d, offsetMin);
  return `${w.getUTCDate()} ${THAI_MONTHS[w.getUTCMonth()]} พ.ศ. ${w.getUTCFullYear() + 543}`;
}

const DOTS = '........................................';

// ---------------------------------------------------------------------------------------------
// (a) DLA maintenance survey of LAO cameras

export const LAO_SURVEY_TITLE = 'แบบสำรวจข้อมูลการบำรุงรักษากล้องโทรทัศน์วงจรปิด (CCTV) ขององค์กรปกครองส่วนท้องถิ่น';
/** The form's column headers, exactly as in the DLA example. */
export const LAO_SURVEY_HEADERS = [
  'ที่',
  'จังหวัด',
  'อำเภอ',
  'อปท.',
  'แหล่งที่มางบประมาณ จากหน่วยงาน',
  'จำนวนกล้อง ทั้งหมด',
  'จำนวนกล้อง ที่ใช้งานได้',
  'จำนวนกล้องที่ชำรุด อยู่ระหว่างซ่อม',
  'จำนวนกล้องที่ชำรุด ไม่สามารถซ่อมได้',
  'หมายเหตุ',
] as const;
export const LAO_TOTAL_LABEL = 'รวมทั้งสิ้น';
const LAO_WIDTHS = [6, 14, 18, 24, 32, 13, 13, 15, 15, 22];

/** One survey row, shaped like lao_maintenance_rows (as queryRecords('lao_survey') gives it). */
export interface LaoSurveyLayoutRow {
  province_name?: string | null;
  district_name: string;
  lao_name: string;
  budget_source: string;
  total: number;
  working: number;
  under_repair: number;
  beyond_repair: number;
  remark?: string | null;
}

export interface LaoSurveyLayoutOptions {
  /** 'province': every LAO of the province, grouped by district; 'lao': one LAO's rows. */
  version: 'province' | 'lao';
  /** Used when the rows carry no province_name. */
  provinceName?: string;
  /** LAO version: the LAO (default: the only LAO in the rows). */
  laoName?: string;
  /** Survey year (CE); the title shows it as BE. */
  surveyYear?: number;
  /**
   * 'sorted' (default): by district, LAO and budget source in Thai dictionary order (which is the
   * order of the DLA example); 'input': districts in order of first appearance, rows as given.
   */
  order?: 'sorted' | 'input';
  /** The signature block; blanks are dotted lines to fill by hand. */
  reporter?: { name?: string; position?: string };
  /** The report date (default now); null leaves a dotted date to fill by hand. */
  reportDate?: Date | null;
  end?: boolean;
}

export interface LaoSurveyTotals {
  total: number;
  working: number;
  under_repair: number;
  beyond_repair: number;
}

export interface LaoSurveyLayoutResult {
  count: number;
  totals: LaoSurveyTotals;
  /** 1-based sheet rows: the header, the first data row and the totals row. */
  headerRow: number;
  firstDataRow: number;
  totalsRow: number;
}

const thai = new Intl.Collator('th');

function orderRows(rows: LaoSurveyLayoutRow[], order: 'sorted' | 'input'): LaoSurveyLayoutRow[] {
  if (order === 'sorted') {
    return [...rows].sort(
      (a, b) => thai.compare(a.district_name, b.district_name) || thai.compare(a.lao_name, b.lao_name) || thai.compare(a.budget_source, b.budget_source),
    );
  }
  const districts = new Map<string, LaoSurveyLayoutRow[]>();
  for (const r of rows) {
    const list = districts.get(r.district_name) ?? [];
    list.push(r);
    districts.set(r.district_name, list);
  }
  return [...districts.values()].flat();
}

const withPrefix = (prefix: string, name: string) => (name.startsWith(prefix) || name === 'กรุงเทพมหานคร' ? name : `${prefix}${name}`);
const districtLabel = (name: string) => (/^(อำเภอ|เขต|กิ่งอำเภอ)/.test(name) ? name : `อำเภอ${name}`);

const count = (v: unknown): number => {
  const n = typeof v === 'number' ? v : Number(v);
  return Number.isFinite(n) ? n : 0;
};

/**
 * Writes the DLA survey form for a province or one LAO. The rows are collected and ordered first
 * (a province has at most a few thousand), then written. The totals row holds SUM formulas with
 * their values cached, so the file shows the totals before Excel recalculates and stays right
 * when an official corrects a row.
 */
export async function writeLaoSurveyXlsx(rows: Rows<LaoSurveyLayoutRow>, out: Writable, opts: LaoSurveyLayoutOptions): Promise<LaoSurveyLayoutResult> {
  let all: LaoSurveyLayoutRow[] = [];
  for await (const r of rows) all.push(r);

  const provinceName = opts.provinceName ?? all.find((r) => r.province_name)?.province_name ?? '';
  let scope: string;
  if (opts.version === 'lao') {
    const laos = [...new Set(all.map((r) => r.lao_name))];
    const lao = opts.laoName ?? (laos.length <= 1 ? laos[0] : undefined);
    if (!lao) throw new ExportError(`the LAO version covers one LAO; the rows hold ${laos.length} (${laos.slice(0, 5).join(', ')}…): give laoName`);
    all = all.filter((r) => r.lao_name === lao);
    const district = all[0]?.district_name;
    scope = [lao, district ? districtLabel(district) : '', provinceName ? withPrefix('จังหวัด', provinceName) : ''].filter(Boolean).join(' ');
  } else {
    scope = provinceName ? withPrefix('จังหวัด', provinceName) : '';
  }
  if (opts.surveyYear) scope = `${scope} ประจำปี พ.ศ. ${opts.surveyYear + 543}`.trim();
  const ordered = orderRows(all, opts.order ?? 'sorted');

  const x = openXlsxStream(out, { end: opts.end });
  try {
    const ws = x.wb.addWorksheet(sheetName(opts.version === 'lao' ? 'แบบสำรวจ อปท.' : `แบบสำรวจ ${provinceName}`), {
      views: [{ state: 'frozen', ySplit: 4, xSplit: 0 }],
      pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: '4:4' },
    });
    ws.columns = LAO_WIDTHS.map((width) => ({ width }));
    const last = LAO_SURVEY_HEADERS.length;

    const title = ws.getRow(1);
    title.getCell(1).value = LAO_SURVEY_TITLE;
    title.getCell(1).font = font({ size: 18, bold: true });
    title.getCell(1).alignment = { horizontal: 'center', vertical: 'middle' };
    title.height = 30;
    ws.mergeCells(1, 1, 1, last);
    title.commit();

    const sub = ws.getRow(2);
    sub.getCell(1).value = scope;
    sub.getCell(1).font = font({ size: 16, bold: true });
    sub.getCell(1).alignment = { horizontal: 'center', vertical: 'middle' };
    ws.mergeCells(2, 1, 2, last);
    sub.commit();
    ws.getRow(3).commit();

    const headerRow = 4;
    const header = ws.getRow(headerRow);
    LAO_SURVEY_HEADERS.forEach((h, i) => {
      const cell = header.getCell(i + 1);
      cell.value = h;
      cell.font = font({ bold: true });
      cell.fill = HEADER_FILL;
      cell.border = THIN_BORDER;
      cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
    });
    header.height = 42;
    header.commit();

    const totals: LaoSurveyTotals = { total: 0, working: 0, under_repair: 0, beyond_repair: 0 };
    const firstDataRow = headerRow + 1;
    let n = 0;
    for (const r of ordered) {
      n++;
      const t = count(r.total);
      const w = count(r.working);
      const u = count(r.under_repair);
      const b = count(r.beyond_repair);
      totals.total += t;
      totals.working += w;
      totals.under_repair += u;
      totals.beyond_repair += b;
      const row = ws.getRow(headerRow + n);
      row.values = [n, r.province_name ?? provinceName, r.district_name, r.lao_name, r.budget_source, t, w, u, b, r.remark ?? null];
      row.eachCell({ includeEmpty: true }, (cell, col) => {
        cell.font = font();
        cell.border = THIN_BORDER;
        cell.alignment = { vertical: 'top', horizontal: col === 1 ? 'center' : undefined, wrapText: col === last };
        if (col >= 6 && col <= 9) cell.numFmt = '#,##0';
      });
      row.commit();
      await x.throttle(n, ws);
    }

    const totalsRow = headerRow + n + 1;
    const tr = ws.getRow(totalsRow);
    tr.getCell(1).value = LAO_TOTAL_LABEL;
    const sums: [number, number][] = [[6, totals.total], [7, totals.working], [8, totals.under_repair], [9, totals.beyond_repair]];
    for (const [col, value] of sums) {
      const letter = String.fromCharCode(64 + col);
      tr.getCell(col).value = n ? { formula: `SUM(${letter}${firstDataRow}:${letter}${totalsRow - 1})`, result: value } : value;
    }
    for (let col = 1; col <= last; col++) {
      const cell = tr.getCell(col);
      cell.font = font({ bold: true });
      cell.border = THIN_BORDER;
      if (col >= 6 && col <= 9) cell.numFmt = '#,##0';
    }
    tr.getCell(1).alignment = { horizontal: 'left' };
    tr.commit();

    // Signature block, right-hand side (columns G..J), two rows below the totals.
    const date = opts.reportDate === undefined ? new Date() : opts.reportDate;
    const lines = [
      `ลงชื่อ ${DOTS} ผู้รายงาน`,
      `(${opts.reporter?.name?.trim() || DOTS})`,
      `ตำแหน่ง ${opts.reporter?.position?.trim() || DOTS}`,
      date ? `วันที่ ${thaiDate(date)}` : 'วันที่ ........ เดือน .................... พ.ศ. ........',
    ];
    ws.getRow(totalsRow + 1).commit();
    lines.forEach((text, i) => {
      const r = totalsRow + 2 + i;
      const row = ws.getRow(r);
      row.getCell(7).value = text;
      row.getCell(7).font = font();
      row.getCell(7).alignment = { horizontal: 'center' };
      ws.mergeCells(r, 7, r, last);
      row.commit();
    });
    ws.commit();
    await x.finish();
    return { count: n, totals, headerRow, firstDataRow, totalsRow };
  } catch (err) {
    return x.fail(err);
  }
}

// ---------------------------------------------------------------------------------------------
// (b) Part 1 / Part 2 / Part 3 survey tables

/** Technical columns the survey sheets leave out (ids where a name is shown, bookkeeping). */
const SURVEY_OMIT = new Set(['id', 'external_id', 'is_demo', 'updated_at', 'agency_id', 'police_station_id', 'province_code', 'district_id', 'subdistrict_id']);

export const SURVEY_PARTS = [
  { key: 'cameras', kind: 'cameras', sheet: 'ส่วนที่ 1 กล้องที่มีในปัจจุบัน', title: 'ส่วนที่ 1 การสำรวจกล้อง CCTV ที่มีในปัจจุบัน', located: true },
  { key: 'planned_sites', kind: 'planned_sites', sheet: 'ส่วนที่ 2 จุดติดตั้งเพิ่มเติม', title: 'ส่วนที่ 2 การสำรวจจุดติดตั้งกล้อง CCTV เพิ่มเติม', located: true },
  { key: 'problems', kind: 'problems', sheet: 'ส่วนที่ 3 ปัญหาอุปสรรค', title: 'ส่วนที่ 3 ปัญหาอุปสรรคและข้อเสนอแนะ', located: false },
] as const;
export type SurveyPartKey = (typeof SURVEY_PARTS)[number]['key'];

const SEQ_COLUMN: ExportColumn = { name: '__seq', labelTh: 'ที่', labelEn: 'No.', type: 'integer' };
const GPS_LON: ExportColumn = { ...LON_COLUMN, labelTh: 'พิกัด GPS ลองจิจูด' };
const GPS_LAT: ExportColumn = { ...LAT_COLUMN, labelTh: 'พิกัด GPS ละติจูด' };

/** The columns of one part's sheet (without the running number and the coordinates). */
export function surveyColumns(kind: 'cameras' | 'planned_sites' | 'problems', includeSensitive = false): ExportColumn[] {
  return exportColumns(kind, { includeSensitive }).filter((c) => !SURVEY_OMIT.has(c.name));
}

export interface SurveyWorkbookOptions {
  /** Shown under each sheet's title. */
  provinceName?: string;
  /** Survey year (CE), shown as BE. */
  surveyYear?: number;
  /** Contact name, phone and stream URL are in the official Part 1 form, but are personal data: off by default. */
  includeSensitive?: boolean;
  /** Enumerations as Thai labels (default), English labels or codes. */
  values?: WriterOptions['values'];
  end?: boolean;
}

/**
 * One workbook, three sheets (Part 1 cameras, Part 2 planned sites, Part 3 problems), written one
 * after the other from the three record streams (a missing stream gives a sheet with headers only).
 * Each sheet: title rows, a bold frozen header row of Thai labels, a running number, the records.
 */
export async function writeSurveyWorkbook(
  parts: Partial<Record<SurveyPartKey, Rows<ExportRecord>>>,
  out: Writable,
  opts: SurveyWorkbookOptions = {},
): Promise<Record<SurveyPartKey, number>> {
  const counts: Record<SurveyPartKey, number> = { cameras: 0, planned_sites: 0, problems: 0 };
  const wopts: WriterOptions = { values: opts.values ?? 'th', header: 'th' };
  const scope = [opts.provinceName ? withPrefix('จังหวัด', opts.provinceName) : '', opts.surveyYear ? `ประจำปี พ.ศ. ${opts.surveyYear + 543}` : '']
    .filter(Boolean)
    .join(' ');
  const x = openXlsxStream(out, { end: opts.end });
  try {
    for (const part of SURVEY_PARTS) {
      const columns = surveyColumns(part.kind, opts.includeSensitive);
      const all = [SEQ_COLUMN, ...columns, ...(part.located ? [GPS_LON, GPS_LAT] : [])];
      const headerRow = 3;
      const ws = x.wb.addWorksheet(sheetName(part.sheet), {
        views: [{ state: 'frozen', ySplit: headerRow, xSplit: 2 }],
        pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: `${headerRow}:${headerRow}` },
      });
      ws.columns = all.map((c) => {
        const numFmt = c.name === 'lon' || c.name === 'lat' ? '0.000000' : c.type === 'number' ? '#,##0.##' : c.type === 'date' ? 'yyyy-mm-dd' : c.type === 'datetime' ? 'yyyy-mm-dd hh:mm' : undefined;
        return { width: c === SEQ_COLUMN ? 6 : columnWidth(c, 'th'), ...(numFmt ? { style: { numFmt } } : {}) };
      });
      const t = ws.getRow(1);
      t.getCell(1).value = part.title;
      t.getCell(1).font = font({ size: 16, bold: true });
      t.commit();
      const s = ws.getRow(2);
      s.getCell(1).value = scope || null;
      s.getCell(1).font = font({ bold: true });
      s.commit();
      const h = ws.getRow(headerRow);
      all.forEach((c, i) => {
        const cell = h.getCell(i + 1);
        cell.value = c.labelTh;
        cell.font = font({ bold: true });
        cell.fill = HEADER_FILL;
        cell.border = THIN_BORDER;
        cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
      });
      h.height = 42;
      h.commit();
      ws.autoFilter = { from: { row: headerRow, column: 1 }, to: { row: headerRow, column: all.length } };

      let n = 0;
      for await (const r of parts[part.key] ?? []) {
        n++;
        const values: ExcelJS.CellValue[] = [n, ...columns.map((c) => xlsxValue(c, r.properties[c.name], wopts))];
        if (part.located) values.push(...geometryCells(r.geometry?.type === 'Point' ? r.geometry : null, 'lonlat', n));
        const row = ws.addRow(values);
        row.font = font();
        row.commit();
        await x.throttle(n, ws);
      }
      counts[part.key] = n;
      ws.commit();
    }
    await x.finish();
    return counts;
  } catch (err) {
    return x.fail(err);
  }
}
