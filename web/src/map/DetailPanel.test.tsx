// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type CameraArrays, decodeCameras, encodeCameras } from '../api/map';
import { I18nProvider } from '../i18n/react';
import { AppStateProvider, useAppState } from '../state/store';
import { DEFAULT_STATE, type AppUrlState } from '../state/url';
import { MapBridgeProvider } from './bridge';
import { DetailPanel, publicCameraRecord } from './DetailPanel';

const CAMERA = {
  id: 12,
  external_id: 'AT-0012',
  place_name: 'หน้าตลาดเทศบาล',
  status: 'under_repair',
  kind: 'dome',
  purposes: ['traffic'],
  year_installed: 2016,
  repair_budget_baht: 12500,
  phone: null,
  is_demo: true,
  version: 1,
  created_at: '2024-01-15T03:00:00.000Z',
  updated_at: '2024-01-15T03:00:00.000Z',
  geometry: { type: 'Point', coordinates: [100.45, 14.59] },
};

const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });

/** Shows the app state the panel changes, so the test can read it. */
function Probe() {
  const { state, select } = useAppState();
  return (
    <>
      <output data-testid="probe">{`${state.panel}|${state.selected ? `${state.selected.kind}:${state.selected.id}` : ''}`}</output>
      <button type="button" data-testid="opener" onClick={() => select({ kind: 'camera', id: 12 })}>
        open
      </button>
    </>
  );
}

function renderPanel(initial: Partial<AppUrlState> = {}, publicCameras?: { data: CameraArrays | null; loading: boolean }) {
  return render(
    <I18nProvider>
      <AppStateProvider initial={{ ...DEFAULT_STATE, ...initial }}>
        <MapBridgeProvider>
          <Probe />
          <DetailPanel enums={{ CameraStatus: { under_repair: { th: 'ชำรุด อยู่ระหว่างซ่อม', en: 'Damaged – under repair' } } }} publicCameras={publicCameras} />
        </MapBridgeProvider>
      </AppStateProvider>
    </I18nProvider>,
  );
}

/** Two cameras as the public map has them (decoded from the binary layout): 12 known in full, 30 mostly unknown. */
const PUBLIC_CAMERAS = decodeCameras(
  encodeCameras({
    ids: Float64Array.of(12, 30),
    lon: Float64Array.of(100.45, 100.5),
    lat: Float64Array.of(14.59, 14.6),
    direction: Float32Array.of(90, NaN),
    range: Float32Array.of(30, NaN),
    fov: Float32Array.of(60, NaN),
    status: Uint8Array.of(2, 0), // under_repair, working
    owner: Uint8Array.of(2, 255), // local_administration, unknown
    linkage: Uint8Array.of(1, 255), // not_linked, unknown
    kind: Uint8Array.of(1, 0), // dome, fixed
  }),
);

