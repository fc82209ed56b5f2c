import fs from 'node:fs';
import path from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { ROOT_DIR } from '../../config.js';
import { CameraStatus, ProblemCategory, SiteStatus } from '../../domain/enums.js';
import {
  LAO_SURVEY_HEADERS,
  LAO_SURVEY_TITLE,
  LAO_TOTAL_LABEL,
  type LaoSurveyLayoutRow,
  SURVEY_PARTS,
  surveyColumns,
  thaiDate,
  writeLaoSurveyXlsx,
  writeSurveyWorkbook,
} from './official.js';
import { Sink } from './test-helpers.js';

// The DLA example: 7 rows of Krabi and the totals row 70 / 43 / 18 / 9.
const KRABI_CSV = path.join(ROOT_DIR, 'data', 'forms', 'lao-maintenance-krabi-example.csv');
const csv = parseCsv(fs.readFileSync(KRABI_CSV), { bom: true }) as string[][];
const [CSV_HEADER, ...CSV_BODY] = csv;
const CSV_ROWS = CSV_BODY.filter((r) => r[0] !== LAO_TOTAL_LABEL);
const CSV_TOTALS = CSV_BODY.find((r) => r[0] === LAO_TOTAL_LABEL)!;

const krabiRows = (): LaoSurveyLayoutRow[] =>
  CSV_ROWS.map((r) => ({
    province_name: r[1]!,
    district_name: r[2]!,
    lao_name: r[3]!,
    budget_source: r[4]!,
    total: Number(r[5]),
    working: Number(r[6]),
    under_repair: Number(r[7]),
    beyond_repair: Number(r[8]),
    remark: r[9] || null,
  }));

async function sheet(buffer: Buffer, index = 0): Promise<ExcelJS.Worksheet> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buffer as unknown as ArrayBuffer);
  return wb.worksheets[index]!;
}

/** A cell as the text the CSV holds ('' for empty, the cached result for formulas). */
function cellText(c: ExcelJS.Cell): string {
  const v = c.value;
  if (v === null || v === undefined) return '';
  if (typeof v === 'object' && 'formula' in v) return String(v.result);
  return String(v);
}

describe('DLA LAO maintenance survey, province version', () => {
  it('reproduces the Krabi example cell by cell, with totals 70 / 43 / 18 / 9', async () => {
    expect(CSV_ROWS).toHaveLength(7);
    const out = new Sink();
    // Rows arrive in any order: the form groups them by district in Thai dictionary order.
    async function* shuffled() {
      yield* [...krabiRows()].reverse();
    }
    const result = await writeLaoSurveyXlsx(shuffled(), out, {
      version: 'province',
      surveyYear: 2019,
      reporter: { name: 'นายสมชาย ใจดี', position: 'ท้องถิ่นจังหวัดกระบี่' },
      reportDate: new Date('2019-04-02T03:00:00Z'),
    });
    expect(result).toMatchObject({ count: 7, totals: { total: 70, working: 43, under_repair: 18, beyond_repair: 9 }, headerRow: 4, firstDataRow: 5, totalsRow: 12 });

    const ws = await sheet(out.buffer);
    expect(ws.getCell('A1').value).toBe(LAO_SURVEY_TITLE);
    expect(ws.getCell('A2').value).toBe('จังหวัดกระบี่ ประจำปี พ.ศ. 2562');
    expect(ws.model.merges).toEqual(expect.arrayContaining(['A1:J1', 'A2:J2']));
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 4 });

    // The header row is the form's, word for word.
    const header = ws.getRow(4);
    expect(CSV_HEADER).toEqual([...LAO_SURVEY_HEADERS]);
    expect(Array.from({ length: 10 }, (_, i) => header.getCell(i + 1).value)).toEqual(CSV_HEADER);
    expect(header.getCell(1).font?.bold).toBe(true);

    // Every cell of the 7 rows, in the example's order; counts are numbers.
    CSV_ROWS.forEach((expected, i) => {
      const row = ws.getRow(5 + i);
      expect(Array.from({ length: 10 }, (_, c) => cellText(row.getCell(c + 1))), `row ${i + 1}`).toEqual(expected);
      expect(row.getCell(1).value).toBe(i + 1);
      for (let c = 6; c <= 9; c++) expect(typeof row.getCell(c).value).toBe('number');
      expect(row.getCell(10).value).toBeNull();
    });

    // The totals row: the label, empty B..E, SUM formulas whose cached results are 70 / 43 / 18 / 9.
    const totals = ws.getRow(12);
    expect(Array.from({ length: 10 }, (_, c) => cellText(totals.getCell(c + 1)))).toEqual(CSV_TOTALS);
    expect(totals.getCell(1).value).toBe('รวมทั้งสิ้น');
    expect(['F', 'G', 'H', 'I'].map((l) => totals.getCell(l).value)).toEqual([
      { formula: 'SUM(F5:F11)', result: 70 },
      { formula: 'SUM(G5:G11)', result: 43 },
      { formula: 'SUM(H5:H11)', result: 18 },
      { formula: 'SUM(I5:I11)', result: 9 },
    ]);
    expect(totals.getCell(6).font?.bold).toBe(true);
    expect(ws.getRow(13).getCell(1).value).toBeNull();

    // The signature block with a Buddhist Era date.
    expect([14, 15, 16, 17].map((r) => ws.getRow(r).getCell(7).value)).toEqual([
      'ลงชื่อ ........................................ ผู้รายงาน',
      '(นายสมชาย ใจดี)',
      'ตำแหน่ง ท้องถิ่นจังหวัดกระบี่',
      'วันที่ 2 เมษายน พ.ศ. 2562',
    ]);
    expect(ws.model.merges).toEqual(expect.arrayContaining(['G14:J14', 'G17:J17']));
  });

  it('keeps the input order per district when asked, and leaves blanks to fill by hand', async () => {
    const rows = krabiRows();
    const mixed = [rows[5]!, rows[0]!, rows[4]!, rows[1]!]; // เมืองกระบี่, เกาะลันตา, เมืองกระบี่, เกาะลันตา
    const out = new Sink();
    await writeLaoSurveyXlsx(mixed, out, { version: 'province', order: 'input', reportDate: null });
    const ws = await sheet(out.buffer);
    expect(ws.getCell('A2').value).toBe('จังหวัดกระบี่');
    expect([5, 6, 7, 8].map((r) => `${ws.getRow(r).getCell(3).value}/${ws.getRow(r).getCell(5).value}`)).toEqual([
      'เมืองกระบี่/กระทรวงมหาดไทย',
      'เมืองกระบี่/กรมส่งเสริมการปกครองท้องถิ่น',
      'เกาะลันตา/กรมส่งเสริมการปกครองท้องถิ่น',
      'เกาะลันตา/ทต.เกาะลันตาใหญ่',
    ]);
    expect(ws.getRow(9).getCell(6).value).toEqual({ formula: 'SUM(F5:F8)', result: 31 });
    expect(ws.getRow(12).getCell(7).value).toBe('(........................................)');
    expect(ws.getRow(14).getCell(7).value).toBe('วันที่ ........ เดือน .................... พ.ศ. ........');
  });

  it('writes an empty form with zero totals', async () => {
    const out = new Sink();
    const r = await writeLaoSurveyXlsx([], out, { version: 'province', provinceName: 'กระบี่' });
    expect(r.totals).toEqual({ total: 0, working: 0, under_repair: 0, beyond_repair: 0 });
    const ws = await sheet(out.buffer);
    expect(ws.getRow(5).getCell(1).value).toBe('รวมทั้งสิ้น');
    expect(ws.getRow(5).getCell(6).value).toBe(0);
  });
});

