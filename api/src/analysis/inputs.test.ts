import { describe, expect, it } from 'vitest';
import { formatIssue, parseGeoJsonText, readCameras, readRiskPoints, readRiskRoutes } from './inputs.js';

const point = (id: unknown, properties: Record<string, unknown> = {}, coordinates: unknown = [100.45, 14.59]) => ({
  type: 'Feature',
  ...(id === undefined ? {} : { id }),
  geometry: { type: 'Point', coordinates },
  properties,
});
const fc = (...features: unknown[]) => ({ type: 'FeatureCollection', features });

describe('reading cameras', () => {
  it('reads our camelCase, our exports’ snake_case and OSM tags, the first present winning', () => {
    const r = readCameras(
      fc(
        point('camel', { status: 'not_working', kind: 'fixed', directionDeg: 90, fovDeg: 60, rangeM: 45, resolution: '4K' }),
        point('snake', { status: 'working', kind: 'ptz', direction_deg: 180, fov_deg: 100, range_m: 70, recorded_resolution: '720p', max_resolution: '4K' }),
        point('node/1', { 'camera:type': 'panning', 'camera:direction': 'NE' }),
        point('both', { directionDeg: 10, 'camera:direction': 'S', kind: 'dome', 'camera:type': 'fixed' }),
      ),
    );
    expect(r.errors).toEqual([]);
    expect(r.items).toEqual([
      { id: 'camel', lon: 100.45, lat: 14.59, status: 'not_working', kind: 'fixed', directionDeg: 90, fovDeg: 60, rangeM: 45, resolution: '4K' },
      { id: 'snake', lon: 100.45, lat: 14.59, status: 'working', kind: 'ptz', directionDeg: 180, fovDeg: 100, rangeM: 70, resolution: '720p' },
      { id: 'node/1', lon: 100.45, lat: 14.59, status: 'working', kind: 'ptz', directionDeg: 45, fovDeg: null, rangeM: null, resolution: null },
      { id: 'both', lon: 100.45, lat: 14.59, status: 'working', kind: 'dome', directionDeg: 10, fovDeg: null, rangeM: null, resolution: null },
    ]);
    expect(r.withoutStatus).toEqual(['node/1', 'both']);
  });

  it('an OSM range gives direction and field of view; an explicit fovDeg wins over the span', () => {
    const r = readCameras(fc(point('a', { 'camera:direction': '90-270' }), point('b', { 'camera:direction': '300-60', fovDeg: 45 }), point('c', { 'camera:direction': 'ทิศตะวันออก' })));
    expect(r.items.map((c) => [c.directionDeg, c.fovDeg])).toEqual([[180, 180], [0, 45], [90, null]]);
  });

  it('takes text numbers with units and Thai digits, and status words the importer takes', () => {
    const r = readCameras(fc(point('t', { status: 'ชำรุด อยู่ระหว่างซ่อม', fov_deg: '๙๐ องศา', range_m: '๔๐ เมตร', direction_deg: '270°' })));
    expect(r.errors).toEqual([]);
    expect(r.items[0]).toMatchObject({ status: 'under_repair', fovDeg: 90, rangeM: 40, directionDeg: 270 });
  });

  it('a direction that names a target is a warning and leaves the direction empty', () => {
    const r = readCameras(fc(point('x', { 'camera:direction': 'towards the market' })));
    expect(r.errors).toEqual([]);
    expect(r.items[0]!.directionDeg).toBeNull();
    expect(r.warnings).toMatchObject([{ index: 0, id: 'x', field: 'properties.camera:direction' }]);
  });

  it('ids come from the feature or its properties, numbers or strings, and must be there and unique', () => {
    const r = readCameras(fc(point(undefined, { id: 7 }), point('7'), point(undefined), point(7), point({ a: 1 })), 'c.geojson');
    expect(r.items.map((c) => c.id)).toEqual([7, '7']);
    expect(r.errors.map(formatIssue)).toEqual([
      'c.geojson: features[2]: id: no id: give the feature an id (or properties.id) so the results can name it',
      'c.geojson: features[3] (id 7): id: duplicate id, already used by features[0]',
      'c.geojson: features[4]: id: must be a string or a number, got {"a":1}',
    ]);
  });

  it('names source, index, id and field of every bad value', () => {
    const r = readCameras(
      fc(
        point('fov', { fovDeg: 0 }),
        point('range', { rangeM: -3 }),
        point('dir', { directionDeg: 400 }),
        point('status', { status: 'sometimes' }),
        point('bool', { rangeM: true }),
        point('swapped', {}, [14.59, 100.45]),
        point('short', {}, [100.45]),
        { type: 'Feature', id: 'line', geometry: { type: 'LineString', coordinates: [[100, 14], [101, 14]] }, properties: {} },
      ),
      'c.geojson',
    );
    expect(r.items).toEqual([]);
    expect(r.errors.map((e) => [e.index, e.id, e.field])).toEqual([
      [0, 'fov', 'properties.fovDeg'],
      [1, 'range', 'properties.rangeM'],
      [2, 'dir', 'properties.directionDeg'],
      [3, 'status', 'properties.status'],
      [4, 'bool', 'properties.rangeM'],
      [5, 'swapped', 'geometry.coordinates'],
      [6, 'short', 'geometry.coordinates'],
      [7, 'line', 'geometry.type'],
    ]);
    expect(r.errors[5]!.message).toContain('swapped');
    expect(formatIssue(r.errors[7]!)).toBe('c.geojson: features[7] (id "line"): geometry.type: must be Point, got LineString');
  });

  it('refuses what is not a FeatureCollection, and reads a single Feature', () => {
    expect(readCameras({ type: 'Point', coordinates: [100, 14] }, 'p.json').errors.map(formatIssue)).toEqual(['p.json: not a GeoJSON FeatureCollection (found type "Point")']);
    expect(readCameras([1, 2], 'a.json').errors[0]!.message).toContain('an array');
    expect(readCameras(point('one'), 'f.json').items.map((c) => c.id)).toEqual(['one']);
    expect(parseGeoJsonText('\uFEFF{"type":"FeatureCollection","features":[]}', 'bom.json')).toEqual({ data: { type: 'FeatureCollection', features: [] }, errors: [] });
    expect(parseGeoJsonText('id,lon,lat', 'x.csv').errors[0]!.message).toMatch(/^not GeoJSON: /);
  });
});

