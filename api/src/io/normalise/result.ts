/**
 * The outcome of normalising one cell. `value: null` means "the cell is empty" (not an error);
 * `note` is information for the report that does not make the row invalid (e.g. a 2-digit year
 * read as Buddhist Era, "Towards Central World" left without a bearing).
 */
export type Parsed<T> = { ok: true; value: T | null; note?: string } | { ok: false; message: string; suggestion?: string };

export const ok = <T>(value: T | null, note?: string): Parsed<T> => (note === undefined ? { ok: true, value } : { ok: true, value, note });

export const fail = <T = never>(message: string, suggestion?: string): Parsed<T> =>
  suggestion === undefined ? { ok: false, message } : { ok: false, message, suggestion };

/** A cell shown in a message: strings quoted, dates as ISO, the rest as JSON would write them. */
export function show(v: unknown): string {
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? 'Invalid Date' : v.toISOString();
  return typeof v === 'string' ? JSON.stringify(v) : String(v);
}