describe('DLA LAO maintenance survey, LAO version', () => {
  it("writes one LAO's rows with its own totals", async () => {
    const out = new Sink();
    const r = await writeLaoSurveyXlsx(krabiRows(), out, { version: 'lao', laoName: 'อบต.คลองยาง', surveyYear: 2019, reportDate: new Date('2019-04-05T00:00:00+07:00') });
    expect(r).toMatchObject({ count: 2, totals: { total: 24, working: 9, under_repair: 9, beyond_repair: 6 } });
    const ws = await sheet(out.buffer);
    expect(ws.getCell('A2').value).toBe('อบต.คลองยาง อำเภอเกาะลันตา จังหวัดกระบี่ ประจำปี พ.ศ. 2562');
    expect([5, 6].map((row) => cellText(ws.getRow(row).getCell(5)))).toEqual(['กระทรวงมหาดไทย', 'อบต.คลองยาง']);
    expect([5, 6].map((row) => ws.getRow(row).getCell(1).value)).toEqual([1, 2]);
    expect(ws.getRow(7).getCell(6).value).toEqual({ formula: 'SUM(F5:F6)', result: 24 });
    expect(ws.getRow(12).getCell(7).value).toBe('วันที่ 5 เมษายน พ.ศ. 2562');
  });

  it('needs the LAO when the rows hold several', async () => {
    await expect(writeLaoSurveyXlsx(krabiRows(), new Sink(), { version: 'lao' })).rejects.toThrow(/holds? 3/);
  });
});

describe('thaiDate', () => {
  it('uses the Bangkok day and the Buddhist Era', () => {
    expect(thaiDate(new Date('2016-12-16T18:00:00Z'))).toBe('17 ธันวาคม พ.ศ. 2559');
    expect(thaiDate(new Date('2019-01-01T00:00:00+07:00'))).toBe('1 มกราคม พ.ศ. 2562');
  });
});

