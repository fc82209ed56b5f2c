// @vitest-environment jsdom
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ADMIN, callsTo, json, PROVINCES, RECORDER, renderAsUser, SECRETARIAT, stubApi, type Call } from '../accounts/test-helpers';
import { AUDIT_PAGE, AuditPanel, valueText } from './AuditPanel';
import { AUDIT_ENTRIES } from './fixtures';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  window.localStorage.clear();
});

function api(user = ADMIN, extra: (c: Call) => unknown = () => undefined, total = AUDIT_ENTRIES.length) {
  return stubApi(user, (c) => {
    const x = extra(c);
    if (x !== undefined) return x;
    if (c.method === 'GET' && c.path === '/api/provinces') return { items: PROVINCES, total: PROVINCES.length };
    if (c.method === 'GET' && c.path === '/api/audit') return { items: AUDIT_ENTRIES, total, limit: Number(c.query.get('limit')), offset: Number(c.query.get('offset')) };
    return undefined;
  });
}

const cellTexts = (el: HTMLElement) => [...el.querySelectorAll(':scope > th, :scope > td')].map((c) => c.textContent);
const lastAudit = (calls: Call[]) => callsTo(calls, 'GET', '/api/audit').at(-1)!.query;

describe('AuditPanel', () => {
  it('lists the entries newest first with BE time, user, action, record, province and changed fields', async () => {
    const calls = api();
    renderAsUser(<AuditPanel />);
    const row = await screen.findByTestId('audit-row-86');
    expect(cellTexts(row).slice(0, 3)).toEqual(['30 พ.ย. 2569 15:42admin', 'แก้ไข · กล้อง CCTV #6อ่างทอง', 'จำนวนวันในการเก็บการบันทึก']);
    expect(cellTexts(screen.getByTestId('audit-row-87'))[1]).toBe('แก้ไข · กำหนดส่งการรับรองลพบุรี');
    expect(cellTexts(screen.getByTestId('audit-row-85'))[1]).toBe('ส่งข้อมูล · การรับรองข้อมูล #2อ่างทอง');
    expect(screen.getByTestId('audit-count').textContent).toBe('พบ 4 รายการ (ล่าสุดก่อน)');
    expect(lastAudit(calls).get('limit')).toBe(String(AUDIT_PAGE));
    expect(lastAudit(calls).get('offset')).toBe('0');
  });

  it('says where a record moved between provinces came from, also to the secretariat of the province it left', async () => {
    const moved = { ...AUDIT_ENTRIES[1]!, id: 90, province_code: '10', province_name: 'กรุงเทพมหานคร', from_province_code: '15', from_province_name: 'อ่างทอง' };
    stubApi(SECRETARIAT, (c) => (c.method === 'GET' && c.path === '/api/audit' ? { items: [moved, AUDIT_ENTRIES[0]], total: 2, limit: 50, offset: 0 } : undefined));
    renderAsUser(<AuditPanel />);
    const row = await screen.findByTestId('audit-row-90');
    expect(cellTexts(row)[1]).toContain('ย้ายจากจังหวัดอ่างทอง ไปจังหวัดกรุงเทพมหานคร');
    expect(cellTexts(screen.getByTestId(`audit-row-${AUDIT_ENTRIES[0]!.id}`))[1]).not.toContain('ย้ายจาก');
  });

  it('shows an entry’s before and after: changed fields first, every field on request, masked values as stored', async () => {
    api();
    renderAsUser(<AuditPanel />);
    fireEvent.click(await screen.findByTestId('audit-toggle-86'));
    expect(screen.getByTestId('audit-toggle-86').getAttribute('aria-expanded')).toBe('true');
    const diff = screen.getByTestId('audit-diff-86');
    const rows = within(diff).getAllByRole('row').slice(1);
    expect(rows.map(cellTexts)).toEqual([['จำนวนวันในการเก็บการบันทึกretention_days', '15', '30']]);
    fireEvent.click(screen.getByTestId('audit-all-86'));
    expect(within(diff).getAllByRole('row').length).toBeGreaterThan(40);
    expect(cellTexts(screen.getByTestId('audit-diff-86-phone')).slice(1)).toEqual(['(hidden)', '(hidden)']);
    // A deletion has only "before"; its toggle shows every field at once.
    fireEvent.click(screen.getByTestId('audit-toggle-84'));
    const deleted = screen.getByTestId('audit-diff-84');
    expect(within(deleted).getAllByRole('columnheader').map((h) => h.textContent)).toEqual(['ช่องข้อมูล', 'ก่อน']);
    expect(cellTexts(screen.getByTestId('audit-diff-84-place_name'))[1]).toBe('ลานจอดรถศาลากลางจังหวัดอ่างทอง');
    fireEvent.click(screen.getByTestId('audit-toggle-86'));
    expect(screen.queryByTestId('audit-diff-86')).toBeNull();
  });

  it('filters on "search", pages, and keeps the export links on the same filters', async () => {
    const calls = api(ADMIN, () => undefined, 120);
    renderAsUser(<AuditPanel />);
    await screen.findByTestId('audit-row-86');
    expect(screen.getByTestId('audit-export-csv').getAttribute('href')).toBe('/api/audit/export.csv');
    await waitFor(() => expect(within(screen.getByTestId('audit-f-province')).getAllByRole('option')).toHaveLength(1 + PROVINCES.length));
    fireEvent.change(screen.getByTestId('audit-f-province'), { target: { value: '15' } });
    fireEvent.change(screen.getByTestId('audit-f-entity'), { target: { value: 'cameras' } });
    fireEvent.change(screen.getByTestId('audit-f-action'), { target: { value: 'update' } });
    fireEvent.change(screen.getByTestId('audit-f-user'), { target: { value: 'admin' } });
    fireEvent.change(screen.getByTestId('audit-f-since'), { target: { value: '2026-11-01' } });
    fireEvent.change(screen.getByTestId('audit-f-until'), { target: { value: '2026-11-30' } });
    // Nothing is asked before "search".
    expect(callsTo(calls, 'GET', '/api/audit')).toHaveLength(1);
    fireEvent.click(screen.getByTestId('audit-apply'));
    await waitFor(() => expect(callsTo(calls, 'GET', '/api/audit')).toHaveLength(2));
    const q = lastAudit(calls);
    expect(Object.fromEntries(q)).toEqual({ province: '15', entity: 'cameras', user: 'admin', action: 'update', since: '2026-11-01', until: '2026-11-30', limit: String(AUDIT_PAGE), offset: '0' });
    const filters = 'province=15&entity=cameras&user=admin&action=update&since=2026-11-01&until=2026-11-30';
    expect(screen.getByTestId('audit-export-csv').getAttribute('href')).toBe(`/api/audit/export.csv?${filters}`);
    expect(screen.getByTestId('audit-export-xlsx').getAttribute('href')).toBe(`/api/audit/export.xlsx?${filters}`);

    fireEvent.click(screen.getByTestId('audit-pager-next'));
    await waitFor(() => expect(lastAudit(calls).get('offset')).toBe('50'));
    expect(lastAudit(calls).get('entity')).toBe('cameras');
    expect(screen.getByTestId('audit-pager').textContent).toContain('51–100 จาก 120');

    fireEvent.click(screen.getByTestId('audit-clear'));
    await waitFor(() => expect([...lastAudit(calls).keys()]).toEqual(['limit', 'offset']));
    expect(lastAudit(calls).get('offset')).toBe('0');
  });

  it('puts the API’s errors on the filters they belong to', async () => {
    api(ADMIN, (c) =>
      c.method === 'GET' && c.path === '/api/audit' && c.query.get('user')
        ? json(400, {
            errors: [
              { field: 'user', code: 'invalid_parameter', message: 'a user name or a user id' },
              { field: 'until', code: 'invalid_range', message: 'must be after since' },
            ],
          })
        : undefined,
    );
    renderAsUser(<AuditPanel />);
    await screen.findByTestId('audit-row-86');
    fireEvent.change(screen.getByTestId('audit-f-user'), { target: { value: 'a b' } });
    fireEvent.click(screen.getByTestId('audit-apply'));
    await waitFor(() => expect(screen.getByTestId('audit-f-user').getAttribute('aria-invalid')).toBe('true'));
    const user = screen.getByTestId('audit-f-user');
    expect(document.getElementById(user.getAttribute('aria-describedby')!)?.textContent).toBe('a user name or a user id');
    const until = screen.getByTestId('audit-f-until');
    expect(document.getElementById(until.getAttribute('aria-describedby')!)?.textContent).toBe('must be after since');
    expect(screen.getByTestId('audit-f-since').getAttribute('aria-invalid')).toBeNull();
  });

  it('gives a secretariat its province (no province filter, no province column) and refuses other roles', async () => {
    const calls = api(SECRETARIAT);
    renderAsUser(<AuditPanel />);
    await screen.findByTestId('audit-row-86');
    expect(screen.queryByTestId('audit-f-province')).toBeNull();
    expect(cellTexts(screen.getByTestId('audit-row-86'))[1]).toBe('แก้ไข · กล้อง CCTV #6');
    expect(lastAudit(calls).get('province')).toBeNull(); // the API fills in the secretariat's own
    await waitFor(() => expect(screen.getByTestId('audit-panel').textContent).toContain('การเปลี่ยนแปลงข้อมูลของจังหวัดอ่างทอง'));
    cleanup();

    const recorderCalls = api(RECORDER);
    renderAsUser(<AuditPanel />);
    expect((await screen.findByTestId('audit-not-allowed')).textContent).toContain('ผู้ดูแลระบบและเลขานุการ');
    expect(callsTo(recorderCalls, 'GET', '/api/audit')).toHaveLength(0);
  });

  it('writes values as text and cuts very long ones', () => {
    expect(valueText(null)).toBe('—');
    expect(valueText('')).toBe('—');
    expect(valueText(15)).toBe('15');
    expect(valueText(['deterrence'])).toBe('["deterrence"]');
    const long = valueText({ type: 'LineString', coordinates: Array.from({ length: 100 }, (_, i) => [100 + i / 100, 14.5]) });
    expect(long.length).toBe(401);
    expect(long.endsWith('…')).toBe(true);
  });
});
