import { type Request, type Response, Router } from 'express';
import { readProvince } from '../auth/principal.js';
import type { AppContext } from '../context.js';
import { ApiError, asyncHandler, NotFoundError } from '../http/errors.js';
import { COLLECTIONS, type CollectionDef, findCollection } from './collections.js';
import { buildOpenApi, MEDIA_GEOJSON, MEDIA_JSON, MEDIA_OPENAPI } from './openapi.js';
import { checkFormat, CRS84, parseItemsRequest, rawParams } from './params.js';
import { featureSchema, queryablesSchema } from './schema.js';
import { type Bbox, countItems, type ItemRow, selectExtents, selectItem, selectItems } from './sql.js';
import { selectViewItem, selectViewItems } from './views.js';
import { readerFor } from '../db/replica.js';

/**
 * OGC API – Features Part 1 (Core + GeoJSON + OAS 3.0) over the collections of collections.ts.
 * Everything is JSON; features are GeoJSON (application/geo+json) in CRS84 with 6 decimals.
 */

export const CONFORMANCE = [
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core',
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson',
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30',
];

const MEDIA_SCHEMA = 'application/schema+json';
const REL_QUERYABLES = 'http://www.opengis.net/def/rel/ogc/1.0/queryables';

interface Link {
  href: string;
  rel: string;
  type?: string;
  title?: string;
}

/**
 * Absolute URL of /ogc as the client sees it. Behind a trusted proxy (the app trusts loopback)
 * req.protocol and req.host come from X-Forwarded-Proto / X-Forwarded-Host.
 */
function baseUrl(req: Request): string {
  const host = req.host ?? '';
  // Both end up in every link: refuse anything that is not http(s) and a plain host[:port].
  if (!/^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+)(:\d{1,5})?$/.test(host)) throw new ApiError(400, 'invalid_host', 'the Host header is not a valid host name');
  if (req.protocol !== 'http' && req.protocol !== 'https') throw new ApiError(400, 'invalid_protocol', 'X-Forwarded-Proto must be http or https');
  return `${req.protocol}://${host}${req.baseUrl}`;
}

function collectionOr404(id: unknown): CollectionDef {
  const def = typeof id === 'string' ? findCollection(id) : undefined;
  if (!def) throw new NotFoundError(`collection "${id}"`);
  return def;
}

/** Feature ids as the table holds them; anything else cannot exist, so it is a 404, not a 400. */
function parseFeatureId(def: CollectionDef, raw: string): string | number | undefined {
  if (def.idType === 'code') return /^[0-9]{2}$/.test(raw) ? raw : undefined;
  if (!/^[1-9][0-9]{0,15}$/.test(raw)) return undefined;
  const n = Number(raw);
  return n <= (def.idMax ?? Number.MAX_SAFE_INTEGER) ? n : undefined;
}

function sendJson(res: Response, body: unknown, type = MEDIA_JSON): void {
  res.type(type).send(JSON.stringify(body));
}

// Outward to the 6th decimal, so that the rounded box still contains every feature.
const floor6 = (v: number) => Math.floor(v * 1e6) / 1e6;
const ceil6 = (v: number) => Math.ceil(v * 1e6) / 1e6;

function collectionJson(def: CollectionDef, base: string, extent: Bbox | null, fallback: Bbox) {
  const self = `${base}/collections/${def.id}`;
  const box = extent ? [floor6(extent[0]), floor6(extent[1]), ceil6(extent[2]), ceil6(extent[3])] : fallback;
  return {
    id: def.id,
    title: `${def.title.th} (${def.title.en})`,
    description: def.description,
    links: [
      { href: self, rel: 'self', type: MEDIA_JSON, title: 'This collection' },
      { href: `${self}/items`, rel: 'items', type: MEDIA_GEOJSON, title: 'The features (GeoJSON)' },
      // Relation types compare case-insensitively (RFC 8288); GDAL 3.6 (Debian 12) matches only this spelling.
      { href: `${self}/schema`, rel: 'describedBy', type: MEDIA_SCHEMA, title: 'Schema of the features' },
      { href: `${self}/queryables`, rel: REL_QUERYABLES, type: MEDIA_SCHEMA, title: 'Properties usable as ?name=value filters' },
    ] satisfies Link[],
    extent: { spatial: { bbox: [box], crs: CRS84 } },
    itemType: 'feature',
    crs: [CRS84],
  };
}

