/**
 * Thai text and numbers as officials type them: Thai digits, stray zero-width characters from
 * copy-paste, "1,250,000 บาท", "1.5 ล้าน", "-" for "nothing".
 */
import type { CellValue } from '../types.js';
import { fail, ok, show, type Parsed } from './result.js';

const THAI_ZERO = 0x0e50;

/** ๐๑๒๓๔๕๖๗๘๙ -> 0123456789, everything else unchanged. */
export function thaiDigitsToArabic(s: string): string {
  return s.replace(/[๐-๙]/g, (d) => String(d.charCodeAt(0) - THAI_ZERO));
}

// Zero-width space/joiners, word joiner, BOM and soft hyphen: invisible, but they break matching.
const INVISIBLE = /[\u200B-\u200D\u2060\uFEFF\u00AD]/g;
const SPECIAL = /[\u200B-\u200D\u2060\uFEFF\u00AD\u0E4D\u0E50-\u0E59]/;
// Whitespace that is not a single plain space.
const ODD_SPACE = /\s\s|[^\S ]/;

/**
 * Clean one piece of text: Thai digits to Arabic, invisible characters removed, NIKHAHIT + SARA AA
 * (ํ + า, how some keyboards and PDFs produce it) folded into SARA AM (ำ), whitespace collapsed and
 * trimmed. With keepLineBreaks, line breaks inside a cell (Alt+Enter in Excel) survive as "\n".
 */
export function cleanText(s: string, opts: { keepLineBreaks?: boolean } = {}): string {
  // Importers call this for every cell: skip each step that has nothing to do (NFC only matters
  // for decomposed Latin accents; Thai has no canonical compositions).
  let t = s;
  if (/[\u0300-\u036F]/.test(t)) t = t.normalize('NFC');
  if (SPECIAL.test(t)) t = thaiDigitsToArabic(t.replace(INVISIBLE, '').replace(/\u0E4D\u0E32/g, '\u0E33'));
  if (!opts.keepLineBreaks) return ODD_SPACE.test(t) ? t.replace(/\s+/g, ' ').trim() : t.trim();
  return t
    .split(/\r\n|\r|\n|\u2028/)
    .map((line) => line.replace(/\s+/g, ' ').trim())
    .filter((line) => line !== '')
    .join('\n');
}

/** A cell as text: numbers as written by String(), dates as ISO (date only at midnight UTC). */
export function cellText(v: CellValue | undefined, opts: { keepLineBreaks?: boolean } = {}): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) {
    if (Number.isNaN(v.getTime())) return '';
    const iso = v.toISOString();
    return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso;
  }
  return cleanText(String(v), opts);
}

/** Cells that mean "nothing here" on Thai forms. */
const EMPTY_MARKERS = new Set(['', '-', '--', '–', '—', 'n/a', 'na', '#n/a', 'ไม่ระบุ', 'ไม่มีข้อมูล']);

export function isEmptyCell(v: CellValue | undefined): boolean {
  if (v === null || v === undefined) return true;
  if (typeof v !== 'string') return false;
  const t = v.trim();
  // The longest marker has 11 characters; anything much longer is content (fast path).
  return t.length < 20 && EMPTY_MARKERS.has(cleanText(t).toLowerCase());
}

export const MONEY_UNITS = ['บาท', 'baht', 'thb', '฿', 'บ.'] as const;
export const DAY_UNITS = ['วัน', 'days', 'day'] as const;
export const FPS_UNITS = ['ภาพต่อวินาที', 'ภาพ/วินาที', 'เฟรมต่อวินาที', 'เฟรม/วินาที', 'fps', 'frames/s'] as const;
export const METRE_UNITS = ['เมตร', 'ม.', 'metres', 'meters', 'm'] as const;
export const COUNT_UNITS = ['ตัว', 'กล้อง', 'จุด', 'ชุด', 'cameras', 'camera'] as const;
export const DEGREE_UNITS = ['องศา', 'degrees', 'degree', 'deg', '°', 'º'] as const;

/** Word multipliers written after a number: "1.5 ล้าน" = 1,500,000. Powers of ten, see parseNumber. */
const MULTIPLIERS: [word: string, exponent: number][] = [
  ['ล้าน', 6],
  ['million', 6],
  ['แสน', 5],
  ['หมื่น', 4],
  ['พัน', 3],
];

// 1,250,000 / 1 250 000 / 1250000 / 1250000.50 / .5 (with optional sign)
const NUMBER = /^([+-]?)(\d{1,3}(?:,\d{3})+|\d{1,3}(?: \d{3})+|\d+)?(\.\d+)?$/;

function stripSuffix(s: string, words: readonly string[]): string {
  const lower = s.toLowerCase();
  for (const w of words) if (lower.endsWith(w) && lower.length > w.length) return s.slice(0, -w.length).trim();
  return s;
}

/**
 * A number from a cell. Accepts numbers as they are; text with Thai digits, thousands separators
 * (comma or space, in groups of three), a currency or unit word from `units` (money by default),
 * the Thai accounting tail ".-" ("1,250,000.- บาท") and one word multiplier (ล้าน/แสน/หมื่น/พัน,
 * "million"). "-", "" and "ไม่ระบุ" are empty (null). A decimal comma ("1,5") is refused: Thai
 * usage writes a decimal point, so "1,5" is more likely a typo than 1.5.
 */
export function parseNumber(v: CellValue | undefined, opts: { units?: readonly string[] } = {}): Parsed<number> {
  if (isEmptyCell(v)) return ok(null);
  if (typeof v === 'number') return Number.isFinite(v) ? ok(v) : fail(`${show(v)} is not a number`);
  if (typeof v === 'boolean' || v instanceof Date || v === null || v === undefined) return fail(`expected a number, got ${show(v)}`);
  let s = cleanText(v);
  if (s.startsWith('฿')) s = s.slice(1).trim();
  else if (/^thb\s/i.test(s)) s = s.slice(3).trim();
  s = stripSuffix(s, opts.units ?? MONEY_UNITS);
  let exponent = 0;
  for (const [word, exp] of MULTIPLIERS) {
    const t = stripSuffix(s, [word]);
    if (t !== s) {
      s = t;
      exponent = exp;
      break;
    }
  }
  s = s.replace(/\.-+$/, '').trim();
  const m = NUMBER.exec(s);
  if (!m || (m[2] === undefined && m[3] === undefined)) {
    if (/^[+-]?\d+,\d{1,2}$/.test(s)) return fail(`${show(v)}: a comma is a thousands separator here`, `${s.replace(',', '.')} (decimal point)`);
    const found = s.match(/[+-]?\d[\d,]*(?:\.\d+)?/g);
    return fail(`${show(v)} is not a number`, found?.length === 1 ? found[0]!.replace(/,/g, '') : undefined);
  }
  // Scale through the exponent of the literal so 1.1 ล้าน is exactly 1100000, not 1100000.0000000002.
  const literal = `${m[1]}${(m[2] ?? '0').replace(/[, ]/g, '')}${m[3] ?? ''}e${exponent}`;
  return ok(Number(literal));
}

/** A whole number: like parseNumber, and "2.5" is refused (suggesting the rounded value). */
export function parseInteger(v: CellValue | undefined, opts: { units?: readonly string[] } = {}): Parsed<number> {
  const r = parseNumber(v, opts);
  if (!r.ok || r.value === null || Number.isInteger(r.value)) return r;
  return fail(`${show(v)} is not a whole number`, String(Math.round(r.value)));
}
