import { describe, expect, it } from 'vitest';
import * as enums from '../../domain/enums.js';
import { EXPORT_KINDS, KINDS, SENSITIVE_COLUMNS, exportColumns, kindDef, sourceColumns } from './columns.js';
import { LAO_SURVEY_HEADERS } from './official.js';
import { writerDefaults } from './index.js';

describe('export kinds', () => {
  it.each(EXPORT_KINDS)('%s has unique names and labels, id first', (kind) => {
    const cols = exportColumns(kind, { includeSensitive: true });
    expect(cols[0]!.name).toBe('id');
    for (const key of ['name', 'labelTh', 'labelEn'] as const) {
      const values = cols.map((c) => c[key]);
      expect(new Set(values).size, `${kind} ${key}: ${values.join(' | ')}`).toBe(values.length);
    }
    expect(cols.map((c) => c.name)).toContain(KINDS[kind].titleColumn);
  });

  it('leaves personal data out unless asked', () => {
    for (const kind of EXPORT_KINDS) {
      const names = exportColumns(kind).map((c) => c.name);
      for (const s of SENSITIVE_COLUMNS) expect(names, kind).not.toContain(s);
    }
    expect(exportColumns('cameras', { includeSensitive: true }).map((c) => c.name)).toEqual(expect.arrayContaining(['contact_name', 'phone', 'stream_url']));
    expect(exportColumns('agencies', { includeSensitive: true }).map((c) => c.name)).toEqual(expect.arrayContaining(['contact_name', 'phone']));
    expect(exportColumns('cameras')[0]).not.toHaveProperty('sql');
  });

  it('takes enumeration labels from the domain', () => {
    const status = exportColumns('cameras').find((c) => c.name === 'status')!;
    expect(status.labels).toBe(enums.CameraStatus.labels);
    expect(exportColumns('footage_requests').find((c) => c.name === 'result')!.labels).toBe(enums.FootageResult.labels);
    expect(kindDef('planned_sites').filters.status!.labels).toBe(enums.SiteStatus.labels);
  });

  it('labels the LAO survey columns like the DLA form', () => {
    const labels = Object.fromEntries(exportColumns('lao_survey').map((c) => [c.name, c.labelTh]));
    expect([labels.province_name, labels.district_name, labels.lao_name, labels.budget_source, labels.total, labels.working, labels.under_repair, labels.beyond_repair, labels.remark]).toEqual(
      LAO_SURVEY_HEADERS.slice(1),
    );
  });

  it('picks writer defaults by geometry type', () => {
    expect(writerDefaults('cameras', 'csv')).toMatchObject({ geometry: 'lonlat', name: 'cameras', titleColumn: 'place_name' });
    expect(writerDefaults('risk_routes', 'csv').geometry).toBe('wkt');
    expect(writerDefaults('problems', 'xlsx')).toMatchObject({ geometry: 'none', name: 'ปัญหาอุปสรรคและข้อเสนอแนะ' });
    expect(() => kindDef('photos')).toThrow(/unknown export kind/);
  });

  it('reads only joined columns through their join', () => {
    for (const kind of EXPORT_KINDS) {
      for (const c of sourceColumns(kind, { includeSensitive: true })) {
        if (c.sql) expect(c.join, `${kind}.${c.name}`).toBeDefined();
      }
    }
  });
});
