import { useEffect, useMemo, useRef, useState } from 'react';
import { type Dashboard, DashboardError, type DashboardLevel, type DashboardRow, getDashboard, levelChoices } from '../../api/dashboard';
import { useI18n } from '../../i18n/react';
import { useMapBridge } from '../../map/bridge';
import { useAppState } from '../../state/store';
import { type DashFormat, useDashFormat } from './format';
import { CompletenessSection, completenessColumn, LinkageSection, ProblemsSection, RequestsSection, SitesSection, StatusSection } from './sections';
import { type Column, SortableTable } from './SortableTable';
import './dashboard.css';

/**
 * The national board's dashboard: the shared area filters are the scope (nation, a province, a
 * district, a police station), the rows one level below (or police stations within a province).
 * Choosing a row drills down by setting the filters — the map follows — and the breadcrumb goes
 * back up. Figures come from GET /api/dashboard and are refetched when the map's data changes.
 */

type Names = Map<string, string>;
const nameKey = (level: 'province' | 'district' | 'police_station', key: string | number) => `${level}:${key}`;

/** Remembers the names of every area seen, so the breadcrumb names a place before its answer arrives. */
function rememberNames(names: Names, data: Dashboard, fmt: DashFormat): void {
  const { province, district, police_station } = data.area;
  if (province) names.set(nameKey('province', province.code), fmt.area({ key: province.code, ...province }));
  if (district) names.set(nameKey('district', district.id), fmt.area({ key: String(district.id), ...district }));
  if (police_station) names.set(nameKey('police_station', police_station.id), fmt.area({ key: String(police_station.id), ...police_station }));
  if (data.level !== 'nation') for (const r of data.rows) if (r.key !== 'unknown') names.set(nameKey(data.level, r.key), fmt.area(r));
}

function Breadcrumb({ names }: { names: Names }) {
  const { t } = useI18n();
  const { state, setFilters } = useAppState();
  const { province, district, policeStation } = state.filters;
  const crumbs: { label: string; go: (() => void) | null }[] = [
    { label: t('dashboard.nation'), go: () => setFilters({ province: undefined, district: undefined, policeStation: undefined }) },
  ];
  if (province) crumbs.push({ label: names.get(nameKey('province', province)) ?? province, go: () => setFilters({ district: undefined, policeStation: undefined }) });
  if (district) crumbs.push({ label: names.get(nameKey('district', district)) ?? String(district), go: () => setFilters({ policeStation: undefined }) });
  if (policeStation) crumbs.push({ label: names.get(nameKey('police_station', policeStation)) ?? String(policeStation), go: null });
  return (
    <nav aria-label={t('dashboard.breadcrumb')} data-testid="dashboard-breadcrumb" className="dash-crumbs">
      <ol>
        {crumbs.map((c, i) => (
          <li key={i}>
            {i === crumbs.length - 1 ? (
              <span aria-current="page">{c.label}</span>
            ) : (
              <button type="button" className="dash-link" onClick={c.go ?? undefined}>
                {c.label}
              </button>
            )}
          </li>
        ))}
      </ol>
    </nav>
  );
}

function Kpis({ data, fmt }: { data: Dashboard; fmt: DashFormat }) {
  const { t } = useI18n();
  const x = data.totals;
  const broken = x.cameras.not_working + x.cameras.under_repair + x.cameras.beyond_repair;
  const share = (a: number, b: number) => (b ? ` (${fmt.pct(a / b)})` : '');
  const items: [string, string][] = [
    [t('dashboard.kpi.cameras'), fmt.num(x.cameras.total)],
    [t('dashboard.kpi.working'), fmt.num(x.cameras.working) + share(x.cameras.working, x.cameras.total)],
    [t('dashboard.kpi.broken'), fmt.num(broken) + share(broken, x.cameras.total)],
    [t('dashboard.kpi.repairBudget'), fmt.money(x.cameras.repair_budget_baht)],
    [t('dashboard.kpi.linked'), fmt.num(x.linkage.linked) + share(x.linkage.linked, x.cameras.total)],
    [t('dashboard.kpi.sites'), `${fmt.num(x.sites.total)} · ${fmt.money(x.sites.cost_baht)}`],
    [t('dashboard.kpi.requests'), fmt.num(x.requests.total)],
    [t('dashboard.kpi.complete'), x.completeness.cameras ? fmt.pct(x.completeness.share) : t('dashboard.none')],
  ];
  return (
    <dl className="dash-kpis" aria-label={t('dashboard.kpi')}>
      {items.map(([k, v]) => (
        <div key={k}>
          <dt>{k}</dt>
          <dd>{v}</dd>
        </div>
      ))}
    </dl>
  );
}

