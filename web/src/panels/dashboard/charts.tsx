import { useId } from 'react';
import { useI18n } from '../../i18n/react';

/**
 * Hand-made SVG bar charts. A chart is an image with an accessible name (its <title>) and a
 * description (<desc>) listing every figure; each bar segment carries its own <title> (a tooltip
 * with the number), and the same numbers are one click away as a table. Colours come from CSS
 * classes (dashboard.css) so dark mode and contrast live in one place.
 */

export interface Series {
  key: string;
  label: string;
  /** CSS class of the segment fill (dash-c-*). */
  className: string;
}

export interface BarRow {
  key: string;
  label: string;
  values: Record<string, number>;
}

// Geometry in viewBox units: the SVG is as wide as the panel, so one unit ≈ one CSS pixel at 400 px.
const WIDTH = 400;
const LABEL_W = 118;
const VALUE_W = 52;
const BAR_H = 16;
const GAP = 6;
/** Characters that fit in the label column (Thai vowel and tone marks above or below take no width). */
const MAX_LABEL = 18;
const ZERO_WIDTH = /[\u0E31\u0E34-\u0E3A\u0E47-\u0E4E]/;

/** The label cut to MAX_LABEL visible characters, with an ellipsis (the full one is its <title>). */
export function shortLabel(s: string): string {
  let visible = 0;
  const chars = [...s];
  for (let i = 0; i < chars.length; i++) {
    if (!ZERO_WIDTH.test(chars[i]!)) visible++;
    if (visible > MAX_LABEL) return `${chars.slice(0, i - 1).join('')}…`;
  }
  return s;
}

export function StackedBarChart({
  title,
  series,
  rows,
  format,
  testId,
  note,
}: {
  title: string;
  series: readonly Series[];
  rows: readonly BarRow[];
  /** How a value is written (num, money …). */
  format: (n: number) => string;
  testId?: string;
  note?: string;
}) {
  const { t } = useI18n();
  const id = useId();
  const total = (r: BarRow) => series.reduce((s, x) => s + (r.values[x.key] ?? 0), 0);
  const max = Math.max(1, ...rows.map(total));
  const barW = WIDTH - LABEL_W - VALUE_W;
  const height = Math.max(1, rows.length) * (BAR_H + GAP) + GAP;
  const desc = rows.map((r) => `${r.label}: ${series.map((s) => `${s.label} ${format(r.values[s.key] ?? 0)}`).join(', ')}`).join('; ');
  return (
    <figure className="dash-chart" data-testid={testId}>
      {series.length > 1 && (
        <ul className="dash-legend">
          {series.map((s) => (
            <li key={s.key}>
              <svg width="12" height="12" aria-hidden="true" focusable="false">
                <rect width="12" height="12" rx="2" className={s.className} />
              </svg>
              {s.label}
            </li>
          ))}
        </ul>
      )}
      <svg viewBox={`0 0 ${WIDTH} ${height}`} role="img" aria-labelledby={`${id}-t`} aria-describedby={`${id}-d`} className="dash-svg">
        <title id={`${id}-t`}>{title}</title>
        <desc id={`${id}-d`}>{desc}</desc>
        {rows.map((r, i) => {
          const y = GAP + i * (BAR_H + GAP);
          let x = LABEL_W;
          const sum = total(r);
          return (
            <g key={r.key}>
              <text x={LABEL_W - 6} y={y + BAR_H / 2} className="dash-label" textAnchor="end" dominantBaseline="central">
                <title>{r.label}</title>
                {shortLabel(r.label)}
              </text>
              {series.map((s) => {
                const v = r.values[s.key] ?? 0;
                if (v <= 0) return null;
                const w = (v / max) * barW;
                const rect = (
                  <rect key={s.key} x={x} y={y} width={Math.max(w, 0.5)} height={BAR_H} className={`dash-seg ${s.className}`}>
                    <title>{`${r.label} — ${s.label}: ${format(v)}`}</title>
                  </rect>
                );
                x += w;
                return rect;
              })}
              <text x={WIDTH - 2} y={y + BAR_H / 2} className="dash-value" textAnchor="end" dominantBaseline="central">
                {format(sum)}
              </text>
            </g>
          );
        })}
      </svg>
      {note && <figcaption className="dash-note">{note}</figcaption>}
      <details className="dash-numbers">
        <summary>{t('dashboard.showNumbers')}</summary>
        <div className="dash-scroll" tabIndex={0} role="region" aria-label={title}>
          <table className="dash-table">
            <caption className="dash-sr">{title}</caption>
            <thead>
              <tr>
                <th scope="col">{t('dashboard.col.area')}</th>
                {series.map((s) => (
                  <th scope="col" key={s.key} className="num">
                    {s.label}
                  </th>
                ))}
                {series.length > 1 && (
                  <th scope="col" className="num">
                    {t('dashboard.total')}
                  </th>
                )}
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.key}>
                  <th scope="row">{r.label}</th>
                  {series.map((s) => (
                    <td key={s.key} className="num">
                      {format(r.values[s.key] ?? 0)}
                    </td>
                  ))}
                  {series.length > 1 && <td className="num">{format(total(r))}</td>}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </figure>
  );
}

/** A horizontal bar 0–1 for a share inside a table cell (decorative: the number is beside it). */
export function ShareBar({ share }: { share: number }) {
  const w = Math.max(0, Math.min(1, share)) * 100;
  return (
    <svg className="dash-share" viewBox="0 0 100 8" preserveAspectRatio="none" aria-hidden="true" focusable="false">
      <rect width="100" height="8" className="dash-share-bg" />
      <rect width={w} height="8" className="dash-c-ok" />
    </svg>
  );
}
