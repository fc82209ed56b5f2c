// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Dashboard, DashboardLevel, DashboardRow } from '../../api/dashboard';
import { I18nProvider } from '../../i18n/react';
import { MapBridgeProvider, useMapBridge } from '../../map/bridge';
import { AppStateProvider, useAppState } from '../../state/store';
import { DEFAULT_STATE, type Filters } from '../../state/url';
import { DashboardPanel } from './DashboardPanel';

// ---- fixtures: answers shaped like GET /api/dashboard ---------------------------------------------

const FIELDS = ['phone', 'recorder_model', 'repair_agency'];

function row(key: string, name_th: string | null, name_en: string | null, [working, notWorking, underRepair, beyond]: number[], extra: { requests?: number; sites?: number; complete?: number; province?: string } = {}): DashboardRow {
  const total = working! + notWorking! + underRepair! + beyond!;
  const requests = extra.requests ?? 0;
  const sites = extra.sites ?? 0;
  const complete = extra.complete ?? total;
  return {
    key,
    name_th,
    name_en,
    province_code: extra.province ?? null,
    cameras: { total, working: working!, not_working: notWorking!, under_repair: underRepair!, beyond_repair: beyond!, repair_budget_baht: (total - working!) * 10_000 },
    linkage: { linked: Math.floor(total / 2), not_linked: total - Math.floor(total / 2), unknown: 0, link_budget_baht: 5000 },
    sites: {
      total: sites,
      cameras: sites * 2,
      cost_baht: sites * 100_000,
      by_status: { not_started: sites, budget_requested: 0, approved: 0, installed: 0, rejected: 0 },
      cost_by_status: { not_started: sites * 100_000, budget_requested: 0, approved: 0, installed: 0, rejected: 0 },
    },
    requests: { total: requests, provided: requests, no_footage: 0, camera_broken: 0, refused: 0, pending: 0, points: requests ? 1 : 0, median_days_to_answer: requests ? 1.5 : null },
    completeness: { cameras: total, complete, share: total ? complete / total : 0, with_photos: 0, missing: { phone: total - complete, recorder_model: 0, repair_agency: 0 } },
    problems: null,
  };
}

function sumRows(rows: DashboardRow[]): DashboardRow {
  const t = row('total', null, null, [0, 0, 0, 0]);
  const add = (a: Record<string, unknown>, b: Record<string, unknown>) => {
    for (const k of Object.keys(a)) {
      if (typeof a[k] === 'number' && typeof b[k] === 'number') a[k] = (a[k] as number) + (b[k] as number);
      else if (a[k] && typeof a[k] === 'object') add(a[k] as Record<string, unknown>, b[k] as Record<string, unknown>);
    }
  };
  for (const r of rows) add(t as unknown as Record<string, unknown>, r as unknown as Record<string, unknown>);
  t.completeness.share = t.completeness.cameras ? t.completeness.complete / t.completeness.cameras : 0;
  return t;
}

function answer(level: DashboardLevel, rows: DashboardRow[], area: Partial<Dashboard['area']> = {}, filters: Partial<Dashboard['filters']> = {}): Dashboard {
  const totals = sumRows(rows);
  return {
    level,
    filters: { province: null, district: null, police_station: null, ...filters },
    area: { province: null, district: null, police_station: null, ...area },
    completenessFields: FIELDS,
    rows,
    totals,
    repairAgencies: [{ name: 'เทศบาลเมืองอ่างทอง', cameras: 40, not_working: 20, under_repair: 10, beyond_repair: 10, repair_budget_baht: 400_000 }],
    linkCentres: [{ name: 'ศูนย์ปฏิบัติการตำรวจภูธรจังหวัดอ่างทอง', cameras: 300 }],
    linkAgencies: [{ name: null, cameras: 12, link_budget_baht: 60_000 }],
    linkNeeds: [],
    siteReasons: [{ name: 'จุดเสี่ยงชิงทรัพย์', sites: 3, cameras: 6, cost_baht: 300_000 }],
    siteBudgetSources: [{ name: 'งบจังหวัด', sites: 3, cameras: 6, cost_baht: 300_000 }],
    topRequestPoints: [
      {
        camera_id: 77,
        external_id: 'demo-15-cam-0077',
        place_name: 'สี่แยกตลาดอ่างทอง',
        agency: 'ตำรวจภูธรจังหวัดอ่างทอง',
        status: 'working',
        requests: 9,
        provided: 7,
        camera_broken: 0,
        no_footage: 2,
        province_code: '15',
        district_id: 101,
        police_station_id: 7,
        geometry: { type: 'Point', coordinates: [100.455, 14.589] },
      },
    ],
    problems: {
      province_code: filters.province ?? null,
      total: 2,
      by_category: { linking: 1, usage: 0, storage: 0, footage_provision: 0, maintenance: 1, other: 0 },
      recent: [{ id: 1, category: 'maintenance', description: 'กล้องไม่มีงบบำรุงรักษา', suggestion: 'ตั้งงบรายปี', agency: null, province_code: '15', reported_on: '2016-12-13' }],
    },
  };
}

