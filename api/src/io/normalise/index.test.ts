import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CameraInputSchema } from '../../domain/camera.js';
import { LaoSurveyInputSchema } from '../../domain/lao-survey.js';
import { PoliceStationInputSchema } from '../../domain/police-station.js';
import { RiskRouteInputSchema } from '../../domain/risk.js';
import { MappingSchema, recogniseColumns } from '../columns.js';
import type { CellValue, ImportKind, SourceRow } from '../types.js';
import { normaliseRow, type NormalisedRow } from './index.js';

const AREA = 'accepted area lon 97.3–105.7, lat 5.6–20.5';

/** One row of a table given as header -> cell, numbered like a spreadsheet line. */
function run(kind: ImportKind, fields: Record<string, CellValue>, opts: Parameters<typeof normaliseRow>[3] = {}, extra: Partial<SourceRow> = {}, mapping?: unknown): NormalisedRow {
  const row: SourceRow = { row: 5, fields, ...extra };
  const columns = recogniseColumns(kind, Object.keys(fields), mapping === undefined ? undefined : MappingSchema.parse(mapping), { sourceHasGeometry: !!extra.geometry });
  return normaliseRow(kind, row, columns, opts);
}

describe('the Krabi DLA example', () => {
  const lines = readFileSync(new URL('../../../../data/forms/lao-maintenance-krabi-example.csv', import.meta.url), 'utf8').trim().split(/\r?\n/);
  const headers = lines[0]!.split(',');
  const rows: SourceRow[] = lines.slice(1).map((line, i) => ({ row: i + 2, fields: Object.fromEntries(line.split(',').map((v, j) => [headers[j]!, v])) }));
  const columns = recogniseColumns('lao_survey', headers);
  const out = rows.map((r) => normaliseRow('lao_survey', r, columns, { surveyYear: 2019 }));

  it('gives one clean input per LAO row', () => {
    expect(out[0]).toEqual({
      rowKind: 'record',
      input: { district_name: 'เกาะลันตา', lao_name: 'ทต.เกาะลันตาใหญ่', budget_source: 'กรมส่งเสริมการปกครองท้องถิ่น', total: 6, working: 5, under_repair: 1, beyond_repair: 0, survey_year: 2019 },
      issues: [],
      notes: [],
      refs: { province: 'กระบี่' },
    });
    expect(out.slice(0, 7).map((r) => [r.input.lao_name, r.input.budget_source, r.input.total, r.input.working, r.input.under_repair, r.input.beyond_repair])).toEqual([
      ['ทต.เกาะลันตาใหญ่', 'กรมส่งเสริมการปกครองท้องถิ่น', 6, 5, 1, 0],
      ['ทต.เกาะลันตาใหญ่', 'ทต.เกาะลันตาใหญ่', 10, 6, 3, 1],
      ['อบต.คลองยาง', 'กระทรวงมหาดไทย', 17, 7, 5, 5],
      ['อบต.คลองยาง', 'อบต.คลองยาง', 7, 2, 4, 1],
      ['อบจ.กระบี่', 'กรมส่งเสริมการปกครองท้องถิ่น', 5, 4, 0, 1],
      ['อบจ.กระบี่', 'กระทรวงมหาดไทย', 10, 9, 1, 0],
      ['อบจ.กระบี่', 'อบจ.กระบี่', 15, 10, 4, 1],
    ]);
    expect(out.slice(0, 7).every((r) => r.rowKind === 'record' && r.issues.length === 0)).toBe(true);
  });

  it('ready for the zod schema once the pipeline resolves the province (Krabi = 81)', () => {
    for (const r of out.slice(0, 7)) expect(LaoSurveyInputSchema.safeParse({ ...r.input, province_code: '81' }).success).toBe(true);
  });

  it('recognises the totals row (70 / 43 / 18 / 9) and the rows add up to it', () => {
    const totals = out[7]!;
    expect(totals).toEqual({ rowKind: 'totals', input: { total: 70, working: 43, under_repair: 18, beyond_repair: 9 }, issues: [], notes: [], refs: {} });
    const sum = (f: string) => out.slice(0, 7).reduce((s, r) => s + (r.input[f] as number), 0);
    expect(['total', 'working', 'under_repair', 'beyond_repair'].map(sum)).toEqual([70, 43, 18, 9]);
  });
});

