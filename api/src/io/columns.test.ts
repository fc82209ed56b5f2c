import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { columnFor, FIELDS, matchField, MappingSchema, parseMapping, recogniseColumns } from './columns.js';
import { type ExportKind, exportColumns, isExportKind, KINDS } from './export/columns.js';
import { geometryColumns, headerLabel } from './export/values.js';
import { IMPORT_KINDS, type ImportKind } from './types.js';

/** The header line of the official DLA example, as the file has it. */
export const KRABI_HEADERS = readFileSync(new URL('../../../data/forms/lao-maintenance-krabi-example.csv', import.meta.url), 'utf8')
  .split(/\r?\n/)[0]!
  .split(',');

describe('label tables', () => {
  it.each(IMPORT_KINDS.map((k) => [k]))('%s: every field is found by its name and both labels', (kind) => {
    for (const def of FIELDS[kind]) {
      for (const label of [def.field, def.th, def.en, ...(def.variants ?? [])]) expect(matchField(kind, label)?.field, label).toBe(def.field);
    }
  });
});

describe('recogniseColumns', () => {
  it('recognises the Krabi DLA form exactly', () => {
    expect(KRABI_HEADERS).toEqual([
      'ที่', 'จังหวัด', 'อำเภอ', 'อปท.', 'แหล่งที่มางบประมาณ จากหน่วยงาน', 'จำนวนกล้อง ทั้งหมด', 'จำนวนกล้อง ที่ใช้งานได้',
      'จำนวนกล้องที่ชำรุด อยู่ระหว่างซ่อม', 'จำนวนกล้องที่ชำรุด ไม่สามารถซ่อมได้', 'หมายเหตุ',
    ]);
    expect(recogniseColumns('lao_survey', KRABI_HEADERS)).toEqual({
      kind: 'lao_survey',
      byField: {
        province: 'จังหวัด',
        district_name: 'อำเภอ',
        lao_name: 'อปท.',
        budget_source: 'แหล่งที่มางบประมาณ จากหน่วยงาน',
        total: 'จำนวนกล้อง ทั้งหมด',
        working: 'จำนวนกล้อง ที่ใช้งานได้',
        under_repair: 'จำนวนกล้องที่ชำรุด อยู่ระหว่างซ่อม',
        beyond_repair: 'จำนวนกล้องที่ชำรุด ไม่สามารถซ่อมได้',
        remark: 'หมายเหตุ',
      },
      coordinateMode: 'none',
      unknown: [],
      ignored: ['ที่'],
      duplicates: [],
      missing: [],
      defaults: {},
      mappingUnused: [],
    });
  });

  it('recognises the short DLA form labels of the brief', () => {
    const r = recogniseColumns('lao_survey', ['ลำดับ', 'จังหวัด', 'อำเภอ', 'อปท.', 'แหล่งงบประมาณ/หน่วยงานที่จัดซื้อ', 'จำนวนกล้องทั้งหมด', 'ใช้งานได้', 'ชำรุดอยู่ระหว่างซ่อม', 'ชำรุดไม่สามารถซ่อมได้', 'หมายเหตุ', 'ปี']);
    expect(r.byField).toEqual({
      province: 'จังหวัด', district_name: 'อำเภอ', lao_name: 'อปท.', budget_source: 'แหล่งงบประมาณ/หน่วยงานที่จัดซื้อ', total: 'จำนวนกล้องทั้งหมด',
      working: 'ใช้งานได้', under_repair: 'ชำรุดอยู่ระหว่างซ่อม', beyond_repair: 'ชำรุดไม่สามารถซ่อมได้', remark: 'หมายเหตุ', survey_year: 'ปี',
    });
    expect(r.ignored).toEqual(['ลำดับ']);
  });

  it('recognises the Part 1 labels of DOMAIN.md', () => {
    const headers = [
      'ลำดับ', 'จุดติดตั้ง/สถานที่', 'หน่วยงานเจ้าของกล้อง', 'ชื่อผู้ติดต่อ', 'หมายเลขโทรศัพท์', 'ที่ตั้ง', 'ปีที่ติดตั้ง (พ.ศ.)', 'สถานีตำรวจที่รับผิดชอบ', 'โครงการ',
      'ละติจูด', 'ลองจิจูด', 'ยี่ห้อ/รุ่นเครื่องบันทึกภาพ', 'ยี่ห้อกล้อง', 'ระบบ/ประเภทกล้อง', 'การเชื่อมต่อ', 'URL link', 'ลักษณะพื้นที่/บริเวณที่ติดตั้ง',
      'รายละเอียดอื่นๆ', 'วัตถุประสงค์', 'การเชื่อมต่อกับระบบเครือข่าย', 'ศูนย์ควบคุม/ศูนย์ปฏิบัติการ', 'รูปแบบของเครือข่าย', 'ผู้ให้บริการ',
      'ข้อมูลการเชื่อมโยงหน่วยงาน', 'โครงข่ายที่เชื่อมโยง', 'จำนวนวันในการเก็บการบันทึก', 'กระบวนการเก็บรักษา', 'การเปิดเผยข้อมูล',
      'จำนวนความถี่ในการให้บริการข้อมูล', 'ระยะเวลา/ขั้นตอนในการขอดูข้อมูล', 'ความละเอียดของภาพที่บันทึก', 'ความละเอียดของการบันทึกสูงสุด',
      'จำนวนภาพต่อวินาที', 'รูปแบบไฟล์ที่บันทึก', 'สถานะการใช้งาน', 'งบประมาณในการซ่อม (บาท)', 'หน่วยงานที่รับผิดชอบการซ่อม', 'แหล่งที่มางบประมาณ', 'ทิศทาง',
    ];
    const r = recogniseColumns('cameras', headers);
    expect(r.byField).toEqual({
      place_name: 'จุดติดตั้ง/สถานที่', agency: 'หน่วยงานเจ้าของกล้อง', contact_name: 'ชื่อผู้ติดต่อ', phone: 'หมายเลขโทรศัพท์', address: 'ที่ตั้ง',
      year_installed: 'ปีที่ติดตั้ง (พ.ศ.)', police_station: 'สถานีตำรวจที่รับผิดชอบ', project: 'โครงการ', lat: 'ละติจูด', lon: 'ลองจิจูด',
      recorder_model: 'ยี่ห้อ/รุ่นเครื่องบันทึกภาพ', camera_brand: 'ยี่ห้อกล้อง', system_type: 'ระบบ/ประเภทกล้อง', connection: 'การเชื่อมต่อ', stream_url: 'URL link',
      area_type: 'ลักษณะพื้นที่/บริเวณที่ติดตั้ง', other_details: 'รายละเอียดอื่นๆ', purposes: 'วัตถุประสงค์', linkage: 'การเชื่อมต่อกับระบบเครือข่าย',
      control_centre: 'ศูนย์ควบคุม/ศูนย์ปฏิบัติการ', network_type: 'รูปแบบของเครือข่าย', network_provider: 'ผู้ให้บริการ', linked_agencies: 'ข้อมูลการเชื่อมโยงหน่วยงาน',
      linked_network: 'โครงข่ายที่เชื่อมโยง', retention_days: 'จำนวนวันในการเก็บการบันทึก', storage_process: 'กระบวนการเก็บรักษา', disclosure_rules: 'การเปิดเผยข้อมูล',
      footage_service_frequency: 'จำนวนความถี่ในการให้บริการข้อมูล', footage_request_procedure: 'ระยะเวลา/ขั้นตอนในการขอดูข้อมูล',
      recorded_resolution: 'ความละเอียดของภาพที่บันทึก', max_resolution: 'ความละเอียดของการบันทึกสูงสุด', fps: 'จำนวนภาพต่อวินาที', file_format: 'รูปแบบไฟล์ที่บันทึก',
      status: 'สถานะการใช้งาน', repair_budget_baht: 'งบประมาณในการซ่อม (บาท)', repair_agency: 'หน่วยงานที่รับผิดชอบการซ่อม', budget_source: 'แหล่งที่มางบประมาณ',
      direction: 'ทิศทาง',
    });
    expect([r.coordinateMode, r.unknown, r.ignored, r.missing, r.duplicates]).toEqual(['latlon', [], ['ลำดับ'], [], []]);
  });

  it('recognises the database column names (our own exports)', () => {
    const cols = ['id', 'external_id', 'place_name', 'status', 'kind', 'system', 'purposes', 'direction_deg', 'fov_deg', 'range_m', 'year_installed', 'province_code', 'district_id', 'created_at', 'lat', 'lon'];
    const r = recogniseColumns('cameras', cols);
    expect(r.byField).toEqual({
      external_id: 'external_id', place_name: 'place_name', status: 'status', kind: 'kind', system: 'system', purposes: 'purposes', direction: 'direction_deg',
      fov_deg: 'fov_deg', range_m: 'range_m', year_installed: 'year_installed', province: 'province_code', lat: 'lat', lon: 'lon',
    });
    expect(r.ignored).toEqual(['id', 'district_id', 'created_at']);
  });

  it.each([
    [['Latitude', 'Longitude'], 'latlon', { lat: 'Latitude', lon: 'Longitude' }],
    [['lat', 'lng'], 'latlon', { lat: 'lat', lon: 'lng' }],
    [['LAT.', ' Long '], 'latlon', { lat: 'LAT.', lon: ' Long ' }],
    [['Y', 'X'], 'latlon', { lat: 'Y', lon: 'X' }],
    [['ละติจูด', 'ลองจิจูด'], 'latlon', { lat: 'ละติจูด', lon: 'ลองจิจูด' }],
    [['พิกัด GPS ละติจูด', 'พิกัด GPS ลองจิจูด'], 'latlon', { lat: 'พิกัด GPS ละติจูด', lon: 'พิกัด GPS ลองจิจูด' }],
    [['ลติจูด', 'ลองติจูด'], 'latlon', { lat: 'ลติจูด', lon: 'ลองติจูด' }], // common misspellings
    [['พิกัด'], 'single', { coordinates: 'พิกัด' }],
    [['Coordinates'], 'single', { coordinates: 'Coordinates' }],
    [['GPS'], 'single', { coordinates: 'GPS' }],
    [['Lat, Lon'], 'single', { coordinates: 'Lat, Lon' }],
    [['ลองจิจูด/ละติจูด'], 'single', { coordinates_lonlat: 'ลองจิจูด/ละติจูด' }],
    [['WKT'], 'geometry', { wkt: 'WKT' }],
    [['Latitude'], 'none', { lat: 'Latitude' }], // one of two is not enough
  ])('%j -> %s', (headers, mode, byField) => {
    const r = recogniseColumns('planned_sites', ['จุดติดตั้ง', ...headers]);
    expect(r.coordinateMode).toBe(mode);
    expect(r.byField).toEqual({ place_name: 'จุดติดตั้ง', ...byField });
    expect(r.missing).toEqual(mode === 'none' ? ['geometry'] : []);
  });

  it('takes the geometry of GeoJSON/KML features', () => {
    const r = recogniseColumns('cameras', ['name', 'description', 'status', 'styleUrl', 'fill-opacity'], undefined, { sourceHasGeometry: true });
    expect(r.coordinateMode).toBe('geometry');
    expect(r.byField).toEqual({ place_name: 'name', other_details: 'description', status: 'status' });
    expect(r.ignored).toEqual(['styleUrl', 'fill-opacity']);
    expect(r.missing).toEqual([]);
  });

  it('ignores case, spaces, punctuation, numbering and "(…)"', () => {
    const r = recogniseColumns('cameras', ['1. จุดติดตั้ง', 'STATUS ', 'ปีที่ติดตั้ง (พ.ศ.)', 'Repair-Budget', 'งบประมาณในการซ่อม[บาท]', 'Lat.', 'Lon.']);
    expect(r.byField).toEqual({ place_name: '1. จุดติดตั้ง', status: 'STATUS ', year_installed: 'ปีที่ติดตั้ง (พ.ศ.)', repair_budget_baht: 'Repair-Budget', lat: 'Lat.', lon: 'Lon.' });
    expect(r.duplicates).toEqual([{ field: 'repair_budget_baht', headers: ['Repair-Budget', 'งบประมาณในการซ่อม[บาท]'] }]);
  });

  it('reports duplicates, unknown headers and missing required fields', () => {
    const r = recogniseColumns('cameras', ['สถานะ', 'Status', 'Foo_Bar', 'สีกล้อง', 'lat', 'lon']);
    expect(r.byField.status).toBe('Status'); // the field's own English label beats the variant สถานะ
    expect(r.duplicates).toEqual([{ field: 'status', headers: ['สถานะ', 'Status'] }]);
    expect(r.unknown).toEqual(['Foo_Bar', 'สีกล้อง']);
    expect(r.missing).toEqual(['place_name']);
  });

  it("with several headers for one field, the field's own label wins over a variant, else the first", () => {
    expect(recogniseColumns('risk_routes', ['name', 'description', 'หมายเหตุ']).byField.notes).toBe('หมายเหตุ');
    expect(recogniseColumns('risk_routes', ['name', 'description', 'remark']).byField.notes).toBe('description');
    const mapped = recogniseColumns('risk_routes', ['name', 'description', 'หมายเหตุ'], { columns: { description: 'notes' }, defaults: {} });
    expect(mapped.byField.notes).toBe('description'); // a mapping file always wins
  });

  it('risk routes take lines only: lat/lon are not theirs', () => {
    const r = recogniseColumns('risk_routes', ['ชื่อเส้นทาง', 'ประเภท', 'lat', 'lon']);
    expect(r.coordinateMode).toBe('none');
    expect(r.unknown).toEqual(['lat', 'lon']);
    expect(r.missing).toEqual(['geometry']);
    expect(recogniseColumns('risk_routes', ['name', 'category', 'geometry']).coordinateMode).toBe('geometry');
  });

  it('police stations and risk points', () => {
    expect(recogniseColumns('police_stations', ['ชื่อสถานีตำรวจ', 'ชื่อภาษาอังกฤษ', 'โทรศัพท์', 'ละติจูด', 'ลองจิจูด']).byField).toEqual({
      name_th: 'ชื่อสถานีตำรวจ', name_en: 'ชื่อภาษาอังกฤษ', phone: 'โทรศัพท์', lat: 'ละติจูด', lon: 'ลองจิจูด',
    });
    expect(recogniseColumns('risk_points', ['ชื่อจุดเสี่ยง', 'ประเภท', 'รัศมี (เมตร)', 'สถานีตำรวจ', 'พิกัด']).byField).toEqual({
      name: 'ชื่อจุดเสี่ยง', category: 'ประเภท', radius_m: 'รัศมี (เมตร)', police_station: 'สถานีตำรวจ', coordinates: 'พิกัด',
    });
  });
});

