import { describe, expect, it } from 'vitest';
import { checkLonLat, parseCoordinatePair, parseLatLon, parseOrdinate, THAILAND_BOUNDS } from './coordinates.js';

const AREA = 'lon 97.3–105.7, lat 5.6–20.5';

describe('parseOrdinate', () => {
  it.each([
    [13.71197, { value: 13.71197 }],
    ['13.71197', { value: 13.71197 }],
    ['๑๓.๗๑๑๙๗', { value: 13.71197 }],
    ['13,71197', { value: 13.71197 }], // decimal comma, not a thousands group
    [' -13.5 ', { value: -13.5 }],
    ['13.71197N', { value: 13.71197, axis: 'lat' }],
    ['N 13.71197', { value: 13.71197, axis: 'lat' }],
    ['100.42091 E', { value: 100.42091, axis: 'lon' }],
    ['13.5S', { value: -13.5, axis: 'lat' }],
    [`13°42'43.1"N`, { value: 13.7119722, axis: 'lat' }],
    ['13° 42′ 43.1″ N', { value: 13.7119722, axis: 'lat' }],
    ['13 42 43.1', { value: 13.7119722 }],
    [`100°25.255'E`, { value: 100.4209167, axis: 'lon' }],
    [13.711970000000001, { value: 13.71197 }], // float noise from Excel
  ])('%j -> %j', (input, expected) => {
    expect(parseOrdinate(input)).toEqual({ ok: true, value: expected });
  });

  it.each([
    ['abc', '"abc" is not a coordinate in degrees'],
    ['13.7 ถนน', '"13.7 ถนน" is not a coordinate in degrees'],
    ['13 42 43 12', '"13 42 43 12" is not a coordinate in degrees'],
  ])('%j is refused', (input, message) => {
    expect(parseOrdinate(input)).toEqual({ ok: false, message, suggestion: 'decimal degrees such as 13.71197' });
  });
  it('refuses minutes of 60 or more', () => {
    expect(parseOrdinate(`13°75'N`)).toEqual({ ok: false, message: `"13°75'N": minutes and seconds must be below 60` });
  });
});

describe('checkLonLat', () => {
  it('accepts positions inside the bounds', () => {
    expect(checkLonLat({ lon: 100.42091, lat: 13.71197 })).toEqual({ ok: true, value: { lon: 100.42091, lat: 13.71197 } });
  });
  it.each([
    [{ lon: 13.71197, lat: 100.42091 }, { ok: false, message: `latitude 100.42091 and longitude 13.71197 look swapped (accepted area ${AREA})`, suggestion: 'lat 13.71197, lon 100.42091' }],
    [{ lon: 0, lat: 0 }, { ok: false, message: 'position 0, 0 is not a real position (empty coordinates?)' }],
    [{ lon: 660000, lat: 1517000 }, { ok: false, message: 'lat 1517000, lon 660000 look like projected coordinates in metres (UTM?), not degrees', suggestion: 'export WGS84 latitude/longitude in degrees (EPSG:4326)' }],
    [{ lon: 200, lat: 13 }, { ok: false, message: 'lat 13, lon 200 is not a WGS84 position (latitude -90–90, longitude -180–180)' }],
    [{ lon: 2.35, lat: 48.85 }, { ok: false, message: `lat 48.85, lon 2.35 is outside the accepted area (${AREA})` }], // Paris
    [{ lon: -100.42, lat: 13.71 }, { ok: false, message: `lat 13.71, lon -100.42 is outside the accepted area (${AREA})`, suggestion: 'lat 13.71, lon 100.42' }], // stray minus
  ])('%j', (input, expected) => {
    expect(checkLonLat(input)).toEqual(expected);
  });
  it('swaps with a note when asked', () => {
    expect(checkLonLat({ lon: 13.71197, lat: 100.42091 }, { fixSwapped: true })).toEqual({
      ok: true,
      value: { lon: 100.42091, lat: 13.71197 },
      note: 'latitude 100.42091 and longitude 13.71197 were swapped: read as lat 13.71197, lon 100.42091',
    });
  });
  it('takes other bounds', () => {
    const paris = { minLon: 2, minLat: 48, maxLon: 3, maxLat: 49 };
    expect(checkLonLat({ lon: 2.35, lat: 48.85 }, { bounds: paris }).ok).toBe(true);
    expect(checkLonLat({ lon: 100.4, lat: 13.7 }, { bounds: paris }).ok).toBe(false);
    expect(THAILAND_BOUNDS).toEqual({ minLon: 97.3, minLat: 5.6, maxLon: 105.7, maxLat: 20.5 });
  });
});

