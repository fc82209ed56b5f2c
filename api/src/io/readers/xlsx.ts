/**
 * XLSX reader (exceljs).
 *
 * - Sheet: `sheet` by name (exact, then ignoring case and surrounding spaces) or 1-based position
 *   (a string of digits that names no sheet is taken as a position); without it the first visible sheet.
 * - Header row: the first row with at least two filled cells (a merged title counts once), so title
 *   lines above the table are skipped; a sheet with one column uses its first filled row.
 * - Two-row headers: when a header cell is merged across columns and the row below has labels under it
 *   (the DLA form: "จำนวนกล้องที่ชำรุด" over "อยู่ระหว่างซ่อม" | "ไม่สามารถซ่อมได้"), the column names join
 *   both rows with a space ("จำนวนกล้องที่ชำรุด อยู่ระหว่างซ่อม"); a cell merged down both rows gives
 *   its own text. Line breaks inside header cells become spaces.
 * - Cells: rich text -> plain string, formula -> its cached result (null when the file has none),
 *   dates -> Date (UTC midnight: Excel dates have no time zone), hyperlink -> its text, error -> "#N/A" …
 *   Strings are trimmed and empty cells are null.
 * - Merged data cells: a value merged down a column is repeated on every row of the merge (officials
 *   merge the province or district over its rows); cells merged across columns keep the value in the
 *   leftmost cell only (so a "รวมทั้งสิ้น" label merged over A:E stays in column A).
 * - Row numbers are Excel's row numbers. Empty rows are skipped. Totals rows are returned like any
 *   other row (see isTotalsRow in ./common.ts).
 */
import ExcelJS from 'exceljs';
import { ReadError, type CellValue, type SourceRow, type SourceTable } from '../types.js';
import { cleanCell, cleanHeader, extraHeader, uniqueHeaders } from './common.js';

export interface XlsxOptions {
  filename: string;
  /** Sheet name, or 1-based position. */
  sheet?: string | number;
}

type ExcelValue = ExcelJS.CellValue;

/** An exceljs cell value as a plain cell value. */
export function excelValue(v: ExcelValue): CellValue {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return cleanCell(v);
  if (v instanceof Date) return cleanCell(v);
  if (typeof v === 'object') {
    if ('richText' in v && Array.isArray(v.richText)) return cleanCell(v.richText.map((t) => t.text ?? '').join(''));
    if ('formula' in v || 'sharedFormula' in v) {
      const r = (v as ExcelJS.CellFormulaValue).result;
      return r === undefined ? null : excelValue(r as ExcelValue);
    }
    if ('hyperlink' in v) {
      const text = excelValue((v as { text?: unknown }).text as ExcelValue);
      return text ?? cleanCell(v.hyperlink);
    }
    if ('error' in v) return v.error;
    if ('text' in v) return excelValue((v as { text: ExcelValue }).text);
  }
  return cleanCell(String(v));
}

interface GridCell {
  value: CellValue;
  /** For a cell inside a merge (not its top-left cell): where the merge starts. */
  master?: { row: number; col: number };
}

function readCell(cell: ExcelJS.Cell): GridCell {
  if (cell.type === ExcelJS.ValueType.Merge) {
    const m = cell.master;
    return { value: excelValue(m.value), master: { row: Number(m.row), col: Number(m.col) } };
  }
  return { value: excelValue(cell.value) };
}

/** The cells of one row keyed by column number (only cells that exist in the file). */
function rowCells(ws: ExcelJS.Worksheet, r: number): Map<number, GridCell> {
  const out = new Map<number, GridCell>();
  const row = ws.findRow(r);
  if (!row) return out;
  row.eachCell((cell, col) => {
    out.set(col, readCell(cell));
  });
  return out;
}

/** Filled cells that carry their own value (cells covered by a merge do not count). */
function ownFilled(cells: Map<number, GridCell>): number {
  let n = 0;
  for (const c of cells.values()) if (!c.master && c.value !== null) n++;
  return n;
}

function sheetList(wb: ExcelJS.Workbook): string {
  return wb.worksheets.map((w) => `"${w.name}"`).join(', ');
}

