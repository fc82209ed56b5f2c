import {
  CAMERA_STATUSES,
  type Dashboard,
  type DashboardRow,
  PROBLEM_CATEGORIES,
  REQUEST_RESULTS,
  SITE_STATUSES,
} from '../../api/dashboard';
import { useI18n } from '../../i18n/react';
import { useMapBridge } from '../../map/bridge';
import { useAppState } from '../../state/store';
import { type BarRow, type Series, ShareBar, StackedBarChart } from './charts';
import type { DashFormat } from './format';
import { type Column, SortableTable } from './SortableTable';

/** The five items the national board asked for, and the completeness of the records. */

/** At most this many areas in a chart (the largest); the tables list them all. */
export const CHART_ROWS = 12;

interface SectionProps {
  data: Dashboard;
  fmt: DashFormat;
}

/** The rows with something to draw, largest first, cut to CHART_ROWS; and how many there were. */
function chartRows(rows: readonly DashboardRow[], measure: (r: DashboardRow) => number, values: (r: DashboardRow) => Record<string, number>, fmt: DashFormat) {
  const withData = rows.filter((r) => measure(r) > 0).sort((p, q) => measure(q) - measure(p));
  const bars: BarRow[] = withData.slice(0, CHART_ROWS).map((r) => ({ key: r.key, label: fmt.area(r), values: values(r) }));
  return { bars, total: withData.length };
}

function Note({ shown, total }: { shown: number; total: number }) {
  const { t, num } = useI18n();
  return shown < total ? <p className="dash-note">{t('dashboard.topNote', { shown: num(shown), total: num(total) })}</p> : null;
}

function Empty() {
  const { t } = useI18n();
  return <p className="dash-muted">{t('dashboard.noData')}</p>;
}

const seriesOf = (group: string, keys: readonly string[], fmt: DashFormat, cls: (k: string) => string): Series[] =>
  keys.map((k) => ({ key: k, label: fmt.label(group, k), className: cls(k) }));

// ---- 1. cameras by status --------------------------------------------------------------------------

export function StatusSection({ data, fmt }: SectionProps) {
  const { t } = useI18n();
  const series = seriesOf('status', CAMERA_STATUSES, fmt, (k) => `dash-c-${k}`);
  const { bars, total } = chartRows(data.rows, (r) => r.cameras.total, (r) => ({ ...r.cameras }), fmt);
  type A = Dashboard['repairAgencies'][number];
  const cols: Column<A>[] = [
    { key: 'name', label: t('dashboard.col.agency'), value: (a) => a.name, render: (a) => fmt.text(a.name) },
    { key: 'cameras', label: t('dashboard.col.broken'), value: (a) => a.cameras, render: (a) => fmt.num(a.cameras), numeric: true },
    { key: 'budget', label: t('dashboard.col.repairBudget'), value: (a) => a.repair_budget_baht, render: (a) => fmt.baht(a.repair_budget_baht), numeric: true },
  ];
  return (
    <section className="dash-section" aria-labelledby="dash-s1">
      <h3 id="dash-s1">{t('dashboard.s1')}</h3>
      {bars.length ? (
        <>
          <StackedBarChart title={t('dashboard.s1.chart')} series={series} rows={bars} format={fmt.num} testId="dashboard-status-chart" />
          <Note shown={bars.length} total={total} />
        </>
      ) : (
        <Empty />
      )}
      {data.repairAgencies.length > 0 && (
        <SortableTable caption={t('dashboard.s1.agencies')} columns={cols} rows={data.repairAgencies} rowKey={(a) => a.name ?? ''} limit={5} csvName="repair-agencies.csv" />
      )}
    </section>
  );
}

// ---- 2. network linkage ----------------------------------------------------------------------------

