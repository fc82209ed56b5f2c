/** Helpers for the export unit tests (no database). */
import { Writable } from 'node:stream';
import { CameraPurpose, CameraStatus } from '../../domain/enums.js';
import type { ExportColumn, ExportRecord } from './types.js';

/** A Writable that keeps what it gets; `chunks` counts the writes. */
export class Sink extends Writable {
  parts: Buffer[] = [];
  constructor(opts: { highWaterMark?: number } = {}) {
    super({ highWaterMark: opts.highWaterMark });
  }
  override _write(chunk: Buffer, _enc: BufferEncoding, cb: (err?: Error | null) => void): void {
    this.parts.push(Buffer.from(chunk));
    cb();
  }
  get buffer(): Buffer {
    return Buffer.concat(this.parts);
  }
  get text(): string {
    return this.buffer.toString('utf8');
  }
  get bytes(): number {
    return this.parts.reduce((n, b) => n + b.length, 0);
  }
}

/**
 * A Writable that accepts nothing until release() is called: a client that stopped reading.
 * While it is blocked, a streaming writer must stop pulling records.
 */
export class BlockedSink extends Sink {
  private held: (() => void)[] = [];
  private open = false;
  constructor() {
    super({ highWaterMark: 16 * 1024 });
  }
  override _write(chunk: Buffer, enc: BufferEncoding, cb: (err?: Error | null) => void): void {
    if (this.open) return super._write(chunk, enc, cb);
    this.held.push(() => super._write(chunk, enc, cb));
  }
  release(): void {
    this.open = true;
    this.held.splice(0).forEach((f) => f());
  }
}

export const COLUMNS: ExportColumn[] = [
  { name: 'id', labelTh: 'รหัสในระบบ', labelEn: 'ID', type: 'integer' },
  { name: 'place_name', labelTh: 'จุดติดตั้ง/สถานที่', labelEn: 'Installation point / place' },
  { name: 'status', labelTh: 'สถานะการใช้งาน', labelEn: 'Status', labels: CameraStatus.labels },
  { name: 'purposes', labelTh: 'วัตถุประสงค์', labelEn: 'Purposes', type: 'string[]', labels: CameraPurpose.labels },
  { name: 'repair_budget_baht', labelTh: 'งบประมาณซ่อม (บาท)', labelEn: 'Repair budget (baht)', type: 'number' },
  { name: 'is_demo', labelTh: 'ข้อมูลสาธิต', labelEn: 'Demo data', type: 'boolean' },
  { name: 'reported_on', labelTh: 'วันที่รายงาน', labelEn: 'Reported on', type: 'date' },
  { name: 'updated_at', labelTh: 'แก้ไขล่าสุด', labelEn: 'Last updated', type: 'datetime' },
  { name: 'notes', labelTh: 'หมายเหตุ', labelEn: 'Notes' },
];

export const RECORDS: ExportRecord[] = [
  {
    properties: {
      id: 1,
      place_name: 'สี่แยกศาลากลาง "หน้า" <ตลาด> & ท่ารถ',
      status: 'working',
      purposes: ['deterrence', 'traffic'],
      repair_budget_baht: 12500.5,
      is_demo: false,
      reported_on: '2019-04-02',
      updated_at: new Date('2019-03-01T02:00:00Z'), // 09:00 in Bangkok
      notes: 'บรรทัดแรก,\nบรรทัดที่สอง',
    },
    geometry: { type: 'Point', coordinates: [100.45551234567, 14.58960000049] },
  },
  {
    properties: {
      id: 2,
      place_name: '=HYPERLINK("http://x","click")',
      status: 'under_repair',
      purposes: [],
      repair_budget_baht: null,
      is_demo: true,
      reported_on: null,
      updated_at: null,
      notes: '+66 81 234 5678',
      secret: 'not a column: never written',
    },
    geometry: { type: 'Point', coordinates: [98.9, 8.1] },
  },
  { properties: { id: 3, place_name: 'ไม่มีพิกัด', status: 'beyond_repair', purposes: ['investigation'] }, geometry: null },
];

export async function* asyncRecords(records: ExportRecord[]): AsyncGenerator<ExportRecord> {
  for (const r of records) yield r;
}

/** n generated point records; `pulled.n` counts how many the consumer has taken. */
export async function* manyRecords(n: number, pulled = { n: 0 }): AsyncGenerator<ExportRecord> {
  for (let i = 1; i <= n; i++) {
    pulled.n = i;
    yield {
      properties: { id: i, place_name: `กล้องที่ ${i} ถนนพหลโยธิน`, status: i % 3 ? 'working' : 'not_working', purposes: ['traffic'], repair_budget_baht: i * 10, is_demo: true, reported_on: '2019-01-01', updated_at: new Date(1_550_000_000_000 + i * 1000), notes: null },
      geometry: { type: 'Point', coordinates: [100 + (i % 1000) / 1000, 14 + (i % 777) / 1000] },
    };
  }
}

/** Lets the event loop run for a number of turns. */
export async function settle(turns = 50): Promise<void> {
  for (let i = 0; i < turns; i++) await new Promise((r) => setImmediate(r));
}

/**
 * Waits until `value()` stops changing: five rounds in a row without change, each round some
 * event-loop turns plus a short pause for thread-pool work (zlib). Not a timing assertion: on a
 * slow machine it simply waits longer.
 */
export async function quiescent(value: () => number, maxRounds = 500): Promise<number> {
  let last = value();
  let still = 0;
  for (let i = 0; i < maxRounds && still < 5; i++) {
    await settle(20);
    await new Promise((r) => setTimeout(r, 10));
    const now = value();
    still = now === last ? still + 1 : 0;
    last = now;
  }
  return last;
}