describe('lao_survey problems', () => {
  const base = { อำเภอ: 'เกาะลันตา', 'อปท.': 'อบต.คลองยาง', 'แหล่งที่มางบประมาณ จากหน่วยงาน': 'อบต.คลองยาง', 'จำนวนกล้อง ทั้งหมด': '10', 'จำนวนกล้อง ที่ใช้งานได้': '6', 'จำนวนกล้องที่ชำรุด อยู่ระหว่างซ่อม': '3', 'จำนวนกล้องที่ชำรุด ไม่สามารถซ่อมได้': '0' };

  it('total ≠ working + under repair + beyond repair', () => {
    expect(run('lao_survey', base, { surveyYear: 2019 }).issues).toEqual([
      { row: 5, column: 'จำนวนกล้อง ทั้งหมด', value: '10', message: 'total 10 is not working 6 + under repair 3 + beyond repair 0 = 9', suggestion: '9' },
    ]);
  });

  it('a fraction, and a missing survey year', () => {
    expect(run('lao_survey', { ...base, 'จำนวนกล้อง ที่ใช้งานได้': '6.5' }).issues).toEqual([
      { row: 5, column: 'จำนวนกล้อง ที่ใช้งานได้', value: '6.5', message: '"6.5" is not a whole number', suggestion: '7' },
      { row: 5, column: '', value: '', message: 'the survey year is missing', suggestion: 'add a ปี (year) column or give the survey year' },
    ]);
  });

  it('takes the year from a ปี column in BE', () => {
    expect(run('lao_survey', { ...base, ปี: '๒๕๖๒', 'จำนวนกล้อง ทั้งหมด': '9' }).input.survey_year).toBe(2019);
  });
});