describe('reading risk points and routes', () => {
  it('risk points: radius (camelCase or snake_case), weight, category in the importer’s words', () => {
    const r = readRiskPoints(fc(point('a', { radiusM: 30, weight: 2, category: 'robbery' }), point('b', { radius_m: '๒๐', category: 'ท่องเที่ยว' }), point('c')));
    expect(r.errors).toEqual([]);
    expect(r.items).toEqual([
      { id: 'a', lon: 100.45, lat: 14.59, radiusM: 30, weight: 2, category: 'robbery' },
      { id: 'b', lon: 100.45, lat: 14.59, radiusM: 20, weight: null, category: 'tourist_site' },
      { id: 'c', lon: 100.45, lat: 14.59, radiusM: null, weight: null, category: null },
    ]);
    const bad = readRiskPoints(fc(point('w', { weight: 0 }), point('k', { category: 'school' })));
    expect(bad.errors.map((e) => e.field)).toEqual(['properties.weight', 'properties.category']);
  });

  it('routes: LineString as one part, MultiLineString as several; every position checked', () => {
    const line = { type: 'Feature', id: 'l', geometry: { type: 'LineString', coordinates: [[100.45, 14.59], [100.46, 14.59, 3]] }, properties: { weight: 2 } };
    const multi = { type: 'Feature', id: 'm', geometry: { type: 'MultiLineString', coordinates: [[[100.45, 14.59], [100.46, 14.59]], [[100.47, 14.6], [100.48, 14.6]]] }, properties: {} };
    const r = readRiskRoutes(fc(line, multi));
    expect(r.errors).toEqual([]);
    expect(r.items).toEqual([
      { id: 'l', parts: [[[100.45, 14.59], [100.46, 14.59]]], weight: 2, category: null },
      { id: 'm', parts: [[[100.45, 14.59], [100.46, 14.59]], [[100.47, 14.6], [100.48, 14.6]]], weight: null, category: null },
    ]);
    const bad = readRiskRoutes(
      fc(
        { ...multi, id: 'm2', geometry: { type: 'MultiLineString', coordinates: [[[100.45, 14.59], [100.46, 14.59]], [[100.47, 'x'], [100.48, 14.6]]] } },
        { ...multi, id: 'empty', geometry: { type: 'MultiLineString', coordinates: [] } },
        point('p'),
      ),
      'r.geojson',
    );
    expect(bad.errors.map(formatIssue)).toEqual([
      'r.geojson: features[0] (id "m2"): geometry.coordinates[1]: [0]: a position needs two numbers, got [100.47,"x"]',
      'r.geojson: features[1] (id "empty"): geometry.coordinates: a MultiLineString needs at least one line',
      'r.geojson: features[2] (id "p"): geometry.type: must be LineString or MultiLineString, got Point',
    ]);
  });
});
