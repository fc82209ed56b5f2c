/**
 * Building blocks of the bad-input fuzz test (api/test/fuzz.int.test.ts): a seeded generator, the
 * declared fields of a zod input schema, clearly invalid values for each kind of field, SQL
 * metacharacter strings, invalid GeoJSON, bad ids, the write routes the express app really has,
 * and a fingerprint of every table that holds data.
 */
import fs from 'node:fs';
import path from 'node:path';
import type express from 'express';
import type { Knex } from 'knex';
import type { z } from 'zod';

// ---- seeded generator ---------------------------------------------------------------------------

/** FUZZ_SEED=<n> repeats a run; the default is fixed so a failure repeats without it. */
export const FUZZ_SEED = Number(process.env.FUZZ_SEED ?? 7_2025);

export interface Rng {
  next(): number;
  int(n: number): number;
  pick<T>(xs: readonly T[]): T;
  /** `k` distinct elements of `xs` (all of them when k >= length), in a seeded order. */
  sample<T>(xs: readonly T[], k: number): T[];
}

/** mulberry32: small, fast and good enough to choose test values. */
export function rng(seed: number): Rng {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  return {
    next,
    int,
    pick: (xs) => xs[int(xs.length)]!,
    sample: (xs, k) => {
      const copy = [...xs];
      for (let i = copy.length - 1; i > 0; i--) {
        const j = int(i + 1);
        [copy[i], copy[j]] = [copy[j]!, copy[i]!];
      }
      return copy.slice(0, Math.min(k, copy.length));
    },
  };
}

/** A test's own generator: FUZZ_SEED and its name, so that one test repeats alone (vitest -t) as in a full run. */
export function rngFor(testName: string, seed = FUZZ_SEED): Rng {
  let h = 0x811c9dc5;
  for (let i = 0; i < testName.length; i++) h = Math.imul(h ^ testName.charCodeAt(i), 0x01000193);
  return rng((h ^ seed) >>> 0);
}

// ---- the declared fields of an input schema --------------------------------------------------------

export type FieldKind = 'string' | 'number' | 'enum' | 'array' | 'object' | 'union' | 'boolean' | 'literal' | 'record' | 'other';

export interface FieldInfo {
  key: string;
  kind: FieldKind;
  required: boolean;
  nullable: boolean;
  /** Free text (no format, no pattern): any characters are a valid value up to maxLength. */
  freeText: boolean;
  /** Trimmed by the schema ('' then stored as null for optional text). */
  trimmed: boolean;
  maxLength?: number;
  minLength?: number;
  /** For numbers: whole numbers only; bounds when declared. */
  int?: boolean;
  min?: number;
  max?: number;
  /** For enums: the values. */
  values?: string[];
}

interface ZodInternals {
  _zod: { def: { type: string; innerType?: unknown; in?: unknown; entries?: Record<string, string>; checks?: { _zod: { def: Record<string, unknown> } }[]; format?: string; shape?: Record<string, unknown> } };
}

const defOf = (s: unknown) => (s as ZodInternals)._zod.def;

/** The fields of a zod object schema (strict or not, refined or not), described for the fuzzer. */
export function fieldsOf(schema: z.ZodType): FieldInfo[] {
  const shape = (schema as unknown as { shape?: Record<string, unknown> }).shape;
  if (!shape) throw new Error('fieldsOf: not an object schema');
  return Object.entries(shape).map(([key, s]) => describeField(key, s));
}

