import { en } from './en';
import { th, type MessageKey, type Messages } from './th';

export type { MessageKey, Messages };
export type Lang = 'th' | 'en';

export const LANGS: readonly Lang[] = ['th', 'en'];
export const DEFAULT_LANG: Lang = 'th';
export const MESSAGES: Record<Lang, Messages> = { th, en };

export function isLang(v: unknown): v is Lang {
  return v === 'th' || v === 'en';
}

export function isMessageKey(k: string): k is MessageKey {
  return Object.hasOwn(th, k);
}

/** Looks a message up and fills its {placeholders}; unknown placeholders stay as written. */
export function translate(lang: Lang, key: MessageKey, params: Record<string, string | number> = {}): string {
  const text = MESSAGES[lang][key] ?? th[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? String(params[name]) : m));
}

/** The {placeholders} a message uses, sorted; used to check that translations agree. */
export function placeholders(text: string): string[] {
  return [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1] as string).sort();
}

export interface FormatOptions {
  /** Thai digits (๐–๙) instead of Arabic ones; Thai only. */
  thaiDigits?: boolean;
  /** IANA zone; the browser's own zone when omitted. */
  timeZone?: string;
}

/**
 * BCP 47 locale for Intl: Thai uses the Buddhist calendar (พ.ศ. = CE + 543) and, on request,
 * Thai digits; English uses day-month-year with the Gregorian calendar.
 */
export function localeFor(lang: Lang, opts: FormatOptions = {}): string {
  if (lang === 'en') return 'en-GB';
  return opts.thaiDigits ? 'th-TH-u-ca-buddhist-nu-thai' : 'th-TH-u-ca-buddhist';
}

/** Long date, e.g. "วันพุธที่ 15 มกราคม พ.ศ. 2568" or "Wednesday, 15 January 2025". */
export function formatDate(date: Date, lang: Lang, opts: FormatOptions = {}): string {
  return new Intl.DateTimeFormat(localeFor(lang, opts), { dateStyle: 'full', timeZone: opts.timeZone }).format(date);
}

/** Machine-readable date (YYYY-MM-DD, Gregorian) for <time dateTime>, in the same zone. */
export function isoDate(date: Date, timeZone?: string): string {
  const parts = new Intl.DateTimeFormat('en-US', { year: 'numeric', month: '2-digit', day: '2-digit', timeZone }).formatToParts(date);
  const get = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}

export function formatNumber(n: number, lang: Lang, opts: FormatOptions = {}): string {
  return new Intl.NumberFormat(localeFor(lang, opts)).format(n);
}
