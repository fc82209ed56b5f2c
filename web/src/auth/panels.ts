/**
 * Which side-panel tabs an account sees. The server decides what anyone may do (a hidden tab is
 * only tidiness); this keeps people from tabs that would answer them "not allowed" everywhere.
 * Without an account (the public map, PUBLIC_MAP=on) only the layers.
 */
import { PANELS, type PanelId } from '../state/url';
import type { Role } from './session';

const BY_ROLE: Record<Role, readonly PanelId[] | 'all'> = {
  admin: 'all',
  secretariat: 'all',
  recorder: ['layers', 'dashboard', 'camera', 'import', 'export', 'certification', 'accounts'],
  police: ['layers', 'dashboard', 'planning', 'police', 'import', 'export', 'certification', 'accounts'],
  committee: ['layers', 'dashboard', 'planning', 'police', 'export', 'certification', 'accounts'],
};

/** The tabs for `role` (null: anonymous), in the app's order. */
export function panelsFor(role: Role | null): PanelId[] {
  if (role === null) return ['layers'];
  const allowed = BY_ROLE[role];
  return PANELS.filter((p) => allowed === 'all' || (allowed as readonly string[]).includes(p));
}

/**
 * The one province an account works in, when it is limited to one (everyone but admins and national
 * committee accounts): province choices offer only it (the API refuses the others with 403).
 */
export function ownProvince(user: { role: Role; province: string | null } | null | undefined): string | null {
  if (!user || user.role === 'admin') return null;
  return user.province;
}

/** `items` narrowed to the account's province, if it has one. */
export function onlyOwnProvince<T>(items: T[], codeOf: (t: T) => string, user: { role: Role; province: string | null } | null | undefined): T[] {
  const own = ownProvince(user);
  return own === null ? items : items.filter((i) => codeOf(i) === own);
}
