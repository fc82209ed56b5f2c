import { COLLECTIONS, type CollectionDef } from './collections.js';
import { CRS84, DEFAULT_LIMIT, MAX_LIMIT } from './params.js';
import { propertySchema } from './schema.js';

export const MEDIA_OPENAPI = 'application/vnd.oai.openapi+json;version=3.0';
export const MEDIA_GEOJSON = 'application/geo+json';
export const MEDIA_JSON = 'application/json';

type Obj = Record<string, unknown>;

const ref = (name: string) => ({ $ref: `#/components/${name}` });
const json = (schema: Obj, description: string) => ({ description, content: { [MEDIA_JSON]: { schema } } });

/** Per-collection items path: GDAL's OAPIF driver reads the queryable property names from it. */
function itemsPath(def: CollectionDef): Obj {
  const title = `${def.title.en} (${def.title.th})`;
  return {
    get: {
      tags: ['Data'],
      summary: `${title}: features`,
      description: `${def.description} Ordered by id; page with limit/offset or follow the next link.`,
      operationId: `get_${def.id}_items`,
      parameters: [
        ref('parameters/limit'),
        ref('parameters/offset'),
        ref('parameters/bbox'),
        ref('parameters/datetime'),
        ref('parameters/fGeoJSON'),
        ...def.properties
          .filter((p) => p.queryable)
          .map((p) => ({
            name: p.name,
            in: 'query',
            required: false,
            description: `Only features whose ${p.name} equals this value.`,
            schema: propertySchema(p),
            style: 'form',
            explode: false,
          })),
      ],
      responses: {
        200: ref('responses/Features'),
        400: ref('responses/InvalidParameter'),
        404: ref('responses/NotFound'),
        500: ref('responses/ServerError'),
      },
    },
  };
}

function itemPath(def: CollectionDef): Obj {
  return {
    get: {
      tags: ['Data'],
      summary: `${def.title.en} (${def.title.th}): one feature`,
      operationId: `get_${def.id}_item`,
      parameters: [
        {
          name: 'featureId',
          in: 'path',
          required: true,
          description: def.idType === 'code' ? 'two-digit province code' : 'the feature id',
          schema: def.idType === 'code' ? { type: 'string', pattern: '^[0-9]{2}$' } : { type: 'integer', minimum: 1 },
        },
        ref('parameters/fGeoJSON'),
      ],
      responses: {
        200: ref('responses/Feature'),
        400: ref('responses/InvalidParameter'),
        404: ref('responses/NotFound'),
        500: ref('responses/ServerError'),
      },
    },
  };
}

