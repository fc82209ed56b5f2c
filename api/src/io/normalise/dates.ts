/**
 * Dates and years as Thai officials write them. Years: 2400–2700 are Buddhist Era (BE = CE + 543),
 * 1900–2200 Common Era. Two-digit years ("8 ส.ค. 59") are read as BE 25yy, the Thai habit, when
 * yy >= 30 (CE 1987–2056) and reported as ambiguous below that ("16" could be 2016 or BE 2516),
 * with a note either way so the reader sees the reading. Day comes before month ("17/12/2558").
 * Times are Thai wall-clock time: datetimes come out with +07:00.
 */
import type { CellValue } from '../types.js';
import { closest, keyOf } from './match.js';
import { fail, ok, show, type Parsed } from './result.js';
import { cleanText } from './thai.js';

export const BE_OFFSET = 543;

/** Full Thai name, official abbreviation, English name; index + 1 = month number. */
export const THAI_MONTHS: readonly (readonly [full: string, abbr: string, en: string])[] = [
  ['มกราคม', 'ม.ค.', 'January'],
  ['กุมภาพันธ์', 'ก.พ.', 'February'],
  ['มีนาคม', 'มี.ค.', 'March'],
  ['เมษายน', 'เม.ย.', 'April'],
  ['พฤษภาคม', 'พ.ค.', 'May'],
  ['มิถุนายน', 'มิ.ย.', 'June'],
  ['กรกฎาคม', 'ก.ค.', 'July'],
  ['สิงหาคม', 'ส.ค.', 'August'],
  ['กันยายน', 'ก.ย.', 'September'],
  ['ตุลาคม', 'ต.ค.', 'October'],
  ['พฤศจิกายน', 'พ.ย.', 'November'],
  ['ธันวาคม', 'ธ.ค.', 'December'],
];

const MONTH_KEYS = new Map<string, number>();
THAI_MONTHS.forEach(([full, abbr, en], i) => {
  for (const w of [full, abbr, en, en.slice(0, 3)]) MONTH_KEYS.set(keyOf(w), i + 1);
});
// Common misspellings and English abbreviations that are not the first three letters.
for (const [w, m] of [['กรกฏาคม', 7], ['กุมภาพันธ', 2], ['sept', 9]] as const) MONTH_KEYS.set(keyOf(w), m);

export function monthNumber(word: string): number | undefined {
  return MONTH_KEYS.get(keyOf(word));
}

export interface DateParts {
  /** Common Era. */
  year: number;
  month: number;
  day: number;
  /** millisecond: only when the source had a fraction of a second (ISO text, an Excel date-time). */
  time?: { hour: number; minute: number; second: number; millisecond?: number };
  /** Minutes east of UTC when the text said so (ISO "Z" / "+07:00"); otherwise Thai time. */
  offsetMinutes?: number;
}

type Era = 'BE' | 'CE' | undefined;

/**
 * A written year to CE. `digits` is how many digits were written (a number cell counts as 4).
 * The era, when the text names it (พ.ศ./ค.ศ.), wins over the ranges.
 */
export function yearToCe(y: number, digits: number, era?: Era): Parsed<number> {
  if (digits === 2) {
    if (era === 'CE') return ok(2000 + y);
    if (era === 'BE' || y >= 30) return ok(2500 + y - BE_OFFSET, `2-digit year ${pad(y)} read as BE 25${pad(y)} (${2500 + y - BE_OFFSET})`);
    return fail(`2-digit year ${pad(y)} is ambiguous`, `write the full year: 25${pad(y)} (BE) or 20${pad(y)} (CE)`);
  }
  if (digits !== 4 || !Number.isInteger(y)) return fail(`${y} is not a year`);
  if (era === 'BE') return y >= 2400 && y <= 2700 ? ok(y - BE_OFFSET) : fail(`${y} is not a Buddhist Era year (2400–2700)`);
  if (era === 'CE') return y >= 1900 && y <= 2200 ? ok(y) : fail(`${y} is not a Common Era year (1900–2200)`);
  if (y >= 2400 && y <= 2700) return ok(y - BE_OFFSET);
  if (y >= 1900 && y <= 2200) return ok(y);
  return fail(`${y} is neither a Buddhist Era (2400–2700) nor a Common Era (1900–2200) year`);
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

const ERA = /(พ\.?\s?ศ\.?|ค\.?\s?ศ\.?|\bB\.?E\.?|\bC\.?E\.?|\bA\.?D\.?)/i;
function eraOf(marker: string | undefined): Era {
  if (!marker) return undefined;
  return /^(พ|b)/i.test(marker) ? 'BE' : 'CE';
}

const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);

/**
 * A JS Date as exceljs produces it: the wall-clock value in UTC fields. A year of 2400–2700 means
 * someone typed a BE date into a non-Thai Excel, which stored it as that CE year.
 */
