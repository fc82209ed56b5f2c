// @vitest-environment jsdom
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ProvinceDetail, StatusList } from '../../api/certification';
import type { SessionUser } from '../../auth/session';
import { ADMIN, callsTo, COMMITTEE, json, renderAsUser, SECRETARIAT, stubApi, type Call } from '../accounts/test-helpers';
import { CertificationPanel } from './CertificationPanel';
import { CHANGES_15, DETAIL_15, INCOMPLETE_15, STATUS_LIST } from './fixtures';
import { CAMERA_ZOOM } from './show-camera';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  window.localStorage.clear();
});

const ownList = (list: StatusList): StatusList => ({ ...list, provinces: list.provinces.filter((p) => p.province_code === '15') });

/** Ang Thong certified, with no open submission (the state before the second submission). */
const CERTIFIED_15: ProvinceDetail = {
  ...DETAIL_15,
  status: { ...DETAIL_15.status, status: 'certified' },
  open_submission: null,
  changes_since_submission: null,
  history: DETAIL_15.history.filter((h) => h.status === 'certified'),
};

function api(user: SessionUser, opts: { list?: StatusList; detail?: ProvinceDetail; extra?: (c: Call) => unknown } = {}) {
  return stubApi(user, (c) => {
    const x = opts.extra?.(c);
    if (x !== undefined) return x;
    if (c.method === 'GET' && c.path === '/api/certification') return opts.list ?? STATUS_LIST;
    if (c.method === 'GET' && c.path === '/api/certification/15') return opts.detail ?? DETAIL_15;
    if (c.method === 'GET' && c.path === '/api/certification/15/changes') return CHANGES_15;
    if (c.method === 'GET' && c.path === '/api/certification/15/incomplete') return INCOMPLETE_15;
    if (c.method === 'GET' && c.path.startsWith('/api/cameras/')) {
      const id = Number(c.path.split('/').pop());
      return { id, version: 1, geometry: { type: 'Point', coordinates: [100 + id / 4, 14.5] } };
    }
    return undefined;
  });
}

const cellTexts = (row: HTMLElement) => [...row.querySelectorAll('th, td')].map((c) => c.textContent);
const bodyRows = () => within(screen.getByTestId('cert-table')).getAllByRole('row').slice(1);
const order = () => bodyRows().map((r) => r.dataset.testid!.replace('cert-row-', ''));

