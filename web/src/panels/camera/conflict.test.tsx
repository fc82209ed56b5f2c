// @vitest-environment jsdom
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { CameraPanel } from './CameraPanel';
import { compareVersions, reapply } from './conflict';
import type { FormState } from './fields';
import { type Call, on, renderWithApp, type Route, stubApi } from './test-helpers';

afterEach(() => {
  cleanup();
  window.localStorage.clear();
});

const lists: Route[] = [
  on('GET', '/api/meta', () => ({ body: { demo: null, counts: {}, enums: { CameraStatus: { working: { th: 'ใช้งานได้ปกติ', en: 'Working normally' }, under_repair: { th: 'ชำรุด อยู่ระหว่างซ่อม', en: 'Damaged – under repair' } } } } })),
  on('GET', '/api/provinces', () => ({ body: { items: [{ code: '15', name_th: 'อ่างทอง', name_en: 'Ang Thong' }], total: 1 } })),
  on('GET', '/api/districts', () => ({ body: { items: [{ id: 3, name_th: 'ป่าโมก', name_en: 'Pa Mok' }], total: 1 } })),
  on('GET', '/api/subdistricts', () => ({ body: { items: [], total: 0 } })),
  on('GET', '/api/agencies', () => ({ body: { items: [{ id: 11, name: 'เทศบาลตำบลป่าโมก', type: 'local_administration', province_code: '15' }], total: 1 } })),
  on('GET', '/api/police-stations', () => ({ body: { items: [{ id: 21, name_th: 'สภ.ป่าโมก', name_en: 'Pa Mok', province_code: '15' }], total: 1 } })),
  on('GET', '/api/cameras/7/photos', () => ({ body: { items: [], total: 0 } })),
];

/** The camera as the form loads it (version 2). */
const v2 = {
  id: 7,
  version: 2,
  place_name: 'ตลาดป่าโมก',
  agency_id: 11,
  status: 'working',
  kind: 'dome',
  purposes: ['traffic'],
  retention_days: 15,
  fps: 25,
  province_code: '15',
  district_id: 3,
  police_station_id: 21,
  updated_at: '2025-01-15T06:00:00.000Z',
  geometry: { type: 'Point', coordinates: [100.4431, 14.4972] },
};
/** Someone else's save meanwhile (version 3): the status and the place name changed. */
const v3 = { ...v2, version: 3, status: 'under_repair', place_name: 'ตลาดน้ำป่าโมก', updated_at: '2025-01-15T07:30:00.000Z' };
const conflictBody = {
  errors: [{ code: 'version_conflict', message: 'camera 7 was changed by someone else since you read it' }],
  current: v3,
  changed_by: { username: 'somchai', at: '2025-01-15T07:30:00.000Z' },
};

const field = (name: string) => screen.getByTestId(`camera-field-${name}`) as HTMLInputElement;
const type = (name: string, value: string) => fireEvent.change(field(name), { target: { value } });
const patches = (calls: Call[]) => calls.filter((c) => c.method === 'PATCH' && c.url === '/api/cameras/7');

/** Loads camera 7, changes the place name and the retention, saves: the API answers 409 first, then 200. */
async function editAndCollide(lang: 'th' | 'en' = 'th') {
  let answered409 = false;
  const calls = stubApi(
    ...lists,
    on('GET', '/api/cameras/7', () => ({ body: v2 })),
    on('PATCH', '/api/cameras/7', (c) => {
      if (!answered409) {
        answered409 = true;
        return { status: 409, body: conflictBody };
      }
      return { body: { ...v3, ...(c.body as object), version: 4 } };
    }),
  );
  const harness = renderWithApp(<CameraPanel />, { lang, state: { selected: { kind: 'camera', id: 7 } } });
  await waitFor(() => expect(field('place_name').value).toBe('ตลาดป่าโมก'));
  type('place_name', 'ตลาดป่าโมก (หน้าวัด)');
  type('retention_days', '30');
  fireEvent.click(screen.getByTestId('camera-save'));
  await screen.findByTestId('camera-conflict');
  return { calls, ...harness };
}

