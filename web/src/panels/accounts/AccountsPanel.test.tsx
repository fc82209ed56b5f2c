// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Account, ApiToken } from '../../api/accounts';
import { I18nProvider } from '../../i18n/react';
import { AccountsPanel } from './AccountsPanel';
import { ADMIN, callsTo, json, PROVINCES, RECORDER, renderAsUser, SECRETARIAT, stubApi, type Call } from './test-helpers';

const account = (over: Partial<Account> & Pick<Account, 'id' | 'username' | 'role'>): Account => ({
  displayName: null,
  province: '15',
  agencyId: null,
  stations: [],
  mustChangePassword: false,
  disabled: false,
  lastLoginAt: null,
  ...over,
});

const ACCOUNTS: Account[] = [
  account({ id: 1, username: 'admin', role: 'admin', province: null, displayName: 'National admin', lastLoginAt: '2026-11-30T08:34:35.341Z' }),
  account({ id: 3, username: 'rec15', role: 'recorder', agencyId: 1, mustChangePassword: true }),
  account({ id: 4, username: 'pol15', role: 'police', stations: [1, 2] }),
  account({ id: 5, username: 'com15', role: 'committee', disabled: true }),
  account({ id: 6, username: 'sec16', role: 'secretariat', province: '16' }),
];

const AGENCIES = [
  { id: 1, name: 'สำนักงานจังหวัดอ่างทอง', type: 'government', province_code: '15' },
  { id: 2, name: 'ตำรวจภูธรจังหวัดอ่างทอง', type: 'government', province_code: '15' },
];
const STATIONS = [
  { id: 1, name_th: 'สภ.เมืองอ่างทอง', name_en: 'Mueang Ang Thong Police Station', province_code: '15' },
  { id: 2, name_th: 'สภ.ป่าโมก', name_en: 'Pa Mok Police Station', province_code: '15' },
];

const TOKENS: ApiToken[] = [
  { id: 1, name: 'QGIS', prefix: 'srmvwRFW', created_at: '2026-11-30T08:34:44.495Z', last_used_at: null, expires_at: '2027-02-28T08:34:44.494Z', revoked_at: null },
  { id: 2, name: 'old script', prefix: 'AbCdEfGh', created_at: '2025-01-02T03:00:00.000Z', last_used_at: '2025-02-01T03:00:00.000Z', expires_at: null, revoked_at: '2025-03-01T03:00:00.000Z' },
];

/** The API as the panel uses it; `extra` answers first. */
function api(user = ADMIN, extra: (c: Call) => unknown = () => undefined, accounts = ACCOUNTS) {
  return stubApi(user, (c) => {
    const x = extra(c);
    if (x !== undefined) return x;
    if (c.method === 'GET' && c.path === '/api/users') return { items: accounts, roles: {} };
    if (c.method === 'GET' && c.path === '/api/provinces') return { items: PROVINCES, total: PROVINCES.length };
    if (c.method === 'GET' && c.path === '/api/agencies') return { items: AGENCIES.filter((a) => a.province_code === c.query.get('province')), total: 2 };
    if (c.method === 'GET' && c.path === '/api/police-stations') return { items: STATIONS.filter((s) => s.province_code === c.query.get('province')), total: 2 };
    if (c.method === 'GET' && c.path === '/api/tokens') return { items: TOKENS };
    return undefined;
  });
}

const row = (username: string) => screen.getByTestId(`account-${username}`);
const cells = (username: string) => within(row(username)).getAllByRole('cell');
/** The second lines (area, agency, stations; last login) of a row's cell. */
const subLines = (username: string, cell: number) => [...cells(username)[cell]!.querySelectorAll('.acct-sub')].map((e) => e.textContent);
/** A cell's own first line. */
const firstText = (username: string, cell: number) => cells(username)[cell]!.firstChild?.textContent;

beforeEach(() => {
  Object.defineProperty(navigator, 'clipboard', { value: { writeText: vi.fn(async () => undefined) }, configurable: true });
});

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  window.localStorage.clear();
});

