import { useMemo } from 'react';
import type { DashboardRow } from '../../api/dashboard';
import { isMessageKey } from '../../i18n';
import { useI18n } from '../../i18n/react';

/** How the dashboard writes its figures and names, in the current language. */
export interface DashFormat {
  num: (n: number) => string;
  /** Whole baht with the unit ("12,500 บาท"). */
  money: (n: number) => string;
  /** Whole baht, no unit (table cells whose header names the unit). */
  baht: (n: number) => string;
  /** 0–1 as a percentage with one decimal. */
  pct: (share: number) => string;
  /** An area row's name: Thai first (English in English mode when there is one). */
  area: (row: Pick<DashboardRow, 'key' | 'name_th' | 'name_en'>) => string;
  /** The label of an enumeration value (`dashboard.<group>.<value>`), or the value itself. */
  label: (group: string, value: string) => string;
  /** A free-text group name; null is "(not given)". */
  text: (s: string | null) => string;
}

export function useDashFormat(): DashFormat {
  const { t, num, lang } = useI18n();
  return useMemo<DashFormat>(
    () => ({
      num,
      money: (n) => t('dashboard.baht', { amount: num(Math.round(n)) }),
      baht: (n) => num(Math.round(n)),
      pct: (share) => t('dashboard.percent', { value: num(Math.round(share * 1000) / 10) }),
      area: (row) => {
        if (row.key === 'unknown') return t('dashboard.unknown');
        if (row.key === 'nation') return t('dashboard.nation');
        if (row.key === 'total') return t('dashboard.total');
        return (lang === 'en' ? (row.name_en ?? row.name_th) : (row.name_th ?? row.name_en)) ?? row.key;
      },
      label: (group, value) => {
        const key = `dashboard.${group}.${value}`;
        return isMessageKey(key) ? t(key) : value;
      },
      text: (s) => s ?? t('dashboard.blank'),
    }),
    [t, num, lang],
  );
}
