import { useMemo } from 'react';
import { useI18n, type I18n } from '../../i18n/react';
import type { Filters } from '../../state/url';

/** The area of the filters in words ("province code 15, district #3"). */
export function areaText(t: I18n['t'], f: Filters): string {
  const parts: string[] = [];
  if (f.province) parts.push(t('planning.area.province', { code: f.province }));
  if (f.district) parts.push(t('planning.area.district', { id: f.district }));
  if (f.policeStation) parts.push(t('planning.area.station', { id: f.policeStation }));
  return parts.length ? parts.join(', ') : t('planning.area.all');
}

/**
 * Reads a number as officials type it: Thai digits, thousands separators, spaces and a trailing
 * "บาท"/"baht"/"ม." are accepted. '' gives null; anything else that is not a number gives NaN.
 */
export function parseNumber(text: string): number | null {
  const s = text
    .replace(/[๐-๙]/g, (d) => String(d.charCodeAt(0) - 0x0e50))
    .replace(/[,\s\u00a0]/g, '')
    .replace(/(บาท|baht|เมตร|ม\.|m)$/i, '');
  if (s === '') return null;
  return /^[-+]?(\d+\.?\d*|\.\d+)$/.test(s) ? Number(s) : NaN;
}

/** Number formats of the planning and police panels, in the user's language and digits. */
export function useFormat() {
  const { num, t } = useI18n();
  return useMemo(() => {
    const round = (n: number, d: number) => Math.round(n * 10 ** d) / 10 ** d;
    return {
      /** Whole baht with separators (no unit). */
      baht: (n: number) => num(Math.round(n)),
      /** A 0–1 share as a percentage with one decimal. */
      pct: (share: number) => t('planning.unit.pct', { n: num(round(share * 100, 1)) }),
      /** Risk weight, two decimals at most. */
      weight: (w: number) => num(round(w, 2)),
      /** Whole metres with the unit. */
      metres: (m: number) => t('planning.unit.m', { n: num(Math.round(m)) }),
      ms: (ms: number) => t('planning.unit.ms', { n: num(Math.round(ms)) }),
      num,
    };
  }, [num, t]);
}
