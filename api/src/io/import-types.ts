/**
 * The importer's contract: the options importFile takes and the report it answers (POST
 * /api/import answers the same report). Types only, no runtime imports, so the web client can
 * `import type` them without pulling in knex or the readers.
 */
import type { Principal } from '../auth/principal.js';
import type { Bounds } from '../domain/geometry.js';
import type { Mapping } from './columns.js';
import type { ImportKind, RowIssue } from './types.js';

export interface ImportOptions {
  kind: ImportKind;
  filename: string;
  /** Province code or Thai/English name: fills rows that name none, and rows must not contradict it. */
  province?: string;
  mapping?: Mapping;
  sheet?: string | number;
  encoding?: string;
  dryRun?: boolean;
  skipInvalid?: boolean;
  /** lao_survey: the survey year (CE) when the file has no year column. */
  surveyYear?: number;
  /** Take a latitude/longitude pair that only fits when swapped as swapped (else it is an error with the swap suggested). */
  fixSwapped?: boolean;
  bounds: Bounds;
  /**
   * Who imports. Their role must be allowed to write the kind, and every record the file would
   * update must be theirs before and after (api/src/auth/principal.ts: WRITERS, canWriteRow);
   * otherwise the import is refused (403) and nothing is written. A recorder's rows that name no
   * agency are its agency's. Absent or null: the operator on the server (CLI), unrestricted.
   */
  principal?: Principal | null;
  /** The HTTP request's id, kept with the audit entries. */
  requestId?: string | null;
}

export interface ImportReport {
  kind: ImportKind;
  /** What was read ('csv (windows-874)', 'xlsx sheet "กล้อง"', …). */
  source: string;
  rowsTotal: number;
  rowsValid: number;
  /** Written (or, with dryRun, that would be written). */
  inserted: number;
  updated: number;
  /** Agencies named in the file that did not exist (created with the import). */
  agenciesCreated: string[];
  dryRun: boolean;
  /** false when invalid rows stopped the import (nothing written). */
  written: boolean;
  /**
   * When written: the id every audit log entry of this import carries (GET /api/audit?import_id=…),
   * one entry per record written (agencies the import created included).
   */
  importId?: string;
  columns: {
    /** field -> header in the file */
    recognised: Record<string, string>;
    /** headers that match no field (not imported) */
    unknown: string[];
    /** headers deliberately not imported (row numbers, derived areas, KML styles) */
    ignored: string[];
    /** fields claimed by more than one header (the first one is used) */
    duplicates: { field: string; headers: string[] }[];
    /** required fields with no column */
    missing: string[];
  };
  /** Rows not written (invalid). */
  errors: RowIssue[];
  /** Written, but worth a look (an unknown police station name, a created agency). */
  warnings: RowIssue[];
}
