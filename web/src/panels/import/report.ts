/** The import report as the panel shows it: one table of problems, counts, pages, and whether to go on. */
import type { ImportReport, RowIssue } from '../../api/records';

export type Severity = 'error' | 'warning';

export interface IssueRow extends RowIssue {
  severity: Severity;
}

/** Errors and warnings in one list, by row (a row's errors before its warnings), file order kept otherwise. */
export function issueRows(r: Pick<ImportReport, 'errors' | 'warnings'>): IssueRow[] {
  const all = [...r.errors.map((i) => ({ ...i, severity: 'error' as const })), ...r.warnings.map((i) => ({ ...i, severity: 'warning' as const }))];
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
}

export function reportCounts(r: ImportReport): ReportCounts {
  return {
    total: r.rowsTotal,
    ok: r.rowsValid,
    withErrors: Math.max(0, r.rowsTotal - r.rowsValid),
    withWarnings: new Set(r.warnings.map((w) => w.row)).size,
    warnings: r.warnings.length,
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
 * Whether the checked file may be imported for real: nothing valid to write, invalid rows that would
 * stop the import (the API writes nothing then, unless invalid rows are skipped), or fine.
 */
export function importVerdict(r: ImportReport, skipInvalid: boolean): 'ok' | 'errors' | 'nothing' {
  if (r.rowsValid === 0) return 'nothing';
  if (r.errors.length > 0 && !skipInvalid) return 'errors';
  return 'ok';
}

export const MAX_IMPORT_BYTES = 50 * 1024 * 1024;
