import { describe, expect, it } from 'vitest';
import { en } from './en';
import {
  formatDate,
  formatNumber,
  isLang,
  isMessageKey,
  isoDate,
  LANGS,
  localeFor,
  MESSAGES,
  placeholders,
  translate,
} from './index';
import { th } from './th';

const THAI = /[\u0E00-\u0E7F]/;

describe('messages', () => {
  const keys = Object.keys(th).sort();

  it.each(LANGS)('%s defines exactly the Thai keys, none empty', (lang) => {
    const messages = MESSAGES[lang];
    expect(Object.keys(messages).sort()).toEqual(keys);
    for (const k of keys) expect(messages[k as keyof typeof th].trim(), k).not.toBe('');
  });

  it('uses the same placeholders in every language', () => {
    for (const k of keys) {
      const want = placeholders(th[k as keyof typeof th]);
      for (const lang of LANGS) expect(placeholders(MESSAGES[lang][k as keyof typeof th]), `${lang} ${k}`).toEqual(want);
    }
  });

  it('has Thai text in Thai and no Thai script in English (except the name of the Thai language)', () => {
    expect(th['app.name']).toBe('cctv-atlas — แผนที่กล้องวงจรปิด');
    expect(th['health.title']).toMatch(THAI);
    for (const [k, v] of Object.entries(en)) if (k !== 'lang.th') expect(v, k).not.toMatch(THAI);
  });

  it('fills placeholders and leaves unknown ones as written', () => {
    expect(translate('en', 'health.error', { message: 'HTTP 502' })).toBe('Cannot reach the API (HTTP 502)');
    expect(translate('th', 'health.error', { message: 'HTTP 502' })).toBe('ติดต่อ API ไม่ได้ (HTTP 502)');
    expect(translate('en', 'health.error')).toBe('Cannot reach the API ({message})');
  });

  it('recognises languages and keys', () => {
    expect(isLang('th') && isLang('en')).toBe(true);
    expect(isLang('fr') || isLang(null)).toBe(false);
    expect(isMessageKey('engine.embedded')).toBe(true);
    expect(isMessageKey('engine.sqlite')).toBe(false);
    expect(isMessageKey('toString')).toBe(false);
  });
});

describe('dates and numbers', () => {
  // 15 January 2025, 10:00 in Bangkok (UTC+7); still the 14th in Los Angeles.
  const d = new Date(Date.UTC(2025, 0, 15, 3, 0));
  const bkk = { timeZone: 'Asia/Bangkok' };

  it('chooses Buddhist-calendar Thai locales, with Thai digits on request', () => {
    expect(localeFor('th')).toBe('th-TH-u-ca-buddhist');
    expect(localeFor('th', { thaiDigits: true })).toBe('th-TH-u-ca-buddhist-nu-thai');
    expect(localeFor('en', { thaiDigits: true })).toBe('en-GB');
  });

  it('writes Thai dates in the Buddhist Era (CE + 543)', () => {
    expect(formatDate(d, 'th', bkk)).toBe('วันพุธที่ 15 มกราคม พ.ศ. 2568');
  });

  it('writes Thai digits when asked', () => {
    expect(formatDate(d, 'th', { ...bkk, thaiDigits: true })).toBe('วันพุธที่ ๑๕ มกราคม พ.ศ. ๒๕๖๘');
    expect(formatNumber(12345, 'th', { thaiDigits: true })).toBe('๑๒,๓๔๕');
    expect(formatNumber(12345, 'th')).toBe('12,345');
  });

  it('writes English dates in the Gregorian calendar', () => {
    expect(formatDate(d, 'en', bkk)).toBe('Wednesday, 15 January 2025');
  });

  it('honours the time zone for the day and for the machine-readable date', () => {
    expect(formatDate(d, 'en', { timeZone: 'America/Los_Angeles' })).toBe('Tuesday, 14 January 2025');
    expect(isoDate(d, 'Asia/Bangkok')).toBe('2025-01-15');
    expect(isoDate(d, 'America/Los_Angeles')).toBe('2025-01-14');
  });
});