/**
 * One GeoJSON feature as text. The geometry is PostGIS's own GeoJSON, spliced in rather than
 * parsed and re-serialised: province polygons are large and the text is already what we send.
 */
function featureText(def: CollectionDef, row: ItemRow, links?: Link[]): string {
  const properties: Record<string, unknown> = {};
  for (const p of def.properties) properties[p.name] = row[p.name] ?? null;
  return (
    `{"type":"Feature","id":${JSON.stringify(row.__id)},"geometry":${row.__geometry ?? 'null'},` +
    `"properties":${JSON.stringify(properties)}${links ? `,"links":${JSON.stringify(links)}` : ''}}`
  );
}

/** Query string with the paging parameters replaced; commas stay readable (bbox=1,2,3,4). */
function pageQuery(params: URLSearchParams, limit: number, offset: number): string {
  const p = new URLSearchParams(params);
  p.delete('limit');
  p.delete('offset');
  p.set('limit', String(limit));
  if (offset > 0) p.set('offset', String(offset));
  return p.toString().replace(/%2C/gi, ',');
}

/** Reference collections (boundaries) are the same for everyone; the others hold one province's records per reader. */
const REFERENCE = new Set(['provinces', 'districts', 'subdistricts']);

/** The province a request's features are limited to (none for admins, national accounts and boundaries). */
function scopeOf(req: Request, def: CollectionDef): string | undefined {
  if (REFERENCE.has(def.id) || !req.principal) return undefined;
  return readProvince(req.principal) ?? undefined;
}

