import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { isTotalsRow, readTable } from './index.js';
import { readXlsx } from './xlsx.js';

async function toBuffer(wb: ExcelJS.Workbook): Promise<Buffer> {
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** A province workbook: a summary sheet first, the camera list (with a title above the table) second. */
async function cameraWorkbook(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const summary = wb.addWorksheet('สรุป');
  summary.addRow(['อำเภอ', 'จำนวน']);
  summary.addRow(['เมืองกระบี่', 2]);

  const ws = wb.addWorksheet('กล้อง');
  ws.getCell('A1').value = 'ทะเบียนกล้องโทรทัศน์วงจรปิด จังหวัดกระบี่';
  ws.mergeCells('A1:G1');
  ws.getCell('A2').value = 'ข้อมูล ณ วันที่ 17 ธันวาคม 2558';
  ws.addRow([]);
  ws.getRow(4).values = ['รหัส', 'ชื่อจุด', 'ละติจูด', 'ลองจิจูด', 'วันที่ติดตั้ง', 'งบประมาณ (บาท)', 'แผนที่'];
  ws.getRow(5).values = [
    'KB-001',
    { richText: [{ text: 'หน้า', font: { bold: true } }, { text: 'ศาลากลาง ' }] },
    8.0863,
    98.9063,
    new Date(Date.UTC(2015, 11, 17)),
    { formula: 'F6*2', result: 250000 },
    { text: 'Google Maps', hyperlink: 'https://maps.google.com/?q=8.0863,98.9063' },
  ];
  ws.getRow(6).values = ['KB-002', 'สี่แยกวัชระ', 8.0721, 98.9105, '8 ส.ค. 2559', 125000, null];
  ws.getCell('E5').numFmt = 'd mmm yyyy';
  ws.getRow(8).values = ['KB-003', 'ไม่มีพิกัด'];
  return toBuffer(wb);
}

/** The DLA LAO maintenance form as provinces fill it: title, two-row header with merges, merged groups, totals. */
async function dlaWorkbook(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('แบบสำรวจ');
  ws.getCell('A1').value = 'แบบสำรวจข้อมูลกล้องโทรทัศน์วงจรปิด (CCTV) ขององค์กรปกครองส่วนท้องถิ่น';
  ws.mergeCells('A1:J1');
  ws.getRow(3).values = [
    'ที่',
    'จังหวัด',
    'อำเภอ',
    'อปท.',
    'แหล่งที่มางบประมาณ\nจากหน่วยงาน',
    'จำนวนกล้อง',
    null,
    'จำนวนกล้องที่ชำรุด',
    null,
    'หมายเหตุ',
  ];
  ws.getRow(4).values = [null, null, null, null, null, 'ทั้งหมด', 'ที่ใช้งานได้', 'อยู่ระหว่างซ่อม', 'ไม่สามารถซ่อมได้', null];
  for (const c of ['A', 'B', 'C', 'D', 'E', 'J']) ws.mergeCells(`${c}3:${c}4`);
  ws.mergeCells('F3:G3');
  ws.mergeCells('H3:I3');
  const data: (string | number)[][] = [
    [1, 'กระบี่', 'เกาะลันตา', 'ทต.เกาะลันตาใหญ่', 'กรมส่งเสริมการปกครองท้องถิ่น', 6, 5, 1, 0],
    [2, 'กระบี่', 'เกาะลันตา', 'ทต.เกาะลันตาใหญ่', 'ทต.เกาะลันตาใหญ่', 10, 6, 3, 1],
    [3, 'กระบี่', 'เกาะลันตา', 'อบต.คลองยาง', 'กระทรวงมหาดไทย', 17, 7, 5, 5],
  ];
  data.forEach((d, i) => (ws.getRow(5 + i).values = d));
  // Province merged down its rows; district merged down its rows (values only in the top cell).
  ws.mergeCells('B5:B7');
  ws.mergeCells('C5:C7');
  ws.getRow(8).values = ['รวมทั้งสิ้น', null, null, null, null, { formula: 'SUM(F5:F7)', result: 33 }, 18, 9, 6];
  ws.mergeCells('A8:E8');
  ws.getCell('B10').value = 'ลงชื่อ ........................ ผู้รายงาน';
  return toBuffer(wb);
}

describe('readXlsx', () => {
  it('reads a sheet by name: title rows skipped, rich text, formula, date, hyperlink', async () => {
    const t = await readTable(await cameraWorkbook(), { filename: 'krabi.xlsx', sheet: 'กล้อง' });
    expect(t.description).toBe('xlsx sheet "กล้อง" (header on row 4)');
    expect(t.headers).toEqual(['รหัส', 'ชื่อจุด', 'ละติจูด', 'ลองจิจูด', 'วันที่ติดตั้ง', 'งบประมาณ (บาท)', 'แผนที่']);
    expect(t.rows.map((r) => r.row)).toEqual([5, 6, 8]);
    const r5 = t.rows[0]!.fields;
    expect(r5['ชื่อจุด']).toBe('หน้าศาลากลาง');
    expect(r5['ละติจูด']).toBe(8.0863);
    expect(r5['วันที่ติดตั้ง']).toBeInstanceOf(Date);
    expect((r5['วันที่ติดตั้ง'] as Date).toISOString()).toBe('2015-12-17T00:00:00.000Z');
    expect(r5['งบประมาณ (บาท)']).toBe(250000);
    expect(r5['แผนที่']).toBe('Google Maps');
    expect(t.rows[1]!.fields['วันที่ติดตั้ง']).toBe('8 ส.ค. 2559');
    expect(t.rows[1]!.fields['แผนที่']).toBeNull();
    expect(t.rows[2]!.fields).toEqual({
      รหัส: 'KB-003',
      ชื่อจุด: 'ไม่มีพิกัด',
      ละติจูด: null,
      ลองจิจูด: null,
      วันที่ติดตั้ง: null,
      'งบประมาณ (บาท)': null,
      แผนที่: null,
    });
    expect(t.rows.every((r) => r.geometry === undefined)).toBe(true);
  });

  it('takes the first sheet by default, and a sheet by 1-based position', async () => {
    const buf = await cameraWorkbook();
    const first = await readTable(buf, { filename: 'krabi.xlsx' });
    expect(first.description).toBe('xlsx sheet "สรุป" (header on row 1)');
    expect(first.rows).toEqual([{ row: 2, fields: { อำเภอ: 'เมืองกระบี่', จำนวน: 2 } }]);
    const second = await readTable(buf, { filename: 'krabi.xlsx', sheet: 2 });
    expect(second.description).toContain('"กล้อง"');
    const asText = await readTable(buf, { filename: 'krabi.xlsx', sheet: '2' });
    expect(asText.rows).toHaveLength(3);
  });

  it('names the available sheets when the requested one is missing', async () => {
    const buf = await cameraWorkbook();
    await expect(readTable(buf, { filename: 'krabi.xlsx', sheet: 'cameras' })).rejects.toThrow(
      'krabi.xlsx: no sheet named "cameras"; the workbook has "สรุป", "กล้อง"',
    );
    await expect(readTable(buf, { filename: 'krabi.xlsx', sheet: 3 })).rejects.toThrow(
      'krabi.xlsx: there is no sheet 3; the workbook has 2 sheets: "สรุป", "กล้อง"',
    );
  });

  it('reads the DLA form: two-row merged header gives the same names as the CSV, merges filled down, totals kept', async () => {
    const t = await readXlsx(await dlaWorkbook(), { filename: 'dla.xlsx' });
    expect(t.description).toBe('xlsx sheet "แบบสำรวจ" (header on rows 3–4)');
    expect(t.headers).toEqual([
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
    ]);
    expect(t.rows.map((r) => r.row)).toEqual([5, 6, 7, 8, 10]);
    expect(t.rows.slice(0, 3).map((r) => [r.fields['จังหวัด'], r.fields['อำเภอ']])).toEqual([
      ['กระบี่', 'เกาะลันตา'],
      ['กระบี่', 'เกาะลันตา'],
      ['กระบี่', 'เกาะลันตา'],
    ]);
    expect(t.rows[2]!.fields['จำนวนกล้องที่ชำรุด ไม่สามารถซ่อมได้']).toBe(5);
    const totals = t.rows[3]!;
    expect(isTotalsRow(totals, t.headers)).toBe(true);
    // The label merged across A:E stays in A only.
    expect(totals.fields).toMatchObject({ ที่: 'รวมทั้งสิ้น', จังหวัด: null, อำเภอ: null, 'จำนวนกล้อง ทั้งหมด': 33 });
    expect(t.rows.filter((r) => !isTotalsRow(r, t.headers))).toHaveLength(4);
    // The signature line is returned too; the pipeline reports it.
    expect(t.rows[4]!.fields['จังหวัด']).toMatch(/^ลงชื่อ/);
  });

  it('names empty and repeated header cells', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('x');
    ws.addRow(['lat', null, 'lat', 'name']);
    ws.addRow([1, 2, 3, 'a', 'beyond']);
    const t = await readXlsx(await toBuffer(wb), { filename: 'x.xlsx' });
    expect(t.headers).toEqual(['lat', 'column 2', 'lat (column 3)', 'name', 'column 5']);
    expect(t.rows[0]!.fields).toEqual({ lat: 1, 'column 2': 2, 'lat (column 3)': 3, name: 'a', 'column 5': 'beyond' });
    expect(t.description).toContain('column 2 has no header');
  });

  it('reports unreadable workbooks and empty sheets', async () => {
    await expect(readXlsx(Buffer.from('PK\u0003\u0004garbage'), { filename: 'bad.xlsx' })).rejects.toThrow(/^bad\.xlsx: not a readable \.xlsx workbook/);
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('ว่าง');
    await expect(readXlsx(await toBuffer(wb), { filename: 'empty.xlsx' })).rejects.toThrow('empty.xlsx: sheet "ว่าง" is empty');
  });
});
