/**
 * Area scoping of reads: a request for "everything" from a provincial account means its province;
 * a request for another province, or for a district or police station outside it, is refused (403).
 */
import type { Knex } from 'knex';
import { ForbiddenError } from './middleware.js';
import { type Principal, readProvince } from './principal.js';

export interface ScopableArea {
  province?: string;
  district?: number;
  policeStation?: number;
}

/**
 * `area` limited to what `who` may read: the province filled in for provincial accounts, or 403 when
 * the area lies elsewhere. `who` null (anonymous, only on the public map) reads everything public.
 * `resolveProvince` turns a province as given (code or name) into its code, when it may be a name.
 */
export async function scopeArea<T extends ScopableArea>(knex: Knex, who: Principal | null, area: T, resolveProvince?: (given: string) => Promise<string>): Promise<T> {
  const scope = who ? readProvince(who) : null;
  if (scope === null) return area;
  const refuse = (what: string) => {
    throw new ForbiddenError(`your account reads province ${scope} only; ${what} is outside it`);
  };
  if (area.province !== undefined) {
    const code = resolveProvince ? await resolveProvince(area.province) : area.province;
    if (code !== scope) refuse(`province ${area.province}`);
  }
  if (area.district !== undefined) {
    const d = await knex('districts').where('id', area.district).first('province_code');
    if (d && d.province_code !== scope) refuse(`district ${area.district}`);
  }
  if (area.policeStation !== undefined) {
    const s = await knex('police_stations').where('id', area.policeStation).first('province_code');
    if (s && s.province_code !== scope) refuse(`police station ${area.policeStation}`);
  }
  return { ...area, province: scope };
}