export function LinkageSection({ data, fmt }: SectionProps) {
  const { t } = useI18n();
  const series = seriesOf('link', ['linked', 'not_linked', 'unknown'], fmt, (k) => `dash-c-link-${k}`);
  const { bars, total } = chartRows(
    data.rows,
    (r) => r.cameras.total,
    (r) => ({ linked: r.linkage.linked, not_linked: r.linkage.not_linked, unknown: r.linkage.unknown }),
    fmt,
  );
  type N = { name: string | null; cameras: number; link_budget_baht?: number };
  const cols = (withBudget: boolean, nameLabel: string): Column<N>[] => [
    { key: 'name', label: nameLabel, value: (a) => a.name, render: (a) => fmt.text(a.name) },
    { key: 'cameras', label: t('dashboard.col.cameras'), value: (a) => a.cameras, render: (a) => fmt.num(a.cameras), numeric: true },
    ...(withBudget
      ? [{ key: 'budget', label: t('dashboard.col.linkBudget'), value: (a: N) => a.link_budget_baht ?? 0, render: (a: N) => fmt.baht(a.link_budget_baht ?? 0), numeric: true }]
      : []),
  ];
  const tot = data.totals.linkage;
  return (
    <section className="dash-section" aria-labelledby="dash-s2">
      <h3 id="dash-s2">{t('dashboard.s2')}</h3>
      {bars.length ? (
        <>
          <StackedBarChart title={t('dashboard.s2.chart')} series={series} rows={bars} format={fmt.num} testId="dashboard-linkage-chart" />
          <Note shown={bars.length} total={total} />
          <p className="dash-muted">
            {t('dashboard.linkBudget')}: <strong>{fmt.money(tot.link_budget_baht)}</strong>
          </p>
        </>
      ) : (
        <Empty />
      )}
      {data.linkCentres.length > 0 && (
        <SortableTable caption={t('dashboard.s2.centres')} columns={cols(false, t('dashboard.col.name'))} rows={data.linkCentres} rowKey={(a) => a.name ?? ''} limit={5} />
      )}
      {data.linkAgencies.length > 0 && (
        <SortableTable caption={t('dashboard.s2.agencies')} columns={cols(true, t('dashboard.col.agency'))} rows={data.linkAgencies} rowKey={(a) => a.name ?? ''} limit={5} csvName="link-agencies.csv" />
      )}
      {data.linkNeeds.length > 0 && (
        <SortableTable caption={t('dashboard.s2.needs')} columns={cols(true, t('dashboard.col.name'))} rows={data.linkNeeds} rowKey={(a) => a.name ?? ''} limit={5} />
      )}
    </section>
  );
}

// ---- 3. additional installation points -------------------------------------------------------------

export function SitesSection({ data, fmt }: SectionProps) {
  const { t } = useI18n();
  const s = data.totals.sites;
  const statusBars: BarRow[] = SITE_STATUSES.map((k) => ({ key: k, label: fmt.label('site', k), values: { sites: s.by_status[k] } }));
  type G = Dashboard['siteReasons'][number];
  const groupCols = (nameLabel: string): Column<G>[] => [
    { key: 'name', label: nameLabel, value: (g) => g.name, render: (g) => fmt.text(g.name) },
    { key: 'sites', label: t('dashboard.col.sites'), value: (g) => g.sites, render: (g) => fmt.num(g.sites), numeric: true },
    { key: 'cameras', label: t('dashboard.col.siteCameras'), value: (g) => g.cameras, render: (g) => fmt.num(g.cameras), numeric: true },
    { key: 'cost', label: t('dashboard.col.cost'), value: (g) => g.cost_baht, render: (g) => fmt.baht(g.cost_baht), numeric: true },
  ];
  const areaCols: Column<DashboardRow>[] = [
    { key: 'area', label: t('dashboard.col.area'), value: (r) => fmt.area(r) },
    { key: 'sites', label: t('dashboard.col.sites'), value: (r) => r.sites.total, render: (r) => fmt.num(r.sites.total), numeric: true },
    { key: 'cameras', label: t('dashboard.col.siteCameras'), value: (r) => r.sites.cameras, render: (r) => fmt.num(r.sites.cameras), numeric: true },
    { key: 'cost', label: t('dashboard.col.cost'), value: (r) => r.sites.cost_baht, render: (r) => fmt.baht(r.sites.cost_baht), numeric: true },
  ];
  return (
    <section className="dash-section" aria-labelledby="dash-s3">
      <h3 id="dash-s3">{t('dashboard.s3')}</h3>
      {s.total ? (
        <>
          <StackedBarChart
            title={t('dashboard.s3.chart')}
            series={[{ key: 'sites', label: t('dashboard.col.sites'), className: 'dash-c-accent' }]}
            rows={statusBars}
            format={fmt.num}
            testId="dashboard-sites-chart"
          />
          <p className="dash-muted">
            {t('dashboard.budget')}: <strong>{fmt.money(s.cost_baht)}</strong> · {t('dashboard.siteCameras')}: <strong>{fmt.num(s.cameras)}</strong>
          </p>
          <SortableTable
            caption={t('dashboard.s3.areas')}
            columns={areaCols}
            rows={data.rows.filter((r) => r.sites.total > 0)}
            rowKey={(r) => r.key}
            initialSort={{ key: 'sites', dir: 'descending' }}
            limit={5}
          />
          <SortableTable caption={t('dashboard.s3.reasons')} columns={groupCols(t('dashboard.s3.reasons'))} rows={data.siteReasons} rowKey={(g) => g.name ?? ''} limit={5} csvName="site-reasons.csv" />
          <SortableTable caption={t('dashboard.s3.sources')} columns={groupCols(t('dashboard.s3.sources'))} rows={data.siteBudgetSources} rowKey={(g) => g.name ?? ''} limit={5} />
        </>
      ) : (
        <Empty />
      )}
    </section>
  );
}

