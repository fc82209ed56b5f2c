/**
 * The audit log as a file for the committee and the national secretariat: CSV (UTF-8 with BOM) or
 * XLSX, one row per entry, newest first, Thai headers, action and record kinds in Thai, the time as
 * a Buddhist Era date ("2 เมษายน พ.ศ. 2562 14:03:05") and as a date-time to sort by (ISO 8601 with
 * +07:00 in CSV, an Excel date on the Bangkok clock in XLSX). Written by the export writers (api/src/io/export/writers.ts): streamed, formula-like
 * text neutralised, cells cut to Excel's limit.
 */
import type { Writable } from 'node:stream';
import type { Knex } from 'knex';
import { thaiDate } from '../io/export/official.js';
import type { ExportColumn, ExportRecord, WriteResult, WriterOptions } from '../io/export/types.js';
import { wallClock } from '../io/export/values.js';
import { writeCSV, writeXLSX } from '../io/export/writers.js';
import { ACTION_LABELS, type AuditFilters, type AuditRow, ENTITY_LABELS, iterateAudit } from './query.js';

export type AuditExportFormat = 'csv' | 'xlsx';

export const AUDIT_EXPORT_COLUMNS: ExportColumn[] = [
  { name: 'id', labelTh: 'ลำดับบันทึก', labelEn: 'Entry', type: 'integer' },
  { name: 'at_be', labelTh: 'เวลา (พ.ศ.)', labelEn: 'Time (Buddhist Era)' },
  { name: 'at', labelTh: 'วันเวลา', labelEn: 'Date and time', type: 'datetime' },
  { name: 'username', labelTh: 'ผู้ใช้', labelEn: 'User' },
  { name: 'user_id', labelTh: 'รหัสผู้ใช้', labelEn: 'User id', type: 'integer' },
  { name: 'action', labelTh: 'การกระทำ', labelEn: 'Action', labels: ACTION_LABELS },
  { name: 'entity', labelTh: 'ประเภทข้อมูล', labelEn: 'Record kind', labels: ENTITY_LABELS },
  { name: 'entity_id', labelTh: 'รหัสรายการ', labelEn: 'Record id', type: 'integer' },
  { name: 'province_code', labelTh: 'รหัสจังหวัด', labelEn: 'Province code' },
  { name: 'province_name', labelTh: 'จังหวัด', labelEn: 'Province' },
  { name: 'from_province_code', labelTh: 'รหัสจังหวัดเดิม', labelEn: 'Moved from province code' },
  { name: 'from_province_name', labelTh: 'ย้ายจากจังหวัด', labelEn: 'Moved from province' },
  { name: 'changed_fields', labelTh: 'ข้อมูลที่เปลี่ยน', labelEn: 'Changed fields', type: 'string[]' },
  { name: 'before', labelTh: 'ข้อมูลก่อนเปลี่ยน', labelEn: 'Before' },
  { name: 'after', labelTh: 'ข้อมูลหลังเปลี่ยน', labelEn: 'After' },
  { name: 'import_id', labelTh: 'รหัสการนำเข้า', labelEn: 'Import id' },
  { name: 'request_id', labelTh: 'รหัสคำขอ', labelEn: 'Request id' },
];

const pad = (n: number) => String(n).padStart(2, '0');

/** "2 เมษายน พ.ศ. 2562 14:03:05": the Bangkok wall clock with a Buddhist Era year. */
export function thaiDateTime(d: Date): string {
  const w = wallClock(d);
  return `${thaiDate(d)} ${pad(w.getUTCHours())}:${pad(w.getUTCMinutes())}:${pad(w.getUTCSeconds())}`;
}

function record(r: AuditRow): ExportRecord {
  return {
    geometry: null,
    properties: {
      ...r,
      at_be: thaiDateTime(r.at),
      before: r.before === null ? null : JSON.stringify(r.before),
      after: r.after === null ? null : JSON.stringify(r.after),
    },
  };
}

/** Writes every entry matching `filters` (already scoped by the caller) to `out` and ends it. */
export async function writeAuditExport(knex: Knex, filters: AuditFilters, format: AuditExportFormat, out: Writable): Promise<WriteResult> {
  async function* records(): AsyncGenerator<ExportRecord> {
    for await (const r of iterateAudit(knex, filters)) yield record(r);
  }
  const opts: WriterOptions = { header: 'th', values: 'th', geometry: 'none', name: 'บันทึกการเปลี่ยนแปลง' };
  return format === 'xlsx' ? writeXLSX(records(), AUDIT_EXPORT_COLUMNS, out, opts) : writeCSV(records(), AUDIT_EXPORT_COLUMNS, out, opts);
}
