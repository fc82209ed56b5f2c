import type { Request } from 'express';
import { Router } from 'express';
import type { Knex } from 'knex';
import { analyseCoverage, type Mode, repairValues } from '../analysis/index.js';
import { DENSITY_LEVELS, densityByArea, type DensityLevel } from '../analysis-db/density.js';
import type { AreaFilter } from '../analysis-db/filters.js';
import { cameraInput, loadCoverageData, loadRepairData, riskPointInput, riskRouteInput } from '../analysis-db/load.js';
import { selectViews } from '../analysis-db/views.js';
import type { AppContext } from '../context.js';
import { asyncHandler, ValidationError } from '../http/errors.js';
import { heavy } from '../http/heavy.js';
import { principal } from '../auth/middleware.js';
import { AREA_PARAMS, collect, echoArea, parseAreaValues } from './area-params.js';
import { parseIntParam, rejectUnknownParams, single } from './query.js';
import { readerFor } from '../db/replica.js';

/**
 * /api/analysis: coverage of risk points and routes by camera views, repair value of broken
 * cameras, the views themselves, and density per area. The engine is api/src/analysis (pure
 * TypeScript); api/src/analysis-db loads its inputs and aggregates in PostGIS. docs/analysis.md.
 *
 * Every endpoint takes the area filters province (code or Thai/English name), district (id),
 * police_station (id) and bbox (minLon,minLat,maxLon,maxLat), combined with AND, and
 * mode=effective|nominal (default effective: only working cameras count); every answer says
 * its mode. Bad values are a 400 naming each field; an area without data gives zeros.
 * Every endpoint is heavy work: it runs in a turn of the limiter (api/src/http/heavy.ts).
 * Result fields are the engine's (camelCase, as the CLI prints them); record fields keep their
 * column names.
 */

const MODES: readonly Mode[] = ['effective', 'nominal'];

/** The area filters of a request's query. */
function parseArea(knex: Knex, req: Request): Promise<AreaFilter> {
  return parseAreaValues(knex, (name) => single(req, name), principal(req));
}

function parseMode(req: Request, allowed: readonly Mode[] = MODES): Mode {
  const v = single(req, 'mode') ?? 'effective';
  if (!(allowed as readonly string[]).includes(v)) {
    throw new ValidationError([{ field: 'mode', message: `must be ${allowed.join(' or ')}`, code: 'invalid_parameter' }]);
  }
  return v as Mode;
}

function parseBool(req: Request, name: string, fallback: boolean): boolean {
  const v = single(req, name);
  if (v === undefined) return fallback;
  if (v !== 'true' && v !== 'false') throw new ValidationError([{ field: name, message: 'must be true or false', code: 'invalid_parameter' }]);
  return v === 'true';
}

/**
 * The parameters shared by every endpoint and the endpoint's own (`extra` checks), all checked at
 * once: one 400 names every bad field.
 */
async function parseCommon(
  knex: Knex,
  req: Request,
  known: string[],
  opts: { modes?: readonly Mode[]; extra?: (() => void)[] } = {},
): Promise<{ area: AreaFilter; mode: Mode }> {
  rejectUnknownParams(req, [...AREA_PARAMS, 'mode', ...known]);
  let area: AreaFilter = {};
  let mode: Mode = 'effective';
  await collect([
    async () => {
      area = await parseArea(knex, req);
    },
    () => {
      mode = parseMode(req, opts.modes);
    },
    ...(opts.extra ?? []),
  ]);
  return { area, mode };
}

const round6 = (v: number) => Math.round(v * 1e6) / 1e6;

/** Positions rounded to 6 decimals (~0.1 m) without consecutive repeats; a line keeps two positions. */
function lineCoordinates(coords: readonly (readonly [number, number])[]): [number, number][] {
  const out: [number, number][] = [];
  for (const [x, y] of coords) {
    const p: [number, number] = [round6(x), round6(y)];
    const last = out[out.length - 1];
    if (!last || last[0] !== p[0] || last[1] !== p[1]) out.push(p);
  }
  if (out.length === 1) out.push([out[0]![0], out[0]![1]]);
  return out;
}

