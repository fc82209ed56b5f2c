import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { ReadError } from '../types.js';
import { neutraliseFormula } from '../export/writers.js';
import { readCsv, restoreFormulaText, sniffDelimiter } from './csv.js';
import { isTotalsRow, readTable } from './index.js';

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);
const THAI_CSV =
  'รหัสกล้อง,ชื่อจุดติดตั้ง,ละติจูด,ลองจิจูด,สถานะ,วันที่ติดตั้ง\r\n' +
  'KB-001,"หน้าศาลากลาง, กระบี่",8.0863,98.9063,ใช้งานได้,๑๗ ธันวาคม ๒๕๕๘\r\n' +
  'KB-002,สี่แยกไฟแดงวัชระ,8.0721,98.9105,ชำรุด,8 ส.ค. 2559\r\n';

describe('readCsv', () => {
  it('reads UTF-8 with BOM and Thai headers', async () => {
    const t = await readTable(Buffer.concat([BOM, Buffer.from(THAI_CSV, 'utf8')]), { filename: 'กล้อง.csv' });
    expect(t.description).toBe('csv (utf-8 bom, comma)');
    expect(t.headers).toEqual(['รหัสกล้อง', 'ชื่อจุดติดตั้ง', 'ละติจูด', 'ลองจิจูด', 'สถานะ', 'วันที่ติดตั้ง']);
    expect(t.rows).toEqual([
      {
        row: 2,
        fields: {
          รหัสกล้อง: 'KB-001',
          ชื่อจุดติดตั้ง: 'หน้าศาลากลาง, กระบี่',
          ละติจูด: '8.0863',
          ลองจิจูด: '98.9063',
          สถานะ: 'ใช้งานได้',
          วันที่ติดตั้ง: '๑๗ ธันวาคม ๒๕๕๘',
        },
      },
      {
        row: 3,
        fields: {
          รหัสกล้อง: 'KB-002',
          ชื่อจุดติดตั้ง: 'สี่แยกไฟแดงวัชระ',
          ละติจูด: '8.0721',
          ลองจิจูด: '98.9105',
          สถานะ: 'ชำรุด',
          วันที่ติดตั้ง: '8 ส.ค. 2559',
        },
      },
    ]);
  });

  it('reads UTF-8 without BOM', () => {
    const t = readCsv(Buffer.from(THAI_CSV, 'utf8'), { filename: 'a.csv' });
    expect(t.description).toBe('csv (utf-8, comma)');
    expect(t.rows[1]?.fields['สถานะ']).toBe('ชำรุด');
  });

  it('detects Windows-874 (TIS-620) Thai and gives the same table as UTF-8', () => {
    const bytes = iconv.encode(THAI_CSV, 'win874');
    // Really single-byte Thai: no UTF-8 sequences, Thai letters in 0xA1–0xFB.
    expect(bytes.length).toBeLessThan(Buffer.byteLength(THAI_CSV, 'utf8'));
    const t = readCsv(bytes, { filename: 'tis620.csv' });
    const u = readCsv(Buffer.from(THAI_CSV, 'utf8'), { filename: 'utf8.csv' });
    expect(t.description).toBe('csv (windows-874, comma)');
    expect(t.headers).toEqual(u.headers);
    expect(t.rows).toEqual(u.rows);
  });

  it('lets an explicit encoding win over detection', () => {
    const bytes = iconv.encode(THAI_CSV, 'tis620');
    const t = readCsv(bytes, { filename: 'a.csv', encoding: 'TIS-620' });
    expect(t.description).toBe('csv (tis-620, comma)');
    expect(t.headers[0]).toBe('รหัสกล้อง');
    // Forcing latin1 on Thai bytes gives mojibake, but it is what was asked for.
    const l = readCsv(bytes, { filename: 'a.csv', encoding: 'latin1' });
    expect(l.headers[0]).not.toBe('รหัสกล้อง');
    expect(() => readCsv(bytes, { filename: 'a.csv', encoding: 'klingon' })).toThrow(/a\.csv: unknown text encoding "klingon"/);
  });

  it('reads Excel "Unicode Text" (UTF-16 LE with BOM, tab-separated)', () => {
    const text = THAI_CSV.replace(/,(?=(?:[^"]*"[^"]*")*[^"]*$)/g, '\t').replace(/"/g, '');
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(text, 'utf-16le')]);
    const t = readCsv(bytes, { filename: 'unicode.txt' });
    expect(t.description).toBe('csv (utf-16le, tab)');
    expect(t.rows[0]?.fields['ชื่อจุดติดตั้ง']).toBe('หน้าศาลากลาง, กระบี่');
  });

  it('sniffs semicolons (and keeps decimal commas inside values)', () => {
    const t = readCsv(Buffer.from('Cam_Code;Latitude;Longitude;Note\nA1;13,71197;100,42091;"x; y"\nA2;7,9;98,3;\n'), { filename: 'semi.csv' });
    expect(t.description).toBe('csv (utf-8, semicolon)');
    expect(t.headers).toEqual(['Cam_Code', 'Latitude', 'Longitude', 'Note']);
    expect(t.rows[0]?.fields).toEqual({ Cam_Code: 'A1', Latitude: '13,71197', Longitude: '100,42091', Note: 'x; y' });
    expect(t.rows[1]?.fields.Note).toBeNull();
  });

  it('sniffs tabs and commas', () => {
    expect(sniffDelimiter('a\tb\tc\n1\t2,5\t3\n')).toBe('\t');
    expect(sniffDelimiter('"a;b",c\n"1;2",3\n')).toBe(',');
    expect(sniffDelimiter('name\nx\n')).toBe(',');
  });

  it('keeps quoted fields with line breaks in one row; row numbers are record numbers (spreadsheet rows)', () => {
    const csv = 'code,address,status\nA,"12 ถนนมหาราช\nตำบลปากน้ำ\nอำเภอเมือง",ok\nB,plain,broken\n';
    const t = readCsv(Buffer.from(csv), { filename: 'nl.csv' });
    expect(t.rows.map((r) => r.row)).toEqual([2, 3]);
    expect(t.rows[0]?.fields.address).toBe('12 ถนนมหาราช\nตำบลปากน้ำ\nอำเภอเมือง');
    expect(t.rows[1]?.fields).toEqual({ code: 'B', address: 'plain', status: 'broken' });
  });

  it('skips blank rows but keeps the row numbers a spreadsheet shows; header = first non-blank row', () => {
    const csv = '\n,,\nname,lat\n\nA,1\n , \nB,2';
    const t = readCsv(Buffer.from(csv), { filename: 'gaps.csv' });
    expect(t.headers).toEqual(['name', 'lat']);
    expect(t.rows.map((r) => [r.row, r.fields.name])).toEqual([
      [5, 'A'],
      [7, 'B'],
    ]);
  });

  it('names empty and repeated headers and data beyond the header, and says so in the description', () => {
    const csv = 'name,,lat,name,\nA,x,1,A2\nB,,2,B2,,extra\n';
    const t = readCsv(Buffer.from(csv), { filename: 'h.csv' });
    expect(t.headers).toEqual(['name', 'column 2', 'lat', 'name (column 4)', 'column 6']);
    expect(t.rows[0]?.fields).toEqual({ name: 'A', 'column 2': 'x', lat: '1', 'name (column 4)': 'A2', 'column 6': null });
    expect(t.rows[1]?.fields).toEqual({ name: 'B', 'column 2': null, lat: '2', 'name (column 4)': 'B2', 'column 6': 'extra' });
    expect(t.description).toContain('column 2 has no header: named "column 2"');
    expect(t.description).toContain('header "name" repeated in column 4: named "name (column 4)"');
    expect(t.description).toContain('data without a header in column 6');
  });

  it('skips title lines above the table, as official forms saved as CSV have them', () => {
    const csv = 'แบบสำรวจข้อมูลกล้องโทรทัศน์วงจรปิด,,,\nจังหวัดกระบี่,,,\n,,,\nที่,อำเภอ,ทั้งหมด,หมายเหตุ\n1,เกาะลันตา,6,\n';
    const t = readCsv(Buffer.from(csv), { filename: 'form.csv' });
    expect(t.headers).toEqual(['ที่', 'อำเภอ', 'ทั้งหมด', 'หมายเหตุ']);
    expect(t.rows).toEqual([{ row: 5, fields: { ที่: '1', อำเภอ: 'เกาะลันตา', ทั้งหมด: '6', หมายเหตุ: null } }]);
    expect(t.description).toBe('csv (utf-8, comma); header on row 4');
    // A one-column list has its header on the first filled line.
    expect(readCsv(Buffer.from('\nชื่อ\nก\nข\n'), { filename: 'one.csv' }).rows.map((r) => [r.row, r.fields['ชื่อ']])).toEqual([
      [3, 'ก'],
      [4, 'ข'],
    ]);
  });

  it('trims cells, treats blank cells as null, keeps short rows', () => {
    const t = readCsv(Buffer.from('a,b,c\n  x , ,\ny\n'), { filename: 'x.csv' });
    expect(t.rows).toEqual([
      { row: 2, fields: { a: 'x', b: null, c: null } },
      { row: 3, fields: { a: 'y', b: null, c: null } },
    ]);
  });

  it('reads the DLA Krabi form: 7 data rows and the totals row', async () => {
    const path = fileURLToPath(new URL('../../../../data/forms/lao-maintenance-krabi-example.csv', import.meta.url));
    const t = await readTable(readFileSync(path), { filename: 'lao-maintenance-krabi-example.csv' });
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
    expect(t.rows).toHaveLength(8);
    expect(t.rows.map((r) => r.row)).toEqual([2, 3, 4, 5, 6, 7, 8, 9]);
    const data = t.rows.filter((r) => !isTotalsRow(r, t.headers));
    expect(data).toHaveLength(7);
    expect(data[2]?.fields).toEqual({
      ที่: '3',
      จังหวัด: 'กระบี่',
      อำเภอ: 'เกาะลันตา',
      'อปท.': 'อบต.คลองยาง',
      'แหล่งที่มางบประมาณ จากหน่วยงาน': 'กระทรวงมหาดไทย',
      'จำนวนกล้อง ทั้งหมด': '17',
      'จำนวนกล้อง ที่ใช้งานได้': '7',
      'จำนวนกล้องที่ชำรุด อยู่ระหว่างซ่อม': '5',
      'จำนวนกล้องที่ชำรุด ไม่สามารถซ่อมได้': '5',
      หมายเหตุ: null,
    });
    const totals = t.rows[7]!;
    expect(isTotalsRow(totals, t.headers)).toBe(true);
    expect(totals.row).toBe(9);
    expect(totals.fields['ที่']).toBe('รวมทั้งสิ้น');
    const sum = (h: string): number => data.reduce((s, r) => s + Number(r.fields[h]), 0);
    expect([sum('จำนวนกล้อง ทั้งหมด'), sum('จำนวนกล้อง ที่ใช้งานได้'), sum('จำนวนกล้องที่ชำรุด อยู่ระหว่างซ่อม'), sum('จำนวนกล้องที่ชำรุด ไม่สามารถซ่อมได้')]).toEqual([70, 43, 18, 9]);
    expect(totals.fields['จำนวนกล้อง ทั้งหมด']).toBe('70');
  });

  it('reports broken CSV clearly', () => {
    expect(() => readCsv(Buffer.alloc(0), { filename: 'e.csv' })).toThrow(new ReadError('e.csv: the file is empty'));
    expect(() => readCsv(Buffer.from('\ufeff \r\n\r\n'), { filename: 'e.csv' })).toThrow(/e\.csv: the file is empty/);
    expect(() => readCsv(Buffer.from('a,b\n"x,1\n2,3\n'), { filename: 'q.csv' })).toThrow(/q\.csv: a quoted field is never closed/);
    expect(() => readCsv(Buffer.from([0x00, 0x01, 0x02, 0xff, 0x00, 0x10]), { filename: 'g.csv' })).toThrow(/g\.csv: this is binary data/);
  });

  it('reads 100,000 rows in a few seconds', () => {
    const header = 'รหัสกล้อง,ชื่อจุดติดตั้ง,ละติจูด,ลองจิจูด,สถานะ,ทิศทาง,หน่วยงาน,วันที่ติดตั้ง,หมายเหตุ,งบประมาณ\n';
    const lines: string[] = [header];
    for (let i = 0; i < 100_000; i++) {
      lines.push(
        `KB-${i},"จุดที่ ${i}, ถนนมหาราช",${(8 + (i % 1000) / 10000).toFixed(5)},${(98.9 + (i % 777) / 10000).toFixed(5)},ใช้งานได้,NE,อบจ.กระบี่,๑๗ ธันวาคม ๒๕๕๘,,"1,250,000 บาท"\n`,
      );
    }
    const buf = Buffer.from(lines.join(''), 'utf8');
    const t0 = performance.now();
    const t = readCsv(buf, { filename: 'big.csv' });
    const ms = performance.now() - t0;
    const w874 = iconv.encode(lines.join(''), 'win874');
    const t1 = performance.now();
    const t2 = readCsv(w874, { filename: 'big874.csv' });
    const ms874 = performance.now() - t1;
    console.log(
      `csv 100k rows x 10 columns: utf-8 ${(buf.length / 1e6).toFixed(1)} MB in ${ms.toFixed(0)} ms; ` +
        `windows-874 ${(w874.length / 1e6).toFixed(1)} MB in ${ms874.toFixed(0)} ms`,
    );
    expect(t.rows).toHaveLength(100_000);
    expect(t2.rows).toHaveLength(100_000);
    expect(t.rows[99_999]?.row).toBe(100_001);
    expect(t.rows[99_999]?.fields['งบประมาณ']).toBe('1,250,000 บาท');
    // About 2–3 s on a quiet machine (csv-parse is ~85% of it); the bound leaves room for a loaded CI runner.
    expect(ms).toBeLessThan(8000);
  });
});

describe('restoreFormulaText', () => {
  const values = ['=1+1 ไม่ใช่สูตร', '=HYPERLINK("http://x","click")', '@สำนักงาน', '-ต้องการสายไฟเบอร์', '+เพิ่มเติม', '\tแท็บ', '-', '-5', '+66 81 234 5678', '(02) 123-4567', "'90", "'ซอย 5'", 'ปกติ', "'", ''];

  it('undoes the exporter\'s formula guard exactly', () => {
    for (const v of values) expect(restoreFormulaText(neutraliseFormula(v)), JSON.stringify(v)).toBe(v);
    expect(neutraliseFormula('=1+1')).toBe("'=1+1"); // the guard is on: this is not a no-op on both sides
  });

  it('keeps apostrophes the guard did not write', () => {
    expect(restoreFormulaText("'90")).toBe("'90");
    expect(restoreFormulaText("'-5")).toBe("'-5");
    expect(restoreFormulaText("'+66 81 234 5678")).toBe("'+66 81 234 5678");
    expect(restoreFormulaText("'ซอย 5'")).toBe("'ซอย 5'");
  });

  it('is applied to the cells of a CSV, not to its header', () => {
    const csv = "\ufeff'=หัวข้อ,รหัส\r\n'=1+1 ไม่ใช่สูตร,'-AT-1\r\n'@ศูนย์,'90\r\n";
    const t = readCsv(Buffer.from(csv), { filename: 'x.csv' });
    expect(t.headers).toEqual(["'=หัวข้อ", 'รหัส']);
    expect(t.rows.map((r) => Object.values(r.fields))).toEqual([
      ['=1+1 ไม่ใช่สูตร', '-AT-1'],
      ['@ศูนย์', "'90"],
    ]);
  });
});
