import { useMemo } from 'react';
import { localeFor } from '../../i18n';
import { useI18n } from '../../i18n/react';

/** Dates and times are shown as in Thailand (UTC+7, no daylight saving), wherever the browser is. */
export const BANGKOK = 'Asia/Bangkok';

export interface When {
  /** An instant (ISO string) as a short date and time in Thailand: "30 พ.ย. 2569 15:34" (Buddhist Era in Thai). */
  time: (iso: string) => string;
  /** An instant as a short date in Thailand. */
  day: (iso: string) => string;
  /** A calendar date (YYYY-MM-DD, already a day in Thailand) as a short date. */
  date: (ymd: string) => string;
  /** A calendar date in full, with the weekday ("วันพฤหัสบดีที่ 31 ธันวาคม พ.ศ. 2569"). */
  dateLong: (ymd: string) => string;
}

/**
 * The short date formats of the accounts, certification and audit panels, in the user's language
 * and digits. (useI18n's `date()` writes the long form with the weekday; tables need a short one.)
 */
export function useWhen(): When {
  const { lang, thaiDigits } = useI18n();
  return useMemo(() => {
    const locale = localeFor(lang, { thaiDigits: lang === 'th' && thaiDigits });
    const timeFmt = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone: BANGKOK });
    const dayFmt = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: BANGKOK });
    // A calendar date is formatted at midnight UTC in UTC, so no zone moves it to another day.
    const dateFmt = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' });
    const longFmt = new Intl.DateTimeFormat(locale, { dateStyle: 'full', timeZone: 'UTC' });
    const safe = (fmt: Intl.DateTimeFormat, d: Date, raw: string) => (Number.isNaN(d.getTime()) ? raw : fmt.format(d));
    const ymd = (s: string) => new Date(`${s.slice(0, 10)}T00:00:00Z`);
    return {
      time: (iso) => safe(timeFmt, new Date(iso), iso),
      day: (iso) => safe(dayFmt, new Date(iso), iso),
      date: (s) => safe(dateFmt, ymd(s), s),
      dateLong: (s) => safe(longFmt, ymd(s), s),
    };
  }, [lang, thaiDigits]);
}