describe('cameras', () => {
  it('a full Part 1 row in Thai becomes a valid CameraInput', () => {
    const r = run('cameras', {
      ลำดับ: '๑',
      'จุดติดตั้ง/สถานที่': '  สี่แยกไฟแดง\u200B หน้าศาลากลาง ',
      หน่วยงานเจ้าของกล้อง: 'เทศบาลเมืองอ่างทอง',
      หมายเลขโทรศัพท์: 35611234,
      'ปีที่ติดตั้ง (พ.ศ.)': '๒๕๕๙',
      สถานีตำรวจที่รับผิดชอบ: 'สภ.เมืองอ่างทอง',
      พิกัด: '14.58917, 100.45528',
      'ระบบ/ประเภทกล้อง': 'IP / PTZ',
      การเชื่อมต่อ: 'ไฟเบอร์',
      'URL link': 'https://cctv.example.go.th/cam/1',
      วัตถุประสงค์: 'ป้องปราม, จราจร',
      การเชื่อมต่อกับระบบเครือข่าย: '✓',
      จำนวนวันในการเก็บการบันทึก: '30 วัน',
      จำนวนภาพต่อวินาที: '25 fps',
      สถานะการใช้งาน: 'ชำรุด อยู่ระหว่างซ่อม',
      'งบประมาณในการซ่อม (บาท)': '๑๕,๐๐๐ บาท',
      ทิศทาง: 'ทิศตะวันออกเฉียงเหนือ',
      'รายละเอียดอื่นๆ': 'บรรทัด 1\r\nบรรทัด 2',
      จังหวัด: 'อ่างทอง',
    });
    expect(r).toEqual({
      rowKind: 'record',
      input: {
        system: 'ip',
        kind: 'ptz',
        direction_deg: 45,
        place_name: 'สี่แยกไฟแดง หน้าศาลากลาง',
        phone: '035611234',
        year_installed: 2016,
        connection: 'wired',
        stream_url: 'https://cctv.example.go.th/cam/1',
        linkage: 'linked',
        retention_days: 30,
        fps: 25,
        status: 'under_repair',
        repair_budget_baht: 15000,
        other_details: 'บรรทัด 1\nบรรทัด 2',
        purposes: ['deterrence', 'traffic'],
        geometry: { type: 'Point', coordinates: [100.45528, 14.58917] },
      },
      issues: [],
      notes: [{ row: 5, column: 'หมายเลขโทรศัพท์', value: '35611234', message: 'phone number read as 035611234 (Excel dropped the leading 0)' }],
      refs: { agency: 'เทศบาลเมืองอ่างทอง', police_station: 'สภ.เมืองอ่างทอง', province: 'อ่างทอง' },
    });
    expect(CameraInputSchema.safeParse(r.input).success).toBe(true);
  });

  const row = { จุดติดตั้ง: 'หน้าตลาด', สถานะ: 'ใช้งานได้', ละติจูด: 14.58917, ลองจิจูด: 100.45528 } as Record<string, CellValue>;

  it('swapped latitude/longitude columns: reported with the swap as suggestion', () => {
    expect(run('cameras', { ...row, ละติจูด: 100.45528, ลองจิจูด: 14.58917 }).issues).toEqual([
      {
        row: 5,
        column: 'ละติจูด, ลองจิจูด',
        value: '100.45528, 14.58917',
        message: `latitude 100.45528 and longitude 14.58917 look swapped (${AREA})`,
        suggestion: 'lat 14.58917, lon 100.45528',
      },
    ]);
  });

  it('… or swapped back with a note when the pipeline asks for it', () => {
    const r = run('cameras', { ...row, ละติจูด: 100.45528, ลองจิจูด: 14.58917 }, { fixSwapped: true });
    expect(r.issues).toEqual([]);
    expect(r.input.geometry).toEqual({ type: 'Point', coordinates: [100.45528, 14.58917] });
    expect(r.notes).toEqual([
      { row: 5, column: 'ละติจูด, ลองจิจูด', value: '100.45528, 14.58917', message: 'latitude 100.45528 and longitude 14.58917 were swapped: read as lat 14.58917, lon 100.45528' },
    ]);
  });

  it('outside Thailand, and missing coordinates', () => {
    expect(run('cameras', { ...row, ละติจูด: 48.85, ลองจิจูด: 2.35 }).issues).toEqual([
      { row: 5, column: 'ละติจูด, ลองจิจูด', value: '48.85, 2.35', message: `lat 48.85, lon 2.35 is outside the ${AREA.replace('accepted area ', 'accepted area (')})` },
    ]);
    expect(run('cameras', { ...row, ละติจูด: '', ลองจิจูด: null }).issues).toEqual([
      { row: 5, column: 'ละติจูด, ลองจิจูด', value: '', message: 'coordinates are missing', suggestion: 'fill latitude and longitude (e.g. 13.71197, 100.42091 from Google Maps)' },
    ]);
    expect(run('cameras', { จุดติดตั้ง: 'x', สถานะ: 'ปกติ' }).issues).toEqual([
      { row: 5, column: '', value: '', message: 'coordinates are missing', suggestion: 'fill latitude and longitude (e.g. 13.71197, 100.42091 from Google Maps)' },
    ]);
  });

  it('unknown status with a suggestion, named by its column', () => {
    expect(run('cameras', { ...row, สถานะ: 'ใช้งานได้ดี' }).issues).toEqual([
      {
        row: 5,
        column: 'สถานะ',
        value: 'ใช้งานได้ดี',
        message:
          'unknown camera status "ใช้งานได้ดี"; accepted: working (ใช้งานได้ปกติ / Working normally), not_working (ใช้งานไม่ได้ / Not working), ' +
          'under_repair (ชำรุด อยู่ระหว่างซ่อม / Damaged – under repair), beyond_repair (ชำรุด ไม่สามารถซ่อมได้ / Damaged – cannot be repaired)',
        suggestion: 'working (ใช้งานได้ปกติ)',
      },
    ]);
  });

  it('required fields: empty cell, and no column at all', () => {
    expect(run('cameras', { ...row, จุดติดตั้ง: ' - ' }).issues).toEqual([
      { row: 5, column: 'จุดติดตั้ง', value: ' - ', message: 'จุดติดตั้ง/สถานที่ (place_name) is required' },
    ]);
    const { สถานะ: _, ...noStatus } = row;
    expect(run('cameras', noStatus).issues).toEqual([{ row: 5, column: '', value: '', message: 'no column for status (สถานะการใช้งาน / Status)' }]);
  });

  it('notes a 2-digit year read as BE', () => {
    const r = run('cameras', { ...row, ปีที่ติดตั้ง: '59' });
    expect([r.input.year_installed, r.notes]).toEqual([2016, [{ row: 5, column: 'ปีที่ติดตั้ง', value: '59', message: '2-digit year 59 read as BE 2559 (2016)' }]]);
  });

  it('tick-box purpose columns and an OSM direction range', () => {
    const r = run('cameras', { ...row, ป้องปราม: '✓', สืบสวน: '', จราจร: 'x', 'camera:direction': '300-60', 'camera:type': 'dome' });
    expect([r.input.purposes, r.input.direction_deg, r.input.fov_deg, r.input.kind, r.issues]).toEqual([['deterrence', 'traffic'], 0, 120, 'dome', []]);
  });

  it('a field-of-view column wins over the range of the direction', () => {
    expect(run('cameras', { ...row, ทิศทาง: '90-270', มุมมอง: '๙๐°' }).input).toMatchObject({ direction_deg: 180, fov_deg: 90 });
  });

  it('a two-digit province code goes to province_code', () => {
    const r = run('cameras', { ...row, province_code: '15' });
    expect([r.input.province_code, r.refs]).toEqual(['15', { province: '15' }]);
  });

  it('a city CCTV sheet through a mapping, with "Towards …" directions and a default status', () => {
    const mapping = { columns: { Cam_Code: 'external_id', Cam_Name: 'place_name', Latitude: 'lat', Longitude: 'lon', Cam_Direction: 'direction' }, defaults: { status: 'working' } };
    const r = run('cameras', { Cam_Code: 'BKK-00017', Cam_Name: 'Ratchaprasong', Latitude: '13.74658', Longitude: '100.53934', Cam_Direction: 'Towards Central World' }, {}, {}, mapping);
    expect(r).toEqual({
      rowKind: 'record',
      input: { external_id: 'BKK-00017', place_name: 'Ratchaprasong', status: 'working', geometry: { type: 'Point', coordinates: [100.53934, 13.74658] } },
      issues: [],
      notes: [
        {
          row: 5,
          column: 'Cam_Direction',
          value: 'Towards Central World',
          message: 'direction "Towards Central World" names a target, not a bearing: left empty (set the bearing in degrees or as N/NE/…)',
        },
      ],
      refs: {},
    });
    expect(CameraInputSchema.safeParse(r.input).success).toBe(true);
  });

  it('an invalid mapping default is reported against the default', () => {
    const r = run('cameras', { ชื่อ: 'x', lat: 13.7, lon: 100.5 }, {}, {}, { defaults: { status: 'zzz' } });
    expect(r.issues.map((i) => [i.column, i.value])).toEqual([['(default for status)', 'zzz']]);
  });

  it('GeoJSON/KML features: the geometry of the feature, altitude dropped', () => {
    const r = run('cameras', { name: 'จุด A', status: 'OK', description: 'จาก Google My Maps' }, {}, { geometry: { type: 'Point', coordinates: [100.45528, 14.58917, 0] } });
    expect(r.input).toEqual({ place_name: 'จุด A', status: 'working', other_details: 'จาก Google My Maps', geometry: { type: 'Point', coordinates: [100.45528, 14.58917] } });
    expect(r.issues).toEqual([]);
  });

  it('a feature with the wrong geometry type', () => {
    const r = run('cameras', { name: 'จุด A', status: 'OK' }, {}, { geometry: { type: 'LineString', coordinates: [[100, 14], [101, 14]] } });
    expect(r.issues).toEqual([{ row: 5, column: '(geometry)', value: 'LineString', message: 'expected a point, got a LineString' }]);
  });

  it('empty rows are not records', () => {
    expect(run('cameras', { จุดติดตั้ง: '', สถานะ: null, ละติจูด: ' ', ลองจิจูด: '-' })).toEqual({ rowKind: 'empty', input: {}, issues: [], notes: [], refs: {} });
    // a pre-numbered blank line of a form
    expect(run('lao_survey', { ที่: '8', จังหวัด: '', อำเภอ: '', 'อปท.': null }).rowKind).toBe('empty');
  });
});