function fromDate(d: Date): Parsed<DateParts> {
  if (Number.isNaN(d.getTime())) return fail('not a valid date');
  let year = d.getUTCFullYear();
  let note: string | undefined;
  if (year >= 2400 && year <= 2700) {
    note = `Excel date in year ${year} read as BE (${year - BE_OFFSET})`;
    year -= BE_OFFSET;
  }
  if (year < 1900 || year > 2200) return fail(`${show(d)} is outside 1900–2200`);
  const parts: DateParts = { year, month: d.getUTCMonth() + 1, day: d.getUTCDate() };
  const [hour, minute, second, millisecond] = [d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds(), d.getUTCMilliseconds()];
  if (hour || minute || second || millisecond) parts.time = millisecond ? { hour, minute, second, millisecond } : { hour, minute, second };
  return ok(parts, note);
}

/**
 * Excel serial day number (1 = 1900-01-01, fraction = time of day). Only serials from 1950 on
 * are taken as dates: a small number in a date column is a typo or a bare year, not 1900-01-04.
 */
function fromSerial(n: number): Parsed<DateParts> {
  const r = fromDate(new Date(EXCEL_EPOCH_MS + Math.round(n * 86_400_000)));
  if (r.ok && r.value && r.note === undefined && r.value.year >= 1950) return r;
  if (Number.isInteger(n) && n >= 1900 && n <= 2700) return fail(`${n} is a year, not a date`, 'write the whole date, e.g. 17/12/2558');
  return fail(`${n} is not an Excel date`);
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function build(yearText: string, month: number, day: number, era: Era, time: DateParts['time'], raw: string): Parsed<DateParts> {
  const y = yearToCe(Number(yearText), yearText.length, era);
  if (!y.ok || y.value === null) return y.ok ? fail(`no year in ${raw}`) : y;
  if (month < 1 || month > 12) {
    const swapped = day >= 1 && day <= 12 && month <= daysInMonth(y.value, day);
    return fail(`month ${month} does not exist in ${raw} (dates are day/month/year)`, swapped ? `${month}/${day}/${yearText}` : undefined);
  }
  if (day < 1 || day > daysInMonth(y.value, month)) return fail(`day ${day} does not exist in month ${month} of ${y.value} in ${raw}`);
  const parts: DateParts = { year: y.value, month, day };
  if (time) parts.time = time;
  return ok(parts, y.note);
}

const TIME = /(?:^|\s|T)(?:เวลา\s*)?(\d{1,2})[:.](\d{2})(?:[:.](\d{2}))?\s*(?:น\.?|นาฬิกา|hrs?\.?)?$/i;
const ISO = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?\s*(Z|[+-]\d{2}:?\d{2})?)?$/i;
const DMY = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4}|\d{2})$/;
const YMD = /^(\d{4})[/.](\d{1,2})[/.](\d{1,2})$/;
const D_MONTH_Y = new RegExp(`^(\\d{1,2})\\s*(\\D+?)\\s*(?:${ERA.source}\\s*)?(\\d{4}|\\d{2})$`, 'i');
const MONTH_D_Y = /^([a-z]+)\.?\s*(\d{1,2})\s+(\d{4})$/i;

/** The parts of a date: Date objects, Excel serial numbers, or text in the forms listed above. */
export function parseDateParts(v: CellValue | undefined): Parsed<DateParts> {
  if (v === null || v === undefined) return ok(null);
  if (v instanceof Date) return fromDate(v);
  if (typeof v === 'number') return Number.isFinite(v) && v > 0 ? fromSerial(v) : fail(`${v} is not a date`);
  if (typeof v === 'boolean') return fail(`expected a date, got ${v}`);
  const raw = cleanText(v);
  if (raw === '' || raw === '-') return ok(null);

  const iso = ISO.exec(raw);
  if (iso) {
    let time: DateParts['time'];
    if (iso[4] !== undefined) {
      time = { hour: Number(iso[4]), minute: Number(iso[5]), second: Number(iso[6] ?? 0) };
      // Milliseconds (what our exports write for instants that have them); finer digits are dropped.
      const millisecond = iso[7] === undefined ? 0 : Number(iso[7].slice(0, 3).padEnd(3, '0'));
      if (millisecond) time.millisecond = millisecond;
    }
    const r = build(iso[1]!, Number(iso[2]), Number(iso[3]), undefined, time, show(v));
    if (!r.ok || !r.value || !time) return r;
    if (time.hour > 23 || time.minute > 59 || time.second > 59) return fail(`${show(v)} has no such time`);
    if (iso[8]) {
      const z = iso[8].toUpperCase();
      const sign = z.startsWith('-') ? -1 : 1;
      r.value.offsetMinutes = z === 'Z' ? 0 : sign * (Number(z.slice(1, 3)) * 60 + Number(z.slice(-2)));
    }
    return r;
  }

  // Text forms: drop "วันจันทร์ที่"/"วันที่", split off a trailing time.
  let s = raw.replace(/^วัน\S*?ที่\s*/, '');
  let time: DateParts['time'];
  const t = TIME.exec(s);
  if (t) {
    time = { hour: Number(t[1]), minute: Number(t[2]), second: Number(t[3] ?? 0) };
    if (time.hour > 23 || time.minute > 59 || time.second > 59) return fail(`${show(v)} has no such time`);
    s = s.slice(0, t.index).replace(/[\s,]+$/, '');
  }
  let m = DMY.exec(s);
  if (m) return build(m[3]!, Number(m[2]), Number(m[1]), undefined, time, show(v));
  m = YMD.exec(s);
  if (m) return build(m[1]!, Number(m[2]), Number(m[3]), undefined, time, show(v));
  const words = s.replace(/[,/-]/g, ' ').replace(/\s+/g, ' ');
  m = D_MONTH_Y.exec(words);
  if (m) {
    const month = monthNumber(m[2]!);
    if (month === undefined) {
      const guess = closest(keyOf(m[2]!), MONTH_KEYS.entries());
      return fail(`unknown month ${show(m[2])} in ${show(v)}`, guess === undefined ? undefined : THAI_MONTHS[guess - 1]![0]);
    }
    return build(m[4]!, month, Number(m[1]), eraOf(m[3]), time, show(v));
  }
  m = MONTH_D_Y.exec(words);
  if (m && monthNumber(m[1]!) !== undefined) return build(m[3]!, monthNumber(m[1]!)!, Number(m[2]), undefined, time, show(v));
  return fail(`${show(v)} is not a date`, 'write it like 17/12/2558, 17 ธันวาคม 2558 or 2015-12-17');
}