function describeField(key: string, s: unknown): FieldInfo {
  let required = true;
  let nullable = false;
  let trimmed = false;
  for (;;) {
    const d = defOf(s);
    if (d.type === 'optional' || d.type === 'default') {
      required = false;
      s = d.innerType;
    } else if (d.type === 'nullable') {
      nullable = true;
      s = d.innerType;
    } else if (d.type === 'pipe') {
      s = d.in;
    } else break;
  }
  const d = defOf(s);
  const kind = (['string', 'number', 'enum', 'array', 'object', 'union', 'boolean', 'literal', 'record'].includes(d.type) ? d.type : 'other') as FieldKind;
  const info: FieldInfo = { key, kind, required, nullable, freeText: false, trimmed };
  const checks = (d.checks ?? []).map((c) => c._zod.def);
  if (kind === 'string') {
    const formatted = d.format !== undefined || checks.some((c) => c.check === 'string_format');
    info.freeText = !formatted;
    info.trimmed = checks.some((c) => c.check === 'overwrite');
    for (const c of checks) {
      if (c.check === 'max_length') info.maxLength = c.maximum as number;
      if (c.check === 'min_length') info.minLength = c.minimum as number;
    }
  }
  if (kind === 'number') {
    for (const c of checks) {
      if (c.check === 'number_format' && String(c.format).includes('int')) info.int = true;
      if (c.check === 'greater_than') info.min = c.value as number;
      if (c.check === 'less_than') info.max = c.value as number;
    }
  }
  if (kind === 'enum') info.values = Object.values(d.entries ?? {});
  return info;
}

// ---- clearly invalid values ------------------------------------------------------------------------

/** JSON text placed as-is into a body (for what JSON.stringify cannot write: 1e999, NaN). */
export class Raw {
  constructor(readonly json: string) {}
}

/** JSON.stringify, with every Raw value written as its text. */
export function toJson(value: unknown): string {
  const raws: string[] = [];
  const text = JSON.stringify(value, (_k, v: unknown) => {
    if (v instanceof Raw) {
      raws.push(v.json);
      return `\u0000raw${raws.length - 1}\u0000`;
    }
    return v;
  });
  return text.replace(/"\\u0000raw(\d+)\\u0000"/g, (_m, i: string) => raws[Number(i)]!);
}

/** 2^31: the first whole number an `int` column cannot hold. */
export const INT4_OVERFLOW = 2 ** 31;

/**
 * Values no reading of the schema accepts for `f`: wrong JSON types (numbers as strings, strings as
 * objects, arrays, booleans, null where null is not allowed) and, per kind, values out of range.
 * Each comes with a label for the failure message.
 */
export function wrongValues(f: FieldInfo): { label: string; value: unknown }[] {
  const out: { label: string; value: unknown }[] = [];
  const add = (label: string, value: unknown) => out.push({ label, value });
  if (!f.nullable) add('null', null);
  add('object', { $ne: null });
  add('nested array', [['x']]);
  switch (f.kind) {
    case 'string':
      add('number', 12345);
      add('boolean', true);
      add('array of strings', ['a', 'b']);
      if (f.maxLength !== undefined) add('one character too long', 'ก'.repeat(f.maxLength + 1));
      if (f.required && f.minLength) add('blank', '   ');
      break;
    case 'number':
      add('numeric string', '12');
      add('boolean', false);
      add('array of numbers', [1]);
      add('1e999 in JSON (Infinity)', new Raw('1e999'));
      if (f.int) add('fraction', 1.5);
      if (f.int && f.max === undefined) add('2^31 (beyond int4)', INT4_OVERFLOW);
      if (f.int && f.max === undefined) add('2^53 (unsafe integer)', 2 ** 53);
      if (f.min !== undefined) add('below the minimum', f.min - 1);
      if (f.max !== undefined) add('above the maximum', f.max + 1);
      if (f.min === undefined) add('-1e308', -1e308);
      if (f.max === undefined) add('1e308', 1e308);
      break;
    case 'enum':
      add('unknown value', 'not_a_value');
      add('upper case value', (f.values?.[0] ?? 'x').toUpperCase());
      add('number', 3);
      add('empty string', '');
      break;
    case 'array':
      add('a string instead of an array', 'deterrence');
      add('array of numbers', [5]);
      add('unknown element', ['not_a_value']);
      add('object', { 0: 'deterrence' });
      break;
    case 'boolean':
      add('string "true"', 'true');
      add('number 1', 1);
      break;
    case 'object':
    case 'union':
      add('WKT string', 'POINT(100.45 14.59)');
      add('number', 5);
      add('empty object', {});
      break;
    case 'record':
      add('array', ['in']);
      add('string', 'in');
      break;
    default:
      add('number', 5);
      break;
  }
  return out;
}

