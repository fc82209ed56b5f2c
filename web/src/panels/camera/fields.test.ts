import { describe, expect, it } from 'vitest';
import { cameraEn, cameraTh } from '../../i18n/messages/camera';
import { cameraToForm, createBody, emptyForm, enumKey, FIELDS, formKeyOf, labelKey, patchBody, readForm, SECTIONS, sectionKey } from './fields';
import { checkPhoto, formatBytes, MAX_PHOTO_BYTES, photoType } from './photos';

const valid = () => {
  const f = emptyForm();
  f.values = { ...f.values, place_name: 'หน้าศาลากลางจังหวัดอ่างทอง', status: 'working', lat: '14.5896', lon: '100.4550' };
  return f;
};

describe('the field list', () => {
  it('covers every input field of the API camera schema', () => {
    // api/src/domain/camera.ts cameraShape, geometry aside (it is the lat/lon pair).
    const api = [
      'external_id', 'place_name', 'agency_id', 'contact_name', 'phone', 'address', 'year_installed', 'police_station_id', 'project',
      'recorder_model', 'camera_brand', 'system', 'kind', 'connection', 'stream_url', 'area_type', 'other_details', 'purposes',
      'linkage', 'control_centre', 'network_type', 'network_provider', 'linked_agencies', 'linked_network', 'link_requirements',
      'link_budget_baht', 'link_responsible_agency', 'retention_days', 'storage_process', 'disclosure_rules', 'footage_service_frequency',
      'footage_request_procedure', 'recorded_resolution', 'max_resolution', 'fps', 'file_format', 'status', 'repair_budget_baht',
      'repair_agency', 'budget_source', 'direction_deg', 'fov_deg', 'range_m', 'province_code', 'district_id', 'subdistrict_id',
    ];
    expect(FIELDS.map((f) => f.name).sort()).toEqual(api.sort());
  });

  it('has a Thai and an English label for every field, section and enumeration value', () => {
    const keys = [
      ...FIELDS.map((f) => labelKey(f.name)),
      ...SECTIONS.map((s) => sectionKey(s.id)),
      ...FIELDS.flatMap((f) => (f.values ?? []).map((v) => enumKey(f.name, v))),
    ];
    for (const k of keys) {
      expect(cameraTh[k], k).toBeTruthy();
      expect(cameraEn[k], k).toBeTruthy();
    }
  });
});

describe('readForm', () => {
  it('builds the API input from a minimal valid form', () => {
    const r = readForm(valid(), 'BE');
    expect(r.errors).toEqual({});
    expect(createBody(r.input)).toEqual({
      place_name: 'หน้าศาลากลางจังหวัดอ่างทอง',
      status: 'working',
      kind: 'fixed',
      geometry: { type: 'Point', coordinates: [100.455, 14.5896] },
    });
  });

  it('names every required field that is empty', () => {
    const r = readForm(emptyForm(), 'BE');
    expect(Object.keys(r.errors).sort()).toEqual(['lat', 'lon', 'place_name', 'status']);
    expect(r.errors.place_name).toEqual({ key: 'camera.err.required' });
    expect(r.errors.lat).toEqual({ key: 'camera.err.position_required' });
    // Whitespace is not a place name.
    const f = valid();
    f.values.place_name = '   ';
    expect(readForm(f, 'BE').errors.place_name).toEqual({ key: 'camera.err.required' });
  });

  it('checks the ranges the API checks', () => {
    const f = valid();
    Object.assign(f.values, { retention_days: '3651', fps: '-1', direction_deg: '400', fov_deg: '0', range_m: '2000.5', link_budget_baht: '-5', year_installed: '2400' });
    const e = readForm(f, 'BE').errors;
    expect(e.retention_days).toEqual({ key: 'camera.err.range', params: { min: 0, max: 3650 } });
    expect(e.fps).toEqual({ key: 'camera.err.range', params: { min: 0, max: 240 } });
    expect(e.direction_deg).toEqual({ key: 'camera.err.direction' });
    expect(e.fov_deg).toEqual({ key: 'camera.err.range_above', params: { min: 0, max: 360 } });
    expect(e.range_m).toEqual({ key: 'camera.err.range_above', params: { min: 0, max: 2000 } });
    expect(e.link_budget_baht).toEqual({ key: 'camera.err.range', params: { min: 0, max: 1e12 } });
    expect(e.year_installed).toMatchObject({ key: 'camera.err.year', params: { min: 2493, max: 2743 } });
    // 360° is north again (the API stores 0–359.999).
    f.values.direction_deg = '360';
    expect(readForm(f, 'BE').input.direction_deg).toBe(0);
  });

  it('reads numbers as officials type them', () => {
    const f = valid();
    Object.assign(f.values, { retention_days: '๓๐ วัน', repair_budget_baht: '1,250,000 บาท', link_budget_baht: '1.5 ล้าน', fps: '25', direction_deg: 'NE', year_installed: '๒๕๕๙' });
    const r = readForm(f, 'BE');
    expect(r.errors).toEqual({});
    expect(r.input).toMatchObject({ retention_days: 30, repair_budget_baht: 1250000, link_budget_baht: 1500000, fps: 25, direction_deg: 45, year_installed: 2016 });
  });

  it('refuses a fraction where a whole number is needed, offering the rounded one', () => {
    const f = valid();
    f.values.retention_days = '30.6';
    expect(readForm(f, 'BE').errors.retention_days).toEqual({ key: 'camera.err.integer', params: { suggestion: '31' }, suggestion: '31', action: 'use_suggestion' });
  });

  it('checks text lengths, URLs and the position', () => {
    const f = valid();
    Object.assign(f.values, { phone: '0'.repeat(51), stream_url: 'camera one', lat: '100.4550', lon: '14.5896' });
    const e = readForm(f, 'BE').errors;
    expect(e.phone).toEqual({ key: 'camera.err.too_long', params: { max: 50, length: 51 } });
    expect(e.stream_url).toEqual({ key: 'camera.err.url' });
    expect(e.geometry).toEqual({ key: 'camera.err.swapped', params: { lat: '14.5896', lon: '100.455' }, action: 'swap' });
    f.values.stream_url = 'rtsp://10.0.0.5:554/live';
    expect(readForm(f, 'BE').errors.stream_url).toBeUndefined();
  });

  it('keeps purposes in the official order, each once', () => {
    const f = valid();
    f.purposes = ['traffic', 'deterrence', 'traffic'];
    expect(readForm(f, 'BE').input.purposes).toEqual(['deterrence', 'traffic']);
  });
});