const isoDate = (p: DateParts) => `${p.year}-${pad(p.month)}-${pad(p.day)}`;

/** ISO date "2015-12-17" (a time, if any, is dropped; an explicit UTC offset is moved to Thai time first). */
export function parseDate(v: CellValue | undefined): Parsed<string> {
  const r = parseDateParts(v);
  if (r.ok && r.value?.offsetMinutes !== undefined) {
    const t = parseDateTime(v);
    return t.ok && t.value ? ok(t.value.slice(0, 10), t.note) : t;
  }
  return r.ok && r.value ? ok(isoDate(r.value), r.note) : (r as Parsed<string>);
}

/**
 * ISO date-time in Thai time, "2015-12-17T14:30:00+07:00" ("…14:30:00.250+07:00" when the source
 * had milliseconds, so that an exported instant reads back exactly); a date alone is midnight.
 */
export function parseDateTime(v: CellValue | undefined): Parsed<string> {
  const r = parseDateParts(v);
  if (!r.ok || !r.value) return r as Parsed<string>;
  const p = r.value;
  const t = p.time ?? { hour: 0, minute: 0, second: 0 };
  let wall = { ...p, ...t };
  if (p.offsetMinutes !== undefined && p.offsetMinutes !== 7 * 60) {
    // Move an explicit other offset to Thai wall-clock time.
    const ms = Date.UTC(p.year, p.month - 1, p.day, t.hour, t.minute, t.second, t.millisecond ?? 0) - (p.offsetMinutes - 7 * 60) * 60_000;
    const d = new Date(ms);
    wall = { ...p, year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), hour: d.getUTCHours(), minute: d.getUTCMinutes(), second: d.getUTCSeconds(), millisecond: d.getUTCMilliseconds() };
  }
  const fraction = wall.millisecond ? `.${pad(wall.millisecond, 3)}` : '';
  return ok(`${isoDate(wall)}T${pad(wall.hour)}:${pad(wall.minute)}:${pad(wall.second)}${fraction}+07:00`, r.note);
}

/**
 * A year (CE) for year_installed: "2559", "พ.ศ. 2559", "๒๕๕๙", "59", 2016, or a whole date
 * ("8 ส.ค. 2559", an Excel date) of which the year is taken.
 */
export function parseYear(v: CellValue | undefined): Parsed<number> {
  if (v === null || v === undefined) return ok(null);
  if (typeof v === 'number') {
    if (!Number.isInteger(v)) return fail(`${v} is not a year`);
    if (v > 10_000) {
      const d = fromSerial(v);
      return d.ok && d.value ? ok(d.value.year) : fail(`${v} is not a year`);
    }
    return yearToCe(v, String(Math.abs(v)).length === 2 ? 2 : 4);
  }
  if (typeof v === 'string') {
    const s = cleanText(v);
    if (s === '' || s === '-') return ok(null);
    const era = ERA.exec(s);
    const bare = s.replace(ERA, '').replace(/^(ปี|year)\s*/i, '').replace(/[()]/g, '').trim();
    if (/^\d{4}$|^\d{2}$/.test(bare)) return yearToCe(Number(bare), bare.length, eraOf(era?.[0]));
  }
  const d = parseDateParts(v);
  if (d.ok && d.value) return ok(d.value.year, d.note);
  return d.ok ? ok(null) : fail(`${show(v)} is not a year`, 'write it like 2559 (BE) or 2016 (CE)');
}