describe('AccountsPanel — the accounts table', () => {
  it('lists every account with its Thai role, province, agency, stations, status and last login (BE)', async () => {
    api();
    renderAsUser(<AccountsPanel />);
    await screen.findByTestId('account-pol15');
    // Agency and station names arrive from /api/agencies and /api/police-stations of the province.
    // (Province names arrive from /api/provinces.)
    await waitFor(() => expect(subLines('rec15', 0)).toEqual(['อ่างทอง', 'สำนักงานจังหวัดอ่างทอง']));
    expect(firstText('rec15', 0)).toBe('ผู้บันทึกข้อมูลของหน่วยงาน');
    expect(screen.getByTestId('account-rec15-status').textContent).toBe('รอเปลี่ยนรหัสผ่านครั้งแรก');
    expect(subLines('rec15', 1)).toEqual(['ยังไม่เคยเข้าสู่ระบบ']);
    await waitFor(() => expect(subLines('pol15', 0)).toEqual(['อ่างทอง', 'สภ.เมืองอ่างทอง, สภ.ป่าโมก']));
    expect(screen.getByTestId('account-com15-status').textContent).toBe('ระงับการใช้งาน');
    await waitFor(() => expect(subLines('sec16', 0)).toEqual(['ลพบุรี']));
    expect(firstText('admin', 0)).toBe('ผู้ดูแลระบบระดับประเทศ');
    expect(subLines('admin', 0)).toEqual(['ทั้งประเทศ']);
    expect(within(row('admin')).getByRole('rowheader').textContent).toBe('admin (คุณ)National admin');
    // 30 Nov 2026 08:34 UTC is 15:34 in Thailand, year 2569 in the Buddhist Era.
    expect(subLines('admin', 1)[0]).toMatch(/^เข้าสู่ระบบล่าสุด 30 พ\.ย\. 2569.*15:34$/);
    expect(screen.getByTestId('accounts-count').textContent).toBe('แสดง 5 จาก 5 บัญชี');
  });

  it('filters by role and by province', async () => {
    api();
    renderAsUser(<AccountsPanel />);
    await screen.findByTestId('account-pol15');
    fireEvent.change(screen.getByTestId('accounts-filter-role'), { target: { value: 'police' } });
    expect(screen.queryByTestId('account-rec15')).toBeNull();
    expect(screen.getByTestId('account-pol15')).toBeTruthy();
    expect(screen.getByTestId('accounts-count').textContent).toBe('แสดง 1 จาก 5 บัญชี');
    fireEvent.change(screen.getByTestId('accounts-filter-role'), { target: { value: '' } });
    fireEvent.change(screen.getByTestId('accounts-filter-province'), { target: { value: '16' } });
    expect(screen.getAllByRole('row').filter((r) => r.dataset.testid?.startsWith('account-')).map((r) => r.dataset.testid)).toEqual(['account-sec16']);
    fireEvent.change(screen.getByTestId('accounts-filter-province'), { target: { value: 'national' } });
    expect(screen.getAllByRole('row').filter((r) => r.dataset.testid?.startsWith('account-')).map((r) => r.dataset.testid)).toEqual(['account-admin']);
  });

  it('shows role names in English in English mode', async () => {
    api();
    renderAsUser(<AccountsPanel />, { lang: 'en' });
    await screen.findByTestId('account-pol15');
    expect(firstText('pol15', 0)).toBe('Police');
    await waitFor(() => expect(subLines('pol15', 0)).toEqual(['Ang Thong', 'Mueang Ang Thong Police Station, Pa Mok Police Station']));
  });

  it('offers no account section to a recorder, only its own tokens', async () => {
    const calls = api(RECORDER);
    renderAsUser(<AccountsPanel />);
    await screen.findByTestId('token-1');
    expect(screen.queryByTestId('accounts')).toBeNull();
    expect(callsTo(calls, 'GET', '/api/users')).toHaveLength(0);
    expect(screen.getByRole('heading', { level: 2 }).textContent).toBe('โทเคน API ของฉัน');
  });
});

