/**
 * The year a camera was installed: stored in the Common Era (the API checks 1950–2200), typed in the
 * Buddhist Era (พ.ศ. = ค.ศ. + 543) in Thai mode and in the Common Era in English mode.
 */
import { thaiDigitsToArabic } from '../../../../api/src/io/normalise/thai.js';

export type Era = 'BE' | 'CE';

export const BE_OFFSET = 543;
/** The API's range for year_installed (CE). */
export const YEAR_MIN_CE = 1950;
export const YEAR_MAX_CE = 2200;

export const toCE = (year: number, era: Era) => (era === 'BE' ? year - BE_OFFSET : year);
export const fromCE = (yearCE: number, era: Era) => (era === 'BE' ? yearCE + BE_OFFSET : yearCE);

/** The era the year box takes for a language. */
export const eraFor = (lang: string): Era => (lang === 'th' ? 'BE' : 'CE');

export type YearResult =
  | { ok: true; ce: number | null }
  | {
      ok: false;
      problem: 'not_year' | 'range' | 'looks_ce' | 'looks_be';
      /** The accepted range in the box's era. */
      min: number;
      max: number;
      /** The year in the box's era the text probably meant (for looks_ce / looks_be). */
      suggestion?: number;
    };

/**
 * Reads the year box (Thai digits allowed, "พ.ศ."/"ค.ศ."/"BE"/"CE" around it ignored) in `era`.
 * A year typed in the other era is recognised and named: 2016 in a Buddhist-Era box is not
 * 1473, it is 2559.
 */
export function parseYear(text: string, era: Era): YearResult {
  const min = fromCE(YEAR_MIN_CE, era);
  const max = fromCE(YEAR_MAX_CE, era);
  const s = thaiDigitsToArabic(text)
    .replace(/พ\.\s*ศ\.?|ค\.\s*ศ\.?|\b(?:B\.?E|C\.?E|A\.?D)\b\.?/gi, '')
    .trim();
  if (s === '') return { ok: true, ce: null };
  if (!/^\d{4}$/.test(s)) return { ok: false, problem: 'not_year', min, max };
  const y = Number(s);
  if (y >= min && y <= max) return { ok: true, ce: toCE(y, era) };
  if (era === 'BE' && y >= YEAR_MIN_CE && y <= YEAR_MAX_CE) return { ok: false, problem: 'looks_ce', min, max, suggestion: y + BE_OFFSET };
  if (era === 'CE' && y - BE_OFFSET >= YEAR_MIN_CE && y - BE_OFFSET <= YEAR_MAX_CE) return { ok: false, problem: 'looks_be', min, max, suggestion: y - BE_OFFSET };
  return { ok: false, problem: 'range', min, max };
}