/** The OpenAPI 3.0 definition of /ogc (rel service-desc), built from the collection table. */
export function buildOpenApi(baseUrl: string): Obj {
  const paths: Obj = {
    '/': {
      get: {
        tags: ['Capabilities'],
        summary: 'Landing page',
        operationId: 'getLandingPage',
        parameters: [ref('parameters/fJSON')],
        responses: { 200: json(ref('schemas/landingPage'), 'Links to the API definition, the conformance classes and the collections.'), 400: ref('responses/InvalidParameter'), 500: ref('responses/ServerError') },
      },
    },
    '/conformance': {
      get: {
        tags: ['Capabilities'],
        summary: 'Conformance classes the server implements',
        operationId: 'getConformanceDeclaration',
        parameters: [ref('parameters/fJSON')],
        responses: { 200: json(ref('schemas/confClasses'), 'The conformance classes.'), 400: ref('responses/InvalidParameter'), 500: ref('responses/ServerError') },
      },
    },
    '/collections': {
      get: {
        tags: ['Capabilities'],
        summary: 'The feature collections',
        operationId: 'getCollections',
        parameters: [ref('parameters/fJSON')],
        responses: { 200: json(ref('schemas/collections'), 'The feature collections with their extents.'), 400: ref('responses/InvalidParameter'), 500: ref('responses/ServerError') },
      },
    },
    '/collections/{collectionId}': {
      get: {
        tags: ['Capabilities'],
        summary: 'One feature collection',
        operationId: 'describeCollection',
        parameters: [ref('parameters/collectionId'), ref('parameters/fJSON')],
        responses: { 200: json(ref('schemas/collection'), 'The collection.'), 400: ref('responses/InvalidParameter'), 404: ref('responses/NotFound'), 500: ref('responses/ServerError') },
      },
    },
  };
  for (const def of COLLECTIONS) {
    paths[`/collections/${def.id}/items`] = itemsPath(def);
    paths[`/collections/${def.id}/items/{featureId}`] = itemPath(def);
  }

  const link = {
    type: 'object',
    required: ['href', 'rel'],
    properties: {
      href: { type: 'string' },
      rel: { type: 'string' },
      type: { type: 'string' },
      hreflang: { type: 'string' },
      title: { type: 'string' },
      length: { type: 'integer' },
    },
  };
  const links = { type: 'array', items: ref('schemas/link') };
  const geometry = {
    type: 'object',
    nullable: true,
    required: ['type', 'coordinates'],
    properties: {
      type: { type: 'string', enum: ['Point', 'LineString', 'Polygon', 'MultiPolygon'] },
      coordinates: { type: 'array', items: {}, description: 'RFC 7946 coordinates: a position [lon, lat], or nested arrays of positions' },
    },
    example: { type: 'Point', coordinates: [100.4555, 14.5896] },
  };

  return {
    openapi: '3.0.3',
    info: {
      title: 'CCTV Atlas — OGC API Features',
      description:
        'Existing cameras, planned sites, risk points and routes, police stations and the administrative areas of Thailand ' +
        'as GeoJSON features in CRS84 (lon/lat). Contact names, phone numbers and stream URLs are not published.',
      version: '1.0.0',
      license: { name: 'MIT', url: 'https://opensource.org/licenses/MIT' },
    },
    servers: [{ url: baseUrl }],
    tags: [
      { name: 'Capabilities', description: 'essential characteristics of this API' },
      { name: 'Data', description: 'access to data (features)' },
    ],
    paths,
    components: {
      parameters: {
        collectionId: {
          name: 'collectionId',
          in: 'path',
          required: true,
          description: 'local identifier of a collection',
          schema: { type: 'string', enum: COLLECTIONS.map((c) => c.id) },
        },
        limit: {
          name: 'limit',
          in: 'query',
          required: false,
          description: `Page size. Values above ${MAX_LIMIT} are served as ${MAX_LIMIT}.`,
          schema: { type: 'integer', minimum: 1, maximum: MAX_LIMIT, default: DEFAULT_LIMIT },
          style: 'form',
          explode: false,
        },
        offset: {
          name: 'offset',
          in: 'query',
          required: false,
          description: 'Number of features (in id order) to skip.',
          schema: { type: 'integer', minimum: 0, default: 0 },
          style: 'form',
          explode: false,
        },
        bbox: {
          name: 'bbox',
          in: 'query',
          required: false,
          description:
            'Only features whose geometry intersects the box minLon,minLat,maxLon,maxLat (CRS84). ' +
            'The 6-number form is accepted and its heights ignored; minLon > maxLon crosses the antimeridian.',
          schema: { type: 'array', minItems: 4, maxItems: 6, items: { type: 'number' } },
          style: 'form',
          explode: false,
        },
        datetime: {
          name: 'datetime',
          in: 'query',
          required: false,
          description: 'RFC 3339 instant or interval. No collection has a temporal geometry, so every feature matches; the value is validated.',
          schema: { type: 'string' },
          style: 'form',
          explode: false,
        },
        fJSON: {
          name: 'f',
          in: 'query',
          required: false,
          description: 'Encoding (only JSON is offered).',
          schema: { type: 'string', enum: ['json'] },
          style: 'form',
          explode: false,
        },
        fGeoJSON: {
          name: 'f',
          in: 'query',
          required: false,
          description: 'Encoding (only GeoJSON is offered; "json" and "geojson" both select it).',
          schema: { type: 'string', enum: ['json', 'geojson'] },
          style: 'form',
          explode: false,
        },
      },
      schemas: {
        link,
        landingPage: {
          type: 'object',
          required: ['links'],
          properties: { title: { type: 'string' }, description: { type: 'string' }, links },
        },
        confClasses: {
          type: 'object',
          required: ['conformsTo'],
          properties: { conformsTo: { type: 'array', items: { type: 'string' } } },
        },
        extent: {
          type: 'object',
          properties: {
            spatial: {
              type: 'object',
              properties: {
                bbox: { type: 'array', minItems: 1, items: { type: 'array', minItems: 4, maxItems: 6, items: { type: 'number' } } },
                crs: { type: 'string', enum: [CRS84], default: CRS84 },
              },
            },
          },
        },
        collection: {
          type: 'object',
          required: ['id', 'links'],
          properties: {
            id: { type: 'string' },
            title: { type: 'string' },
            description: { type: 'string' },
            links,
            extent: ref('schemas/extent'),
            itemType: { type: 'string', default: 'feature' },
            crs: { type: 'array', items: { type: 'string' }, default: [CRS84] },
          },
        },
        collections: {
          type: 'object',
          required: ['links', 'collections'],
          properties: { links, collections: { type: 'array', items: ref('schemas/collection') } },
        },
        geometryGeoJSON: geometry,
        featureGeoJSON: {
          type: 'object',
          required: ['type', 'geometry', 'properties'],
          properties: {
            type: { type: 'string', enum: ['Feature'] },
            id: { oneOf: [{ type: 'string' }, { type: 'integer' }] },
            geometry: ref('schemas/geometryGeoJSON'),
            properties: { type: 'object', nullable: true },
            links,
          },
        },
        featureCollectionGeoJSON: {
          type: 'object',
          required: ['type', 'features'],
          properties: {
            type: { type: 'string', enum: ['FeatureCollection'] },
            features: { type: 'array', items: ref('schemas/featureGeoJSON') },
            links,
            timeStamp: { type: 'string', format: 'date-time' },
            numberMatched: { type: 'integer', minimum: 0 },
            numberReturned: { type: 'integer', minimum: 0 },
          },
        },
        errors: {
          type: 'object',
          required: ['errors'],
          properties: {
            errors: {
              type: 'array',
              items: {
                type: 'object',
                required: ['message', 'code'],
                properties: { message: { type: 'string' }, code: { type: 'string' }, field: { type: 'string', description: 'the offending query parameter' } },
              },
            },
          },
        },
      },
      responses: {
        Features: {
          description: 'A page of features; `next` and `prev` links lead to the neighbouring pages.',
          content: { [MEDIA_GEOJSON]: { schema: ref('schemas/featureCollectionGeoJSON') } },
        },
        Feature: {
          description: 'One feature.',
          content: { [MEDIA_GEOJSON]: { schema: ref('schemas/featureGeoJSON') } },
        },
        InvalidParameter: json(ref('schemas/errors'), 'A query parameter is unknown or has an invalid value; the message names it.'),
        NotFound: json(ref('schemas/errors'), 'No such collection or feature.'),
        ServerError: json(ref('schemas/errors'), 'A server error occurred.'),
      },
    },
  };
}