describe('risk routes, police stations, planned sites', () => {
  it('a risk route from a WKT column', () => {
    const r = run('risk_routes', { ชื่อเส้นทาง: 'ถนนสาย 9', ประเภท: 'เส้นทางหลบหนี', WKT: 'LINESTRING (100.1 13.7, 100.2 13.8)' });
    expect(r).toEqual({
      rowKind: 'record',
      input: { name: 'ถนนสาย 9', category: 'escape_route', geometry: { type: 'LineString', coordinates: [[100.1, 13.7], [100.2, 13.8]] } },
      issues: [],
      notes: [],
      refs: {},
    });
    expect(RiskRouteInputSchema.safeParse(r.input).success).toBe(true);
  });

  it('a risk route without a line', () => {
    expect(run('risk_routes', { ชื่อเส้นทาง: 'ถนนสาย 9', ประเภท: 'เส้นทางโจร' }).issues).toEqual([
      { row: 5, column: '', value: '', message: 'the route has no line geometry', suggestion: 'import routes from GeoJSON/KML or a WKT LINESTRING column' },
    ]);
  });

  it('a police station given as its jurisdiction polygon', () => {
    const square = [[[100, 13], [101, 13], [101, 14], [100, 14], [100, 13]]];
    const r = run('police_stations', { ชื่อสถานีตำรวจ: 'สภ.ตัวอย่าง' }, {}, { geometry: { type: 'Polygon', coordinates: square } });
    expect(r).toEqual({
      rowKind: 'record',
      input: { name_th: 'สภ.ตัวอย่าง', jurisdiction: { type: 'Polygon', coordinates: square }, geometry: { type: 'Point', coordinates: [100.5, 13.5] } },
      issues: [],
      notes: [{ row: 5, column: '(geometry)', value: 'Polygon', message: 'no station position given: the centroid of the jurisdiction (13.5, 100.5) is used' }],
      refs: {},
    });
    expect(PoliceStationInputSchema.safeParse(r.input).success).toBe(true);
  });

  it('… and with its own position from lat/lon columns', () => {
    const square = [[[100, 13], [101, 13], [101, 14], [100, 14], [100, 13]]];
    const r = run('police_stations', { ชื่อสถานีตำรวจ: 'สภ.ตัวอย่าง', lat: 13.2, lon: 100.2 }, {}, { geometry: { type: 'Polygon', coordinates: square } });
    expect([r.input.geometry, r.notes]).toEqual([{ type: 'Point', coordinates: [100.2, 13.2] }, []]);
  });

  it('a planned site with Thai status, money and count', () => {
    const r = run('planned_sites', { จุดติดตั้ง: 'ทางแยก', สถานะ: 'อยู่ระหว่างของบประมาณ', 'งบประมาณ (บาท)': '1.5 ล้าน', จำนวนกล้อง: '4 ตัว', จัดลำดับความสำคัญเร่งด่วน: '๑', พิกัด: '14.5, 100.4' });
    expect(r.input).toEqual({ place_name: 'ทางแยก', status: 'budget_requested', cost_baht: 1500000, camera_count: 4, priority: 1, geometry: { type: 'Point', coordinates: [100.4, 14.5] } });
    expect(r.issues).toEqual([]);
  });
});
