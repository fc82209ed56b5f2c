/**
 * Camera direction: degrees clockwise from north ("90", "90°", "๙๐ องศา"), 16-point compass
 * abbreviations and English words (NE, north-east), Thai words (ทิศเหนือ, ตะวันออกเฉียงเหนือ, ใต้ …),
 * OSM ranges ("90-270", "NE-SE") which give the centre and the field of view, and free text such
 * as "Towards Central World" from city sheets: no bearing, a note, not an error.
 */
import type { CellValue } from '../types.js';
import { keyOf } from './match.js';
import { fail, ok, show, type Parsed } from './result.js';
import { cleanText, isEmptyCell } from './thai.js';

export interface Direction {
  directionDeg: number;
  /** Only when the source gave a range (OSM "90-270"). */
  fovDeg?: number;
}

const POINTS = ['N', 'NNE', 'NE', 'ENE', 'E', 'ESE', 'SE', 'SSE', 'S', 'SSW', 'SW', 'WSW', 'W', 'WNW', 'NW', 'NNW'];
const WORDS = new Map<string, number>();
POINTS.forEach((p, i) => WORDS.set(p.toLowerCase(), i * 22.5));
const EN: [string, number][] = [
  ['north', 0], ['northnortheast', 22.5], ['northeast', 45], ['eastnortheast', 67.5], ['east', 90],
  ['eastsoutheast', 112.5], ['southeast', 135], ['southsoutheast', 157.5], ['south', 180],
  ['southsouthwest', 202.5], ['southwest', 225], ['westsouthwest', 247.5], ['west', 270],
  ['westnorthwest', 292.5], ['northwest', 315], ['northnorthwest', 337.5],
];
const TH: [string, number][] = [
  ['เหนือ', 0], ['ตะวันออกเฉียงเหนือ', 45], ['ตะวันออก', 90], ['ตะวันออกเฉียงใต้', 135], ['ใต้', 180],
  ['ตะวันตกเฉียงใต้', 225], ['ตะวันตก', 270], ['ตะวันตกเฉียงเหนือ', 315],
  // Spoken shortcuts: "ทิศออก"/"ทิศตก" for east/west, "อีสาน" for north-east.
  ['ออก', 90], ['ตก', 270], ['อีสาน', 45],
];
for (const [w, d] of [...EN, ...TH]) WORDS.set(keyOf(w), d);

// "ทิศ"/"ทิศทาง" (direction), "ด้าน"/"ฝั่ง" (side), "หันไปทาง" (facing) in front of a Thai compass word.
const THAI_PREFIX = /^(?:หันหน้า|หัน|ไป|ทิศทาง|ทิศ|ทาง|ด้าน|ฝั่ง)+/;
// Text that introduces a target rather than a bearing.
const TOWARDS = /^(?:(?:towards?|facing|to|looking(?: at)?)\s+|(?:หันหน้าไปทาง|หันไปทาง|หันไป|มุ่งหน้า(?:ไป)?|ไปทาง|ส่องไปทาง|ส่องไป|ส่อง|ทาง)\s*)/i;

function compass(text: string): number | undefined {
  const k = keyOf(text);
  return WORDS.get(k) ?? WORDS.get(k.replace(THAI_PREFIX, ''));
}

/** Degrees from "90", "90°", "90 องศา", "90deg"; undefined if the text is not a number. */
function degrees(text: string): number | undefined {
  const m = /^(-?\d+(?:\.\d+)?)\s*(?:°|º|องศา|deg(?:rees?)?)?$/i.exec(text.trim());
  return m ? Number(m[1]) : undefined;
}

function bearing(text: string): number | undefined {
  return degrees(text) ?? compass(text);
}

const norm = (d: number) => ((d % 360) + 360) % 360;
const round = (d: number) => Math.round(d * 1000) / 1000;

export function parseDirection(v: CellValue | undefined): Parsed<Direction> {
  if (isEmptyCell(v)) return ok(null);
  if (typeof v === 'number') return fromDegrees(v, show(v));
  if (typeof v !== 'string') return fail(`expected a direction, got ${show(v)}`);
  const text = cleanText(v);
  const single = bearing(text);
  if (single !== undefined) return degrees(text) !== undefined ? fromDegrees(single, show(v)) : ok({ directionDeg: single });

  // OSM range "from-to", clockwise from `from` to `to`.
  const range = /^(.+?)\s*(?:-|–|—|\bto\b|ถึง)\s*(.+)$/i.exec(text);
  if (range) {
    const a = bearing(range[1]!);
    const b = bearing(range[2]!);
    if (a !== undefined && b !== undefined) {
      if (a < 0 || a > 360 || b < 0 || b > 360) return fail(`${show(v)}: a range needs bearings from 0 to 360`);
      const span = norm(b - a) || 360;
      return ok({ directionDeg: round(norm(a + span / 2)), fovDeg: round(span) });
    }
  }

  const towards = TOWARDS.exec(text);
  if (towards) {
    const rest = text.slice(towards[0].length);
    const b = bearing(rest);
    if (b !== undefined) return degrees(rest) !== undefined ? fromDegrees(b, show(v)) : ok({ directionDeg: b });
    return ok(null, `direction ${show(v)} names a target, not a bearing: left empty (set the bearing in degrees or as N/NE/…)`);
  }
  if (/^[+-]?\d/.test(text)) return fail(`${show(v)} is not a direction`, 'degrees 0–359 clockwise from north, e.g. 90');
  return fail(`${show(v)} is not a direction`, 'degrees (0–359, 0 = north), a compass point (N, NE, ESE …), a Thai direction (ทิศเหนือ …) or a range such as 90-270');
}

function fromDegrees(d: number, raw: string): Parsed<Direction> {
  if (!Number.isFinite(d) || d < 0 || d > 360) return fail(`${raw} is not a bearing from 0 to 360 degrees`);
  return ok({ directionDeg: d === 360 ? 0 : d });
}

/** Field of view in degrees, "90", "90°", "๙๐ องศา". */
export function parseFov(v: CellValue | undefined): Parsed<number> {
  if (isEmptyCell(v)) return ok(null);
  const d = typeof v === 'number' ? v : typeof v === 'string' ? degrees(cleanText(v)) : undefined;
  if (d === undefined || !Number.isFinite(d)) return fail(`${show(v)} is not an angle in degrees`);
  if (d <= 0 || d > 360) return fail(`field of view ${show(v)} must be more than 0 and at most 360 degrees`);
  return ok(d);
}