describe('AccountsPanel — making accounts', () => {
  it('creates a recorder with an agency of the province, then shows its one-time password once with a copy button', async () => {
    const calls = api(ADMIN, (c) =>
      c.method === 'POST' && c.path === '/api/users'
        ? json(201, { user: account({ id: 9, username: 'rec-abt', role: 'recorder', agencyId: 2, mustChangePassword: true }), oneTimePassword: 'pqtr2e9vpGzGtD5vHs3q' })
        : undefined,
    );
    renderAsUser(<AccountsPanel />);
    fireEvent.click(await screen.findByTestId('accounts-new'));
    const roles = within(screen.getByTestId('accounts-f-role')).getAllByRole('option').map((o) => (o as HTMLOptionElement).value);
    expect(roles).toEqual(['admin', 'secretariat', 'recorder', 'police', 'committee']);
    fireEvent.change(screen.getByTestId('accounts-f-username'), { target: { value: ' rec-abt ' } });
    fireEvent.change(screen.getByTestId('accounts-f-role'), { target: { value: 'recorder' } });
    fireEvent.change(screen.getByTestId('accounts-f-province'), { target: { value: '15' } });
    await waitFor(() => expect(within(screen.getByTestId('accounts-f-agency')).getAllByRole('option')).toHaveLength(3));
    fireEvent.change(screen.getByTestId('accounts-f-agency'), { target: { value: '2' } });
    fireEvent.click(screen.getByTestId('accounts-create'));

    const secret = await screen.findByTestId('accounts-secret');
    expect(callsTo(calls, 'POST', '/api/users')[0]!.body).toEqual({ username: 'rec-abt', role: 'recorder', province: '15', agencyId: 2 });
    expect((screen.getByTestId('accounts-secret-value') as HTMLInputElement).value).toBe('pqtr2e9vpGzGtD5vHs3q');
    expect(secret.textContent).toContain('ระบบจะแสดงค่านี้ครั้งเดียวเท่านั้น');
    expect(document.activeElement?.textContent).toBe('สร้างบัญชี rec-abt แล้ว');
    fireEvent.click(screen.getByTestId('accounts-secret-copy'));
    await waitFor(() => expect(screen.getByTestId('accounts-secret-copied').textContent).toBe('คัดลอกแล้ว'));
    expect(navigator.clipboard.writeText).toHaveBeenCalledWith('pqtr2e9vpGzGtD5vHs3q');
    // The new account is in the table.
    expect(firstText('rec-abt', 0)).toBe('ผู้บันทึกข้อมูลของหน่วยงาน');
    fireEvent.click(screen.getByTestId('accounts-secret-done'));
    expect(screen.queryByTestId('accounts-secret')).toBeNull();
    expect(document.body.textContent).not.toContain('pqtr2e9vpGzGtD5vHs3q');
  });

  it('puts each API error beside its field', async () => {
    const calls = api(ADMIN, (c) =>
      c.method === 'POST' && c.path === '/api/users'
        ? json(400, { errors: [{ field: 'username', code: 'unique', message: 'already exists' }, { field: 'agencyId', code: 'foreign_key', message: 'no agency 99999' }] })
        : undefined,
    );
    renderAsUser(<AccountsPanel />);
    fireEvent.click(await screen.findByTestId('accounts-new'));
    fireEvent.change(screen.getByTestId('accounts-f-username'), { target: { value: 'pol15' } });
    fireEvent.change(screen.getByTestId('accounts-f-role'), { target: { value: 'recorder' } });
    fireEvent.change(screen.getByTestId('accounts-f-province'), { target: { value: '15' } });
    await waitFor(() => expect(within(screen.getByTestId('accounts-f-agency')).getAllByRole('option')).toHaveLength(3));
    fireEvent.change(screen.getByTestId('accounts-f-agency'), { target: { value: '1' } });
    fireEvent.click(screen.getByTestId('accounts-create'));
    await waitFor(() => expect(screen.getByTestId('accounts-f-username').getAttribute('aria-invalid')).toBe('true'));
    const username = screen.getByTestId('accounts-f-username');
    expect(document.getElementById(username.getAttribute('aria-describedby')!)?.textContent).toBe('already exists');
    const agency = screen.getByTestId('accounts-f-agency');
    expect(document.getElementById(agency.getAttribute('aria-describedby')!)?.textContent).toBe('no agency 99999');
    expect(screen.getByTestId('accounts-f-role').getAttribute('aria-invalid')).toBeNull();
    expect(screen.queryByTestId('accounts-secret')).toBeNull();
    expect(callsTo(calls, 'POST', '/api/users')).toHaveLength(1);
  });

  it('asks for the required fields before sending anything', async () => {
    const calls = api();
    renderAsUser(<AccountsPanel />);
    fireEvent.click(await screen.findByTestId('accounts-new'));
    fireEvent.change(screen.getByTestId('accounts-f-role'), { target: { value: 'police' } });
    fireEvent.click(screen.getByTestId('accounts-create'));
    expect(screen.getByTestId('accounts-f-username').getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByTestId('accounts-f-province').getAttribute('aria-invalid')).toBe('true');
    expect(callsTo(calls, 'POST', '/api/users')).toHaveLength(0);
  });

  it('limits a secretariat to recorder, police and committee accounts of its own province; police get stations', async () => {
    const calls = api(
      SECRETARIAT,
      (c) => (c.method === 'POST' && c.path === '/api/users' ? json(201, { user: account({ id: 10, username: 'pol-pamok', role: 'police', stations: [2] }), oneTimePassword: 'x'.repeat(20) }) : undefined),
      ACCOUNTS.filter((a) => a.province === '15' && a.role !== 'admin'),
    );
    renderAsUser(<AccountsPanel />);
    await waitFor(() => expect(screen.getByTestId('accounts').textContent).toContain('ของจังหวัดอ่างทอง'));
    expect(screen.queryByTestId('accounts-filter-province')).toBeNull();
    fireEvent.click(screen.getByTestId('accounts-new'));
    const roles = within(screen.getByTestId('accounts-f-role')).getAllByRole('option').map((o) => (o as HTMLOptionElement).value);
    expect(roles).toEqual(['recorder', 'police', 'committee']);
    const province = screen.getByTestId('accounts-f-province') as HTMLInputElement;
    expect(province.readOnly).toBe(true);
    expect(province.value).toBe('อ่างทอง');
    fireEvent.change(screen.getByTestId('accounts-f-role'), { target: { value: 'police' } });
    fireEvent.click(await screen.findByTestId('accounts-f-station-2'));
    fireEvent.change(screen.getByTestId('accounts-f-username'), { target: { value: 'pol-pamok' } });
    fireEvent.click(screen.getByTestId('accounts-create'));
    await screen.findByTestId('accounts-secret');
    expect(callsTo(calls, 'POST', '/api/users')[0]!.body).toEqual({ username: 'pol-pamok', role: 'police', province: '15', stations: [2] });
  });
});

