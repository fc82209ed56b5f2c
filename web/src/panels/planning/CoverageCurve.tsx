import { useId } from 'react';
import type { CurvePoint } from '../../api/planning';
import { useI18n } from '../../i18n/react';
import { useFormat } from './format';

const W = 360;
const H = 190;
const PAD = { left: 44, right: 12, top: 12, bottom: 34 };

/** Coverage (0–1 of the area's whole demand) at a curve point: what is covered already plus what the plan adds. */
export function coverageAt(p: CurvePoint, before: number, total: number): number {
  return total > 0 ? before + p.coveredWeight / total : before;
}

/** The curve's coverage at a budget: the last point at or below it (the curve is a step function). */
export function coverageForBudget(curve: readonly CurvePoint[], budget: number, before: number, total: number): number {
  let at = before;
  for (const p of curve) if (p.budget <= budget + 1e-6) at = coverageAt(p, before, total);
  return at;
}

/**
 * Coverage against budget as a step chart drawn by hand in SVG: the greedy plan's coverage at each
 * budget step (points), the upper bound (dashed), and the current budget (a vertical line). The
 * chart has an accessible name and description; the numbers are in a table below it.
 */
export function CoverageCurve({ curve, before, total, budget }: { curve: readonly CurvePoint[]; before: number; total: number; budget: number }) {
  const { t } = useI18n();
  const f = useFormat();
  const id = useId();
  if (!curve.length) return null;
  const maxBudget = Math.max(budget, curve[curve.length - 1]!.budget, 1);
  const ys = curve.flatMap((p) => [coverageAt(p, before, total), total > 0 ? before + p.bound / total : before]);
  // The y axis spans the data in 5 % steps (at least one step).
  let lo = Math.max(0, Math.floor(Math.min(before, ...ys) * 20) / 20);
  let hi = Math.min(1, Math.ceil(Math.max(...ys) * 20) / 20);
  if (hi - lo < 0.05) {
    hi = Math.min(1, lo + 0.05);
    lo = Math.max(0, hi - 0.05);
  }
  const x = (b: number) => PAD.left + ((W - PAD.left - PAD.right) * b) / maxBudget;
  const y = (c: number) => PAD.top + (H - PAD.top - PAD.bottom) * (1 - (c - lo) / (hi - lo));
  const pts = curve.map((p) => ({ p, cx: x(p.budget), cy: y(coverageAt(p, before, total)) }));
  let step = `M ${pts[0]!.cx} ${pts[0]!.cy}`;
  for (let i = 1; i < pts.length; i++) step += ` H ${pts[i]!.cx} V ${pts[i]!.cy}`;
  step += ` H ${x(maxBudget)}`;
  const bound = curve.map((p, i) => `${i ? 'L' : 'M'} ${x(p.budget)} ${y(total > 0 ? before + p.bound / total : before)}`).join(' ');
  const at = coverageForBudget(curve, budget, before, total);
  const millions = (b: number) => f.num(Math.round(b / 100_000) / 10);
  const first = curve[0]!;
  const last = curve[curve.length - 1]!;
  const xb = x(Math.min(budget, maxBudget));
  return (
    <figure className="planning-curve">
      <svg
        data-testid="planning-curve"
        role="img"
        viewBox={`0 0 ${W} ${H}`}
        aria-labelledby={`${id}-title`}
        aria-describedby={`${id}-desc`}
        preserveAspectRatio="xMidYMid meet"
      >
        <title id={`${id}-title`}>{t('planning.curve.title')}</title>
        <desc id={`${id}-desc`}>
          {t('planning.curve.desc', {
            from: f.pct(coverageAt(first, before, total)),
            to: f.pct(coverageAt(last, before, total)),
            max: f.baht(last.budget),
            budget: f.baht(budget),
            at: f.pct(at),
          })}
        </desc>
        <g className="planning-curve-axes" aria-hidden="true">
          <line x1={PAD.left} y1={H - PAD.bottom} x2={W - PAD.right} y2={H - PAD.bottom} />
          <line x1={PAD.left} y1={PAD.top} x2={PAD.left} y2={H - PAD.bottom} />
          {[lo, (lo + hi) / 2, hi].map((c) => (
            <text key={c} x={PAD.left - 4} y={y(c) + 4} textAnchor="end">
              {f.num(Math.round(c * 1000) / 10)}%
            </text>
          ))}
          {[0, maxBudget / 2, maxBudget].map((b) => (
            <text key={b} x={x(b)} y={H - PAD.bottom + 14} textAnchor={b === 0 ? 'start' : b === maxBudget ? 'end' : 'middle'}>
              {millions(b)}
            </text>
          ))}
          <text x={(PAD.left + W - PAD.right) / 2} y={H - 4} textAnchor="middle">
            {t('planning.curve.budgetAxis')}
          </text>
        </g>
        <path className="planning-curve-bound" d={bound} aria-hidden="true" />
        <path className="planning-curve-line" d={step} aria-hidden="true" />
        <line className="planning-curve-budget" x1={xb} x2={xb} y1={PAD.top} y2={H - PAD.bottom} aria-hidden="true" />
        <text className="planning-curve-budget-label" x={xb + (xb > W / 2 ? -4 : 4)} y={PAD.top + 10} textAnchor={xb > W / 2 ? 'end' : 'start'} aria-hidden="true">
          {t('planning.curve.current')} {f.pct(at)}
        </text>
        {pts.map(({ p, cx, cy }) => (
          <circle key={p.budget} className="planning-curve-point" cx={cx} cy={cy} r={3.5} data-budget={p.budget}>
            <title>{t('planning.curve.point', { budget: f.baht(p.budget), coverage: f.pct(coverageAt(p, before, total)) })}</title>
          </circle>
        ))}
      </svg>
      <figcaption className="planning-legend">
        <span className="planning-legend-line">{t('planning.curve.coverageAxis')}</span>
        <span className="planning-legend-bound">{t('planning.curve.bound')}</span>
        <span className="planning-legend-budget">{t('planning.curve.current')}</span>
      </figcaption>
      <details className="planning-details">
        <summary>{t('planning.curve.numbers')}</summary>
        <div className="planning-scroll" role="region" aria-label={t('planning.curve.numbers')} tabIndex={0}>
          <table className="planning-table" data-testid="planning-curve-table">
            <caption className="planning-sr">{t('planning.curve.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('planning.curve.col.budget')}</th>
                <th scope="col">{t('planning.curve.col.coverage')}</th>
                <th scope="col">{t('planning.curve.col.added')}</th>
                <th scope="col">{t('planning.curve.col.bound')}</th>
              </tr>
            </thead>
            <tbody>
              {curve.map((p) => (
                <tr key={p.budget}>
                  <td className="num">{f.baht(p.budget)}</td>
                  <td className="num">{f.pct(coverageAt(p, before, total))}</td>
                  <td className="num">{f.weight(p.addedWeight)}</td>
                  <td className="num">{f.pct(total > 0 ? before + p.bound / total : before)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </figure>
  );
}