// ---- 4. footage requests ---------------------------------------------------------------------------

export function RequestsSection({ data, fmt }: SectionProps) {
  const { t } = useI18n();
  const { flyTo } = useMapBridge();
  const { select } = useAppState();
  const series = seriesOf('result', REQUEST_RESULTS, fmt, (k) => `dash-c-result-${k}`);
  const { bars, total } = chartRows(data.rows, (r) => r.requests.total, (r) => Object.fromEntries(REQUEST_RESULTS.map((k) => [k, r.requests[k]])), fmt);
  type P = Dashboard['topRequestPoints'][number];
  const cols: Column<P>[] = [
    {
      key: 'place',
      label: t('dashboard.col.place'),
      value: (p) => p.place_name,
      render: (p) => (
        <>
          <button
            type="button"
            className="dash-link"
            aria-label={t('dashboard.s4.show', { place: p.place_name })}
            onClick={() => {
              const [lon, lat] = p.geometry.coordinates;
              flyTo({ lon, lat, zoom: 17 });
              select({ kind: 'camera', id: p.camera_id });
            }}
          >
            {p.place_name}
          </button>
          <div className="dash-sub">
            {fmt.text(p.agency)} · {fmt.label('status', p.status)}
          </div>
        </>
      ),
    },
    { key: 'requests', label: t('dashboard.col.requests'), value: (p) => p.requests, render: (p) => fmt.num(p.requests), numeric: true },
    { key: 'provided', label: fmt.label('result', 'provided'), value: (p) => p.provided, render: (p) => fmt.num(p.provided), numeric: true },
    { key: 'broken', label: fmt.label('result', 'camera_broken'), value: (p) => p.camera_broken, render: (p) => fmt.num(p.camera_broken), numeric: true },
  ];
  const median = data.totals.requests.median_days_to_answer;
  return (
    <section className="dash-section" aria-labelledby="dash-s4">
      <h3 id="dash-s4">{t('dashboard.s4')}</h3>
      {bars.length ? (
        <>
          <StackedBarChart title={t('dashboard.s4.chart')} series={series} rows={bars} format={fmt.num} testId="dashboard-requests-chart" />
          <Note shown={bars.length} total={total} />
          <p className="dash-muted">
            {t('dashboard.median')}: <strong>{median === null ? t('dashboard.none') : t('dashboard.days', { value: fmt.num(Math.round(median * 10) / 10) })}</strong>
          </p>
        </>
      ) : (
        <Empty />
      )}
      {data.topRequestPoints.length > 0 && (
        <SortableTable caption={t('dashboard.s4.points')} columns={cols} rows={data.topRequestPoints} rowKey={(p) => String(p.camera_id)} limit={5} csvName="footage-request-points.csv" />
      )}
    </section>
  );
}

// ---- 5. problems -----------------------------------------------------------------------------------