/** Wrong values for formatted strings (codes, dates, URLs) beyond the wrong JSON types. */
export function badFormats(f: FieldInfo, name = f.key): { label: string; value: unknown }[] {
  if (f.kind !== 'string' || f.freeText) return [];
  if (/province/.test(name)) {
    return [
      { label: 'one digit', value: '1' },
      { label: 'three digits', value: '151' },
      { label: 'Thai digits', value: '๑๕' },
      { label: 'code with SQL', value: "15' or '1'='1" },
      { label: 'code and newline', value: '15\n' },
    ];
  }
  if (/_at$/.test(name)) {
    return [
      { label: 'month 13', value: '2019-13-01T00:00:00+07:00' },
      { label: 'date without time', value: '2019-03-01' },
      { label: 'words', value: 'yesterday' },
      { label: 'year 0', value: '0000-01-01T00:00:00Z' },
      { label: 'SQL', value: "2019-03-01T00:00:00Z'; drop table cameras; --" },
    ];
  }
  if (/_on$|since$/.test(name)) {
    return [
      { label: '30 February', value: '2019-02-30' },
      { label: 'compact', value: '20190101' },
      { label: 'year 0', value: '0000-01-01' },
      { label: 'BE year with Thai digits', value: '๒๕๖๒-๐๑-๐๑' },
    ];
  }
  if (/url/.test(name)) {
    return [
      { label: 'not a URL', value: 'not a url' },
      { label: 'scheme only', value: 'http://' },
    ];
  }
  return [{ label: 'garbage', value: '%%%' }];
}

// ---- strings that have broken SQL, LIKE patterns and encodings before ------------------------------

/** Valid text values that must be stored exactly as sent (after trimming). */
export const META_STRINGS: readonly string[] = [
  "'; drop table cameras; --",
  "' or '1'='1",
  'Robert"); DELETE FROM users; --',
  '100% _done_ \\%\\_',
  'back\\slash \\\\ \\x00 \\u0000',
  '$1 ? ?? :name :id \\? $$ $tag$',
  "E'\\047' || chr(39) || '",
  '%',
  '_',
  '\\',
  'น้ำใจ กิ๊ก ปั้่่่่่่่่น ฤๅษี ๑๒๓', // Thai with stacked combining marks and Thai digits
  '📷👮🏽‍♀️🚓 กล้อง 🇹🇭', // emoji with skin tone, ZWJ sequence and a flag
  'ال‮ltr-rtl‬ mix', // right-to-left override
  '<script>alert(1)</script>',
  '{"$gt": ""}',
  'line\nbreak\ttab\r\nend',
];

/** Text no PostgreSQL text column can hold: the NUL character. A clear 400 is the right answer. */
export const NUL_STRINGS: readonly string[] = ['\u0000', 'before\u0000after', "'\u0000; drop table cameras; --"];

/** A value of `s` that fits a field of at most `max` characters (counted in UTF-16 units, as zod does). */
export function fit(s: string, max?: number): string {
  if (max === undefined || s.length <= max) return s;
  return [...s].reduce((acc, ch) => ((acc + ch).length <= max ? acc + ch : acc), '');
}

// ---- invalid GeoJSON -------------------------------------------------------------------------------

const HALL: [number, number] = [100.4555, 14.5896];
const PHO: [number, number] = [100.3216, 14.6637];
const square = (x: number, y: number, d = 0.02): number[][] => [[x, y], [x + d, y], [x + d, y + d], [x, y + d], [x, y]];

/**
 * Geometries that are not an acceptable value of a field expecting `type`: wrong GeoJSON type,
 * unclosed or self-intersecting rings, NaN/Infinity/1e308, swapped or out-of-range positions,
 * 3D positions, empty coordinates, a MultiPoint where a Point is expected. `raw` is JSON text for
 * the values JSON.stringify cannot write (NaN).
 */