function AreaTable({ data, fmt }: { data: Dashboard; fmt: DashFormat }) {
  const { t } = useI18n();
  const { state, setFilters } = useAppState();
  const f = state.filters;
  const level = data.level;
  const canDrill = (r: DashboardRow) =>
    level !== 'nation' && r.key !== 'unknown' && !(level === 'police_station' && f.policeStation === Number(r.key));
  const drill = (r: DashboardRow) => {
    if (level === 'province') setFilters({ province: r.key });
    else if (level === 'district') setFilters({ province: r.province_code ?? f.province, district: Number(r.key) });
    else if (level === 'police_station') setFilters({ province: r.province_code ?? f.province, policeStation: Number(r.key) });
  };
  const broken = (r: DashboardRow) => r.cameras.not_working + r.cameras.under_repair + r.cameras.beyond_repair;
  const cols: Column<DashboardRow>[] = [
    {
      key: 'area',
      label: t('dashboard.col.area'),
      value: (r) => fmt.area(r),
      render: (r) =>
        canDrill(r) ? (
          <button type="button" className="dash-link" onClick={() => drill(r)} aria-label={t('dashboard.drill', { name: fmt.area(r) })}>
            {fmt.area(r)}
          </button>
        ) : (
          fmt.area(r)
        ),
    },
    { key: 'cameras', label: t('dashboard.col.cameras'), value: (r) => r.cameras.total, render: (r) => fmt.num(r.cameras.total), numeric: true },
    { key: 'working', label: t('dashboard.col.working'), value: (r) => r.cameras.working, render: (r) => fmt.num(r.cameras.working), numeric: true },
    { key: 'broken', label: t('dashboard.col.broken'), value: broken, render: (r) => fmt.num(broken(r)), numeric: true },
    { key: 'repair', label: t('dashboard.col.repairBudget'), value: (r) => r.cameras.repair_budget_baht, render: (r) => fmt.baht(r.cameras.repair_budget_baht), numeric: true },
    { key: 'linked', label: t('dashboard.col.linked'), value: (r) => r.linkage.linked, render: (r) => fmt.num(r.linkage.linked), numeric: true },
    { key: 'sites', label: t('dashboard.col.sites'), value: (r) => r.sites.total, render: (r) => fmt.num(r.sites.total), numeric: true },
    { key: 'cost', label: t('dashboard.col.cost'), value: (r) => r.sites.cost_baht, render: (r) => fmt.baht(r.sites.cost_baht), numeric: true },
    { key: 'requests', label: t('dashboard.col.requests'), value: (r) => r.requests.total, render: (r) => fmt.num(r.requests.total), numeric: true },
    completenessColumn('complete', t('dashboard.col.complete'), fmt, t('dashboard.none')),
    ...(level === 'province' || level === 'nation'
      ? [{ key: 'problems', label: t('dashboard.col.problems'), value: (r: DashboardRow) => r.problems, render: (r: DashboardRow) => fmt.num(r.problems ?? 0), numeric: true }]
      : []),
  ];
  return (
    <section className="dash-section">
      <SortableTable
        caption={`${t('dashboard.areas')} (${t(`dashboard.level.${level}`)})`}
        columns={cols}
        rows={data.rows}
        rowKey={(r) => r.key}
        rowTestId={(r) => `dashboard-row-${r.key}`}
        footer={data.rows.length > 1 ? data.totals : undefined}
        initialSort={{ key: 'cameras', dir: 'descending' }}
        limit={20}
        csvName={`dashboard-${level}${data.filters.province ? `-${data.filters.province}` : ''}${data.filters.district ? `-d${data.filters.district}` : ''}${data.filters.police_station ? `-s${data.filters.police_station}` : ''}.csv`}
        testId="dashboard-areas"
      />
    </section>
  );
}

