/**
 * CSV reader (csv-parse). Handles what Thai offices produce: UTF-8 with or without BOM, TIS-620 /
 * Windows-874 from Thai Excel, UTF-16 "Unicode Text" from Excel, comma / semicolon / tab delimiters,
 * quoted fields spanning lines.
 *
 * Row numbers are the row numbers a spreadsheet shows when it opens the file: the 1-based index of
 * the CSV *record* (not the physical line), counting blank lines as rows. A quoted field with line
 * breaks therefore does not shift the rows after it, exactly as Excel and LibreOffice show it.
 * The header is the first record with at least two filled cells (row 1 in the usual case; title lines
 * above the table are skipped, as for XLSX); a one-column file uses its first filled record.
 * Blank records are skipped.
 * Cell values are strings, trimmed; empty cells are null. The apostrophe our CSV export puts before
 * text that Excel would run as a formula ("'=…", "'@…", "'-…") is removed again (see restoreFormulaText).
 */
import { parse } from 'csv-parse/sync';
import { ReadError, type CellValue, type SourceRow, type SourceTable } from '../types.js';
import { cleanCell, cleanHeader, decodeText, extraHeader, looksBinary, uniqueHeaders } from './common.js';

export interface CsvOptions {
  filename: string;
  /** Text encoding; when absent it is detected (BOM, UTF-8, otherwise Windows-874). */
  encoding?: string;
  /** Field delimiter; when absent it is sniffed from the first lines (comma, semicolon, tab, pipe). */
  delimiter?: string;
}

const DELIMITERS = [',', ';', '\t', '|'] as const;
const DELIMITER_NAMES: Record<string, string> = { ',': 'comma', ';': 'semicolon', '\t': 'tab', '|': 'pipe' };

/**
 * Picks the delimiter from up to 30 records at the start of the text, outside quotes: the candidate
 * that appears the same (non-zero) number of times in the most records wins; ties go to the one with
 * more columns, then to the order comma, semicolon, tab, pipe.
 */
export function sniffDelimiter(text: string): string {
  const counts = new Map<string, number[]>(DELIMITERS.map((d) => [d, []]));
  let current = new Map<string, number>();
  let inQuotes = false;
  let records = 0;
  let lineHasContent = false;
  const limit = Math.min(text.length, 64 * 1024);
  const endRecord = (): void => {
    if (lineHasContent) {
      for (const d of DELIMITERS) counts.get(d)!.push(current.get(d) ?? 0);
      records++;
    }
    current = new Map();
    lineHasContent = false;
  };
  for (let i = 0; i < limit && records < 30; i++) {
    const c = text[i]!;
    if (c === '"') {
      inQuotes = !inQuotes;
      lineHasContent = true;
    } else if (inQuotes) {
      continue;
    } else if (c === '\n' || c === '\r') {
      endRecord();
    } else {
      if (c === ',' || c === ';' || c === '\t' || c === '|') current.set(c, (current.get(c) ?? 0) + 1);
      if (c !== ' ') lineHasContent = true;
    }
  }
  if (records < 30) endRecord();

  let best: string = ',';
  let bestScore = -1;
  let bestCols = 0;
  for (const d of DELIMITERS) {
    const perRecord = counts.get(d)!;
    // The most common non-zero count, and how many records have it.
    const freq = new Map<number, number>();
    for (const n of perRecord) if (n > 0) freq.set(n, (freq.get(n) ?? 0) + 1);
    let score = 0;
    let cols = 0;
    for (const [n, f] of freq) {
      if (f > score || (f === score && n > cols)) {
        score = f;
        cols = n;
      }
    }
    if (score > bestScore || (score === bestScore && cols > bestCols)) {
      best = d;
      bestScore = score;
      bestCols = cols;
    }
  }
  return bestScore > 0 ? best : ',';
}

/**
 * The inverse of the CSV exporter's formula guard (neutraliseFormula in export/writers.ts): text
 * starting with = @ tab CR, or with + - followed by more than a number, is written with a leading
 * apostrophe. The apostrophe goes only when the rest is text the guard would have marked, so an
 * apostrophe that was part of the value ("'90", "'ซอย 5'") stays.
 */
