// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PublicMapProvider } from '../../auth/AuthGate';
import { I18nProvider } from '../../i18n/react';
import { AppStateProvider, useAppState } from '../../state/store';
import { LAYERS } from '../../state/url';
import { OWNER_COLORS, type Rgb, STATUS_COLORS } from './colors';
import { LayersPanel } from './LayersPanel';
import { Legend } from './Legend';

const PROVINCES = [
  { code: '10', name_th: 'กรุงเทพมหานคร', name_en: 'Bangkok' },
  { code: '15', name_th: 'อ่างทอง', name_en: 'Ang Thong' },
];
const DISTRICTS: Record<string, { id: number; name_th: string; name_en: string }[]> = {
  '15': [
    { id: 151, name_th: 'เมืองอ่างทอง', name_en: 'Mueang Ang Thong' },
    { id: 152, name_th: 'ไชโย', name_en: 'Chaiyo' },
  ],
  '10': [{ id: 101, name_th: 'พระนคร', name_en: 'Phra Nakhon' }],
};
const STATIONS: Record<string, { id: number; name_th: string; name_en: string | null }[]> = {
  '15': [{ id: 7, name_th: 'สภ.เมืองอ่างทอง', name_en: 'Mueang Ang Thong Police Station' }],
  '10': [],
};
/** /api/meta labels differ from the messages' fallbacks so the test can tell which one is shown. */
const META = {
  demo: null,
  counts: {},
  enums: {
    CameraStatus: { working: { th: 'ใช้งานได้ (จาก API)', en: 'Working (from API)' } },
    AgencyType: { private: { th: 'เอกชน (จาก API)', en: 'Private (from API)' } },
  },
};

let metaFails = false;
const calls: string[] = [];

function stubApi() {
  calls.length = 0;
  vi.stubGlobal(
    'fetch',
    vi.fn(async (input: string) => {
      calls.push(input);
      const url = new URL(input, 'http://x');
      const p = url.searchParams.get('province') ?? '';
      if (url.pathname === '/api/provinces') return Response.json({ items: PROVINCES, total: PROVINCES.length });
      if (url.pathname === '/api/districts') return Response.json({ items: DISTRICTS[p] ?? [], total: 0 });
      if (url.pathname === '/api/police-stations') return Response.json({ items: STATIONS[p] ?? [], total: 0 });
      if (url.pathname === '/api/meta') {
        return metaFails ? Response.json({ errors: [{ code: 'internal', message: 'boom' }] }, { status: 500 }) : Response.json(META);
      }
      return Response.json({ errors: [{ code: 'not_found', message: 'nope' }] }, { status: 404 });
    }),
  );
}

/** Shows the shared state as JSON so the test can read it. */
function Probe() {
  const { state } = useAppState();
  return <pre data-testid="probe">{JSON.stringify({ filters: state.filters, layers: state.layers, colorBy: state.colorBy })}</pre>;
}
const probe = () => JSON.parse(screen.getByTestId('probe').textContent ?? '{}') as { filters: Record<string, unknown>; layers: string[]; colorBy: string };

function renderPanel(search = '', opts: { publicMap?: boolean } = {}) {
  window.history.replaceState(null, '', `/${search}`);
  const body = (
    <AppStateProvider>
      <LayersPanel />
      <Legend />
      <Probe />
    </AppStateProvider>
  );
  return render(<I18nProvider>{opts.publicMap ? <PublicMapProvider login={() => undefined}>{body}</PublicMapProvider> : body}</I18nProvider>);
}

const select = (id: string) => screen.getByTestId(id) as HTMLSelectElement;
const box = (id: string) => screen.getByTestId(id) as HTMLInputElement;
/** How the DOM reports an inline rgb() colour. */
const computed = (c: Rgb) => `rgb(${c[0]}, ${c[1]}, ${c[2]})`;
const optionTexts = (id: string) => [...select(id).options].map((o) => o.textContent);

