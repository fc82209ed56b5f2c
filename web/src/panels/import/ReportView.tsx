import { useEffect, useMemo, useState } from 'react';
import type { ImportReport } from '../../api/records';
import { useI18n } from '../../i18n/react';
import { issueRows, outOfScopeRows, pageOf, reportCounts, type Severity } from './report';

type Filter = 'all' | Severity | 'scope';

/** At most this many row numbers are written out in the out-of-scope notice (all are in the table). */
const ROWS_LISTED = 20;

/** The importer's report: counts, the columns it recognised, and every problem by row, a page at a time. */
export function ReportView({ report }: { report: ImportReport }) {
  const { t, num } = useI18n();
  const [filter, setFilter] = useState<Filter>('all');
  const [page, setPage] = useState(1);
  useEffect(() => {
    setPage(1);
  }, [report, filter]);

  const counts = reportCounts(report);
  // Sorted once per report (a 120,000-problem report takes ~0.1 s), not on every page turn.
  const all = useMemo(() => issueRows(report), [report]);
  const rows = useMemo(() => all.filter((r) => filter === 'all' || (filter === 'scope' ? r.outOfScope : r.severity === filter)), [all, filter]);
  const scopeRows = useMemo(() => outOfScopeRows(report), [report]);
  const scopeList = scopeRows.slice(0, ROWS_LISTED).map((n) => num(n)).join(', ') + (scopeRows.length > ROWS_LISTED ? ', …' : '');
  const shown = pageOf(rows, page);
  const recognised = Object.entries(report.columns.recognised);
  const list = (xs: string[]) => xs.join(', ');

  return (
    <section className="import-report" data-testid="import-report" aria-labelledby="import-report-title">
      <h3 id="import-report-title">{t('import.report.title')}</h3>
      <p className="import-hint">{t('import.report.source', { source: report.source })}</p>
      {scopeRows.length > 0 && (
        <div className="import-scope" data-testid="import-scope">
          <p className="import-scope-title">{t('import.scope.title', { count: num(scopeRows.length), rows: scopeList })}</p>
          <p>{t('import.scope.body')}</p>
        </div>
      )}
      <dl className="import-counts">
        <div>
          <dt>{t('import.report.rows_total')}</dt>
          <dd data-testid="import-count-total">{num(counts.total)}</dd>
        </div>
        <div>
          <dt>{t('import.report.rows_ok')}</dt>
          <dd data-testid="import-count-ok">{num(counts.ok)}</dd>
        </div>
        <div className={counts.withErrors ? 'import-bad' : undefined}>
          <dt>{t('import.report.rows_error')}</dt>
          <dd data-testid="import-count-errors">{num(counts.withErrors)}</dd>
        </div>
        {counts.outOfScope > 0 && (
          <div className="import-bad">
            <dt>{t('import.report.rows_scope')}</dt>
            <dd data-testid="import-count-scope">{num(counts.outOfScope)}</dd>
          </div>
        )}
        <div>
          <dt>{t('import.report.warnings')}</dt>
          <dd data-testid="import-count-warnings">{num(counts.warnings)}</dd>
        </div>
        <div>
          <dt>{t('import.report.would_insert')}</dt>
          <dd>{num(report.inserted)}</dd>
        </div>
        <div>
          <dt>{t('import.report.would_update')}</dt>
          <dd>{num(report.updated)}</dd>
        </div>
      </dl>

      <details className="import-columns" open>
        <summary>{t('import.report.columns')} ({num(recognised.length)})</summary>
        <table className="import-table" data-testid="import-columns">
          <thead>
            <tr>
              <th scope="col">{t('import.report.field')}</th>
              <th scope="col">{t('import.report.header')}</th>
            </tr>
          </thead>
          <tbody>
            {recognised.map(([field, header]) => (
              <tr key={field}>
                <td>
                  <code>{field}</code>
                </td>
                <td>{header}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {report.columns.missing.length > 0 && <p className="import-error">{t('import.report.missing', { list: list(report.columns.missing) })}</p>}
        {report.columns.unknown.length > 0 && <p className="import-hint">{t('import.report.unknown', { list: list(report.columns.unknown) })}</p>}
        {report.columns.ignored.length > 0 && <p className="import-hint">{t('import.report.ignored', { list: list(report.columns.ignored) })}</p>}
        {report.columns.duplicates.map((d) => (
          <p className="import-hint" key={d.field}>
            {t('import.report.duplicates', { field: d.field, list: list(d.headers) })}
          </p>
        ))}
      </details>
      {report.agenciesCreated.length > 0 && <p className="import-hint">{t('import.report.agencies', { list: list(report.agenciesCreated) })}</p>}

      <h4 className="import-issues-title">{t('import.report.issues', { count: num(report.errors.length + report.warnings.length) })}</h4>
      <div className="import-filter" role="radiogroup" aria-label={t('import.report.filter')}>
        {(scopeRows.length ? (['all', 'error', 'scope', 'warning'] as const) : (['all', 'error', 'warning'] as const)).map((f) => (
          <label key={f} className="import-check">
            <input type="radio" name="import-filter" value={f} checked={filter === f} onChange={() => setFilter(f)} />
            {t(`import.report.filter.${f}`)}
          </label>
        ))}
      </div>
      {rows.length === 0 ? (
        <p className="import-hint">{t('import.report.no_issues')}</p>
      ) : (
        <>
          <div className="import-table-wrap">
            <table className="import-table" data-testid="import-issues">
              <thead>
                <tr>
                  <th scope="col">{t('import.col.row')}</th>
                  <th scope="col">{t('import.col.column')}</th>
                  <th scope="col">{t('import.col.value')}</th>
                  <th scope="col">{t('import.col.message')}</th>
                  <th scope="col">{t('import.col.severity')}</th>
                </tr>
              </thead>
              <tbody>
                {shown.items.map((r, i) => (
                  <tr key={`${r.row}-${r.column}-${i}`} data-testid="import-issue" data-out-of-scope={r.outOfScope || undefined} className={r.severity === 'error' ? 'import-row-error' : 'import-row-warning'}>
                    <td className="import-num">{num(r.row)}</td>
                    <td>{r.column || t('import.report.whole_row')}</td>
                    <td className="import-value">{r.value}</td>
                    <td>
                      {r.message}
                      {r.suggestion && <span className="import-suggestion">{t('import.suggestion', { suggestion: r.suggestion })}</span>}
                    </td>
                    <td>
                      {r.outOfScope ? (
                        <span className="import-badge import-badge-scope">{t('import.severity.scope')}</span>
                      ) : (
                        <span className={`import-badge import-badge-${r.severity}`}>{t(`import.severity.${r.severity}`)}</span>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {shown.pages > 1 && (
            <nav className="import-pages" aria-label={t('import.pages')}>
              <button type="button" className="import-btn" data-testid="import-prev" disabled={shown.page <= 1} onClick={() => setPage(shown.page - 1)}>
                {t('import.prev')}
              </button>
              <span data-testid="import-page" aria-live="polite">
                {t('import.page', { page: num(shown.page), pages: num(shown.pages) })}
              </span>
              <button type="button" className="import-btn" data-testid="import-next" disabled={shown.page >= shown.pages} onClick={() => setPage(shown.page + 1)}>
                {t('import.next')}
              </button>
            </nav>
          )}
        </>
      )}
    </section>
  );
}
