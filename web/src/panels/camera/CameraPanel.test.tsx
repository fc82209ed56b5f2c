// @vitest-environment jsdom
import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { useI18n } from '../../i18n/react';
import { CameraPanel } from './CameraPanel';
import { type Call, on, renderWithApp, type Route, stubApi } from './test-helpers';

afterEach(() => {
  cleanup();
  window.localStorage.clear();
});

const lists: Route[] = [
  on('GET', '/api/meta', () => ({ body: { demo: null, counts: {}, enums: { CameraStatus: { working: { th: 'ใช้งานได้ปกติ', en: 'Working normally' }, not_working: { th: 'ใช้งานไม่ได้', en: 'Not working' }, under_repair: { th: 'ชำรุด อยู่ระหว่างซ่อม', en: 'Damaged – under repair' }, beyond_repair: { th: 'ชำรุด ไม่สามารถซ่อมได้', en: 'Damaged – cannot be repaired' } } } } })),
  on('GET', '/api/provinces', () => ({ body: { items: [{ code: '15', name_th: 'อ่างทอง', name_en: 'Ang Thong' }], total: 1 } })),
  on('GET', '/api/districts', () => ({ body: { items: [{ id: 3, name_th: 'ป่าโมก', name_en: 'Pa Mok' }], total: 1 } })),
  on('GET', '/api/subdistricts', () => ({ body: { items: [], total: 0 } })),
  on('GET', '/api/agencies', () => ({ body: { items: [{ id: 11, name: 'เทศบาลตำบลป่าโมก', type: 'local_administration', province_code: '15' }], total: 1 } })),
  on('GET', '/api/police-stations', () => ({ body: { items: [{ id: 21, name_th: 'สภ.ป่าโมก', name_en: 'Pa Mok', province_code: '15' }], total: 1 } })),
];

const stored = {
  id: 7,
  version: 2,
  is_demo: true,
  place_name: 'ตลาดป่าโมก',
  agency_id: 11,
  status: 'working',
  kind: 'dome',
  purposes: ['traffic'],
  year_installed: 2016,
  retention_days: 15,
  repair_budget_baht: '15000.00',
  province_code: '15',
  district_id: 3,
  police_station_id: 21,
  geometry: { type: 'Point', coordinates: [100.4431, 14.4972] },
};

const field = (name: string) => screen.getByTestId(`camera-field-${name}`) as HTMLInputElement;
const type = (name: string, value: string) => fireEvent.change(field(name), { target: { value } });
const posts = (calls: Call[], method: string, path: string) => calls.filter((c) => c.method === method && c.url.split('?')[0] === path);