describe('CertificationPanel — the national view', () => {
  it('shows every province with status, deadline (BE), standing, days left and completeness', async () => {
    api(ADMIN);
    renderAsUser(<CertificationPanel />);
    await screen.findByTestId('cert-table');
    expect(cellTexts(screen.getByTestId('cert-row-15'))).toEqual(['อ่างทอง', 'ส่งแล้ว รอรับรองรับรองเมื่อ 30 พ.ย. 2569', '31 ธ.ค. 2569รับรองทันกำหนด', '99.5%']);
    expect(cellTexts(screen.getByTestId('cert-row-16'))).toEqual(['ลพบุรี', 'ยังไม่ส่งข้อมูล', '15 พ.ย. 2569เลยกำหนดเลย 15 วัน', '—']);
    expect(cellTexts(screen.getByTestId('cert-row-10'))[2]).toBe('31 ธ.ค. 2569ยังไม่ถึงกำหนดอีก 31 วัน');
    expect(screen.getByTestId('cert-summary').textContent).toContain('เลยกำหนด 1');
    expect(screen.getByTestId('cert-summary').textContent).toContain('ยังไม่ส่งข้อมูล 2');
  });

  it('sorts by any column header (aria-sort tells how) and filters by status', async () => {
    api(ADMIN);
    renderAsUser(<CertificationPanel />);
    await screen.findByTestId('cert-table');
    // Thai collation: กรุงเทพมหานคร, ลพบุรี, อ่างทอง.
    expect(order()).toEqual(['10', '16', '15']);
    fireEvent.click(screen.getByTestId('cert-sort-deadline'));
    // Most pressing first: overdue (−15 days), then 31 days left, then certified in the round.
    expect(order()).toEqual(['16', '10', '15']);
    expect(screen.getByTestId('cert-sort-deadline').closest('th')!.getAttribute('aria-sort')).toBe('ascending');
    fireEvent.click(screen.getByTestId('cert-sort-deadline'));
    expect(order()).toEqual(['15', '10', '16']);
    expect(screen.getByTestId('cert-sort-deadline').closest('th')!.getAttribute('aria-sort')).toBe('descending');
    fireEvent.click(screen.getByTestId('cert-sort-share'));
    expect(order()[2]).toBe('15');
    fireEvent.change(screen.getByTestId('cert-filter-status'), { target: { value: 'overdue' } });
    expect(order()).toEqual(['16']);
    fireEvent.change(screen.getByTestId('cert-filter-status'), { target: { value: 'submitted' } });
    expect(order()).toEqual(['15']);
  });

  it('lets the admin set a deadline for all provinces, with the API’s errors on their fields', async () => {
    let attempt = 0;
    const calls = api(ADMIN, {
      extra: (c) => {
        if (c.method !== 'PUT' || c.path !== '/api/certification/deadlines') return undefined;
        attempt += 1;
        return attempt === 1
          ? json(400, { errors: [{ field: 'round_from', code: 'custom', message: 'must not be after due_on' }] })
          : { deadlines: STATUS_LIST.provinces.map((p) => ({ province_code: p.province_code, due_on: '2027-01-31', round_from: '2026-12-01' })) };
      },
    });
    renderAsUser(<CertificationPanel />);
    await screen.findByTestId('cert-table');
    fireEvent.click(within(screen.getByTestId('cert-deadline')).getByText('กำหนดวันส่ง (ผู้ดูแลระบบ)'));
    fireEvent.click(screen.getByTestId('cert-deadline-save'));
    expect(screen.getByTestId('cert-deadline-due').getAttribute('aria-invalid')).toBe('true');
    expect(callsTo(calls, 'PUT', '/api/certification/deadlines')).toHaveLength(0);

    fireEvent.change(screen.getByTestId('cert-deadline-due'), { target: { value: '2027-01-31' } });
    fireEvent.change(screen.getByTestId('cert-deadline-round'), { target: { value: '2027-02-01' } });
    fireEvent.click(screen.getByTestId('cert-deadline-save'));
    await waitFor(() => expect(screen.getByTestId('cert-deadline-round').getAttribute('aria-invalid')).toBe('true'));
    const round = screen.getByTestId('cert-deadline-round');
    expect(document.getElementById(round.getAttribute('aria-describedby')!)?.textContent).toBe('must not be after due_on');
    expect(callsTo(calls, 'PUT', '/api/certification/deadlines')[0]!.body).toEqual({ province: 'all', due_on: '2027-01-31', round_from: '2027-02-01' });

    fireEvent.change(screen.getByTestId('cert-deadline-round'), { target: { value: '2026-12-01' } });
    fireEvent.click(screen.getByTestId('cert-deadline-save'));
    await waitFor(() => expect(screen.getByTestId('cert-deadline-done').textContent).toBe('บันทึกกำหนดส่งของ 3 จังหวัดแล้ว'));
    // The list is read again after the change.
    expect(callsTo(calls, 'GET', '/api/certification')).toHaveLength(2);
  });

  it('opens a province from its name and comes back', async () => {
    api(ADMIN);
    renderAsUser(<CertificationPanel />);
    fireEvent.click(await screen.findByTestId('cert-open-15'));
    await waitFor(() => expect(screen.getByTestId('cert-province-name').textContent).toBe('อ่างทอง'));
    fireEvent.click(screen.getByTestId('cert-back'));
    expect(await screen.findByTestId('cert-table')).toBeTruthy();
  });

  it('reads in English with Gregorian dates', async () => {
    api(ADMIN);
    renderAsUser(<CertificationPanel />, { lang: 'en' });
    await screen.findByTestId('cert-table');
    expect(cellTexts(screen.getByTestId('cert-row-16'))).toEqual(['Lopburi', 'Not submitted', '15 Nov 2026Overdue15 days over', '—']);
  });
});