describe('Part 1 / 2 / 3 survey workbook', () => {
  const camera = {
    properties: {
      id: 1, place_name: 'สี่แยกศาลากลาง', agency_name: 'อบจ.อ่างทอง', contact_name: 'นายทดสอบ', status: 'under_repair', purposes: ['deterrence', 'traffic'],
      year_installed: 2016, repair_budget_baht: 15000, province_name: 'อ่างทอง', updated_at: new Date(),
    },
    geometry: { type: 'Point', coordinates: [100.4555, 14.5896] },
  };
  const site = { properties: { place_name: 'หน้าตลาดโพธิ์ทอง', status: 'budget_requested', camera_count: 2, cost_baht: 250000, priority: 1 }, geometry: { type: 'Point', coordinates: [100.3216, 14.6637] } };
  const problem = { properties: { province_name: 'อ่างทอง', category: 'maintenance', description: 'ไม่มีงบประมาณซ่อมบำรุง', reported_on: '2016-12-20' }, geometry: null };

  it('writes three sheets with Thai headers, Thai enumeration labels and running numbers', async () => {
    const out = new Sink();
    const counts = await writeSurveyWorkbook({ cameras: [camera, camera], planned_sites: [site], problems: [problem] }, out, { provinceName: 'อ่างทอง', surveyYear: 2019 });
    expect(counts).toEqual({ cameras: 2, planned_sites: 1, problems: 1 });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(out.buffer as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(SURVEY_PARTS.map((p) => p.sheet));

    const [p1, p2, p3] = wb.worksheets as [ExcelJS.Worksheet, ExcelJS.Worksheet, ExcelJS.Worksheet];
    expect(p1.getCell('A1').value).toBe('ส่วนที่ 1 การสำรวจกล้อง CCTV ที่มีในปัจจุบัน');
    expect(p1.getCell('A2').value).toBe('จังหวัดอ่างทอง ประจำปี พ.ศ. 2562');
    const h1 = (p1.getRow(3).values as unknown[]).slice(1);
    expect(h1[0]).toBe('ที่');
    expect(h1).toEqual(expect.arrayContaining(['จุดติดตั้ง/สถานที่', 'หน่วยงานเจ้าของกล้อง', 'สถานะการใช้งาน', 'วัตถุประสงค์', 'ปีที่ติดตั้ง (ค.ศ.)', 'พิกัด GPS ลองจิจูด', 'พิกัด GPS ละติจูด']));
    expect(h1).not.toContain('ชื่อผู้ติดต่อ'); // personal data only on request
    expect(h1).not.toContain('รหัสในระบบ');
    const col = (ws: ExcelJS.Worksheet, label: string) => (ws.getRow(3).values as unknown[]).indexOf(label);
    expect(p1.getRow(4).getCell(1).value).toBe(1);
    expect(p1.getRow(5).getCell(1).value).toBe(2);
    expect(p1.getRow(4).getCell(col(p1, 'สถานะการใช้งาน')).value).toBe(CameraStatus.labels.under_repair.th);
    expect(p1.getRow(4).getCell(col(p1, 'วัตถุประสงค์')).value).toBe('ป้องปรามและเฝ้าระวัง, การจราจร');
    expect(p1.getRow(4).getCell(col(p1, 'งบประมาณซ่อม (บาท)')).value).toBe(15000);
    expect(p1.getRow(4).getCell(col(p1, 'พิกัด GPS ลองจิจูด')).value).toBe(100.4555);
    expect(p1.views[0]).toMatchObject({ state: 'frozen', ySplit: 3 });

    expect(p2.getCell('A1').value).toBe('ส่วนที่ 2 การสำรวจจุดติดตั้งกล้อง CCTV เพิ่มเติม');
    expect(p2.getRow(4).getCell(col(p2, 'สถานะโครงการ')).value).toBe(SiteStatus.labels.budget_requested.th);
    expect(p2.getRow(4).getCell(col(p2, 'จัดลำดับความสำคัญเร่งด่วน')).value).toBe(1);

    expect(p3.getCell('A1').value).toBe('ส่วนที่ 3 ปัญหาอุปสรรคและข้อเสนอแนะ');
    expect((p3.getRow(3).values as unknown[]).slice(1)).toEqual(['ที่', ...surveyColumns('problems').map((c) => c.labelTh)]);
    expect(p3.getRow(4).getCell(col(p3, 'ประเด็นปัญหา')).value).toBe(ProblemCategory.labels.maintenance.th);
    expect(p3.getRow(4).getCell(col(p3, 'วันที่รายงาน')).value).toEqual(new Date('2016-12-20T00:00:00Z'));
  });

  it('includes contact columns only when asked, and writes empty parts as headers only', async () => {
    const out = new Sink();
    const counts = await writeSurveyWorkbook({ cameras: [camera] }, out, { includeSensitive: true });
    expect(counts).toEqual({ cameras: 1, planned_sites: 0, problems: 0 });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(out.buffer as unknown as ArrayBuffer);
    const p1 = wb.worksheets[0]!;
    const i = (p1.getRow(3).values as unknown[]).indexOf('ชื่อผู้ติดต่อ');
    expect(i).toBeGreaterThan(0);
    expect(p1.getRow(4).getCell(i).value).toBe('นายทดสอบ');
    expect(wb.worksheets[1]!.rowCount).toBe(3);
  });
});