describe('camera form: a new camera', () => {
  it('checks the required fields in the browser and sends nothing', async () => {
    const calls = stubApi(...lists);
    renderWithApp(<CameraPanel />);
    fireEvent.click(screen.getByTestId('camera-save'));
    expect(screen.getByTestId('camera-error-place_name').textContent).toContain('ต้องกรอกช่องนี้');
    expect(screen.getByTestId('camera-error-status').textContent).toContain('ต้องกรอกช่องนี้');
    expect(screen.getByTestId('camera-error-lat').textContent).toContain('ต้องกรอกพิกัด');
    expect(screen.getByTestId('camera-error-lon').textContent).toContain('ต้องกรอกพิกัด');
    expect(field('place_name').getAttribute('aria-invalid')).toBe('true');
    expect(field('place_name').getAttribute('aria-describedby')).toContain('camera-err-place_name');
    const summary = screen.getByTestId('camera-error-summary');
    expect(within(summary).getAllByRole('listitem')).toHaveLength(4);
    await waitFor(() => expect(document.activeElement).toBe(summary));
    expect(posts(calls, 'POST', '/api/cameras')).toHaveLength(0);
    // Fixing a field clears its message.
    type('place_name', 'หน้าวัดป่าโมกวรวิหาร');
    expect(screen.queryByTestId('camera-error-place_name')).toBeNull();
  });

  it('fills latitude and longitude from a pasted Google Maps position, swapping a reversed pair', () => {
    stubApi(...lists);
    renderWithApp(<CameraPanel />);
    const paste = screen.getByTestId('camera-latlon-paste');
    fireEvent.change(paste, { target: { value: '๑๔.๕๘๙๖,   ๑๐๐.๔๕๕๐' } });
    expect(field('lat').value).toBe('14.5896');
    expect(field('lon').value).toBe('100.455');
    fireEvent.change(paste, { target: { value: '100.4431, 14.4972' } });
    expect(field('lat').value).toBe('14.4972');
    expect(field('lon').value).toBe('100.4431');
    expect(screen.getByTestId('camera-latlon-read').textContent).toContain('สลับ');
    fireEvent.change(paste, { target: { value: 'ถนนสายเอเชีย' } });
    fireEvent.blur(paste);
    expect(screen.getByTestId('camera-error-paste').textContent).toContain('14.5896, 100.4550');
    // The boxes keep the last good position.
    expect(field('lat').value).toBe('14.4972');
  });

  it('points out swapped latitude/longitude boxes and swaps them on request', () => {
    stubApi(...lists);
    renderWithApp(<CameraPanel />);
    type('lat', '100.4431');
    type('lon', '14.4972');
    fireEvent.click(screen.getByTestId('camera-save'));
    const err = screen.getByTestId('camera-error-geometry');
    expect(err.textContent).toContain('สลับกัน');
    fireEvent.click(within(err).getByRole('button'));
    expect(field('lat').value).toBe('14.4972');
    expect(field('lon').value).toBe('100.4431');
    expect(screen.queryByTestId('camera-error-geometry')).toBeNull();
  });

  it('saves a new camera, then confirms, refreshes the map and selects it', async () => {
    const calls = stubApi(...lists, on('POST', '/api/cameras', (c) => ({ status: 201, body: { ...(c.body as object), id: 42, version: 1, purposes: [] } })));
    const { bridge, app } = renderWithApp(<CameraPanel />);
    type('place_name', 'หน้าวัดป่าโมกวรวิหาร');
    fireEvent.change(field('status'), { target: { value: 'under_repair' } });
    type('lat', '14.4972');
    type('lon', '100.4431');
    type('year_installed', '๒๕๕๙');
    type('retention_days', '30 วัน');
    fireEvent.click(screen.getByTestId('camera-field-purposes-investigation'));
    const before = bridge.current!.dataVersion;
    fireEvent.click(screen.getByTestId('camera-save'));
    await screen.findByTestId('camera-saved');
    expect(screen.getByTestId('camera-saved').textContent).toContain('#42');
    const [post] = posts(calls, 'POST', '/api/cameras');
    expect(post!.body).toEqual({
      place_name: 'หน้าวัดป่าโมกวรวิหาร',
      status: 'under_repair',
      kind: 'fixed',
      year_installed: 2016,
      retention_days: 30,
      purposes: ['investigation'],
      geometry: { type: 'Point', coordinates: [100.4431, 14.4972] },
    });
    expect(bridge.current!.dataVersion).toBe(before + 1);
    expect(app.current!.state.selected).toEqual({ kind: 'camera', id: 42 });
    expect(screen.getByText('แก้ไขกล้อง #42')).toBeTruthy();
  });

  it("puts the API's 400 messages on the inputs they name, the rest in the summary with links", async () => {
    stubApi(
      ...lists,
      on('POST', '/api/cameras', () => ({
        status: 400,
        body: {
          errors: [
            { field: 'geometry.coordinates.1', message: 'latitude is not a number', code: 'invalid_type' },
            { field: 'retention_days', message: 'must be at most 3650', code: 'too_big' },
            { field: 'status', message: 'Invalid option: expected one of "working"|"not_working"', code: 'invalid_value' },
            { field: 'version', message: 'unknown field "version"', code: 'unknown_field' },
          ],
        },
      })),
    );
    renderWithApp(<CameraPanel />);
    type('place_name', 'สี่แยกไชโย');
    fireEvent.change(field('status'), { target: { value: 'working' } });
    type('lat', '14.66');
    type('lon', '100.43');
    fireEvent.click(screen.getByTestId('camera-save'));
    await screen.findByTestId('camera-error-retention_days');
    expect(screen.getByTestId('camera-error-lat').textContent).toBe('latitude is not a number');
    expect(screen.getByTestId('camera-error-retention_days').textContent).toBe('must be at most 3650');
    expect(screen.getByTestId('camera-error-status').textContent).toContain('Invalid option');
    expect(field('retention_days').getAttribute('aria-invalid')).toBe('true');
    const summary = screen.getByTestId('camera-error-summary');
    expect(summary.textContent).toContain('version: unknown field "version"');
    // A summary link moves the focus to its input.
    fireEvent.click(within(summary).getByText(/must be at most 3650/));
    expect(document.activeElement).toBe(field('retention_days'));
    // Editing the field takes its server message away.
    type('retention_days', '30');
    expect(screen.queryByTestId('camera-error-retention_days')).toBeNull();
    expect(screen.queryByTestId('camera-saved')).toBeNull();
  });

  it('answers a pick on the map with the position and draws the pin', async () => {
    stubApi(...lists);
    const { bridge } = renderWithApp(<CameraPanel />);
    expect(bridge.current!.clickHandler).toBeNull();
    fireEvent.click(screen.getByTestId('camera-pick'));
    expect(screen.getByTestId('camera-pick').getAttribute('aria-pressed')).toBe('true');
    act(() => bridge.current!.clickHandler!({ lon: 100.4431234, lat: 14.4972 }));
    expect(field('lat').value).toBe('14.4972');
    expect(field('lon').value).toBe('100.443123');
    expect(bridge.current!.overlays.map((l) => l.id)).toEqual(['camera-pin-view', 'camera-pin-point']);
    // A second click moves the pin.
    act(() => bridge.current!.clickHandler!({ lon: 100.45, lat: 14.5 }));
    expect(field('lat').value).toBe('14.5');
    expect(screen.getByTestId('camera-pick-status').textContent).toContain('14.5');
    // Escape ends picking.
    fireEvent.keyDown(window, { key: 'Escape' });
    expect(bridge.current!.clickHandler).toBeNull();
  });
});