describe('DetailPanel', () => {
  let fetchMock: ReturnType<typeof vi.fn>;
  beforeEach(() => {
    window.localStorage.clear();
    fetchMock = vi.fn(async (url: string) => (url === '/api/cameras/12' ? json(CAMERA) : json({ errors: [{ message: 'camera 99 not found', code: 'not_found' }] }, 404)));
    vi.stubGlobal('fetch', fetchMock);
  });
  afterEach(() => {
    cleanup();
    vi.unstubAllGlobals();
  });

  it('is absent without a selection or for a kind it does not show', () => {
    renderPanel();
    expect(screen.queryByTestId('detail-panel')).toBeNull();
    cleanup();
    renderPanel({ selected: { kind: 'policeStation', id: 3 } });
    expect(screen.queryByTestId('detail-panel')).toBeNull();
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it("fetches the selected camera and shows its fields in Thai words", async () => {
    renderPanel({ selected: { kind: 'camera', id: 12 } });
    const panel = screen.getByTestId('detail-panel');
    expect(fetchMock).toHaveBeenCalledWith('/api/cameras/12', expect.anything());
    await screen.findByRole('heading', { level: 2, name: 'หน้าตลาดเทศบาล' });
    const row = (field: string) => panel.querySelector(`[data-field="${field}"] dd`)?.textContent;
    expect(row('status')).toBe('ชำรุด อยู่ระหว่างซ่อม');
    expect(row('purposes')).toBe('การจราจร');
    expect(row('year_installed')).toBe('2559');
    expect(row('repair_budget_baht')).toBe('12,500');
    expect(row('phone')).toBe('–');
    expect(row('lon')).toBe('100.45');
    expect(panel.querySelector('[data-field="status"] dt')?.textContent).toBe('สถานะ');
    expect(panel.querySelectorAll('dl > div').length).toBe(Object.keys(CAMERA).length + 1); // geometry → lon + lat
  });

  it('says so when the record cannot be loaded', async () => {
    renderPanel({ selected: { kind: 'camera', id: 99 } });
    expect((await screen.findByRole('alert')).textContent).toMatch(/camera 99 not found/);
  });

  it('takes focus when it opens, closes on Esc and gives focus back', async () => {
    renderPanel();
    const opener = screen.getByTestId('opener');
    opener.focus();
    fireEvent.click(opener);
    const heading = await screen.findByRole('heading', { level: 2, name: 'หน้าตลาดเทศบาล' });
    expect(document.activeElement).toBe(heading);
    act(() => {
      fireEvent.keyDown(document, { key: 'Escape' });
    });
    expect(screen.queryByTestId('detail-panel')).toBeNull();
    expect(screen.getByTestId('probe').textContent).toBe('layers|');
    expect(document.activeElement).toBe(opener);
  });

  it('closes with its button and switches to the camera form with "edit"', async () => {
    renderPanel({ selected: { kind: 'camera', id: 12 } });
    await screen.findByRole('heading', { level: 2, name: 'หน้าตลาดเทศบาล' });
    fireEvent.click(screen.getByTestId('detail-edit'));
    expect(screen.getByTestId('probe').textContent).toBe('camera|camera:12');
    fireEvent.click(screen.getByRole('button', { name: 'ปิด' }));
    expect(screen.getByTestId('probe').textContent).toBe('camera|');
  });
});

describe('DetailPanel on the public map', () => {
  let fetchMock: ReturnType<typeof vi.fn>;
  beforeEach(() => {
    window.localStorage.clear();
    fetchMock = vi.fn(async () => json({ errors: [{ message: 'log in first', code: 'unauthenticated' }] }, 401));
    vi.stubGlobal('fetch', fetchMock);
  });
  afterEach(() => {
    cleanup();
    vi.unstubAllGlobals();
  });

  it('makes the record of a camera from the map data alone', () => {
    expect(publicCameraRecord(PUBLIC_CAMERAS, 30)).toEqual({
      id: 30,
      geometry: { type: 'Point', coordinates: [100.5, 14.6] },
      agency_type: null,
      kind: 'fixed',
      linkage: null,
      status: 'working',
      direction_deg: null,
      fov_deg: null,
      range_m: null,
    });
    expect(publicCameraRecord(PUBLIC_CAMERAS, 31)).toBeNull();
    expect(publicCameraRecord(null, 12)).toBeNull();
  });

  it('shows a camera’s state in words without asking for its record, and no edit button', () => {
    renderPanel({ selected: { kind: 'camera', id: 12 } }, { data: PUBLIC_CAMERAS, loading: false });
    const panel = screen.getByTestId('detail-panel');
    expect(screen.getByRole('heading', { level: 2 }).textContent).toBe('กล้อง #12');
    const row = (field: string) => panel.querySelector(`[data-field="${field}"] dd`)?.textContent;
    const fields = [...panel.querySelectorAll('[data-field]')].map((e) => e.getAttribute('data-field'));
    expect(fields).toEqual(['lon', 'lat', 'agency_type', 'kind', 'linkage', 'status', 'direction_deg', 'fov_deg', 'range_m', 'id']);
    expect(row('status')).toBe('ชำรุด อยู่ระหว่างซ่อม');
    expect(row('agency_type')).toBe('องค์กรปกครองส่วนท้องถิ่น');
    expect(row('linkage')).toBe('เชื่อมต่อไม่ได้');
    expect(row('kind')).toBe('แบบโดม (Dome)');
    expect(row('direction_deg')).toBe('90');
    expect(row('lat')).toBe('14.59');
    expect(screen.queryByTestId('detail-edit')).toBeNull();
    expect(screen.queryByRole('alert')).toBeNull();
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it('says "unknown" for what the map does not know', () => {
    renderPanel({ selected: { kind: 'camera', id: 30 } }, { data: PUBLIC_CAMERAS, loading: false });
    const panel = screen.getByTestId('detail-panel');
    expect(panel.querySelector('[data-field="agency_type"] dd')?.textContent).toBe('–');
    expect(panel.querySelector('[data-field="range_m"] dd')?.textContent).toBe('–');
  });

  it('waits for the map’s cameras, shows nothing for a camera it does not hold nor for other kinds', () => {
    renderPanel({ selected: { kind: 'camera', id: 12 } }, { data: null, loading: true });
    expect(within(screen.getByTestId('detail-panel')).getByRole('status').textContent).toBe('กำลังโหลดรายละเอียด…');
    cleanup();
    renderPanel({ selected: { kind: 'camera', id: 99 } }, { data: PUBLIC_CAMERAS, loading: false });
    expect(screen.queryByTestId('detail-panel')).toBeNull();
    cleanup();
    renderPanel({ selected: { kind: 'site', id: 3 } }, { data: PUBLIC_CAMERAS, loading: false });
    expect(screen.queryByTestId('detail-panel')).toBeNull();
    expect(fetchMock).not.toHaveBeenCalled();
  });
});