describe('mapping (--mapping map.json)', () => {
  const city = { columns: { Cam_Code: 'external_id', Cam_Name: 'place_name', Latitude: 'lat', Longitude: 'lon', Cam_Direction: 'direction', Zone: null }, defaults: { status: 'working' } };

  it('is applied before automatic recognition', () => {
    const m = parseMapping('cameras', city);
    expect(m.ok).toBe(true);
    const r = recogniseColumns('cameras', ['Cam_Code', 'Cam_Name', 'Latitude', 'Longitude', 'Cam_Direction', 'Zone', 'Remark'], m.ok ? m.mapping : undefined);
    expect(r).toEqual({
      kind: 'cameras',
      byField: { external_id: 'Cam_Code', place_name: 'Cam_Name', lat: 'Latitude', lon: 'Longitude', direction: 'Cam_Direction', other_details: 'Remark' },
      coordinateMode: 'latlon',
      unknown: [],
      ignored: ['Zone'],
      duplicates: [],
      missing: [],
      defaults: { status: 'working' },
      mappingUnused: [],
    });
  });

  it('beats an automatic match whatever the column order, and takes Thai labels as targets', () => {
    const m = MappingSchema.parse({ columns: { 'สถานที่ตั้ง': 'จุดติดตั้ง', ชื่อ: 'contact_name', 'not in file': 'project' } });
    const r = recogniseColumns('cameras', ['ชื่อ', 'สถานที่ตั้ง'], m);
    expect(r.byField).toEqual({ contact_name: 'ชื่อ', place_name: 'สถานที่ตั้ง' });
    expect(r.mappingUnused).toEqual(['not in file']);
  });

  it('matches mapping headers case- and space-insensitively', () => {
    const r = recogniseColumns('cameras', ['CAM CODE'], MappingSchema.parse({ columns: { cam_code: 'external_id' } }));
    expect(r.byField).toEqual({ external_id: 'CAM CODE' });
  });

  it.each([
    [{ columns: { A: 'plac_name' } }, ['mapping.columns["A"]: unknown field "plac_name" for cameras (did you mean "place_name"?); fields: ' + FIELDS.cameras.map((d) => d.field).join(', ')]],
    [{ columns: { A: 5 } }, ['mapping.columns.A: Invalid input: expected string, received number']],
    [{ columns: {}, extra: 1 }, ['mapping: Unrecognized key: "extra"']],
    [{ defaults: { lat: 13.7 } }, ['mapping.defaults["lat"]: coordinates cannot have a default']],
  ])('refuses %j', (json, errors) => {
    expect(parseMapping('cameras', json)).toEqual({ ok: false, errors });
  });

  it('defaults fill required fields, so they are not missing', () => {
    expect(recogniseColumns('cameras', ['name', 'lat', 'lon']).missing).toEqual(['status']);
    expect(recogniseColumns('cameras', ['name', 'lat', 'lon'], MappingSchema.parse({ defaults: { สถานะ: 'ปกติ' } })).missing).toEqual([]);
  });

  it('refuses an unvalidated mapping with unknown targets', () => {
    expect(() => recogniseColumns('cameras', ['A'], { columns: { A: 'nope' }, defaults: {} })).toThrow('invalid mapping (validate it with parseMapping)');
  });
});

