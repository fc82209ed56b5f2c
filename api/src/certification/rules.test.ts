import { describe, expect, it } from 'vitest';
import type { Principal, Role } from '../auth/principal.js';
import { bangkokDate, CERTIFICATION_ACTIONS, canActOnProvince, canReadCertification, daysBetween, deadlineState, listedProvince, nextStatus } from './rules.js';

const who = (role: Role, province: string | null, extra: Partial<Principal> = {}): Principal => ({
  userId: 1,
  username: `${role}-${province ?? 'nation'}`,
  role,
  province,
  agencyId: role === 'recorder' ? 7 : null,
  stations: [],
  via: 'token',
  ...extra,
});

describe('who may move a province through the workflow', () => {
  // [account, action, province, allowed]
  const table: [Principal, (typeof CERTIFICATION_ACTIONS)[number], string, boolean][] = [];
  const accounts = [who('admin', null), who('secretariat', '15'), who('recorder', '15'), who('police', '15'), who('committee', '15'), who('committee', null)];
  const expected: Record<string, Record<(typeof CERTIFICATION_ACTIONS)[number], [boolean, boolean]>> = {
    // [own province 15, other province 10]
    'admin-nation': { submit: [true, true], certify: [true, true], return: [true, true], set_deadline: [true, true] },
    'secretariat-15': { submit: [true, false], certify: [false, false], return: [false, false], set_deadline: [false, false] },
    'recorder-15': { submit: [false, false], certify: [false, false], return: [false, false], set_deadline: [false, false] },
    'police-15': { submit: [false, false], certify: [false, false], return: [false, false], set_deadline: [false, false] },
    'committee-15': { submit: [false, false], certify: [true, false], return: [true, false], set_deadline: [false, false] },
    'committee-nation': { submit: [false, false], certify: [false, false], return: [false, false], set_deadline: [false, false] },
  };
  for (const a of accounts) for (const action of CERTIFICATION_ACTIONS) {
    const [own, other] = expected[a.username]![action];
    table.push([a, action, '15', own], [a, action, '10', other]);
  }

  it.each(table)('%o %s %s → %s', (p, action, province, allowed) => {
    const r = canActOnProvince(p, action, province);
    expect(r.ok).toBe(allowed);
    if (!r.ok) expect(r.reason.length).toBeGreaterThan(10);
  });

  it('reads: national accounts every province, the others their own', () => {
    expect(canReadCertification(who('admin', null), '10')).toBe(true);
    expect(canReadCertification(who('committee', null), '10')).toBe(true);
    expect(canReadCertification(who('committee', '15'), '10')).toBe(false);
    expect(canReadCertification(who('recorder', '15'), '15')).toBe(true);
    expect(listedProvince(who('admin', null))).toBeNull();
    expect(listedProvince(who('committee', null))).toBeNull();
    expect(listedProvince(who('police', '15'))).toBe('15');
  });
});

describe('the status moves', () => {
  it('submits from nothing, a certification or a return; never twice', () => {
    for (const from of [null, 'certified', 'returned'] as const) expect(nextStatus(from, 'submit')).toEqual({ ok: true, status: 'submitted' });
    expect(nextStatus('submitted', 'submit').ok).toBe(false);
  });
  it('certifies or returns only an open submission', () => {
    expect(nextStatus('submitted', 'certify')).toEqual({ ok: true, status: 'certified' });
    expect(nextStatus('submitted', 'return')).toEqual({ ok: true, status: 'returned' });
    for (const from of [null, 'certified', 'returned'] as const) {
      for (const action of ['certify', 'return'] as const) {
        const r = nextStatus(from, action);
        expect(r.ok).toBe(false);
        if (!r.ok) expect(r.reason).toMatch(/only submitted data/);
      }
    }
  });
});

describe('deadlines', () => {
  const d = { due_on: '2019-09-30', round_from: '2019-07-01' };
  it('counts days in Thailand', () => {
    expect(bangkokDate(new Date('2019-09-30T16:59:59Z'))).toBe('2019-09-30');
    expect(bangkokDate(new Date('2019-09-30T17:00:00Z'))).toBe('2019-10-01');
    expect(daysBetween('2019-09-28', '2019-09-30')).toBe(2);
    expect(daysBetween('2019-10-02', '2019-09-30')).toBe(-2);
  });
  it('is overdue from the day after due_on until certified in the round', () => {
    expect(deadlineState(d, null, '2019-09-30')).toEqual({ met: false, late: false, overdue: false, days_left: 0 });
    expect(deadlineState(d, null, '2019-10-01')).toEqual({ met: false, late: false, overdue: true, days_left: -1 });
    // A certification from an earlier round does not count.
    expect(deadlineState(d, '2019-06-30', '2019-10-01')).toEqual({ met: false, late: false, overdue: true, days_left: -1 });
    expect(deadlineState(d, '2019-07-01', '2019-10-01')).toEqual({ met: true, late: false, overdue: false, days_left: null });
    expect(deadlineState(d, '2019-10-05', '2019-10-06')).toEqual({ met: true, late: true, overdue: false, days_left: null });
    expect(deadlineState(null, null, '2019-10-01')).toEqual({ met: false, late: false, overdue: false, days_left: null });
  });
});
