import { describe, expect, it } from 'vitest';
import type { ExportColumn } from '../export/types.js';
import { textValue } from '../export/values.js';
import { xlsxValue } from '../export/writers.js';
import { monthNumber, parseDate, parseDateTime, parseYear, yearToCe } from './dates.js';

describe('yearToCe', () => {
  it.each([
    [2559, 4, undefined, { ok: true, value: 2016 }],
    [2400, 4, undefined, { ok: true, value: 1857 }],
    [2700, 4, undefined, { ok: true, value: 2157 }],
    [2016, 4, undefined, { ok: true, value: 2016 }],
    [1900, 4, undefined, { ok: true, value: 1900 }],
    [2200, 4, undefined, { ok: true, value: 2200 }],
    [2300, 4, undefined, { ok: false, message: '2300 is neither a Buddhist Era (2400–2700) nor a Common Era (1900–2200) year' }],
    [1850, 4, undefined, { ok: false, message: '1850 is neither a Buddhist Era (2400–2700) nor a Common Era (1900–2200) year' }],
    [2016, 4, 'BE', { ok: false, message: '2016 is not a Buddhist Era year (2400–2700)' }],
    [2559, 4, 'CE', { ok: false, message: '2559 is not a Common Era year (1900–2200)' }],
    [59, 2, undefined, { ok: true, value: 2016, note: '2-digit year 59 read as BE 2559 (2016)' }],
    [30, 2, undefined, { ok: true, value: 1987, note: '2-digit year 30 read as BE 2530 (1987)' }],
    [29, 2, undefined, { ok: false, message: '2-digit year 29 is ambiguous', suggestion: 'write the full year: 2529 (BE) or 2029 (CE)' }],
    [5, 2, 'BE', { ok: true, value: 1962, note: '2-digit year 05 read as BE 2505 (1962)' }],
    [16, 2, 'CE', { ok: true, value: 2016 }],
  ] as const)('%j (%j digits, era %j)', (y, digits, era, expected) => {
    expect(yearToCe(y, digits, era)).toEqual(expected);
  });
});

describe('Thai month names', () => {
  const full = ['มกราคม', 'กุมภาพันธ์', 'มีนาคม', 'เมษายน', 'พฤษภาคม', 'มิถุนายน', 'กรกฎาคม', 'สิงหาคม', 'กันยายน', 'ตุลาคม', 'พฤศจิกายน', 'ธันวาคม'];
  const abbr = ['ม.ค.', 'ก.พ.', 'มี.ค.', 'เม.ย.', 'พ.ค.', 'มิ.ย.', 'ก.ค.', 'ส.ค.', 'ก.ย.', 'ต.ค.', 'พ.ย.', 'ธ.ค.'];
  it.each(full.map((m, i) => [m, abbr[i]!, i + 1] as const))('%s / %s = %i', (f, a, n) => {
    expect(monthNumber(f)).toBe(n);
    expect(monthNumber(a)).toBe(n);
    expect(monthNumber(a.replace(/\./g, ''))).toBe(n); // "สค" without dots
  });
  it('knows English names, abbreviations and a common misspelling', () => {
    expect([monthNumber('December'), monthNumber('dec'), monthNumber('Sept'), monthNumber('กรกฏาคม')]).toEqual([12, 12, 9, 7]);
  });
});