describe('camera form: someone else saved the camera first', () => {
  it('sends the version it loaded, then shows who changed what and when, and saves nothing', async () => {
    const { calls } = await editAndCollide();
    const [first] = patches(calls);
    expect(first!.headers['If-Match']).toBe('"2"');
    expect(first!.body).toEqual({ place_name: 'ตลาดป่าโมก (หน้าวัด)', retention_days: 30 });

    const box = screen.getByTestId('camera-conflict');
    expect(box.getAttribute('role')).toBe('alert');
    await waitFor(() => expect(document.activeElement).toBe(box));
    expect(box.textContent).toContain('มีผู้อื่นบันทึกการแก้ไขกล้องนี้ไปก่อนแล้ว');
    // Who and when (Buddhist Era in Thai).
    expect(screen.getByTestId('camera-conflict-by').textContent).toContain('somchai');
    expect(screen.getByTestId('camera-conflict-by').textContent).toContain('2568');
    expect(box.textContent).toContain('ฉบับที่ 2');
    expect(box.textContent).toContain('ฉบับที่ 3');
    // Their change only, with the enumeration's label.
    expect(screen.getByTestId('camera-conflict-status').textContent).toContain('ผู้อื่นแก้ไข');
    expect(screen.getByTestId('camera-conflict-status-theirs').textContent).toContain('ชำรุด อยู่ระหว่างซ่อม');
    expect(screen.getByTestId('camera-conflict-status-mine').textContent).toContain('ใช้งานได้ปกติ');
    // Mine only.
    expect(screen.getByTestId('camera-conflict-retention_days').textContent).toContain('คุณแก้ไข');
    expect(screen.getByTestId('camera-conflict-retention_days-theirs').textContent).toContain('15');
    expect(screen.getByTestId('camera-conflict-retention_days-mine').textContent).toContain('30');
    // Both.
    expect(screen.getByTestId('camera-conflict-place_name').textContent).toContain('แก้ไขทั้งสองฝ่าย');
    expect(screen.getByTestId('camera-conflict-place_name-theirs').textContent).toContain('ตลาดน้ำป่าโมก');
    expect(screen.getByTestId('camera-conflict-place_name-mine').textContent).toContain('ตลาดป่าโมก (หน้าวัด)');
    // Unchanged fields are not listed.
    expect(screen.queryByTestId('camera-conflict-fps')).toBeNull();
    // The form keeps what the user typed; saving again waits for a choice.
    expect(field('place_name').value).toBe('ตลาดป่าโมก (หน้าวัด)');
    expect((screen.getByTestId('camera-save') as HTMLButtonElement).disabled).toBe(true);
    expect(screen.queryByTestId('camera-saved')).toBeNull();
    expect(patches(calls)).toHaveLength(1);
  });

  it('re-applies the changes onto the current version and saves them against it', async () => {
    const { calls, bridge } = await editAndCollide();
    const before = bridge.current!.dataVersion;
    fireEvent.click(screen.getByTestId('camera-conflict-reapply'));
    expect(screen.queryByTestId('camera-conflict')).toBeNull();
    expect(screen.getByTestId('camera-conflict-done').textContent).toContain('ฉบับที่ 3');
    // Theirs where the user changed nothing, mine where the user did.
    expect((screen.getByTestId('camera-field-status') as HTMLSelectElement).value).toBe('under_repair');
    expect(field('place_name').value).toBe('ตลาดป่าโมก (หน้าวัด)');
    expect(field('retention_days').value).toBe('30');
    expect(bridge.current!.dataVersion).toBe(before + 1);
    fireEvent.click(screen.getByTestId('camera-save'));
    await screen.findByTestId('camera-saved');
    const second = patches(calls)[1]!;
    expect(second.headers['If-Match']).toBe('"3"');
    // Only what differs from version 3: the status stays theirs.
    expect(second.body).toEqual({ place_name: 'ตลาดป่าโมก (หน้าวัด)', retention_days: 30 });
    expect(screen.getByText('แก้ไขกล้อง #7')).toBeTruthy();
  });

  it('loads the current version instead, dropping the changes', async () => {
    const { calls } = await editAndCollide('en');
    expect(screen.getByTestId('camera-conflict-by').textContent).toMatch(/somchai saved at .*2025/);
    fireEvent.click(within(screen.getByTestId('camera-conflict')).getByRole('button', { name: 'Load the current version (discard my changes)' }));
    expect(screen.queryByTestId('camera-conflict')).toBeNull();
    expect(screen.getByTestId('camera-conflict-done').textContent).toContain('Version 3 loaded');
    expect(field('place_name').value).toBe('ตลาดน้ำป่าโมก');
    expect(field('retention_days').value).toBe('15');
    expect((screen.getByTestId('camera-field-status') as HTMLSelectElement).value).toBe('under_repair');
    // Nothing changed against version 3: nothing to send.
    fireEvent.click(screen.getByTestId('camera-save'));
    expect(screen.getByTestId('camera-notice').textContent).toContain('Nothing changed');
    expect(patches(calls)).toHaveLength(1);
  });

  it('without the name of who saved (an account that does not read the audit log), says when', async () => {
    stubApi(
      ...lists,
      on('GET', '/api/cameras/7', () => ({ body: v2 })),
      on('PATCH', '/api/cameras/7', () => ({ status: 409, body: { ...conflictBody, changed_by: undefined } })),
    );
    renderWithApp(<CameraPanel />, { lang: 'en', state: { selected: { kind: 'camera', id: 7 } } });
    await waitFor(() => expect(field('place_name').value).toBe('ตลาดป่าโมก'));
    type('fps', '30');
    fireEvent.click(screen.getByTestId('camera-save'));
    const by = await screen.findByTestId('camera-conflict-by');
    expect(by.textContent).toMatch(/^Changes were saved at .*2025/);
    expect(by.textContent).not.toContain('somchai');
  });

  it('other 409s (a duplicate code) stay ordinary errors', async () => {
    stubApi(
      ...lists,
      on('GET', '/api/cameras/7', () => ({ body: v2 })),
      on('PATCH', '/api/cameras/7', () => ({ status: 409, body: { errors: [{ field: 'external_id', message: 'must be unique', code: 'unique' }] } })),
    );
    renderWithApp(<CameraPanel />, { state: { selected: { kind: 'camera', id: 7 } } });
    await waitFor(() => expect(field('place_name').value).toBe('ตลาดป่าโมก'));
    type('external_id', 'AT-1');
    fireEvent.click(screen.getByTestId('camera-save'));
    expect((await screen.findByTestId('camera-error-external_id')).textContent).toBe('must be unique');
    expect(screen.queryByTestId('camera-conflict')).toBeNull();
  });
});