export function badGeometries(type: 'Point' | 'LineString' | 'MultiPolygon'): { label: string; value?: unknown; raw?: string }[] {
  const common = [
    { label: 'Feature instead of geometry', value: { type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: HALL } } },
    { label: 'GeometryCollection', value: { type: 'GeometryCollection', geometries: [{ type: 'Point', coordinates: HALL }] } },
    { label: 'WKT', value: 'POINT(100.4555 14.5896)' },
    { label: 'unknown type', value: { type: 'Circle', coordinates: HALL, radius: 5 } },
    { label: 'type in lower case', value: { type: type.toLowerCase(), coordinates: type === 'Point' ? HALL : [HALL, PHO] } },
    { label: 'no coordinates', value: { type } },
    { label: 'coordinates null', value: { type, coordinates: null } },
    { label: 'empty coordinates', value: { type, coordinates: [] } },
    { label: 'extra member crs', value: { type: 'Point', coordinates: HALL, crs: { type: 'name', properties: { name: 'EPSG:3857' } } } },
  ];
  if (type === 'Point') {
    return [
      ...common,
      { label: 'MultiPoint where Point is expected', value: { type: 'MultiPoint', coordinates: [HALL] } },
      { label: 'LineString where Point is expected', value: { type: 'LineString', coordinates: [HALL, PHO] } },
      { label: 'lon/lat swapped', value: { type: 'Point', coordinates: [HALL[1], HALL[0]] } },
      { label: 'latitude beyond 90', value: { type: 'Point', coordinates: [100.45, 95] } },
      { label: 'longitude beyond 180', value: { type: 'Point', coordinates: [190, 14.5] } },
      { label: 'outside Thailand (Paris)', value: { type: 'Point', coordinates: [2.35, 48.85] } },
      { label: '1e308', value: { type: 'Point', coordinates: [1e308, 1e308] } },
      { label: '-1e308', value: { type: 'Point', coordinates: [-1e308, 14.5] } },
      { label: 'Infinity (1e999 in JSON)', raw: '{"type":"Point","coordinates":[1e999,14.5]}' },
      { label: 'NaN (not JSON)', raw: '{"type":"Point","coordinates":[NaN,14.5]}' },
      { label: '3D position', value: { type: 'Point', coordinates: [...HALL, 12] } },
      { label: 'one number', value: { type: 'Point', coordinates: [100.45] } },
      { label: 'numbers as strings', value: { type: 'Point', coordinates: ['100.4555', '14.5896'] } },
      { label: 'nested position', value: { type: 'Point', coordinates: [HALL] } },
      { label: 'nulls', value: { type: 'Point', coordinates: [null, null] } },
    ];
  }
  if (type === 'LineString') {
    return [
      ...common,
      { label: 'Point where LineString is expected', value: { type: 'Point', coordinates: HALL } },
      { label: 'MultiLineString', value: { type: 'MultiLineString', coordinates: [[HALL, PHO]] } },
      { label: 'one position', value: { type: 'LineString', coordinates: [HALL] } },
      { label: 'a position swapped', value: { type: 'LineString', coordinates: [HALL, [PHO[1], PHO[0]]] } },
      { label: 'a position beyond 180', value: { type: 'LineString', coordinates: [HALL, [181, 14.6]] } },
      { label: '1e308', value: { type: 'LineString', coordinates: [HALL, [1e308, -1e308]] } },
      { label: 'Infinity (1e999 in JSON)', raw: `{"type":"LineString","coordinates":[[${HALL.join(',')}],[1e999,14.6]]}` },
      { label: 'NaN (not JSON)', raw: `{"type":"LineString","coordinates":[[${HALL.join(',')}],[NaN,14.6]]}` },
      { label: '3D positions', value: { type: 'LineString', coordinates: [[...HALL, 1], [...PHO, 2]] } },
      { label: 'flat list of numbers', value: { type: 'LineString', coordinates: [...HALL, ...PHO] } },
    ];
  }
  const [x, y] = [100.3, 14.64];
  return [
    ...common,
    { label: 'Point where an area is expected', value: { type: 'Point', coordinates: HALL } },
    { label: 'unclosed ring', value: { type: 'Polygon', coordinates: [square(x, y).slice(0, 4)] } },
    { label: 'ring of three positions', value: { type: 'Polygon', coordinates: [[[x, y], [x + 0.01, y], [x, y]]] } },
    {
      label: 'self-intersecting (bow tie)',
      value: { type: 'Polygon', coordinates: [[[x, y], [x + 0.02, y + 0.02], [x + 0.02, y], [x, y + 0.02], [x, y]]] },
    },
    {
      label: 'hole outside its shell',
      value: { type: 'Polygon', coordinates: [square(x, y), square(x + 0.1, y + 0.1, 0.005)] },
    },
    {
      label: 'overlapping MultiPolygon parts',
      value: { type: 'MultiPolygon', coordinates: [[square(x, y)], [square(x + 0.01, y + 0.01)]] },
    },
    { label: 'polygon in Europe', value: { type: 'Polygon', coordinates: [square(2.3, 48.8)] } },
    { label: 'polygon with swapped positions', value: { type: 'Polygon', coordinates: [square(y, x)] } },
    { label: 'Polygon with a flat ring', value: { type: 'Polygon', coordinates: [[x, y, x + 1, y + 1]] } },
    { label: 'MultiPolygon one level short', value: { type: 'MultiPolygon', coordinates: [square(x, y)] } },
    { label: '3D ring', value: { type: 'Polygon', coordinates: [square(x, y).map((p) => [...p, 5])] } },
    { label: '1e308 ring', value: { type: 'Polygon', coordinates: [[[x, y], [1e308, y], [1e308, 1e308], [x, y]]] } },
    { label: 'NaN (not JSON)', raw: `{"type":"Polygon","coordinates":[[[${x},${y}],[NaN,${y}],[${x + 0.01},${y + 0.01}],[${x},${y}]]]}` },
  ];
}

