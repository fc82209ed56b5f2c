import { describe, expect, it } from 'vitest';
import { cameraShape } from '../../../api/src/domain/camera.js';
import { plannedSiteShape } from '../../../api/src/domain/planned-site.js';
import { riskPointShape, riskRouteShape } from '../../../api/src/domain/risk.js';
import { formatDate, formatNumber, translate } from '../i18n';
import { type DetailFormat, detailSections, detailTitle, formatValue } from './detail';
import type { EnumLabels } from './map-api';

const enums: EnumLabels = {
  CameraStatus: { under_repair: { th: 'ชำรุด อยู่ระหว่างซ่อม', en: 'Damaged – under repair' } },
  CameraPurpose: { deterrence: { th: 'ป้องปรามและเฝ้าระวัง', en: 'Deterrence and surveillance' }, traffic: { th: 'การจราจร', en: 'Traffic' } },
  SiteStatus: { budget_requested: { th: 'อยู่ระหว่างของบประมาณ', en: 'Budget requested' } },
};

const fmt = (lang: 'th' | 'en' = 'th', withEnums = true): DetailFormat => ({
  t: (k, p) => translate(lang, k, p),
  lang,
  num: (n) => formatNumber(n, lang),
  date: (d) => formatDate(d, lang, { timeZone: 'Asia/Bangkok' }),
  plain: (n) => String(n),
  enums: withEnums ? enums : null,
});

const RECORD = ['id', 'is_demo', 'version', 'created_at', 'updated_at'];

/** A stored camera with every column of the schema (and a few values worth formatting). */
function fullCamera(): Record<string, unknown> {
  const rec: Record<string, unknown> = Object.fromEntries([...Object.keys(cameraShape), ...RECORD].map((k) => [k, null]));
  return {
    ...rec,
    id: 12,
    is_demo: true,
    version: 3,
    created_at: '2024-01-15T03:00:00.000Z',
    updated_at: '2024-02-01T03:00:00.000Z',
    place_name: 'หน้าตลาดเทศบาล',
    geometry: { type: 'Point', coordinates: [100.4512345678, 14.5912345678] },
    status: 'under_repair',
    purposes: ['deterrence', 'traffic'],
    kind: 'dome',
    year_installed: 2016,
    repair_budget_baht: 12500,
    stream_url: 'https://cctv.example.go.th/cam/12',
    retention_days: 30,
  };
}

const labelsOf = (sections: ReturnType<typeof detailSections>) => sections.flatMap((s) => s.rows.map((r) => r.label));
const fieldsOf = (sections: ReturnType<typeof detailSections>) => sections.flatMap((s) => s.rows.map((r) => r.field));

describe('detailSections', () => {
  it("shows every column of a camera, in the survey's sections, each with a Thai label", () => {
    const rec = fullCamera();
    const sections = detailSections('camera', rec, fmt());
    const fields = fieldsOf(sections);
    for (const k of Object.keys(rec)) {
      if (k === 'geometry') expect(fields).toEqual(expect.arrayContaining(['lon', 'lat']));
      else expect(fields, k).toContain(k);
    }
    expect(new Set(fields).size).toBe(fields.length); // each once
    expect(sections.map((s) => s.id)).toEqual(['location', 'properties', 'purpose', 'linkage', 'recording', 'status', 'view', 'record']);
    // Every label is a translated message, not the column name.
    for (const label of labelsOf(sections)) expect(label).toMatch(/[\u0E00-\u0E7F]/);
  });

  it('keeps a column no section names (added later) instead of dropping it', () => {
    const sections = detailSections('camera', { ...fullCamera(), night_vision: 'IR 30 m' }, fmt());
    const row = sections.flatMap((s) => s.rows).find((r) => r.field === 'night_vision');
    expect(row).toEqual({ field: 'night_vision', label: 'night_vision', value: 'IR 30 m' });
  });

  it('shows every column of a planned site, a risk point and a risk route', () => {
    for (const [kind, shape] of [
      ['site', plannedSiteShape],
      ['riskPoint', riskPointShape],
      ['riskRoute', riskRouteShape],
    ] as const) {
      const rec = Object.fromEntries([...Object.keys(shape), ...RECORD].map((k) => [k, null]));
      const fields = fieldsOf(detailSections(kind, rec, fmt()));
      expect(fields.sort(), kind).toEqual([...Object.keys(rec)].sort());
    }
  });

  it('writes values in words: enum labels, BE dates and years, numbers, yes/no, links, dashes', () => {
    const rows = Object.fromEntries(detailSections('camera', fullCamera(), fmt()).flatMap((s) => s.rows.map((r) => [r.field, r])));
    expect(rows.status!.value).toBe('ชำรุด อยู่ระหว่างซ่อม');
    expect(rows.purposes!.value).toBe('ป้องปรามและเฝ้าระวัง, การจราจร');
    expect(rows.kind!.value).toBe('แบบโดม (Dome)'); // the map's own fallback when /api/meta has no label
    expect(rows.year_installed!.value).toBe('2559');
    expect(rows.created_at!.value).toMatch(/2567/);
    expect(rows.repair_budget_baht!.value).toBe('12,500');
    expect(rows.is_demo!.value).toBe('ใช่');
    expect(rows.stream_url!.href).toBe('https://cctv.example.go.th/cam/12');
    expect(rows.phone!.value).toBe('–');
    expect(rows.lon!.value).toBe('100.451235');
    expect(rows.lat!.value).toBe('14.591235');
  });

  it('writes years CE and dates Gregorian in English', () => {
    const rows = Object.fromEntries(detailSections('camera', fullCamera(), fmt('en')).flatMap((s) => s.rows.map((r) => [r.field, r])));
    expect(rows.year_installed!.value).toBe('2016');
    expect(rows.created_at!.value).toMatch(/2024/);
    expect(rows.status!.value).toBe('Damaged – under repair');
    expect(rows.place_name!.label).not.toMatch(/[\u0E00-\u0E7F]/);
  });

  it('uses the site and risk enums of their own kind', () => {
    expect(formatValue('site', 'status', 'budget_requested', fmt()).value).toBe('อยู่ระหว่างของบประมาณ');
    expect(formatValue('site', 'status', 'approved', fmt('th', false)).value).toBe('approved');
    expect(formatValue('riskRoute', 'geometry', null, fmt()).value).toBe('–');
  });

  it("names the panel after the record's place or name", () => {
    expect(detailTitle({ id: 1, place_name: 'หน้าตลาด' })).toBe('หน้าตลาด');
    expect(detailTitle({ id: 2, name: 'ถนนเลียบแม่น้ำ' })).toBe('ถนนเลียบแม่น้ำ');
    expect(detailTitle({ id: 3 })).toBe('#3');
  });
});