export function ogcRouter(ctx: AppContext): Router {
  const router = Router();
  const { minLon, minLat, maxLon, maxLat } = ctx.config.bounds;
  const fallbackExtent: Bbox = [minLon, minLat, maxLon, maxLat];

  router.get('/', (req, res) => {
    checkFormat(rawParams(req.originalUrl));
    const base = baseUrl(req);
    sendJson(res, {
      title: 'CCTV Atlas — OGC API Features',
      description:
        'กล้องโทรทัศน์วงจรปิด จุดติดตั้งที่วางแผน จุดและเส้นทางเสี่ยง สถานีตำรวจ และเขตการปกครองของประเทศไทย — ' +
        'CCTV cameras, planned sites, risk points and routes, police stations and administrative areas of Thailand.',
      links: [
        { href: base, rel: 'self', type: MEDIA_JSON, title: 'This document' },
        { href: `${base}/api`, rel: 'service-desc', type: MEDIA_OPENAPI, title: 'The API definition (OpenAPI 3.0)' },
        { href: `${base}/conformance`, rel: 'conformance', type: MEDIA_JSON, title: 'Conformance classes' },
        { href: `${base}/collections`, rel: 'data', type: MEDIA_JSON, title: 'The feature collections' },
      ] satisfies Link[],
    });
  });

  router.get('/api', (req, res) => {
    const params = rawParams(req.originalUrl);
    checkFormat(params);
    // ?f=json for browsers and tools that do not know the OpenAPI media type.
    sendJson(res, buildOpenApi(baseUrl(req)), params.get('f') === 'json' ? MEDIA_JSON : MEDIA_OPENAPI);
  });

  router.get('/conformance', (req, res) => {
    checkFormat(rawParams(req.originalUrl));
    sendJson(res, { conformsTo: CONFORMANCE });
  });

  router.get(
    '/collections',
    asyncHandler(async (req, res) => {
      const knex = readerFor(ctx, req, res); // the read replica when fresh (api/src/db/replica.ts)
      checkFormat(rawParams(req.originalUrl));
      const base = baseUrl(req);
      const extents = await selectExtents(knex, COLLECTIONS, (d) => scopeOf(req, d));
      sendJson(res, {
        links: [{ href: `${base}/collections`, rel: 'self', type: MEDIA_JSON, title: 'The feature collections' }] satisfies Link[],
        collections: COLLECTIONS.map((def) => collectionJson(def, base, extents.get(def.id) ?? null, fallbackExtent)),
      });
    }),
  );

  router.get(
    '/collections/:collectionId',
    asyncHandler(async (req, res) => {
      const knex = readerFor(ctx, req, res); // the read replica when fresh (api/src/db/replica.ts)
      const def = collectionOr404(req.params.collectionId);
      checkFormat(rawParams(req.originalUrl));
      const extents = await selectExtents(knex, [def], (d) => scopeOf(req, d));
      sendJson(res, collectionJson(def, baseUrl(req), extents.get(def.id) ?? null, fallbackExtent));
    }),
  );

  router.get('/collections/:collectionId/schema', (req, res) => {
    const def = collectionOr404(req.params.collectionId);
    checkFormat(rawParams(req.originalUrl));
    sendJson(res, featureSchema(def, `${baseUrl(req)}/collections/${def.id}/schema`), MEDIA_SCHEMA);
  });

  router.get('/collections/:collectionId/queryables', (req, res) => {
    const def = collectionOr404(req.params.collectionId);
    checkFormat(rawParams(req.originalUrl));
    sendJson(res, queryablesSchema(def, `${baseUrl(req)}/collections/${def.id}/queryables`), MEDIA_SCHEMA);
  });

  router.get(
    '/collections/:collectionId/items',
    asyncHandler(async (req, res) => {
      const knex = readerFor(ctx, req, res); // the read replica when fresh (api/src/db/replica.ts)
      const def = collectionOr404(req.params.collectionId);
      const params = rawParams(req.originalUrl);
      const { limit, offset, filters: parsed } = parseItemsRequest(def, params);
      const filters = { ...parsed, scopeProvince: scopeOf(req, def) };
      const [rows, matched] = def.computed
        ? await selectViewItems(knex, filters, { limit, offset }).then((p) => [p.rows, p.matched] as const)
        : await Promise.all([selectItems(knex, def, filters, { limit, offset }), countItems(knex, def, filters)]);

      const items = `${baseUrl(req)}/collections/${def.id}/items`;
      const query = params.toString().replace(/%2C/gi, ',');
      const links: Link[] = [
        { href: query ? `${items}?${query}` : items, rel: 'self', type: MEDIA_GEOJSON, title: 'This page' },
        { href: items.slice(0, -'/items'.length), rel: 'collection', type: MEDIA_JSON, title: 'The collection' },
      ];
      if (offset + rows.length < matched) {
        links.push({ href: `${items}?${pageQuery(params, limit, offset + rows.length)}`, rel: 'next', type: MEDIA_GEOJSON, title: 'Next page' });
      }
      if (offset > 0) {
        links.push({ href: `${items}?${pageQuery(params, limit, Math.max(0, offset - limit))}`, rel: 'prev', type: MEDIA_GEOJSON, title: 'Previous page' });
      }

      res.type(MEDIA_GEOJSON).send(
        `{"type":"FeatureCollection","numberMatched":${matched},"numberReturned":${rows.length},` +
          `"timeStamp":${JSON.stringify(new Date().toISOString())},"links":${JSON.stringify(links)},` +
          `"features":[${rows.map((r) => featureText(def, r)).join(',')}]}`,
      );
    }),
  );

  router.get(
    '/collections/:collectionId/items/:featureId',
    asyncHandler(async (req, res) => {
      const knex = readerFor(ctx, req, res); // the read replica when fresh (api/src/db/replica.ts)
      const def = collectionOr404(req.params.collectionId);
      const params = rawParams(req.originalUrl);
      checkFormat(params, ['json', 'geojson']);
      const raw = String(req.params.featureId ?? '');
      const id = parseFeatureId(def, raw);
      const scope = scopeOf(req, def);
      const row = id === undefined ? undefined : def.computed ? await selectViewItem(knex, Number(id), params, scope) : await selectItem(knex, def, id, scope);
      if (!row) throw new NotFoundError(`feature "${raw}" in collection "${def.id}"`);
      const collection = `${baseUrl(req)}/collections/${def.id}`;
      res.type(MEDIA_GEOJSON).send(
        featureText(def, row, [
          {
            // A view collection's feature depends on the mode it was asked in.
            href: `${collection}/items/${encodeURIComponent(String(row.__id))}${def.computed && params.has('mode') ? `?mode=${encodeURIComponent(params.get('mode')!)}` : ''}`,
            rel: 'self',
            type: MEDIA_GEOJSON,
            title: 'This feature',
          },
          { href: collection, rel: 'collection', type: MEDIA_JSON, title: 'The collection' },
        ]),
      );
    }),
  );

  return router;
}
