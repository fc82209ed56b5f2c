/**
 * The shapes that import and export pass between readers, normalisation, validation and writers.
 * Data flows one way: file -> SourceTable -> normalised input -> domain schema -> repository.
 */

/** The kinds of record the importer and exporter handle (CLI `--kind`). */
export const IMPORT_KINDS = ['cameras', 'planned_sites', 'risk_points', 'risk_routes', 'police_stations', 'lao_survey'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

export type CellValue = string | number | boolean | Date | null;

export interface GeoJsonGeometry {
  type: string;
  coordinates: unknown;
}

/** One data row as read from a file, before any interpretation. */
export interface SourceRow {
  /** The row number as the user sees it: the spreadsheet/CSV line (header = 1), or the feature's 1-based position. */
  row: number;
  /** Column header (as written in the file) -> raw cell value. */
  fields: Record<string, CellValue>;
  /** Geometry carried by the format itself (GeoJSON, KML); undefined for tables. */
  geometry?: GeoJsonGeometry | null;
}

export interface SourceTable {
  /** Headers in file order (for GeoJSON/KML: the property names seen). */
  headers: string[];
  rows: SourceRow[];
  /** What was read, for messages: 'csv (windows-874)', 'xlsx sheet "กล้อง"', 'kml'. */
  description: string;
}

/** One problem found in one row: what the import report lists. */
export interface RowIssue {
  row: number;
  /** The column header as in the file ('' when the problem is the whole row). */
  column: string;
  value: string;
  message: string;
  suggestion?: string;
  /** What kind of problem, when a client must tell it apart: 'out_of_scope' (the account may not write this row; skip_invalid does not skip it). */
  code?: 'out_of_scope';
}

export class ReadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ReadError';
  }
}