describe('CertificationPanel — a province', () => {
  async function openAngThong(user: SessionUser = ADMIN, opts: Parameters<typeof api>[1] = {}) {
    const calls = api(user, opts);
    const r = renderAsUser(<CertificationPanel />);
    if (user.role === 'admin') fireEvent.click(await screen.findByTestId('cert-open-15'));
    await screen.findByTestId('cert-facts');
    return { calls, ...r };
  }

  it('compares the certified figures with today’s and lists every figure that differs', async () => {
    await openAngThong();
    expect(screen.getByTestId('cert-status').textContent).toBe('ส่งแล้ว รอรับรอง');
    expect(screen.getByTestId('cert-deadline-text').textContent).toBe('วันพฤหัสบดีที่ 31 ธันวาคม พ.ศ. 2569 · รับรองทันกำหนด');
    expect(cellTexts(screen.getByTestId('cert-fig-cameras.total'))).toEqual(['กล้องทั้งหมด', '860', '859', '−1']);
    expect(cellTexts(screen.getByTestId('cert-fig-cameras.not_working'))).toEqual(['กล้อง: ใช้งานไม่ได้', '52', '54', '+2']);
    expect(cellTexts(screen.getByTestId('cert-fig-cameras.repair_budget_baht'))).toEqual(['งบซ่อมกล้อง (บาท)', '3,251,000', '3,237,500', '−13,500']);
    expect(cellTexts(screen.getByTestId('cert-fig-completeness.share'))).toEqual(['สัดส่วนกล้องที่ข้อมูลครบถ้วน', '100%', '99.5%', '−0.5 จุดร้อยละ']);
    expect(cellTexts(screen.getByTestId('cert-fig-risk_points'))).toEqual(['จุดเสี่ยง', '63', '63', '0']);
    expect(screen.getByTestId('cert-fig-cameras.total').className).toBe('cert-differs');
    expect(screen.getByTestId('cert-fig-risk_points').className).toBe('');
    // Every difference the API names, with a label.
    expect(within(screen.getByTestId('cert-differences')).getAllByRole('row')).toHaveLength(1 + DETAIL_15.differences.length);
    expect(cellTexts(screen.getByTestId('cert-diff-completeness.missing.phone'))).toEqual(['กล้องที่ไม่ได้กรอก: หมายเลขโทรศัพท์', '0', '3', '+3']);
    // The open submission and the history.
    expect(screen.getByTestId('cert-open-submission').textContent).toContain('แก้ไขสถานะกล้องหน้าศาลากลาง');
    expect(screen.getByTestId('cert-open-changes').textContent).toContain('แก้ไข 1');
    expect(screen.getByTestId('cert-history-1').textContent).toContain('มติที่ประชุม 1/2569');
    expect(screen.getByTestId('cert-history-1').textContent).toMatch(/รับรองเมื่อ 30 พ\.ย\. 2569 15:34 โดย admin/);
  });

  it('lists the changes since certification page by page, by kind of record, kind and field', async () => {
    const { calls } = await openAngThong(ADMIN, {
      extra: (c) => (c.method === 'GET' && c.path === '/api/certification/15/changes' ? { ...CHANGES_15, total: 45, offset: Number(c.query.get('offset')) } : undefined),
    });
    await screen.findByTestId('cert-changes-table');
    expect(cellTexts(screen.getByTestId('cert-change-cameras-1'))).toEqual(['ประตูทางเข้าศาลากลางจังหวัดอ่างทองdemo-15-cam-0001', 'แก้ไข', 'หมายเลขโทรศัพท์, สถานะการใช้งาน']);
    expect(cellTexts(screen.getByTestId('cert-change-cameras-5'))[1]).toBe('ลบ/ย้ายออก');
    // A deleted camera cannot be shown on the map.
    expect(screen.queryByTestId('cert-change-show-5')).toBeNull();
    expect(cellTexts(screen.getByTestId('cert-change-totals-cameras'))).toEqual(['กล้อง', '0', '5', '1']);

    const last = () => callsTo(calls, 'GET', '/api/certification/15/changes').at(-1)!.query;
    expect(last().get('since')).toBe('certified');
    fireEvent.click(screen.getByTestId('cert-changes-pager-next'));
    await waitFor(() => expect(last().get('offset')).toBe('20'));
    expect(screen.getByTestId('cert-changes-pager').textContent).toContain('21–40 จาก 45');

    fireEvent.change(screen.getByTestId('cert-changes-field'), { target: { value: 'phone' } });
    await waitFor(() => expect(last().get('field')).toBe('phone'));
    expect(last().get('kind')).toBe('changed');
    expect(last().get('offset')).toBe('0');
    expect(within(screen.getByTestId('cert-changes-field')).getByRole('option', { name: 'หมายเลขโทรศัพท์ (3)' })).toBeTruthy();

    fireEvent.change(screen.getByTestId('cert-changes-since'), { target: { value: 'submission' } });
    await waitFor(() => expect(last().get('since')).toBe('submission'));
    expect(last().get('field')).toBeNull();
    fireEvent.change(screen.getByTestId('cert-changes-entity'), { target: { value: 'planned_sites' } });
    await waitFor(() => expect(last().get('entity')).toBe('planned_sites'));
  });

  it('selects an incomplete camera on the map and flies to it', async () => {
    const { calls, flyTo, state } = await openAngThong();
    const row = await screen.findByTestId('cert-incomplete-4');
    expect(cellTexts(row)).toEqual(['ถนนหน้าศาลากลางจังหวัดอ่างทองdemo-15-cam-0004 · สำนักงานจังหวัดอ่างทอง (ศาลากลางจังหวัด) · ใช้งานได้ปกติ', '1: โครงการ']);
    expect(screen.getByTestId('cert-incomplete-summary').textContent).toBe('กล้อง 859 ตัว ข้อมูลครบ 855 ตัว (99.5%) ยังไม่ครบ 4 ตัว');
    fireEvent.click(row.querySelector('td')!);
    await waitFor(() => expect(flyTo).toHaveBeenCalledWith({ lon: 101, lat: 14.5, zoom: CAMERA_ZOOM }));
    expect(state().selected).toEqual({ kind: 'camera', id: 4 });
    expect(row.getAttribute('aria-current')).toBe('true');
    // From the keyboard: the camera's name is a button.
    fireEvent.click(screen.getByTestId('cert-incomplete-show-2'));
    await waitFor(() => expect(state().selected).toEqual({ kind: 'camera', id: 2 }));
    expect(callsTo(calls, 'GET', '/api/cameras/2')).toHaveLength(1);

    fireEvent.change(screen.getByTestId('cert-incomplete-field'), { target: { value: 'phone' } });
    await waitFor(() => expect(callsTo(calls, 'GET', '/api/certification/15/incomplete').at(-1)!.query.get('field')).toBe('phone'));
  });

  it('certifies with a note; a return needs a note; a refusal is shown', async () => {
    const calls = (await openAngThong(ADMIN, {
      extra: (c) => {
        if (c.method === 'POST' && c.path === '/api/certification/15/certify') return { ...DETAIL_15.open_submission, status: 'certified' };
        if (c.method === 'POST' && c.path === '/api/certification/15/return') return json(409, { errors: [{ code: 'conflict', message: 'only submitted data can be returned' }] });
        return undefined;
      },
    })).calls;
    fireEvent.click(screen.getByTestId('cert-return'));
    expect(screen.getByTestId('cert-note').getAttribute('aria-invalid')).toBe('true');
    expect(callsTo(calls, 'POST', '/api/certification/15/return')).toHaveLength(0);

    fireEvent.change(screen.getByTestId('cert-note'), { target: { value: 'ตรวจสถานะกล้อง 3 ตัว' } });
    fireEvent.click(screen.getByTestId('cert-return'));
    expect((await screen.findByTestId('cert-action-error')).textContent).toBe('only submitted data can be returned');
    expect(callsTo(calls, 'POST', '/api/certification/15/return')[0]!.body).toEqual({ note: 'ตรวจสถานะกล้อง 3 ตัว' });

    fireEvent.change(screen.getByTestId('cert-note'), { target: { value: 'มติที่ประชุม 2/2569' } });
    fireEvent.click(screen.getByTestId('cert-certify'));
    await waitFor(() => expect(callsTo(calls, 'POST', '/api/certification/15/certify')).toHaveLength(1));
    expect(callsTo(calls, 'POST', '/api/certification/15/certify')[0]!.body).toEqual({ note: 'มติที่ประชุม 2/2569' });
    // The province and the national list are read again.
    await waitFor(() => expect(callsTo(calls, 'GET', '/api/certification/15')).toHaveLength(2));
    expect(callsTo(calls, 'GET', '/api/certification')).toHaveLength(2);
  });

  it('takes a provincial secretariat straight to its province, where it submits', async () => {
    const { calls } = await openAngThong(SECRETARIAT, {
      list: ownList(STATUS_LIST),
      detail: CERTIFIED_15,
      extra: (c) => (c.method === 'POST' && c.path === '/api/certification/15/submit' ? json(201, DETAIL_15.open_submission) : undefined),
    });
    expect(screen.queryByTestId('cert-table')).toBeNull();
    expect(screen.queryByTestId('cert-back')).toBeNull();
    expect(screen.queryByTestId('cert-deadline')).toBeNull();
    expect(screen.queryByTestId('cert-certify')).toBeNull();
    fireEvent.click(screen.getByTestId('cert-submit'));
    await waitFor(() => expect(screen.getByTestId('cert-action-done').textContent).toBe('ส่งข้อมูลแล้ว'));
    expect(callsTo(calls, 'POST', '/api/certification/15/submit')[0]!.body).toEqual({ note: null });
  });

  it('tells a secretariat that waits for the committee, and gives the committee certify and return', async () => {
    api(SECRETARIAT, { list: ownList(STATUS_LIST) });
    renderAsUser(<CertificationPanel />);
    expect((await screen.findByTestId('cert-no-action')).textContent).toBe('ส่งข้อมูลแล้ว รอคณะกรรมการพิจารณา');
    cleanup();

    api(COMMITTEE, { list: ownList(STATUS_LIST) });
    renderAsUser(<CertificationPanel />);
    expect(await screen.findByTestId('cert-certify')).toBeTruthy();
    expect(screen.getByTestId('cert-return')).toBeTruthy();
    expect(screen.queryByTestId('cert-submit')).toBeNull();
    cleanup();

    api(COMMITTEE, { list: ownList(STATUS_LIST), detail: CERTIFIED_15 });
    renderAsUser(<CertificationPanel />);
    expect((await screen.findByTestId('cert-no-action')).textContent).toBe('ยังไม่มีข้อมูลที่ส่งมารอรับรอง เลขานุการคณะกรรมการจังหวัดเป็นผู้ส่งข้อมูล');
  });
});
