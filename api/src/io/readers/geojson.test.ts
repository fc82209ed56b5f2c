import { describe, expect, it } from 'vitest';
import { readGeoJson } from './geojson.js';
import { readTable } from './index.js';

const collection = {
  type: 'FeatureCollection',
  features: [
    {
      type: 'Feature',
      id: 'cam-1',
      geometry: { type: 'Point', coordinates: [98.9063, 8.0863] },
      properties: { code: 'KB-001', name: ' หน้าศาลากลาง ', status: 'working', height_m: 6.5, linked: true, tags: { 'camera:type': 'dome' } },
    },
    {
      type: 'Feature',
      id: 2,
      geometry: { type: 'LineString', coordinates: [[98.9, 8.08], [98.91, 8.07]] },
      properties: { code: 'R-1', note: '', lanes: [2, 3], id: 77 },
    },
    { type: 'Feature', geometry: null, properties: null },
  ],
};

describe('readGeoJson', () => {
  it('reads a FeatureCollection: properties as fields, nested values as JSON, geometry kept', async () => {
    const t = await readTable(Buffer.from(JSON.stringify(collection)), { filename: 'cameras.geojson' });
    expect(t.description).toBe('geojson');
    expect(t.headers).toEqual(['code', 'name', 'status', 'height_m', 'linked', 'tags', 'id', 'note', 'lanes', 'feature id']);
    expect(t.rows.map((r) => r.row)).toEqual([1, 2, 3]);
    expect(t.rows[0]).toEqual({
      row: 1,
      fields: {
        code: 'KB-001',
        name: 'หน้าศาลากลาง',
        status: 'working',
        height_m: 6.5,
        linked: true,
        tags: '{"camera:type":"dome"}',
        id: 'cam-1',
        note: null,
        lanes: null,
        'feature id': null,
      },
      geometry: { type: 'Point', coordinates: [98.9063, 8.0863] },
    });
    // properties.id wins the "id" name; the feature's own id would be "feature id".
    expect(t.rows[1]!.fields).toMatchObject({ id: 77, 'feature id': 2, note: null, lanes: '[2,3]' });
    expect(t.rows[1]!.geometry?.type).toBe('LineString');
    expect(t.rows[2]!.geometry).toBeNull();
    expect(Object.values(t.rows[2]!.fields).every((v) => v === null)).toBe(true);
  });

  it('reads a single Feature (UTF-8 with BOM)', () => {
    const f = { type: 'Feature', geometry: { type: 'Point', coordinates: [100.5, 13.7] }, properties: { ชื่อ: 'ป้อมพระสุเมรุ' } };
    const t = readGeoJson(Buffer.from('\ufeff' + JSON.stringify(f)), { filename: 'one.json' });
    expect(t.description).toBe('geojson feature');
    expect(t.rows).toEqual([{ row: 1, fields: { ชื่อ: 'ป้อมพระสุเมรุ' }, geometry: f.geometry }]);
  });

  it('accepts a WGS84 crs member and rejects any other', () => {
    const crs84 = { ...collection, crs: { type: 'name', properties: { name: 'urn:ogc:def:crs:OGC:1.3:CRS84' } } };
    expect(readGeoJson(Buffer.from(JSON.stringify(crs84)), { filename: 'a.geojson' }).rows).toHaveLength(3);
    const epsg4326 = { ...collection, crs: { type: 'name', properties: { name: 'EPSG:4326' } } };
    expect(readGeoJson(Buffer.from(JSON.stringify(epsg4326)), { filename: 'a.geojson' }).rows).toHaveLength(3);
    const utm = { ...collection, crs: { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::32647' } } };
    expect(() => readGeoJson(Buffer.from(JSON.stringify(utm)), { filename: 'utm.geojson' })).toThrow(
      /^utm\.geojson: the coordinates are in urn:ogc:def:crs:EPSG::32647 \(UTM zone 47N\), not WGS84 longitude\/latitude; export the layer again as EPSG:4326/,
    );
  });

  it('rejects JSON that is not GeoJSON, and broken GeoJSON', async () => {
    await expect(readTable(Buffer.from('{"cameras":[{"lat":8,"lon":98}]}'), { filename: 'cams.json' })).rejects.toThrow(
      'cams.json: JSON but not GeoJSON (it has no "type" member); expected a FeatureCollection or a Feature',
    );
    await expect(readTable(Buffer.from('[1,2,3]'), { filename: 'a.json' })).rejects.toThrow(/^a\.json: JSON but not GeoJSON/);
    await expect(readTable(Buffer.from('{"type":"Topology","objects":{}}'), { filename: 't.json' })).rejects.toThrow(
      't.json: JSON but not GeoJSON ("type" is "Topology")',
    );
    await expect(readTable(Buffer.from('{"type":"Point","coordinates":[1,2]}'), { filename: 'p.json' })).rejects.toThrow(
      /^p\.json: a bare Point geometry has no attributes/,
    );
    await expect(readTable(Buffer.from('{"type":"FeatureCollection","features":[{"type":"Feature"'), { filename: 'cut.geojson' })).rejects.toThrow(
      /^cut\.geojson: not valid JSON/,
    );
    await expect(readTable(Buffer.from('{"type":"FeatureCollection","features":[{"type":"Point"}]}'), { filename: 'f.geojson' })).rejects.toThrow(
      'f.geojson: feature 1 is not a GeoJSON Feature',
    );
    await expect(readTable(Buffer.from('{"type":"FeatureCollection"}'), { filename: 'n.geojson' })).rejects.toThrow(
      'n.geojson: FeatureCollection without a "features" array',
    );
  });
});
