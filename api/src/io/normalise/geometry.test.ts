import { describe, expect, it } from 'vitest';
import { areaCentroid, parseGeometryCell, parseWkt, toArea, toLineString, toPoint } from './geometry.js';

describe('parseWkt', () => {
  it.each([
    ['POINT (100.5 13.7)', { type: 'Point', coordinates: [100.5, 13.7] }],
    ['point(100.5 13.7)', { type: 'Point', coordinates: [100.5, 13.7] }],
    ['POINT Z (100.5 13.7 12)', { type: 'Point', coordinates: [100.5, 13.7] }],
    ['SRID=4326;POINT(100.5 13.7)', { type: 'Point', coordinates: [100.5, 13.7] }],
    ['LINESTRING (100.1 13.7, 100.2 13.8)', { type: 'LineString', coordinates: [[100.1, 13.7], [100.2, 13.8]] }],
    ['MULTIPOINT ((100.1 13.7), (100.2 13.8))', { type: 'MultiPoint', coordinates: [[100.1, 13.7], [100.2, 13.8]] }],
    ['MULTIPOINT (100.1 13.7, 100.2 13.8)', { type: 'MultiPoint', coordinates: [[100.1, 13.7], [100.2, 13.8]] }],
    ['POLYGON ((100 13, 101 13, 101 14, 100 13))', { type: 'Polygon', coordinates: [[[100, 13], [101, 13], [101, 14], [100, 13]]] }],
    ['MULTILINESTRING ((100 13, 101 13))', { type: 'MultiLineString', coordinates: [[[100, 13], [101, 13]]] }],
  ])('%j', (input, expected) => {
    expect(parseWkt(input)).toEqual({ ok: true, value: expected });
  });
  it('EMPTY is null; junk is refused', () => {
    expect(parseWkt('POINT EMPTY')).toEqual({ ok: true, value: null });
    expect(parseWkt('CIRCLE (1 2)')).toEqual({ ok: false, message: 'not WKT geometry', suggestion: 'e.g. POINT (100.42091 13.71197) or LINESTRING (100.1 13.7, 100.2 13.8)' });
    expect(parseWkt('POINT (100.5 13.7')).toEqual({ ok: false, message: 'not WKT geometry', suggestion: 'e.g. POINT (100.42091 13.71197) or LINESTRING (100.1 13.7, 100.2 13.8)' });
  });
});

describe('parseGeometryCell', () => {
  it('takes GeoJSON text too', () => {
    expect(parseGeometryCell('{"type":"Point","coordinates":[100.5,13.7]}')).toEqual({ ok: true, value: { type: 'Point', coordinates: [100.5, 13.7] } });
    expect(parseGeometryCell('{"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[100.5,13.7]}}')).toEqual({
      ok: true,
      value: { type: 'Point', coordinates: [100.5, 13.7] },
    });
    expect(parseGeometryCell('{"type":"Point"}')).toEqual({ ok: false, message: 'not a GeoJSON geometry' });
  });
});

describe('toPoint', () => {
  it('drops the altitude KML adds', () => {
    expect(toPoint({ type: 'Point', coordinates: [100.42091, 13.71197, 0] })).toEqual({ ok: true, value: { type: 'Point', coordinates: [100.42091, 13.71197] } });
  });
  it('takes a MultiPoint of one point', () => {
    expect(toPoint({ type: 'MultiPoint', coordinates: [[100.42091, 13.71197]] })).toEqual({ ok: true, value: { type: 'Point', coordinates: [100.42091, 13.71197] } });
  });
  it.each([
    [{ type: 'LineString', coordinates: [[100, 13], [101, 14]] }, { ok: false, message: 'expected a point, got a LineString' }],
    [{ type: 'MultiPoint', coordinates: [[100, 13], [101, 14]] }, { ok: false, message: 'a MultiPoint with 2 points is not one point' }],
    [{ type: 'Point', coordinates: ['a', 'b'] }, { ok: false, message: 'malformed Point coordinates' }],
    [
      { type: 'Point', coordinates: [13.71197, 100.42091] },
      { ok: false, message: 'latitude 100.42091 and longitude 13.71197 look swapped (accepted area lon 97.3–105.7, lat 5.6–20.5)', suggestion: 'lat 13.71197, lon 100.42091' },
    ],
  ])('%j', (input, expected) => {
    expect(toPoint(input)).toEqual(expected);
  });
});

describe('toLineString', () => {
  const line = [[100.1, 13.7], [100.2, 13.8]];
  it('takes LineString and single-part MultiLineString, 2D', () => {
    expect(toLineString({ type: 'LineString', coordinates: [[100.1, 13.7, 0], [100.2, 13.8, 0]] })).toEqual({ ok: true, value: { type: 'LineString', coordinates: line } });
    expect(toLineString({ type: 'MultiLineString', coordinates: [line] })).toEqual({ ok: true, value: { type: 'LineString', coordinates: line } });
  });
  it.each([
    [{ type: 'MultiLineString', coordinates: [line, line] }, { ok: false, message: 'a MultiLineString with 2 parts is not one route', suggestion: 'split it into one feature per route' }],
    [{ type: 'Point', coordinates: [100, 13] }, { ok: false, message: 'expected a line, got a Point' }],
    [{ type: 'LineString', coordinates: [[100, 13]] }, { ok: false, message: 'a line needs at least 2 positions' }],
    [
      { type: 'LineString', coordinates: [[100.1, 13.7], [2.35, 48.85]] },
      { ok: false, message: 'position 2 of 2: lat 48.85, lon 2.35 is outside the accepted area (lon 97.3–105.7, lat 5.6–20.5)' },
    ],
    [
      { type: 'LineString', coordinates: [[13.7, 100.1], [13.8, 100.2]] },
      {
        ok: false,
        message: 'position 1 of 2: latitude 100.1 and longitude 13.7 look swapped (accepted area lon 97.3–105.7, lat 5.6–20.5); every position looks swapped',
        suggestion: 'lat 13.7, lon 100.1',
      },
    ],
  ])('%j', (input, expected) => {
    expect(toLineString(input)).toEqual(expected);
  });
  it('swaps a wholly swapped line back when asked', () => {
    expect(toLineString({ type: 'LineString', coordinates: [[13.7, 100.1], [13.8, 100.2]] }, { fixSwapped: true })).toEqual({
      ok: true,
      value: { type: 'LineString', coordinates: line },
      note: 'all positions had longitude and latitude swapped: swapped back',
    });
  });
});

describe('areas', () => {
  const square = [[[100, 13], [101, 13], [101, 14], [100, 14], [100, 13]]];
  it('toArea keeps Polygon and MultiPolygon, 2D', () => {
    expect(toArea({ type: 'Polygon', coordinates: square })).toEqual({ ok: true, value: { type: 'Polygon', coordinates: square } });
    expect(toArea({ type: 'MultiPolygon', coordinates: [square] })).toEqual({ ok: true, value: { type: 'MultiPolygon', coordinates: [square] } });
    expect(toArea({ type: 'Point', coordinates: [100, 13] })).toEqual({ ok: false, message: 'expected a polygon, got a Point' });
  });
  it('areaCentroid is the centroid of the largest polygon', () => {
    const small = [[[102, 15], [102.1, 15], [102.1, 15.1], [102, 15]]];
    expect(areaCentroid({ type: 'Polygon', coordinates: square as [number, number][][] })).toEqual({ lon: 100.5, lat: 13.5 });
    expect(areaCentroid({ type: 'MultiPolygon', coordinates: [small, square] as [number, number][][][] })).toEqual({ lon: 100.5, lat: 13.5 });
  });
});
