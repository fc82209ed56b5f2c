import { useId, type KeyboardEvent } from 'react';
import { useI18n } from '../../i18n/react';
import { parseNumber, useFormat } from './format';

export const BUDGET_STEP = 100_000;

/**
 * The budget as a text field (so that it can show "5,000,000" or Thai digits and accept what people
 * paste) and a slider in steps of 100,000 baht; both edit the same text.
 */
export function BudgetInput({ text, onChange, error, sliderMax }: { text: string; onChange: (text: string) => void; error?: string; sliderMax: number }) {
  const { t } = useI18n();
  const f = useFormat();
  const id = useId();
  const value = parseNumber(text);
  const valid = value !== null && Number.isFinite(value) && value >= 0;
  const sliderValue = valid ? Math.min(sliderMax, Math.round(value / BUDGET_STEP) * BUDGET_STEP) : 0;
  const set = (n: number) => onChange(f.baht(Math.max(0, n)));
  const onKey = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key !== 'ArrowUp' && e.key !== 'ArrowDown') return;
    e.preventDefault();
    const base = valid ? Math.round(value / BUDGET_STEP) * BUDGET_STEP : 0;
    set(base + (e.key === 'ArrowUp' ? BUDGET_STEP : -BUDGET_STEP));
  };
  return (
    <div className="planning-field planning-budget">
      <label htmlFor={`${id}-text`}>{t('planning.budget')}</label>
      <input
        id={`${id}-text`}
        data-testid="planning-budget"
        type="text"
        inputMode="numeric"
        autoComplete="off"
        value={text}
        aria-invalid={error ? true : undefined}
        aria-describedby={`${id}-hint${error ? ` ${id}-err` : ''}`}
        onChange={(e) => onChange(e.currentTarget.value)}
        onBlur={() => valid && set(value)}
        onKeyDown={onKey}
      />
      <p id={`${id}-hint`} className="planning-hint">
        {t('planning.budget.hint')}
      </p>
      {error && (
        <p id={`${id}-err`} className="planning-error" role="alert">
          {error}
        </p>
      )}
      <label htmlFor={`${id}-slider`} className="planning-sublabel">
        {t('planning.budget.slider')}
      </label>
      <input
        id={`${id}-slider`}
        data-testid="planning-budget-slider"
        type="range"
        min={0}
        max={sliderMax}
        step={BUDGET_STEP}
        value={sliderValue}
        aria-valuetext={t('planning.unit.baht', { n: f.baht(sliderValue) })}
        onChange={(e) => set(Number(e.currentTarget.value))}
      />
    </div>
  );
}
