// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { I18nProvider } from '../i18n/react';
import { AppStateProvider, useAppState } from '../state/store';
import { DEFAULT_STATE, type AppUrlState } from '../state/url';
import { MapBridgeProvider } from './bridge';
import { DetailPanel } from './DetailPanel';

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

function renderPanel(initial: Partial<AppUrlState> = {}) {
  return render(
    <I18nProvider>
      <AppStateProvider initial={{ ...DEFAULT_STATE, ...initial }}>
        <MapBridgeProvider>
          <Probe />
          <DetailPanel enums={{ CameraStatus: { under_repair: { th: 'ชำรุด อยู่ระหว่างซ่อม', en: 'Damaged – under repair' } } }} />
        </MapBridgeProvider>
      </AppStateProvider>
    </I18nProvider>,
  );
}

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
