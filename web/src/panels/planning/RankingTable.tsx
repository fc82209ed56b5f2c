import { useId, type KeyboardEvent } from 'react';
import type { RankedCandidate } from '../../api/planning';
import { useI18n } from '../../i18n/react';
import { useFormat } from './format';

/** Enter/Space chooses a row; arrow keys move the focus to the row above or below. */
export function rowKeys(e: KeyboardEvent<HTMLTableRowElement>, choose: () => void): void {
  if (e.target !== e.currentTarget) return; // keys typed into a control inside the row
  if (e.key === 'Enter' || e.key === ' ') {
    e.preventDefault();
    choose();
  } else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
    e.preventDefault();
    const next = e.key === 'ArrowDown' ? e.currentTarget.nextElementSibling : e.currentTarget.previousElementSibling;
    if (next instanceof HTMLElement) next.focus();
  }
}

/** The ranked candidates: one focusable row each; choosing a row shows it on the map. */
export function RankingTable({ rows, selected, onSelect }: { rows: readonly RankedCandidate[]; selected: string | null; onSelect: (row: RankedCandidate) => void }) {
  const { t } = useI18n();
  const f = useFormat();
  const id = useId();
  if (!rows.length) return <p className="planning-note">{t('planning.table.empty')}</p>;
  return (
    <div className="planning-ranking">
      <h4 id={`${id}-title`}>{t('planning.table.title')}</h4>
      <p id={`${id}-hint`} className="planning-hint">
        {t('planning.table.hint')}
      </p>
      <div className="planning-scroll" role="region" aria-labelledby={`${id}-title`} tabIndex={0}>
      <table className="planning-table planning-rows" data-testid="planning-ranking" aria-describedby={`${id}-hint`}>
        <caption className="planning-sr">{t('planning.table.title')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('planning.col.rank')}</th>
            <th scope="col">{t('planning.col.kind')}</th>
            <th scope="col">{t('planning.col.name')}</th>
            <th scope="col">{t('planning.col.cost')}</th>
            <th scope="col">{t('planning.col.weight')}</th>
            <th scope="col">{t('planning.col.perMillion')}</th>
            <th scope="col">{t('planning.col.cumulative')}</th>
            <th scope="col">{t('planning.col.share')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr
              key={r.id}
              tabIndex={0}
              data-testid={`planning-row-${r.id}`}
              aria-current={selected === r.id ? 'true' : undefined}
              className={selected === r.id ? 'is-selected' : undefined}
              onClick={() => onSelect(r)}
              onKeyDown={(e) => rowKeys(e, () => onSelect(r))}
            >
              <td className="num">{f.num(r.rank)}</td>
              <td>
                {t(`planning.kind.${r.kind}`)}
                {r.forced === 'in' && <span className="planning-tag">{t('planning.forced')}</span>}
              </td>
              <td>{r.name ?? t('planning.unnamed')}</td>
              <td className="num">{f.baht(r.cost)}</td>
              <td className="num">{f.weight(r.marginalWeight)}</td>
              <td className="num">{r.weightPerBaht === null ? '—' : f.weight(r.weightPerBaht * 1e6)}</td>
              <td className="num">{f.baht(r.cumulativeCost)}</td>
              <td className="num">{f.pct(r.shareOfDemand)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      </div>
    </div>
  );
}
