// @vitest-environment jsdom
import { cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { on, renderWithApp, stubApi } from '../camera/test-helpers';
import { ExportPanel } from './ExportPanel';
import { EXPORT_FORMATS, EXPORT_KINDS, exportUrl, KIND_FILTERS, laoFormUrl, planExportUrl, splitFilters, surveyFormUrl } from './links';

afterEach(() => {
  cleanup();
  window.localStorage.clear();
});

const defaults = { header: 'th', values: 'code', sensitive: false } as const;
const params = (href: string) => Object.fromEntries(new URL(href, 'http://x').searchParams);
const path = (href: string) => new URL(href, 'http://x').pathname;

describe('export links', () => {
  const filters = { province: '15', district: 3, policeStation: 21, status: ['working', 'under_repair'], ownerType: ['private'] };

  it('carries every filter a kind takes, and no other (the API refuses the rest)', () => {
    expect(exportUrl('cameras', 'csv', filters, defaults)).toBe('/api/export/cameras.csv?province=15&district=3&police_station=21&status=working,under_repair&header=th');
    expect(exportUrl('planned_sites', 'geojson', filters, defaults)).toBe('/api/export/planned_sites.geojson?province=15&district=3&police_station=21');
    expect(exportUrl('problems', 'xlsx', filters, defaults)).toBe('/api/export/problems.xlsx?province=15&header=th');
    expect(exportUrl('agencies', 'kml', filters, defaults)).toBe('/api/export/agencies.kml?province=15&district=3');
    // The map's visible area, rounded outwards to 5 decimals; kinds without a position ignore it.
    const bbox: [number, number, number, number] = [100.123456, 14.5000001, 100.456789, 14.799991];
    expect(exportUrl('cameras', 'geojson', { province: '15' }, { ...defaults, bbox })).toBe('/api/export/cameras.geojson?province=15&bbox=100.12345,14.5,100.45679,14.8');
    expect(exportUrl('problems', 'csv', { province: '15' }, { ...defaults, bbox })).toBe('/api/export/problems.csv?province=15&header=th');
    expect(splitFilters('agencies', filters)).toEqual({ applied: ['province', 'district'], dropped: ['policeStation', 'status', 'ownerType'] });
    for (const kind of EXPORT_KINDS) {
      const q = params(exportUrl(kind, 'geojson', filters, defaults));
      expect('province' in q, kind).toBe(KIND_FILTERS[kind].includes('province'));
      expect('police_station' in q, kind).toBe(KIND_FILTERS[kind].includes('policeStation'));
      expect('status' in q, kind).toBe(kind === 'cameras');
    }
  });

  it('has a link for every kind in every format', () => {
    for (const kind of EXPORT_KINDS) for (const format of EXPORT_FORMATS) expect(path(exportUrl(kind, format, {}, defaults))).toBe(`/api/export/${kind}.${format}`);
  });

  it('sends header language and position columns only to CSV/XLSX, value labels and personal data to all', () => {
    const o = { header: 'en', values: 'th', geometry: 'wkt', sensitive: true } as const;
    expect(params(exportUrl('cameras', 'xlsx', {}, o))).toEqual({ header: 'en', values: 'th', geometry: 'wkt', sensitive: 'true' });
    expect(params(exportUrl('cameras', 'kml', {}, o))).toEqual({ values: 'th', sensitive: 'true' });
    // Tables without geometry take no position option.
    expect(params(exportUrl('problems', 'csv', {}, o))).toEqual({ header: 'en', values: 'th', sensitive: 'true' });
    expect(params(exportUrl('lao_survey', 'csv', { province: '81' }, { ...defaults, surveyYear: 2562 }))).toEqual({ province: '81', survey_year: '2562', header: 'th' });
  });

  it('builds the official forms and the plan exports', () => {
    expect(laoFormUrl('81', { year: 2562, lao: ' อบต.คลองยาง ' })).toBe('/api/export/forms/lao-survey.xlsx?province=81&year=2562&lao=%E0%B8%AD%E0%B8%9A%E0%B8%95.%E0%B8%84%E0%B8%A5%E0%B8%AD%E0%B8%87%E0%B8%A2%E0%B8%B2%E0%B8%87');
    expect(surveyFormUrl('15', { district: 3 })).toBe('/api/export/forms/survey.xlsx?province=15&district=3');
    expect(surveyFormUrl(undefined, { district: 3 })).toBe('/api/export/forms/survey.xlsx');
    expect(planExportUrl(4, 'geojson', 'en')).toBe('/api/plans/4/export?format=geojson&lang=en');
  });
});

describe('export panel', () => {
  const api = () =>
    stubApi(
      on('GET', '/api/provinces', () => ({ body: { items: [{ code: '15', name_th: 'อ่างทอง', name_en: 'Ang Thong' }], total: 1 } })),
      on('GET', '/api/plans', () => ({
        body: { items: [{ id: 4, name: 'แผนปี 2568', status: 'draft', province_code: '15', budget_baht: 2000000, items: 12, total_cost: 1900000, created_at: '2025-01-01' }], total: 1 },
      })),
    );

  it('makes the main link from the shared filters, the kind, the format and the header language', async () => {
    const calls = api();
    renderWithApp(<ExportPanel />, { state: { panel: 'export', filters: { province: '15', district: 3, status: ['working'], purpose: ['traffic'] } } });
    const link = () => screen.getByTestId('export-link') as HTMLAnchorElement;
    expect(link().getAttribute('href')).toBe('/api/export/cameras.xlsx?province=15&district=3&status=working&header=th');
    expect(link().hasAttribute('download')).toBe(true);
    await screen.findByText('จังหวัด อ่างทอง');
    expect(screen.getByTestId('export-filters').textContent).toContain('สถานะกล้อง: ใช้งานได้ปกติ');
    expect(screen.getByTestId('export-filters').textContent).toContain('ไม่ใช้กับการส่งออกนี้: วัตถุประสงค์');
    fireEvent.change(screen.getByTestId('export-format'), { target: { value: 'gpkg' } });
    expect(link().getAttribute('href')).toBe('/api/export/cameras.gpkg?province=15&district=3&status=working');
    fireEvent.change(screen.getByTestId('export-kind'), { target: { value: 'risk_routes' } });
    fireEvent.change(screen.getByTestId('export-format'), { target: { value: 'csv' } });
    fireEvent.click(screen.getByTestId('export-header-en'));
    expect(link().getAttribute('href')).toBe('/api/export/risk_routes.csv?province=15&district=3&header=en');
    expect(screen.getByTestId('export-filters').textContent).toContain('สถานะกล้อง');
    fireEvent.click(screen.getByTestId('export-sensitive'));
    expect(params(link().getAttribute('href')!)).toMatchObject({ sensitive: 'true' });
    expect(calls.some((c) => c.url.startsWith('/api/plans?province=15'))).toBe(true);
  });

  it('offers the official forms of the province, the OGC address and the saved plans', async () => {
    api();
    renderWithApp(<ExportPanel />, { lang: 'en', state: { filters: { province: '15' } } });
    expect(screen.getByTestId('export-form-lao').getAttribute('href')).toBe('/api/export/forms/lao-survey.xlsx?province=15');
    fireEvent.change(screen.getByTestId('export-form-year'), { target: { value: '2562' } });
    expect(screen.getByTestId('export-form-lao').getAttribute('href')).toBe('/api/export/forms/lao-survey.xlsx?province=15&year=2562');
    expect(screen.getByTestId('export-form-survey').getAttribute('href')).toBe('/api/export/forms/survey.xlsx?province=15');
    fireEvent.change(screen.getByTestId('export-form-province'), { target: { value: '' } });
    expect(screen.queryByTestId('export-form-lao')).toBeNull();
    expect(screen.getByTestId('export-form-lao-disabled').textContent).toContain('Choose a province');
    expect(screen.getByTestId('export-form-survey').getAttribute('href')).toBe('/api/export/forms/survey.xlsx');
    expect((screen.getByTestId('export-ogc-url') as HTMLInputElement).value).toBe(`${window.location.origin}/ogc`);
    expect(screen.getByTestId('export-ogc-gdal').textContent).toBe(`ogr2ogr -f GPKG cameras.gpkg OAPIF:${window.location.origin}/ogc cameras`);
    const plans = await screen.findByTestId('export-plans');
    expect(within(plans).getByText('แผนปี 2568')).toBeTruthy();
    expect(screen.getByTestId('export-plan-4-xlsx').getAttribute('href')).toBe('/api/plans/4/export?format=xlsx&lang=en');
    expect(screen.getByTestId('export-plan-4-geojson').getAttribute('href')).toBe('/api/plans/4/export?format=geojson&lang=en');
    // The header language follows the interface language.
    expect(screen.getByTestId('export-link').getAttribute('href')).toContain('header=en');
  });
});