describe('parseDate', () => {
  it.each([
    // DOMAIN.md examples
    ['๑๗ ธันวาคม ๒๕๕๘', '2015-12-17'],
    ['8 ส.ค. 2559', '2016-08-08'],
    // numeric, day first
    ['17/12/2558', '2015-12-17'],
    ['17/12/2015', '2015-12-17'],
    ['17-12-2558', '2015-12-17'],
    ['17.12.2558', '2015-12-17'],
    ['๑๗/๑๒/๒๕๕๘', '2015-12-17'],
    ['2016-12-17', '2016-12-17'],
    ['2559-12-17', '2016-12-17'],
    ['2559/12/17', '2016-12-17'],
    // with words
    ['วันที่ 17 ธันวาคม พ.ศ. 2558', '2015-12-17'],
    ['วันพฤหัสบดีที่ 17 ธันวาคม 2558', '2015-12-17'],
    ['17 ธ.ค. 58', '2015-12-17'],
    ['17ธ.ค.2558', '2015-12-17'],
    ['1 มกราคม ค.ศ. 2016', '2016-01-01'],
    ['17 Dec 2016', '2016-12-17'],
    ['17-Dec-2016', '2016-12-17'],
    ['December 17, 2016', '2016-12-17'],
    ['29 ก.พ. 2559', '2016-02-29'], // 2016 is a leap year: check after BE -> CE
    // time is dropped by parseDate (after moving an explicit offset to Thai time)
    ['8 ส.ค. 2559 14.30 น.', '2016-08-08'],
    ['2016-12-17T20:00:00Z', '2016-12-18'],
    // Excel
    [new Date(Date.UTC(2015, 11, 17)), '2015-12-17'],
    [42721, '2016-12-17'], // serial number
  ])('%j -> %j', (input, expected) => {
    const r = parseDate(input);
    expect(r.ok && r.value).toBe(expected);
  });

  it('notes the readings a person should see', () => {
    expect(parseDate('17 ธ.ค. 58')).toEqual({ ok: true, value: '2015-12-17', note: '2-digit year 58 read as BE 2558 (2015)' });
    // A BE date typed into a non-Thai Excel is stored as a date in the year 2558.
    expect(parseDate(new Date(Date.UTC(2558, 11, 17)))).toEqual({ ok: true, value: '2015-12-17', note: 'Excel date in year 2558 read as BE (2015)' });
  });

  it.each([null, '', '-'])('%j is empty', (input) => {
    expect(parseDate(input)).toEqual({ ok: true, value: null });
  });

  it.each([
    ['17/12/16', { ok: false, message: '2-digit year 16 is ambiguous', suggestion: 'write the full year: 2516 (BE) or 2016 (CE)' }],
    ['12/17/2558', { ok: false, message: 'month 17 does not exist in "12/17/2558" (dates are day/month/year)', suggestion: '17/12/2558' }],
    ['30/02/2559', { ok: false, message: 'day 30 does not exist in month 2 of 2016 in "30/02/2559"' }],
    ['29 ก.พ. 2558', { ok: false, message: 'day 29 does not exist in month 2 of 2015 in "29 ก.พ. 2558"' }],
    ['17 ธันวาคน 2558', { ok: false, message: 'unknown month "ธันวาคน" in "17 ธันวาคน 2558"', suggestion: 'ธันวาคม' }],
    ['เมื่อวาน', { ok: false, message: '"เมื่อวาน" is not a date', suggestion: 'write it like 17/12/2558, 17 ธันวาคม 2558 or 2015-12-17' }],
    ['17/12/2300', { ok: false, message: '2300 is neither a Buddhist Era (2400–2700) nor a Common Era (1900–2200) year' }],
    ['2016-12-17 25:00', { ok: false, message: '"2016-12-17 25:00" has no such time' }],
    [true, { ok: false, message: 'expected a date, got true' }],
    [5, { ok: false, message: '5 is not an Excel date' }],
    [2559, { ok: false, message: '2559 is a year, not a date', suggestion: 'write the whole date, e.g. 17/12/2558' }],
  ])('%j is refused', (input, expected) => {
    expect(parseDate(input)).toEqual(expected);
  });
});

describe('parseDateTime', () => {
  it.each([
    ['8 ส.ค. 2559 14:30', '2016-08-08T14:30:00+07:00'],
    ['8 ส.ค. 2559 14.30 น.', '2016-08-08T14:30:00+07:00'],
    ['๘ ส.ค. ๒๕๕๙ เวลา ๑๔.๓๐ น.', '2016-08-08T14:30:00+07:00'],
    ['17/12/2558 09:05:30', '2015-12-17T09:05:30+07:00'],
    ['2016-12-17T14:30', '2016-12-17T14:30:00+07:00'],
    ['2016-12-17T14:30:00+07:00', '2016-12-17T14:30:00+07:00'],
    ['2016-12-17T07:30:00Z', '2016-12-17T14:30:00+07:00'],
    ['2016-12-17T20:00:00Z', '2016-12-18T03:00:00+07:00'], // crosses midnight in Thai time
    ['17 ธันวาคม 2558', '2015-12-17T00:00:00+07:00'],
    [new Date(Date.UTC(2016, 11, 17, 14, 30)), '2016-12-17T14:30:00+07:00'], // exceljs: wall clock in UTC fields
    [42721.6041666667, '2016-12-17T14:30:00+07:00'], // serial with time of day
  ])('%j -> %j', (input, expected) => {
    const r = parseDateTime(input);
    expect(r.ok && r.value).toBe(expected);
  });
});