describe('AccountsPanel — reset and disable', () => {
  it('resets a password only after a confirmation, then shows the new one-time password', async () => {
    const calls = api(ADMIN, (c) =>
      c.method === 'POST' && c.path === '/api/users/4/reset-password' ? { user: { ...ACCOUNTS[2], mustChangePassword: true }, oneTimePassword: 'NewOneTimePassword20' } : undefined,
    );
    renderAsUser(<AccountsPanel />);
    fireEvent.click(await screen.findByTestId('account-pol15-reset'));
    const confirm = screen.getByTestId('accounts-confirm');
    expect(confirm.textContent).toContain('ตั้งรหัสผ่านใหม่ให้ pol15?');
    expect(document.activeElement).toBe(screen.getByTestId('accounts-confirm-yes'));
    fireEvent.click(screen.getByTestId('accounts-confirm-no'));
    expect(callsTo(calls, 'POST', '/api/users/4/reset-password')).toHaveLength(0);
    expect(document.activeElement).toBe(screen.getByTestId('account-pol15-reset'));

    fireEvent.click(screen.getByTestId('account-pol15-reset'));
    fireEvent.click(screen.getByTestId('accounts-confirm-yes'));
    expect((await screen.findByTestId('accounts-secret-value') as HTMLInputElement).value).toBe('NewOneTimePassword20');
    expect(callsTo(calls, 'POST', '/api/users/4/reset-password')).toHaveLength(1);
    expect(screen.getByTestId('account-pol15-status').textContent).toBe('รอเปลี่ยนรหัสผ่านครั้งแรก');
  });

  it('disables and enables other accounts after a confirmation, never one’s own', async () => {
    const calls = api(ADMIN, (c) => {
      if (c.method === 'PATCH' && c.path === '/api/users/3') return { user: { ...ACCOUNTS[1], disabled: (c.body as { disabled: boolean }).disabled } };
      if (c.method === 'PATCH' && c.path === '/api/users/5') return json(404, { errors: [{ code: 'not_found', message: 'user 5 not found' }] });
      return undefined;
    });
    renderAsUser(<AccountsPanel />);
    await screen.findByTestId('account-rec15');
    expect(screen.queryByTestId('account-admin-disable')).toBeNull();
    expect(screen.queryByTestId('account-admin-reset')).toBeNull();
    expect(row('admin').textContent).toContain('(คุณ)');

    fireEvent.click(screen.getByTestId('account-rec15-disable'));
    expect(screen.getByTestId('accounts-confirm').textContent).toContain('ระงับบัญชี rec15?');
    fireEvent.click(screen.getByTestId('accounts-confirm-yes'));
    await waitFor(() => expect(screen.getByTestId('account-rec15-status').textContent).toBe('ระงับการใช้งาน'));
    expect(callsTo(calls, 'PATCH', '/api/users/3')[0]!.body).toEqual({ disabled: true });
    expect(screen.queryByTestId('accounts-confirm')).toBeNull();

    fireEvent.click(screen.getByTestId('account-rec15-enable'));
    fireEvent.click(screen.getByTestId('accounts-confirm-yes'));
    await waitFor(() => expect(screen.getByTestId('account-rec15-status').textContent).not.toBe('ระงับการใช้งาน'));
    expect(callsTo(calls, 'PATCH', '/api/users/3')[1]!.body).toEqual({ disabled: false });

    // A refusal stays in the confirmation, and the row is unchanged.
    fireEvent.click(screen.getByTestId('account-com15-enable'));
    fireEvent.click(screen.getByTestId('accounts-confirm-yes'));
    expect(await within(screen.getByTestId('accounts-confirm')).findByRole('alert')).toHaveProperty('textContent', 'user 5 not found');
    expect(screen.getByTestId('account-com15-status').textContent).toBe('ระงับการใช้งาน');
  });
});