const ANG_THONG = { code: '15', name_th: 'อ่างทอง', name_en: 'Ang Thong' };
const MUEANG = { id: 101, name_th: 'เมืองอ่างทอง', name_en: 'Mueang Ang Thong', province_code: '15' };

const NATION = answer('province', [
  row('10', 'กรุงเทพมหานคร', 'Bangkok', [0, 0, 0, 0]),
  row('15', 'อ่างทอง', 'Ang Thong', [734, 52, 44, 30], { requests: 300, sites: 40, complete: 800 }),
]);
const PROVINCE = answer(
  'district',
  [
    row('101', 'เมืองอ่างทอง', 'Mueang Ang Thong', [300, 20, 20, 10], { requests: 200, sites: 20, complete: 330, province: '15' }),
    row('102', 'ไชโย', 'Chaiyo', [434, 32, 24, 20], { requests: 100, sites: 20, complete: 470, province: '15' }),
  ],
  { province: ANG_THONG },
  { province: '15' },
);
const STATIONS = answer(
  'police_station',
  [
    row('7', 'สภ.เมืองอ่างทอง', 'Mueang Ang Thong Police Station', [200, 10, 10, 5], { requests: 150, province: '15' }),
    row('8', 'สภ.โพสะ', 'Pho Sa Police Station', [100, 10, 10, 5], { requests: 50, province: '15' }),
    row('unknown', null, null, [0, 0, 0, 0]),
  ],
  { province: ANG_THONG, district: MUEANG },
  { province: '15', district: 101 },
);

// ---- harness -----------------------------------------------------------------------------------------

function FiltersProbe() {
  const { state } = useAppState();
  const { refresh } = useMapBridge();
  return (
    <>
      <output data-testid="filters">{JSON.stringify(state.filters)}</output>
      <button type="button" onClick={refresh}>
        probe-refresh
      </button>
    </>
  );
}

function renderPanel(filters: Filters = {}) {
  return render(
    <I18nProvider>
      <AppStateProvider initial={{ ...DEFAULT_STATE, panel: 'dashboard', filters }}>
        <MapBridgeProvider>
          <DashboardPanel />
          <FiltersProbe />
        </MapBridgeProvider>
      </AppStateProvider>
    </I18nProvider>,
  );
}

let fetchMock: ReturnType<typeof vi.fn>;
const calls = () => fetchMock.mock.calls.map((c) => String(c[0]));
const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

/** Answers by scope: nation, province 15, or a district's police stations. */
function stubApi() {
  fetchMock = vi.fn(async (url: string) => {
    const q = new URL(url, 'http://test').searchParams;
    if (q.get('district') === '101') return json(STATIONS);
    if (q.get('province') === '15' && q.get('level') === 'police_station') return json({ ...STATIONS, area: { ...STATIONS.area, district: null }, filters: { ...STATIONS.filters, district: null } });
    if (q.get('province') === '15') return json(PROVINCE);
    return json(NATION);
  });
  vi.stubGlobal('fetch', fetchMock);
}

const text = (el: Element | null | undefined) => el?.textContent ?? '';
/** A Blob's bytes (FileReader: jsdom's Blob has no text() or arrayBuffer()). */
const readBlob = (b: Blob) =>
  new Promise<Uint8Array>((resolve, reject) => {
    const r = new FileReader();
    r.onload = () => resolve(new Uint8Array(r.result as ArrayBuffer));
    r.onerror = () => reject(r.error);
    r.readAsArrayBuffer(b);
  });
const filters = () => JSON.parse(screen.getByTestId('filters').textContent ?? '{}') as Filters;

