import { useMemo } from 'react';
import type { CertificationState, Counts, ProvinceStatus } from '../../api/certification';
import { isMessageKey } from '../../i18n';
import { useI18n } from '../../i18n/react';

/** The figures compared between the certified data and now, in the order the committee reads them. */
export const KEY_FIGURES = [
  'cameras.total',
  'cameras.working',
  'cameras.not_working',
  'cameras.under_repair',
  'cameras.beyond_repair',
  'cameras.repair_budget_baht',
  'linkage.linked',
  'linkage.not_linked',
  'sites.total',
  'sites.cost_baht',
  'requests.total',
  'problems',
  'risk_points',
  'risk_routes',
  'completeness.complete',
  'completeness.share',
] as const;

/** A figure of the counts by dotted path (`cameras.working`, `completeness.missing.phone`); null when absent. */
export function figureAt(counts: Counts | null | undefined, path: string): number | null {
  let v: unknown = counts;
  for (const part of path.split('.')) {
    if (typeof v !== 'object' || v === null) return null;
    v = (v as Record<string, unknown>)[part];
  }
  return typeof v === 'number' ? v : null;
}

export interface CertFormat {
  num: (n: number) => string;
  pct: (share: number) => string;
  /** A figure's label by its path. */
  figure: (path: string) => string;
  /** A figure's value in its unit (shares as percentages, days; baht figures name the unit in their label). */
  value: (path: string, n: number) => string;
  /** current − certified with its sign ("+3", "−1", "0"); shares in percentage points. */
  delta: (path: string, certified: number, current: number) => string;
  /** A record field's label (the camera form's, then the dashboard's), or its name. */
  field: (name: string) => string;
  status: (s: CertificationState) => string;
  /** Where a province stands against its deadline, in words. */
  standing: (p: ProvinceStatus) => string;
  /** Days left ("12 วัน", "เลย 3 วัน"), or "—". */
  daysLeft: (p: ProvinceStatus) => string;
  entity: (e: string) => string;
}

export function useCertFormat(): CertFormat {
  const { t, num } = useI18n();
  return useMemo(() => {
    const label = (key: string, fallback: string) => (isMessageKey(key) ? t(key) : fallback);
    const round = (n: number, d: number) => Math.round(n * 10 ** d) / 10 ** d;
    const pct = (share: number) => t('certification.pct', { n: num(round(share * 100, 1)) });
    const field = (name: string) => label(`camera.f.${name}`, label(`dashboard.field.${name}`, name));
    const figure = (path: string): string => {
      const own = `certification.fig.${path}`;
      if (isMessageKey(own)) return t(own);
      const [group, a, b] = path.split('.');
      if (group === 'cameras' && a && !b) return t('certification.fig.camerasStatus', { status: label(`dashboard.status.${a}`, a) });
      if (group === 'sites' && a === 'by_status' && b) return t('certification.fig.sitesStatus', { status: label(`dashboard.site.${b}`, b) });
      if (group === 'sites' && a === 'cost_by_status' && b) return t('certification.fig.sitesCostStatus', { status: label(`dashboard.site.${b}`, b) });
      if (group === 'requests' && a && !b) return t('certification.fig.requestsResult', { result: label(`dashboard.result.${a}`, a) });
      if (group === 'completeness' && a === 'missing' && b) return t('certification.fig.missing', { field: field(b) });
      return path;
    };
    const isShare = (path: string) => path.endsWith('share');
    const isBaht = (path: string) => path.endsWith('_baht');
    const value = (path: string, n: number) =>
      isShare(path) ? pct(n) : isBaht(path) ? num(Math.round(n)) : path.endsWith('median_days_to_answer') ? t('certification.days', { n: num(round(n, 1)) }) : num(n);
    const signed = (d: number, text: string) => (d > 0 ? `+${text}` : d < 0 ? `−${text}` : text);
    const delta = (path: string, certified: number, current: number) => {
      const d = current - certified;
      if (isShare(path)) return t('certification.points', { n: signed(d, num(Math.abs(round(d * 100, 1)))) });
      return signed(d, num(Math.abs(round(d, 2))));
    };
    return {
      num,
      pct,
      figure,
      value,
      delta,
      field,
      status: (s) => t(`certification.status.${s}`),
      standing: (p) =>
        !p.deadline
          ? t('certification.standing.none')
          : p.late
            ? t('certification.standing.late')
            : p.met
              ? t('certification.standing.met')
              : p.overdue
                ? t('certification.standing.overdue')
                : t('certification.standing.open'),
      daysLeft: (p) =>
        p.days_left === null ? '—' : p.days_left < 0 ? t('certification.daysOver', { n: num(-p.days_left) }) : t('certification.daysLeft', { n: num(p.days_left) }),
      entity: (e) => label(`certification.entity.${e}`, e),
    };
  }, [t, num]);
}
