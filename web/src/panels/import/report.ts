/** The import report as the panel shows it: one table of problems, counts, pages, and whether to go on. */
import type { ImportReport, RowIssue } from '../../api/records';

export type Severity = 'error' | 'warning';

export interface IssueRow extends RowIssue {
  severity: Severity;
  /** An error because the row is outside the importing account's reach (its note taken off the message). */
  outOfScope: boolean;
}

/**
 * The English note the importer adds to the message of a row the account may not write
 * (api/src/io/import.ts asRowIssue), taken off here: the panel says it in the user's language.
 */
const OUT_OF_SCOPE_NOTE = /\s*\(out of scope: [^()]*\)\s*$/;

/** Whether a report's error is a row outside the account's reach (code 'out_of_scope'): the import is refused while it is in the file, skipped or not. */
export const isOutOfScope = (i: RowIssue): boolean => i.code === 'out_of_scope';

/** The rows (file numbering) a report lists as outside the account's reach, in order. */
export function outOfScopeRows(r: Pick<ImportReport, 'errors'>): number[] {
  return [...new Set(r.errors.filter(isOutOfScope).map((i) => i.row))].sort((a, b) => a - b);
}

/** Errors and warnings in one list, by row (a row's errors before its warnings), file order kept otherwise. */
export function issueRows(r: Pick<ImportReport, 'errors' | 'warnings'>): IssueRow[] {
  const error = (i: RowIssue): IssueRow => (isOutOfScope(i) ? { ...i, message: i.message.replace(OUT_OF_SCOPE_NOTE, ''), severity: 'error', outOfScope: true } : { ...i, severity: 'error', outOfScope: false });
  const all = [...r.errors.map(error), ...r.warnings.map((i): IssueRow => ({ ...i, severity: 'warning', outOfScope: false }))];
  return all
    .map((row, order) => ({ row, order }))
    .sort((a, b) => a.row.row - b.row.row || (a.row.severity === b.row.severity ? 0 : a.row.severity === 'error' ? -1 : 1) || a.order - b.order)
    .map((x) => x.row);
}

export interface ReportCounts {
  total: number;
  ok: number;
  /** Rows that will not be written. */
  withErrors: number;
  /** Rows written with a note. */
  withWarnings: number;
  warnings: number;
  /** Rows outside the account's reach (among withErrors). */
  outOfScope: number;
}

export function reportCounts(r: ImportReport): ReportCounts {
  return {
    total: r.rowsTotal,
    ok: r.rowsValid,
    withErrors: Math.max(0, r.rowsTotal - r.rowsValid),
    withWarnings: new Set(r.warnings.map((w) => w.row)).size,
    warnings: r.warnings.length,
    outOfScope: outOfScopeRows(r).length,
  };
}

export const PAGE_SIZE = 25;

/** One page (1-based, clamped) of a list. */
export function pageOf<T>(items: readonly T[], page: number, size = PAGE_SIZE): { items: T[]; page: number; pages: number } {
  const pages = Math.max(1, Math.ceil(items.length / size));
  const p = Math.min(Math.max(1, Math.floor(page) || 1), pages);
  return { items: items.slice((p - 1) * size, p * size), page: p, pages };
}

/**
 * Whether the checked file may be imported for real: rows outside the account's reach (the API
 * refuses the whole file with 403 while they are in it, even when invalid rows are skipped), nothing
 * valid to write, invalid rows that would stop the import (the API writes nothing then, unless
 * invalid rows are skipped), or fine.
 */
export function importVerdict(r: ImportReport, skipInvalid: boolean): 'ok' | 'errors' | 'nothing' | 'scope' {
  if (r.errors.some(isOutOfScope)) return 'scope';
  if (r.rowsValid === 0) return 'nothing';
  if (r.errors.length > 0 && !skipInvalid) return 'errors';
  return 'ok';
}

export const MAX_IMPORT_BYTES = 50 * 1024 * 1024;