export function restoreFormulaText(s: string): string {
  if (s.length < 2 || s[0] !== "'") return s;
  const rest = s.slice(1);
  if (/^[=@\t\r]/.test(rest)) return rest;
  if (/^[+-]/.test(rest) && !/^[+-][\d\s().,-]*$/.test(rest)) return rest;
  return s;
}

interface CsvParseError {
  code?: string;
  lines?: number;
  message?: string;
}

export function readCsv(input: Buffer, opts: CsvOptions): SourceTable {
  const { filename } = opts;
  if (input.length === 0) throw new ReadError(`${filename}: the file is empty`);
  if (opts.encoding === undefined && looksBinary(input)) {
    throw new ReadError(`${filename}: this is binary data, not CSV text`);
  }
  const { text, encoding } = decodeText(input, filename, opts.encoding);
  if (text.trim() === '') throw new ReadError(`${filename}: the file is empty`);

  const delimiter = opts.delimiter ?? sniffDelimiter(text);
  let records: string[][];
  try {
    records = parse(text, {
      delimiter,
      bom: false,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: false,
    }) as string[][];
  } catch (e) {
    const err = e as CsvParseError;
    if (err.code === 'CSV_QUOTE_NOT_CLOSED') {
      throw new ReadError(
        `${filename}: a quoted field is never closed (a " opens a field that runs to the end of the file, ` +
          `line ${err.lines ?? '?'}); check for a stray double quote`,
      );
    }
    throw new ReadError(`${filename}: not readable as CSV: ${err.message ?? String(e)}`);
  }

  // Header: the first record with at least two filled cells (a title line such as "แบบสำรวจ…,,,,"
  // saved from an official form is skipped, as in XLSX); a one-column file uses its first filled record.
  let h = records.findIndex((r) => filledCount(r) >= 2);
  if (h < 0) h = records.findIndex((r) => !isBlank(r));
  const headerRecord = records[h];
  if (h < 0 || !headerRecord) throw new ReadError(`${filename}: the file is empty`);
  let rawHeaders = headerRecord.map(cleanHeader);
  const headerNote = h > 0 && records.slice(0, h).some((r) => !isBlank(r)) ? [`header on row ${h + 1}`] : [];
  // Trailing empty header cells (a trailing delimiter) are not columns unless data sits under them.
  while (rawHeaders.length > 1 && rawHeaders[rawHeaders.length - 1] === '') rawHeaders = rawHeaders.slice(0, -1);
  const { headers, renamed } = uniqueHeaders(rawHeaders);
  const extraNotes: string[] = [];

  // Column index -> key; columns right of the header get "column N" when data first appears there.
  const colNames: (string | undefined)[] = [...headers];
  const rows: SourceRow[] = [];
  for (let i = h + 1; i < records.length; i++) {
    const rec = records[i]!;
    if (isBlank(rec)) continue;
    const fields: Record<string, CellValue> = {};
    for (const name of headers) fields[name] = null;
    for (let c = 0; c < rec.length; c++) {
      const v = cleanCell(restoreFormulaText(rec[c]!));
      let name = colNames[c];
      if (name === undefined) {
        if (v === null) continue;
        // Data right of the last header: kept under "column N" rather than dropped.
        name = extraHeader(headers, c + 1);
        colNames[c] = name;
        extraNotes.push(`data without a header in column ${c + 1}: named "${name}"`);
        for (const r of rows) r.fields[name] = null;
      }
      fields[name] = v;
    }
    rows.push({ row: i + 1, fields });
  }

  const notes = [...headerNote, ...renamed, ...extraNotes];
  const description =
    `csv (${encoding}, ${DELIMITER_NAMES[delimiter] ?? JSON.stringify(delimiter)})` +
    (notes.length ? `; ${notes.join('; ')}` : '');
  return { headers, rows, description };
}

function filledCount(rec: readonly string[]): number {
  let n = 0;
  for (const c of rec) if (c.trim() !== '') n++;
  return n;
}

function isBlank(rec: readonly string[]): boolean {
  for (const c of rec) if (c.trim() !== '') return false;
  return true;
}