export function DashboardPanel() {
  const { t } = useI18n();
  const fmt = useDashFormat();
  const { state } = useAppState();
  const { dataVersion } = useMapBridge();
  const { province, district, policeStation } = state.filters;
  const scope = useMemo(() => ({ province, district, policeStation }), [province, district, policeStation]);
  const scopeKey = `${province ?? ''}/${district ?? ''}/${policeStation ?? ''}`;
  const choices = levelChoices(scope);
  const [choice, setChoice] = useState<{ scopeKey: string; level: DashboardLevel } | null>(null);
  const level = choice && choice.scopeKey === scopeKey && choices.includes(choice.level) ? choice.level : choices[0]!;

  const [data, setData] = useState<Dashboard | null>(null);
  const [error, setError] = useState<Error | null>(null);
  const [loading, setLoading] = useState(true);
  const [attempt, setAttempt] = useState(0);
  const names = useRef<Names>(new Map());

  useEffect(() => {
    const ac = new AbortController();
    setLoading(true);
    setError(null);
    getDashboard(scope, level, ac.signal).then(
      (d) => {
        if (ac.signal.aborted) return;
        setData(d);
        setLoading(false);
      },
      (e: unknown) => {
        if (ac.signal.aborted) return;
        setError(e instanceof Error ? e : new Error(String(e)));
        setLoading(false);
      },
    );
    return () => ac.abort();
  }, [scope, level, dataVersion, attempt]);

  if (data) rememberNames(names.current, data, fmt);
  const provinceName = data?.problems.province_code ? (names.current.get(nameKey('province', data.problems.province_code)) ?? null) : null;

  return (
    <section aria-labelledby="panel-dashboard-title" data-testid="panel-dashboard" className="dash" aria-busy={loading}>
      <div data-testid="dashboard">
        <h2 id="panel-dashboard-title">{t('dashboard.title')}</h2>
        <p className="dash-muted">{t('dashboard.intro')}</p>
        <Breadcrumb names={names.current} />
        <div className="dash-controls">
          <label htmlFor="dash-level">{t('dashboard.level')}</label>
          <select
            id="dash-level"
            data-testid="dashboard-level"
            value={level}
            onChange={(e) => setChoice({ scopeKey, level: e.currentTarget.value as DashboardLevel })}
            disabled={choices.length < 2}
          >
            {choices.map((l) => (
              <option key={l} value={l}>
                {t(`dashboard.level.${l}`)}
              </option>
            ))}
          </select>
        </div>
        <div role="status" aria-live="polite" className="dash-status">
          {loading ? t('dashboard.loading') : ''}
        </div>
        {error && (
          <div role="alert" className="dash-error" data-testid="dashboard-error">
            <p>{t('dashboard.error', { message: error.message })}</p>
            {error instanceof DashboardError && error.fields.length > 0 && (
              <ul>
                {error.fields.map((f) => (
                  <li key={f.field}>{t('dashboard.errorField', { field: f.field, message: f.message })}</li>
                ))}
              </ul>
            )}
            <button type="button" className="dash-btn" onClick={() => setAttempt((a) => a + 1)}>
              {t('dashboard.retry')}
            </button>
          </div>
        )}
        {data && (
          <div className={loading ? 'dash-stale' : undefined}>
            <Kpis data={data} fmt={fmt} />
            <AreaTable data={data} fmt={fmt} />
            <StatusSection data={data} fmt={fmt} />
            <LinkageSection data={data} fmt={fmt} />
            <SitesSection data={data} fmt={fmt} />
            <RequestsSection data={data} fmt={fmt} />
            <ProblemsSection data={data} fmt={fmt} provinceName={provinceName} />
            <CompletenessSection data={data} fmt={fmt} />
          </div>
        )}
      </div>
    </section>
  );
}