describe('create and patch bodies', () => {
  const stored = {
    id: 7,
    version: 3,
    place_name: 'ตลาดป่าโมก',
    status: 'working',
    kind: 'dome',
    purposes: ['traffic'],
    year_installed: 2016,
    repair_budget_baht: '15000.00', // numeric(14,2) arrives as text
    province_code: '15',
    district_id: 3,
    geometry: { type: 'Point', coordinates: [100.44, 14.5] },
  };

  it('shows a stored camera with the year in the era of the language', () => {
    expect(cameraToForm(stored, 'BE').values).toMatchObject({ year_installed: '2559', repair_budget_baht: '15000', lat: '14.5', lon: '100.44', province_code: '15', district_id: '3' });
    expect(cameraToForm(stored, 'CE').values.year_installed).toBe('2016');
  });

  it('sends only what changed, null to clear, nothing when nothing changed', () => {
    const original = readForm(cameraToForm(stored, 'BE'), 'BE').input;
    const same = cameraToForm(stored, 'BE');
    expect(patchBody(readForm(same, 'BE').input, original)).toEqual({});
    const edited = cameraToForm(stored, 'BE');
    edited.values.repair_budget_baht = '';
    edited.values.lat = '14.51';
    edited.values.year_installed = '2560';
    expect(patchBody(readForm(edited, 'BE').input, original)).toEqual({
      repair_budget_baht: null,
      year_installed: 2017,
      geometry: { type: 'Point', coordinates: [100.44, 14.51] },
    });
  });
});

describe('formKeyOf (API error field -> form input)', () => {
  it.each([
    ['geometry.coordinates.1', 'lat'],
    ['geometry.coordinates.0', 'lon'],
    ['geometry.coordinates', 'geometry'],
    ['geometry', 'geometry'],
    ['retention_days', 'retention_days'],
    ['status', 'status'],
    ['purposes.1', 'purposes'],
    ['external_id', 'external_id'],
    ['version', null],
    ['', null],
    [undefined, null],
  ])('%j -> %j', (field, key) => {
    expect(formKeyOf(field)).toBe(key);
  });
});

describe('photo checks', () => {
  it('takes JPEG, PNG and WebP up to 5 MiB', () => {
    expect(checkPhoto({ name: 'a.jpg', type: 'image/jpeg', size: 1000 })).toBeNull();
    expect(checkPhoto({ name: 'a.png', type: 'image/png', size: MAX_PHOTO_BYTES })).toBeNull();
    expect(checkPhoto({ name: 'a.webp', type: 'image/webp', size: 10 })).toBeNull();
  });
  it('refuses other types, empty and too large files', () => {
    expect(checkPhoto({ name: 'a.pdf', type: 'application/pdf', size: 1000 })).toBe('type');
    expect(checkPhoto({ name: 'a.heic', type: 'image/heic', size: 1000 })).toBe('type');
    expect(checkPhoto({ name: 'a.gif', type: 'image/gif', size: 1000 })).toBe('type');
    expect(checkPhoto({ name: 'a.jpg', type: 'image/jpeg', size: MAX_PHOTO_BYTES + 1 })).toBe('size');
    expect(checkPhoto({ name: 'a.jpg', type: 'image/jpeg', size: 0 })).toBe('empty');
  });
  it('takes the type from the extension when the browser gives none', () => {
    expect(photoType({ name: 'IMG_001.JPG', type: '' })).toBe('image/jpeg');
    expect(checkPhoto({ name: 'IMG_001.JPG', type: '', size: 100 })).toBeNull();
    expect(checkPhoto({ name: 'notes', type: '', size: 100 })).toBe('type');
  });
  it('writes sizes for people', () => {
    expect(formatBytes(6 * 1024 * 1024)).toBe('6 MB');
    expect(formatBytes(5.25 * 1024 * 1024)).toBe('5.3 MB');
    expect(formatBytes(820 * 1024)).toBe('820 KB');
  });
});