beforeEach(() => {
  window.localStorage.clear();
  window.history.replaceState(null, '', '/');
  stubApi();
});

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('DashboardPanel', () => {
  it('shows one row per province from the API, Thai names first, numbers and totals', async () => {
    renderPanel();
    const row15 = await screen.findByTestId('dashboard-row-15');
    expect(calls()[0]).toBe('/api/dashboard?level=province');
    expect(text(row15)).toContain('อ่างทอง');
    expect(text(row15)).toContain('860');
    expect(text(row15)).toContain('734');
    expect(text(row15)).toContain('1,260,000'); // repair budget, thousands separated
    expect(text(screen.getByTestId('dashboard-row-10'))).toContain('กรุงเทพมหานคร');
    expect(text(screen.getByTestId('dashboard'))).toContain('ตารางตามพื้นที่');
    expect((screen.getByTestId('dashboard-level') as HTMLSelectElement).value).toBe('province');
    // The totals row and the summary.
    const table = within(screen.getByTestId('dashboard-areas')).getByRole('table');
    expect(text(within(table).getByText('รวม').closest('tr'))).toContain('860');
    expect(text(screen.getByLabelText('ตัวเลขสรุปของพื้นที่'))).toContain('85.3%'); // 734 / 860 working
  });

  it('drills down province → district → police station and the breadcrumb goes back up', async () => {
    renderPanel();
    fireEvent.click(await screen.findByRole('button', { name: 'ดูรายละเอียดของ อ่างทอง' }));
    expect(filters()).toEqual({ province: '15' });
    await screen.findByTestId('dashboard-row-101');
    expect(calls()).toContain('/api/dashboard?level=district&province=15');
    const crumbs = screen.getByTestId('dashboard-breadcrumb');
    expect(within(crumbs).getByRole('button', { name: 'ทั้งประเทศ' })).toBeTruthy();
    expect(within(crumbs).getByText('อ่างทอง')?.getAttribute('aria-current')).toBe('page');

    fireEvent.click(screen.getByRole('button', { name: 'ดูรายละเอียดของ เมืองอ่างทอง' }));
    expect(filters()).toEqual({ province: '15', district: 101 });
    await screen.findByTestId('dashboard-row-7');
    expect(calls()).toContain('/api/dashboard?level=police_station&province=15&district=101');
    // Cameras outside any station's jurisdiction are a row of their own, not a link.
    const unknown = screen.getByTestId('dashboard-row-unknown');
    expect(text(unknown)).toContain('ไม่ระบุพื้นที่');
    expect(within(unknown).queryByRole('button')).toBeNull();
    expect(within(screen.getByTestId('dashboard-breadcrumb')).getAllByRole('listitem').map((li) => li.textContent)).toEqual(['ทั้งประเทศ', 'อ่างทอง', 'เมืองอ่างทอง']);

    fireEvent.click(screen.getByRole('button', { name: 'ดูรายละเอียดของ สภ.เมืองอ่างทอง' }));
    expect(filters()).toEqual({ province: '15', district: 101, policeStation: 7 });

    fireEvent.click(within(screen.getByTestId('dashboard-breadcrumb')).getByRole('button', { name: 'อ่างทอง' }));
    expect(filters()).toEqual({ province: '15' });
    await screen.findByTestId('dashboard-row-102');
    fireEvent.click(within(screen.getByTestId('dashboard-breadcrumb')).getByRole('button', { name: 'ทั้งประเทศ' }));
    expect(filters()).toEqual({});
    await screen.findByTestId('dashboard-row-15');
  });

  it('switches a province to police-station rows and drills into a station', async () => {
    renderPanel({ province: '15' });
    await screen.findByTestId('dashboard-row-101');
    const select = screen.getByLabelText('แสดงแถวตาม') as HTMLSelectElement;
    expect(select).toBe(screen.getByTestId('dashboard-level'));
    expect([...select.options].map((o) => o.value)).toEqual(['district', 'police_station']);
    fireEvent.change(select, { target: { value: 'police_station' } });
    await screen.findByTestId('dashboard-row-8');
    expect(calls()).toContain('/api/dashboard?level=police_station&province=15');
    fireEvent.click(screen.getByRole('button', { name: 'ดูรายละเอียดของ สภ.โพสะ' }));
    expect(filters()).toEqual({ province: '15', policeStation: 8 });
  });

  it('sorts the area table by a column header, both ways', async () => {
    renderPanel({ province: '15' });
    await screen.findByTestId('dashboard-row-101');
    const table = within(screen.getByTestId('dashboard-areas')).getByRole('table');
    const order = () => within(table).getAllByRole('row').map((r) => r.getAttribute('data-testid')).filter(Boolean);
    // Largest first: 510 cameras before 350.
    const cameras = within(table).getByRole('button', { name: /^กล้อง/ });
    expect(cameras.closest('th')?.getAttribute('aria-sort')).toBe('descending');
    expect(order()).toEqual(['dashboard-row-102', 'dashboard-row-101']);
    fireEvent.click(cameras);
    expect(cameras.closest('th')?.getAttribute('aria-sort')).toBe('ascending');
    expect(order()).toEqual(['dashboard-row-101', 'dashboard-row-102']);
    // By name (Thai order): ไชโย before เมืองอ่างทอง.
    const area = within(table).getByRole('button', { name: /^พื้นที่/ });
    fireEvent.click(area);
    expect(area.closest('th')?.getAttribute('aria-sort')).toBe('ascending');
    expect(cameras.closest('th')?.getAttribute('aria-sort')).toBeNull();
    expect(order()).toEqual(['dashboard-row-102', 'dashboard-row-101']);
    fireEvent.click(area);
    expect(order()).toEqual(['dashboard-row-101', 'dashboard-row-102']);
  });

  it('shows long lists in part until asked for all', async () => {
    const many = answer('province', Array.from({ length: 30 }, (_, i) => row(String(10 + i), `จังหวัด ${i}`, `Province ${i}`, [i + 1, 0, 0, 0])));
    fetchMock.mockImplementation(async () => json(many));
    renderPanel();
    await screen.findByTestId('dashboard-row-39');
    const areas = screen.getByTestId('dashboard-areas');
    expect(within(areas).getAllByRole('row').filter((r) => r.getAttribute('data-testid'))).toHaveLength(20);
    expect(screen.queryByTestId('dashboard-row-10')).toBeNull(); // the smallest, beyond the first 20
    const more = within(areas).getByRole('button', { name: 'แสดงทั้งหมด (30 แถว)' });
    fireEvent.click(more);
    expect(more.getAttribute('aria-expanded')).toBe('true');
    expect(screen.getByTestId('dashboard-row-10')).toBeTruthy();
    // The status chart keeps the largest areas and says so.
    expect(screen.getByTestId('dashboard-status-chart').querySelectorAll('svg[role="img"] > g')).toHaveLength(12);
    expect(text(screen.getByTestId('dashboard'))).toContain('แสดง 12 จาก 30 พื้นที่');
  });

  it('draws the five items as charts with accessible names and their numbers as tables', async () => {
    renderPanel({ province: '15' });
    await screen.findByTestId('dashboard-row-101');
    const chart = screen.getByTestId('dashboard-status-chart');
    const img = within(chart).getByRole('img', { name: 'จำนวนกล้องตามสถานะการใช้งาน แยกตามพื้นที่' });
    // Every segment says what it is and how many.
    const titles = [...img.querySelectorAll('rect > title')].map((t) => t.textContent);
    expect(titles).toContain('เมืองอ่างทอง — ใช้งานได้ปกติ: 300');
    expect(titles).toContain('ไชโย — ชำรุด ไม่สามารถซ่อมได้: 20');
    expect(img.querySelector('desc')?.textContent).toContain('ไชโย: ใช้งานได้ปกติ 434');
    // The same numbers as a table.
    const numbers = within(chart).getByRole('table');
    expect(text(within(numbers).getByText('ไชโย').closest('tr'))).toContain('434');
    const names = screen.getAllByRole('img').map((i) => i.getAttribute('aria-labelledby') && document.getElementById(i.getAttribute('aria-labelledby')!)?.textContent);
    expect(names).toEqual([
      'จำนวนกล้องตามสถานะการใช้งาน แยกตามพื้นที่',
      'จำนวนกล้องที่เชื่อมต่อเครือข่ายได้และไม่ได้ แยกตามพื้นที่',
      'จำนวนจุดติดตั้งเพิ่มเติมตามสถานะโครงการ',
      'คำขอดูภาพตามผลการขอ แยกตามพื้นที่',
      'จำนวนปัญหาอุปสรรคตามหมวด',
    ]);
    // Repair agencies, unlinked cameras' agency (blank shown as such), most-requested points.
    expect(text(screen.getByRole('table', { name: 'หน่วยงานที่รับผิดชอบการซ่อม' }))).toContain('เทศบาลเมืองอ่างทอง');
    expect(text(screen.getByRole('table', { name: 'เชื่อมต่อไม่ได้: หน่วยงานที่รับผิดชอบและงบประมาณ' }))).toContain('(ไม่ได้ระบุ)');
    expect(screen.getByRole('button', { name: 'แสดง สี่แยกตลาดอ่างทอง บนแผนที่' })).toBeTruthy();
    expect(screen.getByText('ปัญหาที่จังหวัดอ่างทองรายงาน (บันทึกเป็นรายจังหวัด)')).toBeTruthy();
  });

  it('lists completeness per area with the fields most often left empty', async () => {
    renderPanel();
    await screen.findByTestId('dashboard-row-15');
    const section = screen.getByTestId('dashboard-completeness');
    const table = within(section).getByRole('table', { name: 'ความครบถ้วนของข้อมูลกล้อง แยกตามพื้นที่' });
    expect(text(within(table).getByText('อ่างทอง').closest('tr'))).toContain('93%'); // 800 / 860
    const fields = within(section).getByRole('table', { name: 'ช่องที่ไม่ได้กรอกบ่อยที่สุด' });
    expect(text(fields)).toContain('หมายเลขโทรศัพท์');
    expect(text(fields)).toContain('60');
    expect(text(fields)).not.toContain('ยี่ห้อ/รุ่นเครื่องบันทึกภาพ'); // none missing
  });

  it('names the bad field of a 400 and retries', async () => {
    fetchMock.mockImplementationOnce(async () => json({ errors: [{ field: 'province', message: 'no province "XX"', code: 'unknown_province' }] }, 400));
    renderPanel();
    const alert = await screen.findByRole('alert');
    expect(text(alert)).toContain('province: no province "XX"');
    fireEvent.click(within(alert).getByRole('button', { name: 'ลองอีกครั้ง' }));
    await screen.findByTestId('dashboard-row-15');
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('uses English names in English mode', async () => {
    window.localStorage.setItem('cctv-atlas.lang', 'en');
    renderPanel();
    expect(text(await screen.findByTestId('dashboard-row-15'))).toContain('Ang Thong');
    expect(screen.getByRole('button', { name: 'Show the details of Ang Thong' })).toBeTruthy();
  });

  it('downloads the area table as CSV in its current order', async () => {
    // jsdom has no object URLs: capture the blob the button makes.
    const blobs: Blob[] = [];
    const saved = { create: URL.createObjectURL, revoke: URL.revokeObjectURL };
    URL.createObjectURL = vi.fn((b: Blob) => (blobs.push(b), 'blob:csv'));
    URL.revokeObjectURL = vi.fn();
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => {});
    try {
      renderPanel({ province: '15' });
      await screen.findByTestId('dashboard-row-101');
      fireEvent.click(within(screen.getByTestId('dashboard-areas')).getByRole('button', { name: 'ดาวน์โหลดตารางเป็น CSV' }));
      expect(click).toHaveBeenCalledTimes(1);
      expect((click.mock.contexts[0] as HTMLAnchorElement).download).toBe('dashboard-district-15.csv');
      const bytes = await act(() => readBlob(blobs[0]!));
      expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // UTF-8 byte-order mark for Excel
      const lines = new TextDecoder().decode(bytes).trim().split('\r\n');
      expect(lines[0]!.startsWith('พื้นที่,กล้อง,ใช้งานได้,ชำรุด,งบซ่อม (บาท)')).toBe(true);
      // Largest first as shown, raw numbers, the totals last.
      expect(lines[1]!.startsWith('ไชโย,510,434,76,760000')).toBe(true);
      expect(lines[2]!.startsWith('เมืองอ่างทอง,350,300,50,500000')).toBe(true);
      expect(lines[3]!.startsWith('รวม,860,734,126,1260000')).toBe(true);
      expect(lines).toHaveLength(4);
    } finally {
      click.mockRestore();
      Object.assign(URL, { createObjectURL: saved.create, revokeObjectURL: saved.revoke });
    }
  });

  it('refetches when the map says its data changed', async () => {
    renderPanel();
    await screen.findByTestId('dashboard-row-15');
    expect(fetchMock).toHaveBeenCalledTimes(1);
    fireEvent.click(screen.getByRole('button', { name: 'probe-refresh' }));
    await waitFor(() => expect(fetchMock).toHaveBeenCalledTimes(2));
    expect(calls()[1]).toBe('/api/dashboard?level=province');
  });
});