beforeEach(() => {
  metaFails = false;
  window.localStorage.clear();
  stubApi();
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('LayersPanel filters', () => {
  it('enables district and police station only once a province is chosen, and loads them for it', async () => {
    renderPanel();
    await waitFor(() => expect(optionTexts('filter-province')).toContain('อ่างทอง'));
    expect(select('filter-district').disabled).toBe(true);
    expect(select('filter-police-station').disabled).toBe(true);
    expect(calls.some((c) => c.startsWith('/api/districts'))).toBe(false);

    fireEvent.change(select('filter-province'), { target: { value: '15' } });
    expect(probe().filters).toEqual({ province: '15' });
    expect(select('filter-district').disabled).toBe(false);
    await waitFor(() => expect(optionTexts('filter-district')).toEqual(['ทุกอำเภอ', 'ไชโย', 'เมืองอ่างทอง']));
    await waitFor(() => expect(optionTexts('filter-police-station')).toContain('สภ.เมืองอ่างทอง'));
    expect(calls).toContain('/api/districts?province=15');
    expect(calls).toContain('/api/police-stations?province=15&limit=10000');

    fireEvent.change(select('filter-district'), { target: { value: '152' } });
    fireEvent.change(select('filter-police-station'), { target: { value: '7' } });
    expect(probe().filters).toEqual({ province: '15', district: 152, policeStation: 7 });
    // The URL follows (the provider writes it after a short debounce).
    await waitFor(() => expect(window.location.search).toBe('?province=15&district=152&police_station=7'));

    // Another province drops the district and station, and loads its own districts.
    fireEvent.change(select('filter-province'), { target: { value: '10' } });
    expect(probe().filters).toEqual({ province: '10' });
    await waitFor(() => expect(optionTexts('filter-district')).toEqual(['ทุกอำเภอ', 'พระนคร']));
    fireEvent.change(select('filter-province'), { target: { value: '' } });
    expect(probe().filters).toEqual({});
    expect(select('filter-district').disabled).toBe(true);
  });

  it('sets status, owner, purpose and linkage filters, and clears them all', async () => {
    renderPanel();
    expect((screen.getByTestId('filters-clear') as HTMLButtonElement).disabled).toBe(true);
    fireEvent.click(box('filter-status-working'));
    fireEvent.click(box('filter-status-under_repair'));
    fireEvent.click(box('filter-owner-local_administration'));
    fireEvent.click(box('filter-purpose-traffic'));
    fireEvent.change(select('filter-linkage'), { target: { value: 'not_linked' } });
    expect(probe().filters).toEqual({
      status: ['working', 'under_repair'],
      ownerType: ['local_administration'],
      purpose: ['traffic'],
      linkage: 'not_linked',
    });
    expect(box('filter-status-working').checked).toBe(true);
    expect(box('filter-status-not_working').checked).toBe(false);
    await waitFor(() =>
      expect(window.location.search).toBe('?status=working,under_repair&owner_type=local_administration&purpose=traffic&linkage=not_linked'),
    );
    expect(screen.getByTestId('filters-active').textContent).toBe('ตัวกรองที่ใช้ 4 รายการ');

    // Unticking the last status removes the filter instead of leaving an empty list.
    fireEvent.click(box('filter-status-working'));
    fireEvent.click(box('filter-status-under_repair'));
    expect(probe().filters.status).toBeUndefined();

    fireEvent.click(screen.getByTestId('filters-clear'));
    expect(probe().filters).toEqual({});
    expect(box('filter-owner-local_administration').checked).toBe(false);
    expect(select('filter-linkage').value).toBe('');
    await waitFor(() => expect(window.location.search).toBe(''));
  });

  it('starts from the filters of a shared link', async () => {
    renderPanel('?province=15&district=151&status=not_working&linkage=linked');
    await waitFor(() => expect(optionTexts('filter-district')).toContain('เมืองอ่างทอง'));
    expect(select('filter-province').value).toBe('15');
    expect(select('filter-district').value).toBe('151');
    expect(box('filter-status-not_working').checked).toBe(true);
    expect(select('filter-linkage').value).toBe('linked');
  });

  it('labels enumerations from /api/meta, falls back to its own messages, and follows the language', async () => {
    renderPanel();
    const label = (testId: string) => document.querySelector(`label[for="${box(testId).id}"]`)?.textContent;
    await waitFor(() => expect(label('filter-status-working')).toBe('ใช้งานได้ (จาก API)'));
    expect(label('filter-status-not_working')).toBe('ใช้งานไม่ได้'); // not in the fixture: fallback
    expect(label('filter-owner-private')).toBe('เอกชน (จาก API)');
    cleanup();

    metaFails = true;
    window.localStorage.setItem('cctv-atlas.lang', 'en');
    renderPanel();
    await waitFor(() => expect(optionTexts('filter-province')).toEqual(['All provinces', 'Ang Thong', 'Bangkok']));
    expect(label('filter-status-working')).toBe('Working normally');
    expect(label('filter-purpose-investigation')).toBe('Investigation / tracking offenders');
    expect(screen.getByLabelText('Province')).toBe(select('filter-province'));
    expect(screen.getByLabelText('Police station')).toBe(select('filter-police-station'));
  });

  it('says when a list cannot be loaded', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => Response.json({ errors: [{ code: 'internal', message: 'database down' }] }, { status: 500 })));
    renderPanel();
    expect(await screen.findByRole('alert')).toHaveProperty('textContent', 'โหลดรายการไม่สำเร็จ: database down');
  });
});