describe('AccountsPanel — changing an account’s role and scope', () => {
  /** A PATCH /api/users/:id answer as the API gives it after a role or scope change. */
  const changedTo = (a: Account, body: unknown, endedSessions: number, revokedTokens: number) => ({ user: { ...a, ...(body as Partial<Account>) }, endedSessions, revokedTokens });

  it('offers the change on every other account, never on one’s own', async () => {
    api();
    renderAsUser(<AccountsPanel />);
    await screen.findByTestId('account-rec15');
    expect(screen.queryByTestId('account-admin-scope')).toBeNull();
    for (const u of ['rec15', 'pol15', 'com15', 'sec16']) expect(screen.getByTestId(`account-${u}-scope`).getAttribute('aria-label')).toBe(`เปลี่ยนบทบาท/พื้นที่ ของ ${u}`);
  });

  it('prefills the form, asks first (sessions end, all API tokens revoked), sends the whole scope, then says what ended', async () => {
    const calls = api(ADMIN, (c) => (c.method === 'PATCH' && c.path === '/api/users/3' ? changedTo(ACCOUNTS[1]!, c.body, 2, 3) : undefined));
    renderAsUser(<AccountsPanel />);
    fireEvent.click(await screen.findByTestId('account-rec15-scope'));
    const form = screen.getByTestId('accounts-scope-form');
    expect(document.activeElement).toBe(within(form).getByRole('heading'));
    expect(document.activeElement?.textContent).toBe('เปลี่ยนบทบาทและพื้นที่ของ rec15');
    expect((screen.getByTestId('accounts-scope-f-role') as HTMLSelectElement).value).toBe('recorder');
    expect((screen.getByTestId('accounts-scope-f-province') as HTMLSelectElement).value).toBe('15');
    await waitFor(() => expect(within(screen.getByTestId('accounts-scope-f-agency')).getAllByRole('option')).toHaveLength(3));
    expect((screen.getByTestId('accounts-scope-f-agency') as HTMLSelectElement).value).toBe('1');
    expect(screen.getByTestId('accounts-scope-now').textContent).toBe('ปัจจุบัน: ผู้บันทึกข้อมูลของหน่วยงาน · อ่างทอง · สำนักงานจังหวัดอ่างทอง');
    // An admin may give any role.
    expect(within(screen.getByTestId('accounts-scope-f-role')).getAllByRole('option').map((o) => (o as HTMLOptionElement).value)).toEqual(['admin', 'secretariat', 'recorder', 'police', 'committee']);

    fireEvent.change(screen.getByTestId('accounts-scope-f-role'), { target: { value: 'police' } });
    fireEvent.click(await screen.findByTestId('accounts-scope-f-station-2'));
    fireEvent.click(screen.getByTestId('accounts-scope-submit'));
    const confirm = screen.getByTestId('accounts-scope-confirm');
    expect(confirm.getAttribute('role')).toBe('alertdialog');
    expect(confirm.textContent).toContain('เปลี่ยนบัญชี rec15 จาก ผู้บันทึกข้อมูลของหน่วยงาน · อ่างทอง · สำนักงานจังหวัดอ่างทอง เป็น ตำรวจ · อ่างทอง · สภ.ป่าโมก?');
    expect(screen.getByTestId('accounts-scope-consequences').textContent).toMatch(/^ผู้ใช้จะถูกออกจากระบบทุกเครื่องทันที และโทเคน API ทั้งหมดของบัญชีนี้จะถูกยกเลิกถาวร/);
    expect(document.activeElement).toBe(screen.getByTestId('accounts-scope-confirm-yes'));
    expect(callsTo(calls, 'PATCH', '/api/users/3')).toHaveLength(0);

    // Cancelling sends nothing and goes back to the form's button.
    fireEvent.click(screen.getByTestId('accounts-scope-confirm-no'));
    expect(screen.queryByTestId('accounts-scope-confirm')).toBeNull();
    await waitFor(() => expect(document.activeElement).toBe(screen.getByTestId('accounts-scope-submit')));
    expect(callsTo(calls, 'PATCH', '/api/users/3')).toHaveLength(0);

    fireEvent.click(screen.getByTestId('accounts-scope-submit'));
    fireEvent.click(screen.getByTestId('accounts-scope-confirm-yes'));
    const notice = await screen.findByTestId('accounts-notice');
    // Every scope field is sent: the recorder's agency is cleared, not left behind.
    expect(callsTo(calls, 'PATCH', '/api/users/3').map((c) => c.body)).toEqual([{ role: 'police', province: '15', agencyId: null, stations: [2] }]);
    expect(notice.textContent).toBe('เปลี่ยนบทบาทและพื้นที่ของ rec15 แล้ว: ออกจากระบบ 2 เซสชัน และยกเลิกโทเคน API 3 รายการ');
    expect(notice.getAttribute('role')).toBe('status');
    expect(screen.queryByTestId('accounts-scope-form')).toBeNull();
    expect(firstText('rec15', 0)).toBe('ตำรวจ');
    expect(subLines('rec15', 0)).toEqual(['อ่างทอง', 'สภ.ป่าโมก']);
    expect(document.activeElement).toBe(screen.getByTestId('account-rec15-scope'));
  });

  it('puts the API’s 400 errors on their fields; a refusal (404) stays in the confirmation', async () => {
    const calls = api(ADMIN, (c) => {
      if (c.method === 'PATCH' && c.path === '/api/users/4') {
        // As the API answers (checkScope in api/src/auth/store.ts; zod names an array item 'stations.0').
        return json(400, { errors: [{ message: 'no police station 1', code: 'foreign_key', field: 'stations' }, { message: 'no province 15', code: 'foreign_key', field: 'province' }] });
      }
      if (c.method === 'PATCH' && c.path === '/api/users/6') return json(404, { errors: [{ code: 'not_found', message: 'user 6 not found' }] });
      return undefined;
    });
    renderAsUser(<AccountsPanel />);
    fireEvent.click(await screen.findByTestId('account-pol15-scope'));
    // Checked stations of the province come from the account.
    expect((await screen.findByTestId('accounts-scope-f-station-1') as HTMLInputElement).checked).toBe(true);
    expect((screen.getByTestId('accounts-scope-f-station-2') as HTMLInputElement).checked).toBe(true);
    fireEvent.click(screen.getByTestId('accounts-scope-f-station-2'));
    fireEvent.click(screen.getByTestId('accounts-scope-submit'));
    fireEvent.click(screen.getByTestId('accounts-scope-confirm-yes'));
    await waitFor(() => expect(screen.getByTestId('accounts-scope-f-province').getAttribute('aria-invalid')).toBe('true'));
    expect(callsTo(calls, 'PATCH', '/api/users/4')[0]!.body).toEqual({ role: 'police', province: '15', agencyId: null, stations: [1] });
    expect(screen.queryByTestId('accounts-scope-confirm')).toBeNull();
    const province = screen.getByTestId('accounts-scope-f-province');
    expect(document.getElementById(province.getAttribute('aria-describedby')!)?.textContent).toBe('no province 15');
    const stations = screen.getByTestId('accounts-scope-f-stations');
    expect(document.getElementById(stations.getAttribute('aria-describedby')!)?.textContent).toBe('no police station 1');
    expect(screen.getByTestId('accounts-scope-f-role').getAttribute('aria-invalid')).toBeNull();
    await waitFor(() => expect(document.activeElement).toBe(province));
    // The row is unchanged and no result is claimed.
    expect(subLines('pol15', 0)).toEqual(['อ่างทอง', 'สภ.เมืองอ่างทอง, สภ.ป่าโมก']);
    expect(screen.queryByTestId('accounts-notice')).toBeNull();

    // Another account out of reach: the refusal is said in the confirmation.
    fireEvent.click(screen.getByTestId('account-sec16-scope'));
    fireEvent.change(screen.getByTestId('accounts-scope-f-role'), { target: { value: 'committee' } });
    fireEvent.click(screen.getByTestId('accounts-scope-submit'));
    fireEvent.click(screen.getByTestId('accounts-scope-confirm-yes'));
    expect(await within(screen.getByTestId('accounts-scope-confirm')).findByRole('alert')).toHaveProperty('textContent', 'user 6 not found');
    expect(callsTo(calls, 'PATCH', '/api/users/6')[0]!.body).toEqual({ role: 'committee', province: '16', agencyId: null, stations: [] });
    expect(firstText('sec16', 0)).toBe('เลขานุการคณะกรรมการจังหวัด');
  });

  it('asks for what is missing and sends nothing when the scope is unchanged', async () => {
    const calls = api();
    renderAsUser(<AccountsPanel />);
    fireEvent.click(await screen.findByTestId('account-com15-scope'));
    fireEvent.click(screen.getByTestId('accounts-scope-submit'));
    expect(screen.getByTestId('accounts-scope-error').textContent).toBe('บทบาทและพื้นที่ยังเหมือนเดิม ไม่มีอะไรต้องเปลี่ยน');
    expect(screen.queryByTestId('accounts-scope-confirm')).toBeNull();
    // A recorder needs its agency.
    fireEvent.change(screen.getByTestId('accounts-scope-f-role'), { target: { value: 'recorder' } });
    fireEvent.click(screen.getByTestId('accounts-scope-submit'));
    expect(screen.getByTestId('accounts-scope-f-agency').getAttribute('aria-invalid')).toBe('true');
    expect(screen.queryByTestId('accounts-scope-confirm')).toBeNull();
    expect(calls.filter((c) => c.method === 'PATCH')).toHaveLength(0);
    // Cancel closes the form and puts focus back on the row's button.
    fireEvent.click(screen.getByTestId('accounts-scope-cancel'));
    expect(screen.queryByTestId('accounts-scope-form')).toBeNull();
    expect(document.activeElement).toBe(screen.getByTestId('account-com15-scope'));
  });

  it('limits a secretariat to recorder, police and committee of its province (shown, not chosen), in Thai digits when asked', async () => {
    const own = ACCOUNTS.filter((a) => a.province === '15' && a.role !== 'admin');
    const calls = api(SECRETARIAT, (c) => (c.method === 'PATCH' && c.path === '/api/users/3' ? changedTo(ACCOUNTS[1]!, c.body, 1, 12) : undefined), own);
    renderAsUser(<AccountsPanel />, { thaiDigits: true });
    fireEvent.click(await screen.findByTestId('account-rec15-scope'));
    expect(within(screen.getByTestId('accounts-scope-f-role')).getAllByRole('option').map((o) => (o as HTMLOptionElement).value)).toEqual(['recorder', 'police', 'committee']);
    const province = screen.getByTestId('accounts-scope-f-province') as HTMLInputElement;
    expect(province.readOnly).toBe(true);
    await waitFor(() => expect(province.value).toBe('อ่างทอง'));
    fireEvent.change(screen.getByTestId('accounts-scope-f-role'), { target: { value: 'committee' } });
    fireEvent.click(screen.getByTestId('accounts-scope-submit'));
    expect(screen.getByTestId('accounts-scope-confirm').textContent).toContain('เป็น คณะกรรมการ (ดูข้อมูล) · อ่างทอง?');
    fireEvent.click(screen.getByTestId('accounts-scope-confirm-yes'));
    expect((await screen.findByTestId('accounts-notice')).textContent).toBe('เปลี่ยนบทบาทและพื้นที่ของ rec15 แล้ว: ออกจากระบบ ๑ เซสชัน และยกเลิกโทเคน API ๑๒ รายการ');
    expect(callsTo(calls, 'PATCH', '/api/users/3')[0]!.body).toEqual({ role: 'committee', province: '15', agencyId: null, stations: [] });
  });

  it('says it in English in English mode', async () => {
    api(ADMIN, (c) => (c.method === 'PATCH' && c.path === '/api/users/5' ? changedTo(ACCOUNTS[3]!, c.body, 0, 0) : undefined));
    renderAsUser(<AccountsPanel />, { lang: 'en' });
    fireEvent.click(await screen.findByTestId('account-com15-scope'));
    fireEvent.change(screen.getByTestId('accounts-scope-f-province'), { target: { value: '' } });
    fireEvent.click(screen.getByTestId('accounts-scope-submit'));
    expect(screen.getByTestId('accounts-scope-consequences').textContent).toContain('all of the account’s API tokens will be revoked');
    fireEvent.click(screen.getByTestId('accounts-scope-confirm-yes'));
    expect((await screen.findByTestId('accounts-notice')).textContent).toBe('Role and area of com15 changed. Sessions ended: 0. API tokens revoked: 0.');
  });
});