describe('comparing and re-applying versions', () => {
  const form = (values: Record<string, string>, purposes: string[] = []): FormState => ({ values, purposes });
  const base = form({ place_name: 'A', status: 'working', fps: '25', lat: '14.5', lon: '100.4' }, ['traffic']);

  it('lists the fields either side changed, and not those both set alike', () => {
    const theirs = form({ ...base.values, status: 'under_repair', fps: '30' }, ['traffic', 'deterrence']);
    const mine = form({ ...base.values, place_name: 'B', fps: '30', lat: '14.6' }, ['traffic']);
    const changes = compareVersions(base, theirs, mine);
    expect(changes.map((c) => [c.key, c.changedByThem, c.changedByMe])).toEqual([
      ['place_name', false, true],
      ['lat', false, true],
      ['purposes', true, false],
      ['status', true, false],
    ]);
    expect(changes.find((c) => c.key === 'purposes')).toMatchObject({ theirs: 'deterrence,traffic', mine: 'traffic' });
  });

  it('keeps their values where the user changed nothing, and the user\'s (also cleared ones) elsewhere', () => {
    const theirs = form({ ...base.values, status: 'under_repair', place_name: 'C' }, ['deterrence']);
    const mine = form({ place_name: 'B', status: 'working', lat: '14.6', lon: '100.4' }, ['traffic']);
    expect(reapply(base, theirs, mine)).toEqual(form({ place_name: 'B', status: 'under_repair', lat: '14.6', lon: '100.4' }, ['deterrence']));
  });
});