describe('parseLatLon (two cells)', () => {
  it.each([
    [13.71197, 100.42091],
    ['13.71197', '100.42091'],
    ['๑๓.๗๑๑๙๗', '๑๐๐.๔๒๐๙๑'],
    [' 13.71197 N', '100.42091E'],
  ])('%j, %j', (lat, lon) => {
    expect(parseLatLon(lat, lon)).toEqual({ ok: true, value: { lon: 100.42091, lat: 13.71197 } });
  });
  it('detects swapped columns and suggests the swap', () => {
    expect(parseLatLon(100.42091, 13.71197)).toEqual({
      ok: false,
      message: `latitude 100.42091 and longitude 13.71197 look swapped (accepted area ${AREA})`,
      suggestion: 'lat 13.71197, lon 100.42091',
    });
  });
  it.each([
    [null, null, { ok: true, value: null }],
    ['', '-', { ok: true, value: null }],
    [13.7, null, { ok: false, message: 'latitude given but longitude missing' }],
    ['', 100.4, { ok: false, message: 'longitude given but latitude missing' }],
    ['x', 100.4, { ok: false, message: 'latitude: "x" is not a coordinate in degrees', suggestion: 'decimal degrees such as 13.71197' }],
    [13.7, 'y', { ok: false, message: 'longitude: "y" is not a coordinate in degrees', suggestion: 'decimal degrees such as 13.71197' }],
  ])('%j, %j', (lat, lon, expected) => {
    expect(parseLatLon(lat, lon)).toEqual(expected);
  });
});

describe('parseCoordinatePair (one cell)', () => {
  it.each([
    '13.71197, 100.42091', // Google Maps "copy coordinates"
    '13.71197,100.42091',
    '13.71197 100.42091',
    '13.71197; 100.42091',
    '(13.71197, 100.42091)',
    '๑๓.๗๑๑๙๗, ๑๐๐.๔๒๐๙๑',
    '13.71197N, 100.42091E',
    '100.42091E 13.71197N', // hemisphere letters say the order
    'POINT (100.42091 13.71197)',
    'POINT Z (100.42091 13.71197 0)',
    'https://www.google.com/maps/@13.71197,100.42091,17z',
    'https://maps.google.com/?q=13.71197,100.42091',
    'https://www.google.com/maps/search/?api=1&query=13.71197%2C100.42091',
  ])('%j', (input) => {
    expect(parseCoordinatePair(input)).toEqual({ ok: true, value: { lon: 100.42091, lat: 13.71197 } });
  });

  it('reads DMS as Google Maps shows it', () => {
    expect(parseCoordinatePair(`13°42'43.1"N 100°25'15.3"E`)).toEqual({ ok: true, value: { lon: 100.4209167, lat: 13.7119722 } });
  });

  it('reads lon, lat when the header says so', () => {
    expect(parseCoordinatePair('100.42091, 13.71197', { order: 'lonlat' })).toEqual({ ok: true, value: { lon: 100.42091, lat: 13.71197 } });
  });

  it('detects a swapped pair and suggests the swap', () => {
    expect(parseCoordinatePair('100.42091, 13.71197')).toEqual({
      ok: false,
      message: `latitude 100.42091 and longitude 13.71197 look swapped (accepted area ${AREA})`,
      suggestion: 'lat 13.71197, lon 100.42091',
    });
  });

  it.each([
    ['13.71197', '"13.71197" is not a "latitude, longitude" pair'],
    ['13.7, 100.4, 5', '"13.7, 100.4, 5" is not a "latitude, longitude" pair'],
    ['ถนนสุขุมวิท', '"ถนนสุขุมวิท" is not a "latitude, longitude" pair'],
    [13.7, '13.7 is not a "latitude, longitude" pair'],
  ])('%j is refused', (input, message) => {
    expect(parseCoordinatePair(input)).toEqual({ ok: false, message, suggestion: 'e.g. 13.71197, 100.42091' });
  });

  it('reports a position outside Thailand', () => {
    expect(parseCoordinatePair('48.85, 2.35')).toEqual({ ok: false, message: `lat 48.85, lon 2.35 is outside the accepted area (${AREA})` });
  });

  it('empty is null', () => {
    expect(parseCoordinatePair(' ')).toEqual({ ok: true, value: null });
  });
});
