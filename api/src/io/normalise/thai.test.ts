import { describe, expect, it } from 'vitest';
import { cellText, cleanText, DAY_UNITS, isEmptyCell, parseInteger, parseNumber, thaiDigitsToArabic } from './thai.js';

describe('Thai digits and text', () => {
  it.each([
    ['๐๑๒๓๔๕๖๗๘๙', '0123456789'],
    ['โทร ๐๘๑-๒๓๔-๕๖๗๘', 'โทร 081-234-5678'],
    ['หมู่ ๔ ถนน 3', 'หมู่ 4 ถนน 3'],
  ])('thaiDigitsToArabic(%j) = %j', (input, expected) => {
    expect(thaiDigitsToArabic(input)).toBe(expected);
  });

  it.each([
    ['  ใช้งาน\u200Bได้   ปกติ \n', 'ใช้งานได้ ปกติ'], // zero-width space, runs of spaces, newline
    ['\uFEFFจุดติดตั้ง', 'จุดติดตั้ง'], // BOM left by a CSV reader
    ['ชำรุด\u00A0อยู่ระหว่างซ่อม', 'ชำรุด อยู่ระหว่างซ่อม'], // no-break space
    ['ค\u0E4D\u0E32', 'คำ'], // NIKHAHIT + SARA AA -> SARA AM
    ['soft\u00ADhyphen\u2060', 'softhyphen'],
    ['ถนน ๑๒', 'ถนน 12'],
  ])('cleanText(%j) = %j', (input, expected) => {
    expect(cleanText(input)).toBe(expected);
  });

  it('keeps line breaks inside a cell when asked', () => {
    expect(cleanText(' บรรทัดแรก  \r\n\r\n  บรรทัด ๒ ', { keepLineBreaks: true })).toBe('บรรทัดแรก\nบรรทัด 2');
  });

  it.each([
    [null, ''],
    [12, '12'],
    [true, 'true'],
    [new Date(Date.UTC(2016, 11, 17)), '2016-12-17'],
    [new Date(Date.UTC(2016, 11, 17, 14, 30)), '2016-12-17T14:30:00.000Z'],
    [' ๑๒ ', '12'],
  ])('cellText(%j) = %j', (input, expected) => {
    expect(cellText(input)).toBe(expected);
  });

  it.each([
    [null, true], ['', true], ['  -  ', true], ['—', true], ['N/A', true], ['ไม่ระบุ', true], [0, false], ['0', false], ['x', false],
  ])('isEmptyCell(%j) = %j', (input, expected) => {
    expect(isEmptyCell(input)).toBe(expected);
  });
});

describe('parseNumber', () => {
  it.each([
    ['1,250,000 บาท', 1250000],
    ['๑,๒๕๐', 1250],
    ['1.5 ล้าน', 1500000],
    ['1.1 ล้านบาท', 1100000], // exact, not 1100000.0000000002
    ['2 แสน', 200000],
    ['3 หมื่นบาท', 30000],
    ['1,250,000.- บาท', 1250000],
    ['1,250,000.-', 1250000],
    ['฿ 1,000', 1000],
    ['THB 2,500.50', 2500.5],
    ['1 250 000', 1250000],
    ['  42 ', 42],
    ['-3.25', -3.25],
    ['.5', 0.5],
    ['2 million baht', 2000000],
    [1250000, 1250000],
    [0, 0],
  ])('%j -> %j', (input, expected) => {
    expect(parseNumber(input)).toEqual({ ok: true, value: expected });
  });

  it.each([null, '', '-', ' – ', 'ไม่ระบุ'])('%j is empty', (input) => {
    expect(parseNumber(input)).toEqual({ ok: true, value: null });
  });

  it.each([
    ['1,5', { ok: false, message: '"1,5": a comma is a thousands separator here', suggestion: '1.5 (decimal point)' }],
    ['12,50', { ok: false, message: '"12,50": a comma is a thousands separator here', suggestion: '12.50 (decimal point)' }],
    ['ประมาณ 500', { ok: false, message: '"ประมาณ 500" is not a number', suggestion: '500' }],
    ['abc', { ok: false, message: '"abc" is not a number' }],
    ['1,2345', { ok: false, message: '"1,2345" is not a number', suggestion: '12345' }],
    ['30 วัน', { ok: false, message: '"30 วัน" is not a number', suggestion: '30' }], // not a money unit
    [true, { ok: false, message: 'expected a number, got true' }],
    [Number.NaN, { ok: false, message: 'NaN is not a number' }],
  ])('%j is refused', (input, expected) => {
    expect(parseNumber(input)).toEqual(expected);
  });

  it('takes the units it is given', () => {
    expect(parseNumber('30 วัน', { units: DAY_UNITS })).toEqual({ ok: true, value: 30 });
    expect(parseNumber('30 days', { units: DAY_UNITS })).toEqual({ ok: true, value: 30 });
  });
});

describe('parseInteger', () => {
  it.each([
    ['๑๕', 15],
    ['1,000', 1000],
    ['10.0', 10],
    [7, 7],
  ])('%j -> %j', (input, expected) => {
    expect(parseInteger(input)).toEqual({ ok: true, value: expected });
  });

  it('refuses fractions with the rounded value as suggestion', () => {
    expect(parseInteger('2.5')).toEqual({ ok: false, message: '"2.5" is not a whole number', suggestion: '3' });
    expect(parseInteger(7.2)).toEqual({ ok: false, message: '7.2 is not a whole number', suggestion: '7' });
  });

  it('passes empty and errors through', () => {
    expect(parseInteger('-')).toEqual({ ok: true, value: null });
    expect(parseInteger('x')).toEqual({ ok: false, message: '"x" is not a number' });
  });
});
