/**
 * One source row -> the input of a domain schema. Every cell goes through the normaliser of its
 * field (columns.ts says which); problems become RowIssues naming the row, the column as written
 * in the file, the value, a message and, when there is one, a suggestion. Empty cells are left out
 * of `input` (the schema's defaults apply); names of agencies, police stations and provinces go to
 * `refs` for the pipeline to resolve.
 */
import { CameraPurpose } from '../../domain/enums.js';
import { FIELDS, GEOMETRY_KINDS, fieldDef, type ColumnRecognition, type FieldDef } from '../columns.js';
import type { CellValue, GeoJsonGeometry, ImportKind, RowIssue, SourceRow } from '../types.js';
import { parseCoordinatePair, parseLatLon, type CoordinateOptions, type LonLat } from './coordinates.js';
import { parseYear } from './dates.js';
import { parseDirection, parseFov } from './direction.js';
import { parseCameraType, parseFlag, parsePurposes } from './enums.js';
import { areaCentroid, parseGeometryCell, toArea, toLineString, toPoint } from './geometry.js';
import { keyOf } from './match.js';
import { show, type Parsed } from './result.js';
import { cellText, isEmptyCell, parseInteger, parseNumber } from './thai.js';

export * from './coordinates.js';
export * from './dates.js';
export * from './direction.js';
export * from './enums.js';
export * from './geometry.js';
export * from './result.js';
export * from './thai.js';

export interface NormaliseOptions extends CoordinateOptions {
  /** lao_survey: the survey year (CE) when the file has no year column. */
  surveyYear?: number;
}

export interface NormalisedRow {
  /** 'totals': a "รวม/รวมทั้งสิ้น/total" row of an official form; 'empty': nothing in it. Neither is a record. */
  rowKind: 'record' | 'totals' | 'empty';
  /** Domain field names -> typed values, ready for the kind's zod input schema. */
  input: Record<string, unknown>;
  /** Problems that make the row invalid. */
  issues: RowIssue[];
  /** Worth telling the user, but the row is fine (a 2-digit year read as BE, "Towards X"). */
  notes: RowIssue[];
  refs: { agency?: string; police_station?: string; province?: string };
}

const TOTAL_WORDS = new Set(['รวม', 'รวมทั้งสิ้น', 'รวมทั้งหมด', 'ยอดรวม', 'ผลรวม', 'total', 'totals', 'grandtotal', 'sum'].map(keyOf));
const TOTAL_START = /^\s*(?:รวม|ยอด|ผล|total|grand|sum)/i; // cheap filter before keyOf
const NAME_FIELDS = ['place_name', 'name', 'name_th', 'lao_name'];