describe('parseYear', () => {
  it.each([
    ['2559', 2016],
    ['๒๕๕๙', 2016],
    ['พ.ศ. 2559', 2016],
    ['พ.ศ.2559', 2016],
    ['ปี 2559', 2016],
    ['2559 (พ.ศ.)', 2016],
    ['ค.ศ. 2016', 2016],
    ['2016', 2016],
    [2559, 2016],
    [2016, 2016],
    ['8 ส.ค. 2559', 2016],
    ['17/12/2558', 2015],
    [new Date(Date.UTC(2016, 7, 8)), 2016],
    [42721, 2016], // an Excel date cell without the date format
  ])('%j -> %j', (input, expected) => {
    const r = parseYear(input);
    expect(r.ok && r.value).toBe(expected);
  });

  it('reads 2-digit years as BE with a note, refuses the ambiguous ones', () => {
    expect(parseYear('59')).toEqual({ ok: true, value: 2016, note: '2-digit year 59 read as BE 2559 (2016)' });
    expect(parseYear(59)).toEqual({ ok: true, value: 2016, note: '2-digit year 59 read as BE 2559 (2016)' });
    expect(parseYear('16')).toEqual({ ok: false, message: '2-digit year 16 is ambiguous', suggestion: 'write the full year: 2516 (BE) or 2016 (CE)' });
  });

  it.each([
    ['ไม่ทราบ', { ok: false, message: '"ไม่ทราบ" is not a year', suggestion: 'write it like 2559 (BE) or 2016 (CE)' }],
    [2016.5, { ok: false, message: '2016.5 is not a year' }],
    ['1800', { ok: false, message: '1800 is neither a Buddhist Era (2400–2700) nor a Common Era (1900–2200) year' }],
    ['-', { ok: true, value: null }],
    [null, { ok: true, value: null }],
  ])('%j', (input, expected) => {
    expect(parseYear(input)).toEqual(expected);
  });
});

describe('what our exports write reads back', () => {
  const datetime: ExportColumn = { name: 'requested_at', labelTh: 'วันเวลาที่ขอดูภาพ', labelEn: 'Requested at', type: 'datetime' };
  const date: ExportColumn = { name: 'reported_on', labelTh: 'วันที่รายงาน', labelEn: 'Reported on', type: 'date' };
  const instants = [
    '2019-03-01T02:00:00Z', // 09:00 in Bangkok
    '2019-03-01T17:30:00Z', // already 2 March in Bangkok
    '2016-12-31T16:59:59Z', // the last second of 2016 in Bangkok
    '2020-02-29T23:15:00.250Z', // with milliseconds
  ];

  it.each(instants)('%s: the +07:00 text of GeoJSON/KML/CSV and the wall clock of XLSX give the same instant', (iso) => {
    const at = new Date(iso);
    const text = textValue(datetime, at);
    expect(text).toMatch(/\+07:00$/);
    const fromText = parseDateTime(text);
    expect(fromText.ok && Date.parse(fromText.value!)).toBe(at.getTime());
    const fromCell = parseDateTime(xlsxValue(datetime, at, {}) as Date);
    expect(fromCell.ok && Date.parse(fromCell.value!)).toBe(at.getTime());
    // Written in UTC ("Z") instead, it is the same instant too.
    const utc = parseDateTime(textValue(datetime, at, { timeZoneOffsetMinutes: 0 }));
    expect(utc.ok && Date.parse(utc.value!)).toBe(at.getTime());
  });

  it.each(['2016-12-20', '2019-03-02'])('%s: a date column reads back as the same day from text and from an Excel date', (day) => {
    expect(parseDate(textValue(date, day))).toEqual({ ok: true, value: day });
    expect(parseDate(xlsxValue(date, day, {}) as Date)).toEqual({ ok: true, value: day });
  });

  it('keeps milliseconds that the text has, and drops digits finer than that', () => {
    expect(parseDateTime('2019-03-01T09:00:00.25+07:00')).toEqual({ ok: true, value: '2019-03-01T09:00:00.250+07:00' });
    expect(parseDateTime('2019-03-01T09:00:00.123456+07:00')).toEqual({ ok: true, value: '2019-03-01T09:00:00.123+07:00' });
    expect(parseDateTime('2019-03-01T09:00:00.000+07:00')).toEqual({ ok: true, value: '2019-03-01T09:00:00+07:00' });
  });
});