describe('LayersPanel layers and legend', () => {
  it('has a labelled toggle for every layer that switches it in the state and the URL', async () => {
    renderPanel();
    for (const id of LAYERS) {
      const input = box(`layer-toggle-${id}`);
      expect(document.querySelector(`label[for="${input.id}"]`)?.textContent).not.toBe('');
    }
    expect(box('layer-toggle-density').checked).toBe(false);
    expect(box('layer-toggle-cameras').checked).toBe(true);
    fireEvent.click(box('layer-toggle-density'));
    fireEvent.click(box('layer-toggle-cameras'));
    expect(probe().layers).toContain('density');
    expect(probe().layers).not.toContain('cameras');
    expect(box('layer-toggle-cameras').checked).toBe(false);
    await waitFor(() => expect(window.location.search).toBe('?layers=boundaries,density,riskRoutes,riskPoints,sites'));
  });

  it('shows legend sections only for the layers that are on', () => {
    renderPanel('?layers=cameras,sites');
    const legend = screen.getByTestId('legend');
    expect(within(legend).getByTestId('legend-cameras')).toBeTruthy();
    expect(within(legend).getByTestId('legend-sites')).toBeTruthy();
    expect(within(legend).queryByTestId('legend-riskPoints')).toBeNull();
    fireEvent.click(box('layer-toggle-riskPoints'));
    expect(within(legend).getByTestId('legend-item-riskPoints-uncovered').textContent).toBe('ไม่มีกล้องครอบคลุม');
    fireEvent.click(box('layer-toggle-cameras'));
    fireEvent.click(box('layer-toggle-sites'));
    fireEvent.click(box('layer-toggle-riskPoints'));
    expect(within(legend).getByText('ไม่มีชั้นข้อมูลที่เปิดอยู่')).toBeTruthy();
  });

  it('colours the camera legend by status or by owner type, with the shared colours', async () => {
    renderPanel();
    const legend = screen.getByTestId('legend');
    const swatch = (id: string) => (within(legend).getByTestId(`legend-item-${id}`).querySelector('.layers-swatch') as HTMLElement).style.background;
    expect(legend.dataset.colorBy).toBe('status');
    expect(within(legend).getByTestId('legend-item-cameras-beyond_repair').textContent).toBe('ชำรุด ไม่สามารถซ่อมได้');
    expect(swatch('cameras-working')).toBe(computed(STATUS_COLORS.working));
    expect(within(legend).queryByTestId('legend-item-cameras-private')).toBeNull();

    fireEvent.change(select('color-by'), { target: { value: 'owner' } });
    expect(probe().colorBy).toBe('owner');
    expect(legend.dataset.colorBy).toBe('owner');
    expect(within(legend).getByTestId('legend-item-cameras-private').textContent).toBe('เอกชน');
    expect(swatch('cameras-private')).toBe(computed(OWNER_COLORS.private));
    expect(within(legend).getByTestId('legend-item-cameras-unknown')).toBeTruthy();
    expect(within(legend).queryByTestId('legend-item-cameras-working')).toBeNull();
    await waitFor(() => expect(window.location.search).toBe('?color=owner'));
  });

  it('folds the legend to its title and opens it again', () => {
    renderPanel();
    const legend = screen.getByTestId('legend') as HTMLDetailsElement;
    expect(legend.open).toBe(true);
    act(() => {
      legend.open = false;
      legend.dispatchEvent(new Event('toggle'));
    });
    expect(legend.open).toBe(false);
  });
});

describe('LayersPanel on the public map (no account)', () => {
  const toggles = () => [...document.querySelectorAll('[data-testid^="layer-toggle-"]')].map((e) => e.getAttribute('data-testid'));
  const sections = () => [...screen.getByTestId('legend').querySelectorAll('.layers-legend-section')].map((e) => e.getAttribute('data-testid'));

  it('offers only the cameras and boundaries layers, and the legend shows only those of the defaults', () => {
    renderPanel('', { publicMap: true });
    expect(toggles()).toEqual(['layer-toggle-cameras', 'layer-toggle-boundaries']);
    expect(sections()).toEqual(['legend-cameras', 'legend-boundaries']);
    // The state keeps the defaults (a login shows them all again).
    expect(probe().layers).toEqual(['boundaries', 'riskRoutes', 'riskPoints', 'sites', 'cameras']);
    fireEvent.click(box('layer-toggle-cameras'));
    expect(sections()).toEqual(['legend-boundaries']);
    cleanup();
    renderPanel('?layers=density,sites', { publicMap: true });
    expect(box('layer-toggle-cameras').checked).toBe(false);
    expect(within(screen.getByTestId('legend')).getByText('ไม่มีชั้นข้อมูลที่เปิดอยู่')).toBeTruthy();
  });

  it('filters by province and district but not police station, and never asks for the stations', async () => {
    renderPanel('?province=15&police_station=7', { publicMap: true });
    await waitFor(() => expect(optionTexts('filter-district')).toEqual(['ทุกอำเภอ', 'ไชโย', 'เมืองอ่างทอง']));
    expect(screen.queryByTestId('filter-police-station')).toBeNull();
    // The link's station is not a filter here (counted, nor shown), but kept for after a login.
    expect(screen.getByTestId('filters-active').textContent).toBe('ตัวกรองที่ใช้ 1 รายการ');
    expect(probe().filters).toEqual({ province: '15', policeStation: 7 });
    fireEvent.change(select('filter-district'), { target: { value: '151' } });
    expect(probe().filters).toEqual({ province: '15', district: 151, policeStation: 7 });
    expect(calls.filter((c) => c.startsWith('/api/police-stations'))).toEqual([]);
    expect(calls).toContain('/api/provinces');
    expect(calls).toContain('/api/districts?province=15');
  });
});