export function normaliseRow(kind: ImportKind, row: SourceRow, columns: ColumnRecognition, opts: NormaliseOptions = {}): NormalisedRow {
  const out: NormalisedRow = { rowKind: 'record', input: {}, issues: [], notes: [], refs: {} };
  const { input, refs } = out;
  const cells = Object.values(row.fields);
  // Empty apart from ignored columns: forms often come with numbered blank rows ("8", "9", …).
  const ignored = new Set(columns.ignored);
  if (!row.geometry && Object.entries(row.fields).every(([h, v]) => ignored.has(h) || isEmptyCell(v))) {
    out.rowKind = 'empty';
    return out;
  }
  const nameHeader = NAME_FIELDS.map((f) => columns.byField[f]).find((h) => h !== undefined);
  const totals = cells.some((v) => typeof v === 'string' && TOTAL_START.test(v) && TOTAL_WORDS.has(keyOf(v))) && (nameHeader === undefined || isEmptyCell(row.fields[nameHeader]));
  if (totals) out.rowKind = 'totals';

  /** The cell of a field, or its mapping default when the cell is empty; with the column to blame. */
  const cell = (field: string): { value: CellValue | undefined; column: string } => {
    const header = columns.byField[field];
    const value = header === undefined ? undefined : row.fields[header];
    if (isEmptyCell(value) && field in columns.defaults) return { value: columns.defaults[field], column: header ?? `(default for ${field})` };
    return { value, column: header ?? '' };
  };
  const issue = (column: string, value: unknown, message: string, suggestion?: string) => {
    const i: RowIssue = { row: row.row, column, value: value === undefined || value === null ? '' : value instanceof Date || typeof value !== 'object' ? plain(value) : JSON.stringify(value), message };
    if (suggestion !== undefined) i.suggestion = suggestion;
    out.issues.push(i);
  };
  const note = (column: string, value: unknown, message: string) => out.notes.push({ row: row.row, column, value: plain(value), message });
  const failed = new Set<string>();
  /** Run a parser on a field's cell; report failure; hand the value (null = empty) to `use`. */
  const take = <T>(field: string, parse: (v: CellValue | undefined) => Parsed<T>, use: (v: T) => void) => {
    const { value, column } = cell(field);
    const r = parse(value);
    if (!r.ok) {
      failed.add(field);
      return issue(column, value, r.message, r.suggestion);
    }
    if (r.note) note(column, value, r.note);
    if (r.value !== null) use(r.value);
  };

  const purposes = new Set<string>();
  for (const def of plan(kind, columns)) {
    const field = def.field;
    switch (def.type) {
      case 'text':
      case 'longtext':
      case 'phone': {
        const { value, column } = cell(field);
        let text = cellText(value, { keepLineBreaks: def.type === 'longtext' });
        // Excel drops the leading 0 of Thai phone numbers typed as numbers (0812345678 -> 812345678).
        if (def.type === 'phone' && typeof value === 'number' && /^[1-9]\d{7,8}$/.test(text)) {
          text = `0${text}`;
          note(column, value, `phone number read as ${text} (Excel dropped the leading 0)`);
        }
        if (text !== '' && !isEmptyCell(text)) input[field] = text;
        break;
      }
      case 'int':
        take(field, (v) => parseInteger(v, { units: def.units ?? [] }), (v) => (input[field] = v));
        break;
      case 'number':
        take(field, (v) => parseNumber(v, { units: def.units ?? [] }), (v) => (input[field] = v));
        break;
      case 'year':
        take(field, parseYear, (v) => (input[field] = v));
        break;
      case 'enum':
        take(field, (v) => def.enum!.parse(v), (v) => (input[field] = v));
        break;
      case 'cameraType':
        take(field, parseCameraType, (v) => Object.assign(input, v));
        break;
      case 'purposes':
        take(field, parsePurposes, (v) => v.forEach((p) => purposes.add(p)));
        break;
      case 'purposeFlag':
        take(field, parseFlag, (v) => v && purposes.add(field.slice('purpose:'.length)));
        break;
      case 'direction':
        take(field, parseDirection, (v) => {
          input.direction_deg = v.directionDeg;
          if (v.fovDeg !== undefined) input.fov_deg = v.fovDeg;
        });
        break;
      case 'fov':
        take(field, parseFov, (v) => (input.fov_deg = v));
        break;
      case 'ref': {
        const text = cellText(cell(field).value);
        if (text === '' || isEmptyCell(text)) break;
        // A two-digit province code can go straight to the record; names are resolved by the pipeline.
        if (field === 'province' && /^\d{1,2}$/.test(text)) input.province_code = text.padStart(2, '0');
        refs[field as keyof NormalisedRow['refs']] = text;
        break;
      }
      default:
        break; // lat, lon, coordinates, wkt: below
    }
  }
  if (purposes.size > 0) input.purposes = CameraPurpose.values.filter((p) => purposes.has(p));

  if (out.rowKind === 'totals') return out;

  if (GEOMETRY_KINDS.has(kind)) locate(kind, row, columns, opts, input, issue, note);

  if (kind === 'lao_survey') {
    if (input.survey_year === undefined) {
      if (opts.surveyYear !== undefined) input.survey_year = opts.surveyYear;
      else issue(columns.byField.survey_year ?? '', '', 'the survey year is missing', 'add a ปี (year) column or give the survey year');
    }
    // On the official form a blank count next to filled ones means none: read it as 0, with a note.
    const COUNTS = ['total', 'working', 'under_repair', 'beyond_repair'] as const;
    if (COUNTS.some((f) => typeof input[f] === 'number')) {
      for (const f of COUNTS) {
        const column = columns.byField[f];
        if (input[f] === undefined && !failed.has(f) && column !== undefined && isEmptyCell(row.fields[column])) {
          input[f] = 0;
          note(column, '', 'blank count read as 0');
        }
      }
    }
    const [t, w, u, b] = [input.total, input.working, input.under_repair, input.beyond_repair];
    if (typeof t === 'number' && typeof w === 'number' && typeof u === 'number' && typeof b === 'number' && t !== w + u + b) {
      issue(columns.byField.total ?? '', t, `total ${t} is not working ${w} + under repair ${u} + beyond repair ${b} = ${w + u + b}`, String(w + u + b));
    }
  }

  for (const def of FIELDS[kind]) {
    if (!def.required) continue;
    // A value that failed to parse is already reported.
    if (input[def.field] !== undefined || failed.has(def.field)) continue;
    const column = columns.byField[def.field];
    issue(column ?? '', column === undefined ? '' : row.fields[column], column === undefined ? `no column for ${def.field} (${def.th} / ${def.en})` : `${def.th} (${def.field}) is required`);
  }
  return out;
}

const plans = new WeakMap<ColumnRecognition, FieldDef[]>();
/**
 * The fields to read for a recognition, computed once per file: combined and derived columns
 * first, so that the specific ones (system, kind, fov_deg) overwrite what they produced.
 */