describe('camera form: the selected camera', () => {
  it('loads it, shows the year in the Buddhist Era, and PATCHes only what changed', async () => {
    const calls = stubApi(
      ...lists,
      on('GET', '/api/cameras/7', () => ({ body: stored })),
      on('GET', '/api/cameras/7/photos', () => ({ body: { items: [], total: 0 } })),
      on('PATCH', '/api/cameras/7', (c) => ({ body: { ...stored, ...(c.body as object), version: 3 } })),
    );
    renderWithApp(<CameraPanel />, { state: { panel: 'camera', selected: { kind: 'camera', id: 7 } } });
    await waitFor(() => expect(field('place_name').value).toBe('ตลาดป่าโมก'));
    expect(field('year_installed').value).toBe('2559');
    expect(screen.getByText(/ปีที่ติดตั้ง \(พ\.ศ\.\)/)).toBeTruthy();
    expect(field('lat').value).toBe('14.4972');
    await waitFor(() => expect((screen.getByTestId('camera-field-agency_id') as HTMLSelectElement).selectedOptions[0]!.textContent).toBe('เทศบาลตำบลป่าโมก'));
    // Nothing changed: nothing sent.
    fireEvent.click(screen.getByTestId('camera-save'));
    expect(screen.getByTestId('camera-notice').textContent).toContain('ไม่มีการเปลี่ยนแปลง');
    type('retention_days', '๓๐');
    type('year_installed', '2560');
    fireEvent.click(screen.getByTestId('camera-save'));
    await screen.findByTestId('camera-saved');
    const [patch] = posts(calls, 'PATCH', '/api/cameras/7');
    expect(patch!.body).toEqual({ retention_days: 30, year_installed: 2017 });
  });

  it('shows the year in the Common Era in English', async () => {
    stubApi(...lists, on('GET', '/api/cameras/7', () => ({ body: stored })), on('GET', '/api/cameras/7/photos', () => ({ body: { items: [], total: 0 } })));
    renderWithApp(<CameraPanel />, { lang: 'en', state: { selected: { kind: 'camera', id: 7 } } });
    await waitFor(() => expect(field('year_installed').value).toBe('2016'));
    expect(screen.getByText(/Year installed \(CE\)/)).toBeTruthy();
    type('year_installed', '2559');
    fireEvent.click(screen.getByTestId('camera-save'));
    expect(screen.getByTestId('camera-error-year_installed').textContent).toContain('did you mean 2016');
    fireEvent.click(within(screen.getByTestId('camera-error-year_installed')).getByRole('button', { name: 'Use 2016' }));
    expect(field('year_installed').value).toBe('2016');
  });

  it('rewrites the year in the other era when the language changes', async () => {
    stubApi(...lists, on('GET', '/api/cameras/7', () => ({ body: stored })), on('GET', '/api/cameras/7/photos', () => ({ body: { items: [], total: 0 } })));
    function English() {
      const { setLang } = useI18n();
      return (
        <button type="button" onClick={() => setLang('en')}>
          to English
        </button>
      );
    }
    renderWithApp(
      <>
        <CameraPanel />
        <English />
      </>,
      { state: { selected: { kind: 'camera', id: 7 } } },
    );
    await waitFor(() => expect(field('year_installed').value).toBe('2559'));
    type('year_installed', '๒๕๖๐');
    fireEvent.click(screen.getByText('to English'));
    expect(field('year_installed').value).toBe('2017');
    expect(screen.getByText(/Year installed \(CE\)/)).toBeTruthy();
  });

  it('checks photos in the browser, uploads a good one and lists it', async () => {
    const calls = stubApi(
      ...lists,
      on('GET', '/api/cameras/7', () => ({ body: stored })),
      on('GET', '/api/cameras/7/photos', () => ({ body: { items: [{ id: 5, camera_id: 7, filename: 'old.jpg', content_type: 'image/jpeg', size_bytes: '2048', caption: null, created_at: '2024-01-01' }], total: 1 } })),
      on('POST', '/api/cameras/7/photos', () => ({ status: 201, body: { id: 6, camera_id: 7, filename: 'pole.png', content_type: 'image/png', size_bytes: 4, caption: 'เสา', created_at: '2024-01-02' } })),
      on('DELETE', '/api/photos/5', () => ({ status: 204 })),
    );
    renderWithApp(<CameraPanel />, { state: { selected: { kind: 'camera', id: 7 } } });
    await screen.findByAltText('รูปถ่ายจุดติดตั้ง: old.jpg');
    const input = screen.getByTestId('camera-photo-input');
    fireEvent.change(input, { target: { files: [new File(['%PDF-1.4'], 'plan.pdf', { type: 'application/pdf' })] } });
    expect(screen.getByTestId('camera-error-photo').textContent).toContain('application/pdf');
    expect(screen.queryByTestId('camera-photo-upload')).toBeNull();
    fireEvent.change(input, { target: { files: [new File([new Uint8Array(5 * 1024 * 1024 + 1)], 'huge.jpg', { type: 'image/jpeg' })] } });
    expect(screen.getByTestId('camera-error-photo').textContent).toContain('5 MB');
    const png = new File([new Uint8Array([0x89, 0x50, 0x4e, 0x47])], 'pole.png', { type: 'image/png' });
    fireEvent.change(input, { target: { files: [png] } });
    expect(screen.queryByTestId('camera-error-photo')).toBeNull();
    fireEvent.change(screen.getByLabelText('คำอธิบายรูป (ไม่บังคับ)'), { target: { value: 'เสา' } });
    fireEvent.click(screen.getByTestId('camera-photo-upload'));
    await screen.findByAltText('รูปถ่ายจุดติดตั้ง: เสา');
    const [upload] = posts(calls, 'POST', '/api/cameras/7/photos');
    expect(upload!.headers['Content-Type']).toBe('image/png');
    expect(upload!.body).toBe(png);
    expect(upload!.url).toBe('/api/cameras/7/photos?filename=pole.png&caption=%E0%B9%80%E0%B8%AA%E0%B8%B2');
    // Delete asks first.
    fireEvent.click(screen.getByTestId('camera-photo-delete-5'));
    fireEvent.click(screen.getByRole('button', { name: 'ยืนยันการลบ' }));
    await waitFor(() => expect(screen.queryByAltText('รูปถ่ายจุดติดตั้ง: old.jpg')).toBeNull());
    expect(posts(calls, 'DELETE', '/api/photos/5')).toHaveLength(1);
  });

  it('deletes the camera after a confirmation', async () => {
    const calls = stubApi(...lists, on('GET', '/api/cameras/7', () => ({ body: stored })), on('GET', '/api/cameras/7/photos', () => ({ body: { items: [], total: 0 } })), on('DELETE', '/api/cameras/7', () => ({ status: 204 })));
    const { app } = renderWithApp(<CameraPanel />, { state: { selected: { kind: 'camera', id: 7 } } });
    await waitFor(() => expect(field('place_name').value).toBe('ตลาดป่าโมก'));
    fireEvent.click(screen.getByTestId('camera-delete'));
    expect(posts(calls, 'DELETE', '/api/cameras/7')).toHaveLength(0);
    expect(screen.getByTestId('camera-delete-confirm').textContent).toContain('ตลาดป่าโมก');
    fireEvent.click(screen.getByTestId('camera-delete-yes'));
    await waitFor(() => expect(app.current!.state.selected).toBeNull());
    expect(posts(calls, 'DELETE', '/api/cameras/7')).toHaveLength(1);
    expect(screen.getByTestId('camera-saved').textContent).toContain('ลบกล้อง #7 แล้ว');
    expect(field('place_name').value).toBe('');
  });
});