// ---- bad ids ---------------------------------------------------------------------------------------

/**
 * Path ids that are no record's: malformed (400) or well formed but impossible (400 or 404). None of
 * them may reach the database as anything but a bound number, and none may be a 500.
 */
export const BAD_IDS: readonly { id: string; label: string }[] = [
  { id: '-1', label: 'negative' },
  { id: '0', label: 'zero' },
  { id: '9223372036854775808', label: '2^63' },
  { id: '18446744073709551616', label: '2^64' },
  { id: '9007199254740993', label: '2^53 + 1' },
  { id: '9007199254740991', label: 'the largest safe integer' },
  { id: '2147483648', label: '2^31 (beyond int4)' },
  { id: '2147483647', label: '2^31 - 1' },
  { id: '1.5', label: 'fraction' },
  { id: '1e3', label: 'exponent' },
  { id: '0x10', label: 'hexadecimal' },
  { id: 'abc', label: 'letters' },
  { id: '๑๒', label: 'Thai digits' },
  { id: encodeURIComponent("1'; drop table cameras; --"), label: 'SQL' },
  { id: encodeURIComponent('1 or 1=1'), label: 'SQL tautology' },
  { id: '%00', label: 'NUL' },
  { id: '1%00', label: 'digit and NUL' },
  { id: '%25', label: 'percent' },
  { id: '_', label: 'underscore' },
  { id: '%5C', label: 'backslash' },
  { id: '%F0%9F%93%B7', label: 'emoji' },
  { id: '%E0%B8', label: 'broken UTF-8' },
  { id: encodeURIComponent(' 1'), label: 'leading space' },
  { id: 'null', label: 'null' },
];

// ---- the write routes the app really has -----------------------------------------------------------

interface Layer {
  rawPath?: string | string[];
  route?: { path: string; methods: Record<string, boolean> };
  handle?: { stack?: Layer[] };
}

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE', 'ALL']);