function pickSheet(wb: ExcelJS.Workbook, filename: string, sheet: string | number | undefined): ExcelJS.Worksheet {
  const sheets = wb.worksheets;
  if (sheets.length === 0) throw new ReadError(`${filename}: the workbook has no sheets`);
  if (sheet === undefined || sheet === '') {
    return sheets.find((w) => w.state !== 'hidden' && w.state !== 'veryHidden') ?? sheets[0]!;
  }
  if (typeof sheet === 'string') {
    const exact = sheets.find((w) => w.name === sheet);
    if (exact) return exact;
    const want = sheet.trim().toLowerCase();
    const loose = sheets.find((w) => w.name.trim().toLowerCase() === want);
    if (loose) return loose;
    if (!/^\d+$/.test(sheet.trim())) {
      throw new ReadError(`${filename}: no sheet named "${sheet}"; the workbook has ${sheetList(wb)}`);
    }
  }
  const n = Number(sheet);
  const ws = Number.isInteger(n) && n >= 1 ? sheets[n - 1] : undefined;
  if (!ws) {
    throw new ReadError(
      `${filename}: there is no sheet ${String(sheet)}; the workbook has ${sheets.length} sheet${sheets.length === 1 ? '' : 's'}: ${sheetList(wb)}`,
    );
  }
  return ws;
}

export async function readXlsx(input: Buffer, opts: XlsxOptions): Promise<SourceTable> {
  const { filename } = opts;
  if (input.length === 0) throw new ReadError(`${filename}: the file is empty`);
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(input as unknown as Parameters<typeof wb.xlsx.load>[0]);
  } catch (e) {
    throw new ReadError(`${filename}: not a readable .xlsx workbook (${(e as Error).message})`);
  }
  const ws = pickSheet(wb, filename, opts.sheet);
  const last = ws.rowCount;

  // Header row: the first with >= 2 filled cells of its own; otherwise the first filled row.
  let headerRow = 0;
  let firstFilled = 0;
  let headerCells = new Map<number, GridCell>();
  for (let r = 1; r <= last; r++) {
    const cells = rowCells(ws, r);
    const n = ownFilled(cells);
    if (n > 0 && !firstFilled) firstFilled = r;
    if (n >= 2) {
      headerRow = r;
      headerCells = cells;
      break;
    }
  }
  if (!headerRow) {
    if (!firstFilled) throw new ReadError(`${filename}: sheet "${ws.name}" is empty`);
    headerRow = firstFilled;
    headerCells = rowCells(ws, firstFilled);
  }

  // Two-row header: a header cell merged across columns with labels in the row below.
  const below = rowCells(ws, headerRow + 1);
  let twoRows = false;
  for (const [col, c] of headerCells) {
    if (c.master && c.master.row === headerRow && c.master.col !== col) {
      for (let k = c.master.col; k <= col; k++) {
        const b = below.get(k);
        if (b && !b.master && b.value !== null) twoRows = true;
      }
    }
  }

  let lastCol = 0;
  for (const [col, c] of headerCells) if (c.value !== null && col > lastCol) lastCol = col;
  if (twoRows) for (const [col, c] of below) if (c.value !== null && !c.master && col > lastCol) lastCol = col;

  const raw: string[] = [];
  for (let col = 1; col <= lastCol; col++) {
    const top = headerCells.get(col);
    let name = cleanHeader(top?.value ?? null);
    if (twoRows) {
      const b = below.get(col);
      // A cell merged down from the top header row adds nothing.
      const sub = b && !(b.master && b.master.row === headerRow) ? cleanHeader(b.value) : '';
      if (sub !== '' && sub !== name) name = name === '' ? sub : `${name} ${sub}`;
    }
    raw.push(name);
  }
  const { headers, renamed } = uniqueHeaders(raw);
  const colNames = new Map<number, string>();
  headers.forEach((h, i) => colNames.set(i + 1, h));
  const extraNotes: string[] = [];

  const rows: SourceRow[] = [];
  const dataStart = headerRow + (twoRows ? 2 : 1);
  for (let r = dataStart; r <= last; r++) {
    const row = ws.findRow(r);
    if (!row) continue;
    const fields: Record<string, CellValue> = {};
    for (const h of headers) fields[h] = null;
    let filled = false;
    row.eachCell((cell, col) => {
      const c = readCell(cell);
      // Merged across columns: only the leftmost column of the merge keeps the value.
      const value = c.master && c.master.col !== col ? null : c.value;
      if (value === null) return;
      let name = colNames.get(col);
      if (name === undefined) {
        name = extraHeader(headers, col);
        colNames.set(col, name);
        extraNotes.push(`data without a header in column ${col}: named "${name}"`);
        for (const prev of rows) prev.fields[name] = null;
      }
      fields[name] = value;
      filled = true;
    });
    if (filled) rows.push({ row: r, fields });
  }

  const where = twoRows ? `header on rows ${headerRow}–${headerRow + 1}` : `header on row ${headerRow}`;
  const notes = [...renamed, ...extraNotes];
  return {
    headers,
    rows,
    description: `xlsx sheet "${ws.name}" (${where})` + (notes.length ? `; ${notes.join('; ')}` : ''),
  };
}
