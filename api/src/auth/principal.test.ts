import { describe, expect, it } from 'vitest';
import { canManageUser, canReadProvince, canSeeSensitive, canWriteRow, type Principal, readProvince, redact } from './principal.js';

const who = (role: Principal['role'], extra: Partial<Principal> = {}): Principal => ({
  userId: 1,
  username: 'u',
  role,
  province: role === 'admin' ? null : '15',
  agencyId: role === 'recorder' ? 7 : null,
  stations: [],
  via: 'session',
  ...extra,
});

describe('reads', () => {
  it('limit everyone but admins and national committee accounts to their province', () => {
    expect(readProvince(who('admin'))).toBeNull();
    expect(readProvince(who('committee', { province: null }))).toBeNull();
    for (const r of ['secretariat', 'recorder', 'police', 'committee'] as const) {
      expect(readProvince(who(r))).toBe('15');
      expect(canReadProvince(who(r), '15')).toBe(true);
      expect(canReadProvince(who(r), '10')).toBe(false);
      expect(canReadProvince(who(r), null)).toBe(false);
    }
  });
});

describe('writes', () => {
  const cam = { province_code: '15', agency_id: 7, police_station_id: 3 };
  it('follow the role, the province, the agency and the stations', () => {
    expect(canWriteRow(who('admin'), 'cameras', { province_code: '10' }).ok).toBe(true);
    expect(canWriteRow(who('secretariat'), 'cameras', cam).ok).toBe(true);
    expect(canWriteRow(who('secretariat'), 'cameras', { ...cam, province_code: '10' }).ok).toBe(false);
    expect(canWriteRow(who('secretariat'), 'cameras', { ...cam, province_code: null }).ok).toBe(false);
    expect(canWriteRow(who('recorder'), 'cameras', cam).ok).toBe(true);
    expect(canWriteRow(who('recorder'), 'cameras', { ...cam, agency_id: 8 }).ok).toBe(false);
    expect(canWriteRow(who('recorder'), 'cameras', { ...cam, agency_id: null }).ok).toBe(false);
    expect(canWriteRow(who('recorder'), 'risk-points', cam).ok).toBe(false);
    expect(canWriteRow(who('police'), 'cameras', cam).ok).toBe(false);
    expect(canWriteRow(who('police'), 'risk-points', cam).ok).toBe(true);
    expect(canWriteRow(who('police', { stations: [3] }), 'risk-points', cam).ok).toBe(true);
    expect(canWriteRow(who('police', { stations: [4] }), 'risk-points', cam).ok).toBe(false);
    expect(canWriteRow(who('police', { stations: [4] }), 'risk-points', { ...cam, police_station_id: null }).ok).toBe(false);
    expect(canWriteRow(who('committee'), 'cameras', cam).ok).toBe(false);
    const refused = canWriteRow(who('recorder'), 'cameras', { ...cam, agency_id: 8 });
    expect(refused.ok ? '' : refused.reason).toMatch(/agency 7/);
  });
});

describe('personal data', () => {
  const row = { id: 5, province_code: '15', agency_id: 7, contact_name: 'ก', phone: '08', stream_url: 'rtsp://x', place_name: 'p' };
  it('is removed (not nulled) for those who may not see it', () => {
    expect(redact(who('admin'), 'cameras', row)).toBe(row);
    expect(redact(who('secretariat'), 'cameras', row)).toEqual(row);
    expect(redact(who('secretariat', { province: '10' }), 'cameras', row)).toEqual({ id: 5, province_code: '15', agency_id: 7, place_name: 'p' });
    expect(redact(who('recorder'), 'cameras', row)).toEqual(row);
    expect(redact(who('recorder', { agencyId: 8 }), 'cameras', row)).not.toHaveProperty('phone');
    const police = redact(who('police'), 'cameras', row);
    expect(police).toHaveProperty('phone', '08');
    expect(police).not.toHaveProperty('stream_url');
    expect(redact(who('committee'), 'cameras', row)).toEqual({ id: 5, province_code: '15', agency_id: 7, place_name: 'p' });
    expect(redact(null, 'cameras', row)).not.toHaveProperty('contact_name');
    // Agencies: a recorder sees its own agency's contact.
    expect(canSeeSensitive(who('recorder'), 'agencies', 'phone', { id: 7, province_code: '15' })).toBe(true);
    expect(canSeeSensitive(who('recorder'), 'agencies', 'phone', { id: 8, province_code: '15' })).toBe(false);
    // Records without personal fields pass through untouched.
    const sp = { id: 1, province_code: '15' };
    expect(redact(who('committee'), 'planned-sites', sp)).toBe(sp);
  });
});

describe('accounts', () => {
  it('an admin manages all; a secretariat only non-admin, non-secretariat accounts of its province', () => {
    expect(canManageUser(who('admin'), { role: 'secretariat', province_code: '10' })).toBe(true);
    expect(canManageUser(who('secretariat'), { role: 'recorder', province_code: '15' })).toBe(true);
    expect(canManageUser(who('secretariat'), { role: 'recorder', province_code: '10' })).toBe(false);
    expect(canManageUser(who('secretariat'), { role: 'secretariat', province_code: '15' })).toBe(false);
    expect(canManageUser(who('secretariat'), { role: 'admin', province_code: null })).toBe(false);
    expect(canManageUser(who('police'), { role: 'committee', province_code: '15' })).toBe(false);
  });
});