/** "METHOD /path" of every route the app has (GET, POST…; ALL for app.all), found by walking its routers. */
export function appRoutes(app: express.Express): string[] {
  const out = new Set<string>();
  const walk = (stack: Layer[], prefix: string) => {
    for (const layer of stack) {
      const paths = layer.rawPath === undefined ? [''] : Array.isArray(layer.rawPath) ? layer.rawPath : [layer.rawPath];
      for (const p of paths) {
        const base = prefix + (p === '/' ? '' : p);
        if (layer.route) {
          for (const [m, on] of Object.entries(layer.route.methods)) {
            if (on) out.add(`${m === '_all' ? 'ALL' : m.toUpperCase()} ${base.replace(/\/$/, '') || '/'}`);
          }
        } else if (Array.isArray(layer.handle?.stack)) walk(layer.handle.stack, base);
      }
    }
  };
  const router = (app as unknown as { router?: { stack: Layer[] } }).router;
  if (!router) throw new Error('appRoutes: the app has no router (express changed?)');
  walk(router.stack, '');
  return [...out].sort();
}

/** "METHOD /path" of every route that can change something. */
export function writeRoutes(app: express.Express): string[] {
  return appRoutes(app).filter((r) => WRITE_METHODS.has(r.split(' ')[0]!));
}

/**
 * The literal paths of `.post( / .put( / .patch( / .delete( / .all(` calls in the API's source,
 * to check that the walk above sees every route the code declares (template paths are skipped:
 * the walk finds them).
 */
export function sourceWriteRoutes(srcDir: string): { file: string; method: string; path: string }[] {
  const out: { file: string; method: string; path: string }[] = [];
  const files = fs.readdirSync(srcDir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));
  for (const f of files) {
    const text = fs.readFileSync(path.join(srcDir, f), 'utf8');
    for (const m of text.matchAll(/\b\w+\.(post|put|patch|delete|all)\(\s*(['"])(\/[^'"]*)\2/g)) {
      out.push({ file: f, method: m[1]!.toUpperCase(), path: m[3]! });
    }
  }
  return out;
}

// ---- what the database holds -----------------------------------------------------------------------

/** Reference data loaded once (boundaries) and bookkeeping of PostGIS and the migrations. */
const REFERENCE_TABLES = new Set(['provinces', 'districts', 'subdistricts', 'area_parts', 'spatial_ref_sys', 'schema_migrations']);

/** Columns that reads and logins touch (last use of a token or session, last login): not a change of data. */
const VOLATILE_COLUMNS: Record<string, string[]> = {
  users: ['last_login_at'],
  api_tokens: ['last_used_at'],
  sessions: ['last_seen_at'],
};

export type DbState = Record<string, string>;

/**
 * "rows:md5" of every table of the current schema except the reference data — every domain table,
 * the audit log, accounts, sessions, tokens, certifications, and any table a later migration adds.
 */
export async function dbState(knex: Knex, skip: readonly string[] = []): Promise<DbState> {
  const { rows: tables } = await knex.raw<{ rows: { t: string }[] }>(
    `select table_name t from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE' order by 1`,
  );
  const parts = tables
    .map((r) => r.t)
    .filter((t) => !REFERENCE_TABLES.has(t) && !skip.includes(t))
    .map((t) => {
      const drop = VOLATILE_COLUMNS[t];
      const expr = drop ? `(to_jsonb(x) - array[${drop.map((c) => `'${c}'`).join(', ')}])::text` : 'x::text';
      return `select '${t}' t, count(*) || ':' || coalesce(md5(string_agg(${expr}, '|' order by ${expr})), '') v from "${t}" x`;
    });
  const { rows } = await knex.raw<{ rows: { t: string; v: string }[] }>(parts.join(' union all '));
  return Object.fromEntries(rows.map((r) => [r.t, r.v]));
}

/** The tables whose fingerprint differs. */
export function changedTables(before: DbState, after: DbState): string[] {
  return [...new Set([...Object.keys(before), ...Object.keys(after)])].filter((t) => before[t] !== after[t]).sort();
}