export function analysisRouter(ctx: AppContext): Router {
  const r = Router();

  r.get(
    '/risk-points',
    asyncHandler(heavy(ctx, async (req, res) => {
      const knex = readerFor(ctx, req, res); // the read replica when fresh (api/src/db/replica.ts)
      const { area, mode } = await parseCommon(knex, req, []);
      const data = await loadCoverageData(knex, area, { routes: false });
      const result = analyseCoverage({ cameras: data.cameras.map(cameraInput), riskPoints: data.riskPoints.map(riskPointInput), mode });
      const record = new Map(data.riskPoints.map((p) => [p.id, p]));
      res.json({
        mode,
        filters: echoArea(area),
        camerasCounted: result.summary.camerasCounted,
        summary: result.summary.points,
        points: result.points.map((p) => {
          const rec = record.get(p.id as number)!;
          return {
            id: p.id,
            external_id: rec.external_id,
            name: rec.name,
            category: rec.category,
            weight: p.weight,
            radiusM: p.radiusM,
            covered: p.covered,
            coveredFraction: p.coveredFraction,
            coveredBy: p.coveredBy,
            province_code: rec.province_code,
            district_id: rec.district_id,
            police_station_id: rec.police_station_id,
            geometry: { type: 'Point', coordinates: [round6(rec.lon), round6(rec.lat)] },
          };
        }),
        uncovered: result.uncoveredPoints.map((p, i) => {
          const rec = record.get(p.id as number)!;
          return { rank: i + 1, id: p.id, name: rec.name, category: rec.category, weight: p.weight, coveredFraction: p.coveredFraction };
        }),
      });
    })),
  );

  r.get(
    '/risk-routes',
    asyncHandler(heavy(ctx, async (req, res) => {
      const knex = readerFor(ctx, req, res); // the read replica when fresh (api/src/db/replica.ts)
      const { area, mode } = await parseCommon(knex, req, []);
      const data = await loadCoverageData(knex, area, { points: false });
      const result = analyseCoverage({ cameras: data.cameras.map(cameraInput), riskRoutes: data.riskRoutes.map(riskRouteInput), mode });
      const record = new Map(data.riskRoutes.map((x) => [x.id, x]));
      res.json({
        mode,
        filters: echoArea(area),
        camerasCounted: result.summary.camerasCounted,
        summary: result.summary.routes,
        routes: result.routes.map((route) => {
          const rec = record.get(route.id as number)!;
          return {
            id: route.id,
            external_id: rec.external_id,
            name: rec.name,
            category: rec.category,
            weight: route.weight,
            lengthM: route.lengthM,
            coveredM: route.coveredM,
            coveredFraction: route.coveredFraction,
            longestGapM: route.longestGapM,
            province_code: rec.province_code,
            district_id: rec.district_id,
            police_station_id: rec.police_station_id,
            gaps: {
              type: 'FeatureCollection',
              features: route.gaps.map((g) => ({
                type: 'Feature',
                geometry: { type: 'LineString', coordinates: lineCoordinates(g.coordinates) },
                properties: { routeId: route.id, lengthM: g.lengthM, fromM: g.fromM, toM: g.toM },
              })),
            },
          };
        }),
      });
    })),
  );

  r.get(
    '/repair-values',
    asyncHandler(heavy(ctx, async (req, res) => {
      const knex = readerFor(ctx, req, res); // the read replica when fresh (api/src/db/replica.ts)
      // Repair value compares working coverage with and without each camera: effective by definition.
      const { area, mode } = await parseCommon(knex, req, [], { modes: ['effective'] });
      const data = await loadRepairData(knex, area);
      const values = repairValues({
        cameras: data.cameras.map(cameraInput),
        riskPoints: data.riskPoints.map(riskPointInput),
        riskRoutes: data.riskRoutes.map(riskRouteInput),
      });
      const broken = new Map(data.broken.map((c) => [c.id, c]));
      const items = values
        .filter((v) => broken.has(v.id as number))
        .map((v, i) => {
          const c = broken.get(v.id as number)!;
          return {
            rank: i + 1,
            id: v.id,
            external_id: c.external_id,
            place_name: c.place_name,
            status: c.status,
            kind: c.kind,
            value: v.value,
            pointsNewlyCovered: v.pointsNewlyCovered,
            pointWeight: v.pointWeight,
            routeMetres: v.routeMetres,
            routeWeight: v.routeWeight,
            repair_budget_baht: c.repair_budget_baht,
            repair_agency: c.repair_agency,
            province_code: c.province_code,
            district_id: c.district_id,
            police_station_id: c.police_station_id,
            geometry: { type: 'Point', coordinates: [round6(c.lon), round6(c.lat)] },
          };
        });
      res.json({ mode, filters: echoArea(area), total: items.length, items });
    })),
  );

  r.get(
    '/camera-views',
    asyncHandler(heavy(ctx, async (req, res) => {
      const knex = readerFor(ctx, req, res); // the read replica when fresh (api/src/db/replica.ts)
      let limit = 10_000;
      let offset = 0;
      const { area, mode } = await parseCommon(knex, req, ['limit', 'offset'], {
        extra: [
          () => {
            limit = parseIntParam(req.query.limit, 'limit', 1, 10_000, 10_000);
          },
          () => {
            offset = parseIntParam(req.query.offset, 'offset', 0, Number.MAX_SAFE_INTEGER, 0);
          },
        ],
      });
      const { features, total } = await selectViews(knex, { mode, area, limit, offset });
      res.type('application/geo+json').json({ type: 'FeatureCollection', mode, filters: echoArea(area), total, limit, offset, features });
    })),
  );

  r.get(
    '/density',
    asyncHandler(heavy(ctx, async (req, res) => {
      const knex = readerFor(ctx, req, res); // the read replica when fresh (api/src/db/replica.ts)
      let level: DensityLevel = 'district';
      let geometry = true;
      const { area, mode } = await parseCommon(knex, req, ['level', 'geometry'], {
        extra: [
          () => {
            const v = single(req, 'level') ?? level;
            if (!(DENSITY_LEVELS as readonly string[]).includes(v)) {
              throw new ValidationError([{ field: 'level', message: `must be ${DENSITY_LEVELS.join(', ')}`, code: 'invalid_parameter' }]);
            }
            level = v as DensityLevel;
          },
          () => {
            geometry = parseBool(req, 'geometry', true);
          },
        ],
      });
      const features = await densityByArea(knex, level, area, { mode, geometry });
      res.type('application/geo+json').json({ type: 'FeatureCollection', mode, level, filters: echoArea(area), features });
    })),
  );

  return r;
}
