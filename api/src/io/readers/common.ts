/**
 * Helpers the readers share: text decoding, header names, cell clean-up and the totals-row test.
 */
import iconv from 'iconv-lite';
import { ReadError, type CellValue, type SourceRow } from '../types.js';

export interface DecodedText {
  text: string;
  /** The encoding actually used, for SourceTable.description: 'utf-8', 'utf-8 bom', 'windows-874', … */
  encoding: string;
}

const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Whether the buffer starts with the UTF-8 byte-order mark. */
export function hasUtf8Bom(buf: Uint8Array): boolean {
  return buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf;
}

/** 'utf-16le' / 'utf-16be' when the buffer starts with that byte-order mark (Excel "Unicode Text"). */
export function utf16Bom(buf: Uint8Array): 'utf-16le' | 'utf-16be' | undefined {
  if (buf.length >= 2 && buf[0] === 0xff && buf[1] === 0xfe) return 'utf-16le';
  if (buf.length >= 2 && buf[0] === 0xfe && buf[1] === 0xff) return 'utf-16be';
  return undefined;
}

/**
 * Decodes text the way Thai offices save it.
 * - An explicit `encoding` wins (any name iconv-lite knows: 'win874', 'tis620', 'utf-8', …).
 * - A byte-order mark decides next (UTF-8, UTF-16 LE/BE).
 * - Otherwise valid UTF-8 is UTF-8; anything else is read as Windows-874 (TIS-620 plus the Windows
 *   punctuation in 0x80–0x9F), which is what Thai Excel writes for "CSV (Comma delimited)". The
 *   description says 'windows-874' so a wrong guess is visible; the caller can pass `encoding`.
 */
export function decodeText(buf: Buffer, filename: string, encoding?: string): DecodedText {
  if (encoding !== undefined && encoding.trim() !== '') {
    const enc = encoding.trim();
    if (!iconv.encodingExists(enc)) {
      throw new ReadError(`${filename}: unknown text encoding "${enc}" (try utf-8, windows-874 or tis-620)`);
    }
    let text = iconv.decode(buf, enc);
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    return { text, encoding: enc.toLowerCase() };
  }
  const bom16 = utf16Bom(buf);
  if (bom16) {
    // iconv-lite strips the BOM by default.
    return { text: iconv.decode(buf, bom16), encoding: bom16 };
  }
  const bom = hasUtf8Bom(buf);
  const body = bom ? buf.subarray(3) : buf;
  try {
    return { text: UTF8.decode(body), encoding: bom ? 'utf-8 bom' : 'utf-8' };
  } catch {
    // Invalid UTF-8. Thai single-byte text has its letters in 0xA1–0xFB.
    return { text: iconv.decode(body, 'win874'), encoding: 'windows-874' };
  }
}

/** True when the bytes look like binary data rather than text (NUL bytes or many control characters). */
export function looksBinary(buf: Uint8Array, sample = 8192): boolean {
  if (utf16Bom(buf)) return false;
  const n = Math.min(buf.length, sample);
  if (n === 0) return false;
  let control = 0;
  for (let i = 0; i < n; i++) {
    const b = buf[i]!;
    if (b === 0) return true;
    if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c) control++;
  }
  return control / n > 0.05;
}

/** Header text as a key: whitespace runs (including line breaks inside a header cell) become one space. */
export function cleanHeader(value: unknown): string {
  if (value === null || value === undefined) return '';
  const s = value instanceof Date ? value.toISOString().slice(0, 10) : String(value);
  return s.replace(/[\s\u200b\ufeff]+/g, ' ').trim();
}

export interface UniqueHeaders {
  headers: string[];
  /** Human-readable notes about renamed headers, e.g. 'empty header in column 3 named "column 3"'. */
  renamed: string[];
}

/**
 * Makes header names distinct keys: an empty header becomes "column N" (N = 1-based column position);
 * a repeated header becomes "<name> (column N)". Both are listed in `renamed`.
 */
export function uniqueHeaders(raw: readonly string[]): UniqueHeaders {
  const used = new Set<string>();
  const headers: string[] = [];
  const renamed: string[] = [];
  raw.forEach((h, i) => {
    const col = i + 1;
    let name = h;
    if (name === '') {
      name = `column ${col}`;
      renamed.push(`column ${col} has no header: named "${name}"`);
    } else if (used.has(name)) {
      name = `${h} (column ${col})`;
      renamed.push(`header "${h}" repeated in column ${col}: named "${name}"`);
    }
    let k = 2;
    const base = name;
    while (used.has(name)) name = `${base} ${k++}`;
    used.add(name);
    headers.push(name);
  });
  return { headers, renamed };
}

/** Adds a name for an extra column found right of the header ("column N"), keeping keys unique. */
export function extraHeader(headers: string[], col: number): string {
  let name = `column ${col}`;
  let k = 2;
  while (headers.includes(name)) name = `column ${col} ${k++}`;
  headers.push(name);
  return name;
}

/** String cells: trimmed, and an empty or blank string is null. Other values pass through. */
export function cleanCell(value: CellValue | undefined): CellValue {
  if (value === undefined || value === null) return null;
  if (typeof value === 'string') {
    const t = value.trim();
    return t === '' ? null : t;
  }
  if (typeof value === 'number' && !Number.isFinite(value)) return null;
  if (value instanceof Date && Number.isNaN(value.getTime())) return null;
  return value;
}

/** A property value from JSON/KML as a cell: nested objects and arrays become JSON text. */
export function jsonCell(value: unknown): CellValue {
  if (value === undefined || value === null) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return cleanCell(value);
  if (value instanceof Date) return value;
  return JSON.stringify(value);
}

/** Words that label a totals row in Thai and English forms. */
const TOTAL_WORDS = new Set(['รวม', 'รวมทั้งสิ้น', 'รวมทั้งหมด', 'ยอดรวม', 'รวมทั้งจังหวัด', 'total', 'totals', 'grand total', 'sum']);

/** Whether a cell text is a totals label: "รวม", "รวมทั้งสิ้น", "Total", "รวมทั้งสิ้น (total)", "รวม:" … */
export function isTotalsLabel(value: CellValue): boolean {
  if (typeof value !== 'string') return false;
  const t = value
    .toLowerCase()
    .replace(/\(.*?\)/g, ' ')
    .replace(/[:：.\s]+/g, ' ')
    .trim();
  return TOTAL_WORDS.has(t);
}

/**
 * Totals rows are NOT removed by the readers (the pipeline decides what to do with them, e.g. check
 * the sums of the DLA form): a row is a totals row when its first non-empty cell, in header order,
 * is a totals label ("รวม", "รวมทั้งสิ้น", "total", …).
 */
export function isTotalsRow(row: SourceRow, headers?: readonly string[]): boolean {
  const keys = headers ?? Object.keys(row.fields);
  for (const k of keys) {
    const v = row.fields[k];
    if (v === null || v === undefined) continue;
    return isTotalsLabel(v);
  }
  return false;
}

/** Fills every row with every header (missing -> null), in header order. */
export function completeRows(headers: readonly string[], rows: SourceRow[]): void {
  for (const r of rows) {
    const f: Record<string, CellValue> = {};
    for (const h of headers) f[h] = r.fields[h] ?? null;
    r.fields = f;
  }
}
