import type { CollectionDef, PropertyDef } from './collections.js';

type JsonSchema = Record<string, unknown>;

const GEOMETRY_FORMAT: Record<CollectionDef['geometryType'], string> = {
  Point: 'geometry-point',
  LineString: 'geometry-linestring',
  Polygon: 'geometry-polygon',
  MultiPolygon: 'geometry-multipolygon',
};

/**
 * JSON Schema of one property. One `type` string, no `["string","null"]`: GDAL's OAPIF driver
 * derives its field types from the schema and reads only a plain `type` (a list makes every field
 * a string). Any property may be null.
 */
export function propertySchema(p: PropertyDef, opts: { nullable?: boolean } = {}): JsonSchema {
  const s: JsonSchema =
    p.type === 'string[]'
      ? { type: 'array', items: { type: 'string' } }
      : { type: p.type, ...(p.enum ? { enum: [...p.enum] } : {}) };
  if (p.description) s.description = p.description;
  if (opts.nullable) s.nullable = true; // OpenAPI 3.0 spelling
  return s;
}

/** `describedby` document of a collection: the feature with its typed properties. */
export function featureSchema(def: CollectionDef, selfUrl: string): JsonSchema {
  return {
    $schema: 'https://json-schema.org/draft/2019-09/schema',
    $id: selfUrl,
    title: `${def.title.th} (${def.title.en})`,
    type: 'object',
    required: ['type', 'geometry', 'properties'],
    properties: {
      type: { type: 'string', enum: ['Feature'] },
      id: { type: def.idType === 'code' ? 'string' : 'integer' },
      geometry: { format: GEOMETRY_FORMAT[def.geometryType], description: `GeoJSON ${def.geometryType} in CRS84, or null` },
      properties: {
        type: 'object',
        properties: Object.fromEntries(def.properties.map((p) => [p.name, propertySchema(p)])),
      },
    },
  };
}

/** Queryables (OGC API Features Part 3 shape): the properties usable as `?name=value` filters. */
export function queryablesSchema(def: CollectionDef, selfUrl: string): JsonSchema {
  return {
    $schema: 'https://json-schema.org/draft/2019-09/schema',
    $id: selfUrl,
    type: 'object',
    title: `${def.title.th} (${def.title.en})`,
    properties: Object.fromEntries(def.properties.filter((p) => p.queryable).map((p) => [p.name, propertySchema(p)])),
    additionalProperties: false,
  };
}