describe('AccountsPanel — my API tokens', () => {
  it('lists the tokens with prefix, dates and state', async () => {
    api();
    renderAsUser(<AccountsPanel />);
    const active = await screen.findByTestId('token-1');
    const cellsOf = (el: HTMLElement) => [...el.querySelectorAll('th, td')].map((c) => [...c.querySelectorAll('.acct-sub, .acct-line')].map((x) => x.textContent).concat(c.children.length ? [] : [c.textContent]));
    expect(cellsOf(active).slice(0, 3)).toEqual([['cca_srmvwRFW_…'], ['สร้าง 30 พ.ย. 2569', 'ใช้ล่าสุด ยังไม่เคย', 'หมดอายุ 28 ก.พ. 2570'], ['ใช้งานได้']]);
    expect(within(active).getByRole('rowheader').textContent).toBe('QGIScca_srmvwRFW_…');
    expect(screen.getByTestId('token-revoke-1')).toBeTruthy();
    const revoked = screen.getByTestId('token-2');
    expect(cellsOf(revoked).slice(1, 3)).toEqual([['สร้าง 2 ม.ค. 2568', expect.stringMatching(/^ใช้ล่าสุด 1 ก\.พ\. 2568/), 'หมดอายุ ไม่มีกำหนด'], ['ยกเลิกแล้ว (1 มี.ค. 2568)']]);
    expect(screen.queryByTestId('token-revoke-2')).toBeNull();
  });

  it('makes a token, shows it once with how to use it in GDAL and QGIS, and revokes one after a confirmation', async () => {
    const calls = api(ADMIN, (c) => {
      if (c.method === 'POST' && c.path === '/api/tokens') return json(201, { id: 3, name: 'QGIS office', prefix: 'Zz9Yy8Xx', token: 'cca_Zz9Yy8Xx_secretsecret', expiresAt: '2027-03-01T00:00:00.000Z' });
      if (c.method === 'DELETE' && c.path === '/api/tokens/1') return new Response(null, { status: 204 });
      return undefined;
    });
    renderAsUser(<AccountsPanel />);
    await screen.findByTestId('token-1');
    fireEvent.change(screen.getByTestId('tokens-f-name'), { target: { value: 'QGIS office' } });
    fireEvent.change(screen.getByTestId('tokens-f-days'), { target: { value: '๙๐' } });
    fireEvent.click(screen.getByTestId('tokens-create'));
    const box = await screen.findByTestId('tokens-secret');
    expect(callsTo(calls, 'POST', '/api/tokens')[0]!.body).toEqual({ name: 'QGIS office', expiresInDays: 90 });
    expect((screen.getByTestId('tokens-secret-value') as HTMLInputElement).value).toBe('cca_Zz9Yy8Xx_secretsecret');
    expect(box.textContent).toContain('จะดูอีกไม่ได้');
    expect(screen.getByTestId('tokens-usage-gdal').textContent).toBe(`GDAL_HTTP_HEADERS="Authorization: Bearer cca_Zz9Yy8Xx_secretsecret" ogrinfo OAPIF:${window.location.origin}/ogc`);
    expect(box.textContent).toContain(`${window.location.origin}/ogc`);
    fireEvent.click(screen.getByTestId('tokens-usage-copy'));
    await waitFor(() => expect(navigator.clipboard.writeText).toHaveBeenCalledWith(screen.getByTestId('tokens-usage-gdal').textContent));
    // The list is read again after the token is made.
    expect(callsTo(calls, 'GET', '/api/tokens')).toHaveLength(2);
    fireEvent.click(screen.getByTestId('tokens-secret-done'));
    expect(document.body.textContent).not.toContain('secretsecret');
    expect(document.activeElement).toBe(screen.getByTestId('tokens-f-name'));

    fireEvent.click(screen.getByTestId('token-revoke-1'));
    expect(screen.getByTestId('tokens-confirm').textContent).toContain('cca_srmvwRFW_…');
    fireEvent.click(screen.getByTestId('tokens-confirm-yes'));
    await waitFor(() => expect(callsTo(calls, 'DELETE', '/api/tokens/1')).toHaveLength(1));
    await waitFor(() => expect(screen.queryByTestId('tokens-confirm')).toBeNull());
  });

  it('checks the expiry locally and shows the API’s errors on their fields', async () => {
    const calls = api(ADMIN, (c) =>
      c.method === 'POST' && c.path === '/api/tokens' ? json(400, { errors: [{ field: 'name', code: 'too_big', message: 'Too big: expected string to have <=100 characters' }] }) : undefined,
    );
    renderAsUser(<AccountsPanel />);
    await screen.findByTestId('token-1');
    fireEvent.change(screen.getByTestId('tokens-f-name'), { target: { value: 'x' } });
    fireEvent.change(screen.getByTestId('tokens-f-days'), { target: { value: '5000' } });
    fireEvent.click(screen.getByTestId('tokens-create'));
    expect(screen.getByTestId('tokens-f-days').getAttribute('aria-invalid')).toBe('true');
    expect(callsTo(calls, 'POST', '/api/tokens')).toHaveLength(0);

    fireEvent.change(screen.getByTestId('tokens-f-days'), { target: { value: '' } });
    fireEvent.click(screen.getByTestId('tokens-create'));
    await waitFor(() => expect(screen.getByTestId('tokens-f-name').getAttribute('aria-invalid')).toBe('true'));
    expect(callsTo(calls, 'POST', '/api/tokens')[0]!.body).toEqual({ name: 'x' });
    const name = screen.getByTestId('tokens-f-name');
    expect(document.getElementById(name.getAttribute('aria-describedby')!)?.textContent).toContain('<=100');
  });
});

describe('AccountsPanel — without a login', () => {
  it('says a login is needed and asks the API nothing', () => {
    const calls = api();
    window.localStorage.setItem('cctv-atlas.lang', 'th');
    render(
      <I18nProvider>
        <AccountsPanel />
      </I18nProvider>,
    );
    expect(screen.getByText('กรุณาเข้าสู่ระบบเพื่อจัดการบัญชีผู้ใช้และโทเคน API')).toBeTruthy();
    expect(calls).toHaveLength(0);
  });
});
