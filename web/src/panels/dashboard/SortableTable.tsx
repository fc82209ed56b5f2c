import { useMemo, useState, type ReactNode } from 'react';
import { toCsv } from '../../api/dashboard';
import { useI18n } from '../../i18n/react';

/**
 * A table whose column headers sort it (click again to reverse; aria-sort says how it is sorted),
 * with an optional totals row that stays at the bottom and an optional CSV download of exactly what
 * the table shows, in its current order (raw numbers, no thousands separators).
 */

export interface Column<T> {
  key: string;
  label: string;
  /** The value sorted on and written to the CSV. */
  value: (row: T) => number | string | null;
  /** What the cell shows (default: the value). */
  render?: (row: T) => ReactNode;
  numeric?: boolean;
}

type Dir = 'ascending' | 'descending';

export function SortableTable<T>({
  caption,
  columns,
  rows,
  rowKey,
  rowTestId,
  footer,
  csvName,
  initialSort,
  limit,
  testId,
}: {
  caption: string;
  columns: readonly Column<T>[];
  rows: readonly T[];
  rowKey: (row: T) => string;
  rowTestId?: (row: T) => string;
  footer?: T;
  /** File name of the CSV download; no button without it. */
  csvName?: string;
  initialSort?: { key: string; dir: Dir };
  /** Show only the first `limit` rows until asked for all (the CSV always has all). */
  limit?: number;
  testId?: string;
}) {
  const { t, lang, num } = useI18n();
  const [sort, setSort] = useState<{ key: string; dir: Dir } | null>(initialSort ?? null);
  const [showAll, setShowAll] = useState(false);
  const sorted = useMemo(() => {
    const col = sort && columns.find((c) => c.key === sort.key);
    if (!col || !sort) return rows;
    const sign = sort.dir === 'ascending' ? 1 : -1;
    return [...rows].sort((p, q) => {
      const a = col.value(p);
      const b = col.value(q);
      // Empty values last whichever the direction.
      if (a === null || b === null) return a === b ? 0 : a === null ? 1 : -1;
      const c = typeof a === 'number' && typeof b === 'number' ? a - b : String(a).localeCompare(String(b), lang);
      return sign * c;
    });
  }, [rows, columns, sort, lang]);

  const onSort = (key: string, numeric?: boolean) =>
    setSort((s) => (s?.key === key ? { key, dir: s.dir === 'ascending' ? 'descending' : 'ascending' } : { key, dir: numeric ? 'descending' : 'ascending' }));

  const download = () => {
    const body = [...sorted, ...(footer ? [footer] : [])].map((r) => columns.map((c) => c.value(r)));
    const csv = toCsv(
      columns.map((c) => c.label),
      body,
    );
    const blob = new Blob([csv], { type: 'text/csv;charset=utf-8' });
    if (typeof URL.createObjectURL !== 'function') return;
    const url = URL.createObjectURL(blob);
    const a = document.createElement('a');
    a.href = url;
    a.download = csvName!;
    document.body.append(a);
    a.click();
    a.remove();
    window.setTimeout(() => {
      if (typeof URL.revokeObjectURL === 'function') URL.revokeObjectURL(url);
    }, 1000);
  };

  return (
    <div className="dash-table-wrap" data-testid={testId}>
      <div
        className="dash-scroll"
        tabIndex={0}
        role="region"
        aria-label={caption}
        // A sort button or link that Tab reaches half outside the scrolled table comes fully into
        // view (the browser scrolls only elements it cannot see at all).
        onFocus={(e) => {
          if (e.target !== e.currentTarget) e.target.scrollIntoView?.({ block: 'nearest', inline: 'nearest' });
        }}
      >
        <table className="dash-table">
          <caption>{caption}</caption>
          <thead>
            <tr>
              {columns.map((c) => (
                <th key={c.key} scope="col" className={c.numeric ? 'num' : undefined} aria-sort={sort?.key === c.key ? sort.dir : undefined}>
                  <button type="button" className="dash-sort" onClick={() => onSort(c.key, c.numeric)} title={t('dashboard.sortBy', { column: c.label })}>
                    {c.label}
                    <span aria-hidden="true" className="dash-sort-mark">
                      {sort?.key === c.key ? (sort.dir === 'ascending' ? '▲' : '▼') : '↕'}
                    </span>
                  </button>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {(limit && !showAll ? sorted.slice(0, limit) : sorted).map((r) => (
              <tr key={rowKey(r)} data-testid={rowTestId?.(r)}>
                {columns.map((c, i) => {
                  const content = c.render ? c.render(r) : c.value(r);
                  return i === 0 ? (
                    <th key={c.key} scope="row">
                      {content}
                    </th>
                  ) : (
                    <td key={c.key} className={c.numeric ? 'num' : undefined}>
                      {content}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
          {footer && (
            <tfoot>
              <tr>
                {columns.map((c, i) => {
                  const content = i === 0 ? t('dashboard.total') : c.render ? c.render(footer) : c.value(footer);
                  return i === 0 ? (
                    <th key={c.key} scope="row">
                      {content}
                    </th>
                  ) : (
                    <td key={c.key} className={c.numeric ? 'num' : undefined}>
                      {content}
                    </td>
                  );
                })}
              </tr>
            </tfoot>
          )}
        </table>
      </div>
      {((limit !== undefined && sorted.length > limit) || csvName) && (
        <div className="dash-table-actions">
          {limit !== undefined && sorted.length > limit && (
            <button type="button" className="dash-btn" aria-expanded={showAll} onClick={() => setShowAll((v) => !v)}>
              {showAll ? t('dashboard.showLess') : t('dashboard.showAll', { count: num(sorted.length) })}
            </button>
          )}
          {csvName && (
            <button type="button" className="dash-btn" onClick={download}>
              {t('dashboard.csv')}
            </button>
          )}
        </div>
      )}
    </div>
  );
}