describe('columnFor', () => {
  it('names the file columns behind a domain field', () => {
    const r = recogniseColumns('cameras', ['จุดติดตั้ง', 'ละติจูด', 'ลองจิจูด', 'ทิศทาง', 'หน่วยงาน', 'สถานีตำรวจ', 'จังหวัด', 'ระบบ/ประเภทกล้อง', 'ป้องปราม', 'จราจร']);
    expect(
      ['geometry', 'direction_deg', 'fov_deg', 'agency_id', 'police_station_id', 'province_code', 'system', 'kind', 'purposes', 'place_name', 'phone'].map((f) => columnFor(r, f)),
    ).toEqual(['ละติจูด, ลองจิจูด', 'ทิศทาง', 'ทิศทาง', 'หน่วยงาน', 'สถานีตำรวจ', 'จังหวัด', 'ระบบ/ประเภทกล้อง', 'ระบบ/ประเภทกล้อง', 'ป้องปราม, จราจร', 'จุดติดตั้ง', '']);
    expect(columnFor(recogniseColumns('cameras', ['พิกัด']), 'geometry')).toBe('พิกัด');
  });
});

describe('the headers of our own exports', () => {
  /** Export column -> the import field it feeds (null: deliberately not imported, derived or record metadata). */
  const FEEDS: Record<string, string | null> = {
    id: null, is_demo: null, updated_at: null,
    district_id: null, district_name: null, subdistrict_id: null, subdistrict_name: null,
    agency_name: 'agency', police_station_name: 'police_station', province_code: 'province', province_name: 'province', direction_deg: 'direction',
  };
  const importable = IMPORT_KINDS.filter((k): k is ImportKind & ExportKind => isExportKind(k));

  it.each(importable.flatMap((kind) => (['th', 'en', 'name'] as const).map((header) => [kind, header] as const)))(
    '%s, header %s: every exported column is read back into its field or deliberately ignored',
    (kind, header) => {
      const def = KINDS[kind];
      const geometry = !def.geometry ? 'none' : def.geometry.type === 'Point' ? 'lonlat' : 'wkt';
      const columns = [...exportColumns(kind, { includeSensitive: true }), ...geometryColumns(geometry)];
      const headers = columns.map((c) => headerLabel(c, header));
      const r = recogniseColumns(kind, headers);
      expect(r.unknown).toEqual([]);
      for (const [i, c] of columns.entries()) {
        let want = c.name in FEEDS ? FEEDS[c.name] : c.name;
        // LAO survey rows keep their district as typed, and its id when known (no geometry to derive it from).
        if (kind === 'lao_survey' && (c.name === 'district_id' || c.name === 'district_name')) want = c.name;
        if (want === null) expect(r.ignored, `${c.name} (${headers[i]})`).toContain(headers[i]);
        else expect(matchField(kind, headers[i]!)?.field, `${c.name} (${headers[i]})`).toBe(want);
      }
      expect(r.missing).toEqual([]);
    },
  );

  it('a GeoJSON feature id beside an "id" property is not data either', () => {
    expect(recogniseColumns('cameras', ['id', 'feature id', 'place_name']).ignored).toEqual(['id', 'feature id']);
  });
});

describe('the KML of our exports', () => {
  it.each(IMPORT_KINDS.filter((k): k is ImportKind & ExportKind => isExportKind(k)))('%s: the placemark name is read as the record name, not an unknown column', (kind) => {
    const titleColumn = KINDS[kind].titleColumn;
    const r = recogniseColumns(kind, ['name', ...exportColumns(kind, { includeSensitive: true }).map((c) => c.name)], undefined, { sourceHasGeometry: kind !== 'lao_survey' });
    expect(r.unknown).toEqual([]);
    expect(matchField(kind, 'name')?.field).toBe(matchField(kind, titleColumn)?.field);
  });
});