function plan(kind: ImportKind, columns: ColumnRecognition): FieldDef[] {
  let defs = plans.get(columns);
  if (defs) return defs;
  const order: Partial<Record<FieldDef['type'], number>> = { cameraType: 0, direction: 0 };
  defs = [...new Set([...Object.keys(columns.byField), ...Object.keys(columns.defaults)])]
    .map((f) => fieldDef(kind, f))
    .filter((d): d is FieldDef => d !== undefined)
    .sort((a, b) => (order[a.type] ?? 1) - (order[b.type] ?? 1));
  plans.set(columns, defs);
  return defs;
}

function plain(v: unknown): string {
  if (v === undefined || v === null) return '';
  if (v instanceof Date) return show(v);
  return String(v);
}

type IssueFn = (column: string, value: unknown, message: string, suggestion?: string) => void;
type NoteFn = (column: string, value: unknown, message: string) => void;

/**
 * Geometry: the feature's own geometry when the format has one, else the coordinate columns.
 * Police stations may come as jurisdiction polygons: the polygon becomes `jurisdiction` and the
 * station point comes from the coordinate columns or, failing those, the polygon's centroid.
 */
function locate(kind: ImportKind, row: SourceRow, columns: ColumnRecognition, opts: CoordinateOptions, input: Record<string, unknown>, issue: IssueFn, note: NoteFn): void {
  const b = columns.byField;
  const line = kind === 'risk_routes';
  const fromGeometry = (g: GeoJsonGeometry, column: string): void => {
    if (kind === 'police_stations' && (g.type === 'Polygon' || g.type === 'MultiPolygon')) {
      const a = toArea(g, opts);
      if (!a.ok) return issue(column, g.type, `jurisdiction: ${a.message}`, a.suggestion);
      input.jurisdiction = a.value;
      const p = pointFromColumns();
      if (p !== undefined) return;
      const c = areaCentroid(a.value!);
      input.geometry = { type: 'Point', coordinates: [c.lon, c.lat] };
      note(column, g.type, `no station position given: the centroid of the jurisdiction (${c.lat}, ${c.lon}) is used`);
      return;
    }
    const r = line ? toLineString(g, opts) : toPoint(g, opts);
    if (!r.ok) return issue(column, g.type, r.message, r.suggestion);
    if (r.note) note(column, g.type, r.note);
    input.geometry = r.value;
  };
  /** From lat/lon or a single coordinates cell; undefined when no coordinate column has a value. */
  const pointFromColumns = (): LonLat | undefined | null => {
    let r: Parsed<LonLat>;
    let column: string;
    let value: string;
    if (b.lat !== undefined && b.lon !== undefined) {
      const [lat, lon] = [row.fields[b.lat], row.fields[b.lon]];
      r = parseLatLon(lat, lon, opts);
      column = `${b.lat}, ${b.lon}`;
      value = `${plain(lat)}, ${plain(lon)}`;
    } else if (b.coordinates !== undefined || b.coordinates_lonlat !== undefined) {
      const lonFirst = b.coordinates === undefined;
      column = (lonFirst ? b.coordinates_lonlat : b.coordinates)!;
      const v = row.fields[column];
      value = plain(v);
      r = parseCoordinatePair(v, { ...opts, order: lonFirst ? 'lonlat' : 'latlon' });
    } else return undefined;
    if (!r.ok) {
      issue(column, value, r.message, r.suggestion);
      return null;
    }
    if (r.value === null) return undefined;
    if (r.note) note(column, value, r.note);
    input.geometry = { type: 'Point', coordinates: [r.value.lon, r.value.lat] };
    return r.value;
  };

  if (row.geometry) return fromGeometry(row.geometry, b.wkt ?? '(geometry)');
  if (b.wkt !== undefined && !isEmptyCell(row.fields[b.wkt])) {
    const g = parseGeometryCell(cellText(row.fields[b.wkt]));
    if (!g.ok) return issue(b.wkt, row.fields[b.wkt], g.message, g.suggestion);
    if (g.value) return fromGeometry(g.value, b.wkt);
  }
  if (!line) {
    const p = pointFromColumns();
    if (p !== undefined) return;
  }
  const where = line ? b.wkt : columns.coordinateMode === 'latlon' ? `${b.lat}, ${b.lon}` : (b.coordinates ?? b.coordinates_lonlat ?? b.wkt);
  issue(
    where ?? '',
    '',
    line ? 'the route has no line geometry' : 'coordinates are missing',
    line ? 'import routes from GeoJSON/KML or a WKT LINESTRING column' : 'fill latitude and longitude (e.g. 13.71197, 100.42091 from Google Maps)',
  );
}