export function ProblemsSection({ data, fmt, provinceName }: SectionProps & { provinceName: string | null }) {
  const { t } = useI18n();
  const p = data.problems;
  const bars: BarRow[] = PROBLEM_CATEGORIES.map((k) => ({ key: k, label: fmt.label('problem', k), values: { n: p.by_category[k] } }));
  return (
    <section className="dash-section" aria-labelledby="dash-s5">
      <h3 id="dash-s5">{t('dashboard.s5')}</h3>
      <p className="dash-muted">{p.province_code ? t('dashboard.s5.scopeProvince', { name: provinceName ?? p.province_code }) : t('dashboard.s5.scopeNation')}</p>
      {p.total ? (
        <>
          <StackedBarChart
            title={t('dashboard.s5.chart')}
            series={[{ key: 'n', label: t('dashboard.col.problems'), className: 'dash-c-accent' }]}
            rows={bars}
            format={fmt.num}
            testId="dashboard-problems-chart"
          />
          <h4>{t('dashboard.s5.recent')}</h4>
          <ul className="dash-problems">
            {p.recent.map((x) => (
              <li key={x.id}>
                <span className="dash-tag">{fmt.label('problem', x.category)}</span> {x.description}
                {x.agency && <span className="dash-muted"> — {x.agency}</span>}
                {x.suggestion && <div className="dash-muted">{t('dashboard.s5.suggestion', { text: x.suggestion })}</div>}
              </li>
            ))}
          </ul>
        </>
      ) : (
        <Empty />
      )}
    </section>
  );
}

/** The share of complete camera records as a bar and a percentage (none when the area has no cameras). */
export function completenessColumn(key: string, label: string, fmt: DashFormat, none: string): Column<DashboardRow> {
  return {
    key,
    label,
    value: (r) => (r.completeness.cameras ? r.completeness.share : null),
    render: (r) =>
      r.completeness.cameras ? (
        <span className="dash-share-cell">
          <ShareBar share={r.completeness.share} />
          {fmt.pct(r.completeness.share)}
        </span>
      ) : (
        none
      ),
    numeric: true,
  };
}

// ---- completeness ----------------------------------------------------------------------------------

export function CompletenessSection({ data, fmt }: SectionProps) {
  const { t } = useI18n();
  const cols: Column<DashboardRow>[] = [
    { key: 'area', label: t('dashboard.col.area'), value: (r) => fmt.area(r) },
    { key: 'cameras', label: t('dashboard.col.cameras'), value: (r) => r.completeness.cameras, render: (r) => fmt.num(r.completeness.cameras), numeric: true },
    { key: 'complete', label: t('dashboard.col.complete'), value: (r) => r.completeness.complete, render: (r) => fmt.num(r.completeness.complete), numeric: true },
    completenessColumn('share', t('dashboard.col.completeShare'), fmt, t('dashboard.none')),
    { key: 'photos', label: t('dashboard.col.photos'), value: (r) => r.completeness.with_photos, render: (r) => fmt.num(r.completeness.with_photos), numeric: true },
  ];
  const cameras = data.totals.completeness.cameras;
  const missing = Object.entries(data.totals.completeness.missing)
    .filter(([, n]) => n > 0)
    .sort((p, q) => q[1] - p[1] || data.completenessFields.indexOf(p[0]) - data.completenessFields.indexOf(q[0]))
    .slice(0, 10);
  type F = { field: string; n: number };
  const fieldCols: Column<F>[] = [
    { key: 'field', label: t('dashboard.col.field'), value: (f) => fmt.label('field', f.field) },
    { key: 'n', label: t('dashboard.col.missing'), value: (f) => f.n, render: (f) => fmt.num(f.n), numeric: true },
    { key: 'share', label: t('dashboard.col.filledShare'), value: (f) => (cameras ? 1 - f.n / cameras : 0), render: (f) => fmt.pct(cameras ? 1 - f.n / cameras : 0), numeric: true },
  ];
  return (
    <section className="dash-section" aria-labelledby="dash-s6" data-testid="dashboard-completeness">
      <h3 id="dash-s6">{t('dashboard.completeness')}</h3>
      <p className="dash-muted">{t('dashboard.completeness.note')}</p>
      <SortableTable
        caption={t('dashboard.completeness.byArea')}
        columns={cols}
        rows={data.rows.filter((r) => r.completeness.cameras > 0 || data.rows.length <= 20)}
        rowKey={(r) => r.key}
        footer={data.rows.length > 1 ? data.totals : undefined}
        initialSort={{ key: 'share', dir: 'ascending' }}
        limit={20}
        csvName="completeness.csv"
      />
      {missing.length ? (
        <SortableTable caption={t('dashboard.completeness.fields')} columns={fieldCols} rows={missing.map(([field, n]) => ({ field, n }))} rowKey={(f) => f.field} />
      ) : (
        <p className="dash-muted">
          {t('dashboard.completeness.fields')}: {cameras ? t('dashboard.completeness.allFilled') : t('dashboard.noData')}
        </p>
      )}
    </section>
  );
}
