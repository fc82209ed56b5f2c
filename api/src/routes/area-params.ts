import type { Knex } from 'knex';
import type { AreaFilter } from '../analysis-db/filters.js';
import type { Principal } from '../auth/principal.js';
import { scopeArea } from '../auth/scope.js';
import { type FieldError, ValidationError } from '../http/errors.js';
import { findProvince } from '../io/export/source.js';
import { parseBbox, parseIntParam } from './query.js';

/**
 * The area filters shared by the analysis and planning endpoints — province (code or Thai/English
 * name), district (id), police_station (id), bbox (minLon,minLat,maxLon,maxLat) — checked against
 * the reference data, every bad field reported at once.
 */

export const AREA_PARAMS = ['province', 'district', 'police_station', 'bbox'];
const INT4_MAX = 2_147_483_647;

/** Runs every check, then throws one 400 with all the fields that failed. */
export async function collect(checks: (() => Promise<void> | void)[]): Promise<void> {
  const errors: FieldError[] = [];
  for (const check of checks) {
    try {
      await check();
    } catch (err) {
      if (err instanceof ValidationError) errors.push(...err.fields);
      else throw err;
    }
  }
  if (errors.length) throw new ValidationError(errors);
}

async function exists(knex: Knex, table: string, id: number): Promise<boolean> {
  return Boolean(await knex(table).where('id', id).first('id'));
}

/**
 * The area filters from one string value per name (a query, or a JSON body turned into strings),
 * limited to what `who` may read (api/src/auth/scope.ts: a provincial account's province filled in,
 * 403 for an area outside it; null = the anonymous public map).
 */
export async function parseAreaValues(knex: Knex, get: (name: string) => string | undefined, who: Principal | null): Promise<AreaFilter> {
  const area: AreaFilter = {};
  await collect([
    async () => {
      const v = get('province');
      if (v !== undefined) area.province = (await findProvince(knex, v)).code;
    },
    async () => {
      const v = get('district');
      if (v === undefined) return;
      const id = parseIntParam(v, 'district', 1, INT4_MAX, 0);
      if (!(await exists(knex, 'districts', id))) throw new ValidationError([{ field: 'district', message: `no district has id ${id}`, code: 'unknown_district' }]);
      area.district = id;
    },
    async () => {
      const v = get('police_station');
      if (v === undefined) return;
      const id = parseIntParam(v, 'police_station', 1, INT4_MAX, 0);
      if (!(await exists(knex, 'police_stations', id))) {
        throw new ValidationError([{ field: 'police_station', message: `no police station has id ${id}`, code: 'unknown_police_station' }]);
      }
      area.policeStation = id;
    },
    () => {
      const v = get('bbox');
      if (v !== undefined) area.bbox = parseBbox(v);
    },
  ]);
  return scopeArea(knex, who, area);
}

/** The filters as applied, for the answer. */
export function echoArea(area: AreaFilter) {
  return {
    province: area.province ?? null,
    district: area.district ?? null,
    police_station: area.policeStation ?? null,
    bbox: area.bbox ?? null,
  };
}
