import { describe, expect, it } from 'vitest';
import { CameraStatus } from '../../domain/enums.js';
import { escapeXml, geometryCells, isoDate, isoDateTime, jsonValue, round6, roundGeometry, textValue, toWkt } from './values.js';

describe('dates', () => {
  it('writes instants with the Bangkok offset, or another one', () => {
    expect(isoDateTime(new Date('2019-02-28T15:15:00Z'))).toBe('2019-02-28T22:15:00+07:00');
    expect(isoDateTime(new Date('2019-02-28T17:30:00Z'))).toBe('2019-03-01T00:30:00+07:00');
    expect(isoDateTime(new Date('2019-02-28T17:30:00.250Z'), 0)).toBe('2019-02-28T17:30:00.250Z');
    expect(isoDateTime(new Date('2019-02-28T17:30:00Z'), -90)).toBe('2019-02-28T16:00:00-01:30');
  });
  it('keeps calendar dates as they are', () => {
    expect(isoDate('2016-12-17')).toBe('2016-12-17');
    expect(isoDate(new Date('2016-12-16T18:00:00Z'))).toBe('2016-12-17');
    expect(isoDate(null)).toBeNull();
  });
});

describe('values', () => {
  const status = { name: 'status', labelTh: 'สถานะ', labelEn: 'Status', labels: CameraStatus.labels };
  it('maps enumeration codes to labels, leaves unknown values alone', () => {
    expect(jsonValue(status, 'under_repair', { values: 'th' })).toBe('ชำรุด อยู่ระหว่างซ่อม');
    expect(jsonValue(status, 'under_repair', { values: 'en' })).toBe('Damaged – under repair');
    expect(jsonValue(status, 'under_repair')).toBe('under_repair');
    expect(jsonValue(status, 'mystery', { values: 'th' })).toBe('mystery');
  });
  it('writes text cells', () => {
    expect(textValue({ name: 'x', labelTh: 'x', labelEn: 'x', type: 'number' }, 1234.5)).toBe('1234.5');
    expect(textValue({ name: 'x', labelTh: 'x', labelEn: 'x' }, null)).toBe('');
    expect(textValue({ name: 'x', labelTh: 'x', labelEn: 'x' }, { a: 1 })).toBe('{"a":1}');
    expect(textValue({ name: 'x', labelTh: 'x', labelEn: 'x', type: 'boolean' }, true)).toBe('true');
  });
});

describe('geometry', () => {
  it('rounds to 6 decimals without -0', () => {
    expect(round6(100.1234565)).toBe(100.123457);
    expect(round6(-0.0000001)).toBe(0);
    expect(Object.is(round6(-0.0000001), 0)).toBe(true);
    expect(roundGeometry({ type: 'LineString', coordinates: [[1.23456789, 2], [3, 4.00000049]] })).toEqual({ type: 'LineString', coordinates: [[1.234568, 2], [3, 4]] });
  });
  it('writes WKT for every GeoJSON type', () => {
    expect(toWkt({ type: 'Point', coordinates: [100.5, 13.75] })).toBe('POINT (100.5 13.75)');
    expect(toWkt({ type: 'MultiPoint', coordinates: [[1, 2], [3, 4]] })).toBe('MULTIPOINT ((1 2), (3 4))');
    expect(toWkt({ type: 'MultiLineString', coordinates: [[[1, 2], [3, 4]], [[5, 6], [7, 8]]] })).toBe('MULTILINESTRING ((1 2, 3 4), (5 6, 7 8))');
    expect(toWkt({ type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 0]]] })).toBe('POLYGON ((0 0, 1 0, 1 1, 0 0))');
  });
  it('gives lon/lat cells for points only', () => {
    expect(geometryCells({ type: 'Point', coordinates: [100.4555, 14.5896] })).toEqual([100.4555, 14.5896]);
    expect(geometryCells(null)).toEqual([null, null]);
    expect(() => geometryCells({ type: 'LineString', coordinates: [[0, 0], [1, 1]] }, 'lonlat', 4)).toThrow(/record 4 has a LineString/);
    expect(geometryCells({ type: 'LineString', coordinates: [[0, 0], [1, 1]] }, 'wkt')).toEqual(['LINESTRING (0 0, 1 1)']);
  });
});

describe('escapeXml', () => {
  it('escapes markup and drops characters XML 1.0 forbids', () => {
    expect(escapeXml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&apos;&amp;&apos;&lt;/a&gt;');
    expect(escapeXml('ก\u0000ข\u001fค\tง\n')).toBe('กขค\tง\n');
    expect(escapeXml('\ud83d\udcf7 ok \ud83d')).toBe('\ud83d\udcf7 ok ');
  });
});
