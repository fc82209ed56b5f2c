import { useId, useState, type FormEvent } from 'react';
import { fieldMessages } from '../../api/accounts';
import { setDeadline, type ProvinceStatus } from '../../api/certification';
import { useI18n } from '../../i18n/react';
import { FieldError } from '../accounts/ui';

const FIELDS = ['province', 'due_on', 'round_from'] as const;
type Field = (typeof FIELDS)[number];

/**
 * The admin's deadline for one province or all (PUT /api/certification/deadlines): a due date, an
 * optional start of the round (certifications from that day count), or removing the deadline.
 */
export function DeadlineForm({ provinces, fixed, onDone }: { provinces: readonly ProvinceStatus[]; fixed?: ProvinceStatus; onDone: () => void }) {
  const { t, lang, num } = useI18n();
  const id = useId();
  const [province, setProvince] = useState(fixed?.province_code ?? 'all');
  const [dueOn, setDueOn] = useState(fixed?.deadline?.due_on ?? '');
  const [roundFrom, setRoundFrom] = useState('');
  const [remove, setRemove] = useState(false);
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<Partial<Record<Field | 'general', string>>>({});
  const [done, setDone] = useState<string | null>(null);
  const a11y = (f: Field) => ({ 'aria-invalid': errors[f] ? true : undefined, 'aria-describedby': errors[f] ? `${id}-${f}-err` : undefined });

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setDone(null);
    if (!remove && !dueOn) {
      setErrors({ due_on: t('certification.err.date') });
      return;
    }
    setBusy(true);
    setErrors({});
    try {
      const r = await setDeadline({ province, due_on: remove ? null : dueOn, ...(!remove && roundFrom ? { round_from: roundFrom } : {}) });
      setDone(remove ? t('certification.deadline.removed', { n: num(r.deadlines.length) }) : t('certification.deadline.saved', { n: num(r.deadlines.length) }));
      onDone();
    } catch (err) {
      setErrors(fieldMessages(err, FIELDS));
    } finally {
      setBusy(false);
    }
  };

  return (
    <details className="cert-deadline" data-testid="cert-deadline">
      <summary>{fixed ? t('certification.deadline.titleOne') : t('certification.deadline.title')}</summary>
      <form className="acct-form" onSubmit={submit} noValidate>
        {!fixed && (
          <label className="acct-field">
            <span>{t('certification.deadline.province')}</span>
            <select value={province} onChange={(e) => setProvince(e.target.value)} {...a11y('province')} data-testid="cert-deadline-province">
              <option value="all">{t('certification.deadline.all', { n: num(provinces.length) })}</option>
              {provinces.map((p) => (
                <option key={p.province_code} value={p.province_code}>
                  {lang === 'en' ? p.name_en || p.name_th : p.name_th}
                </option>
              ))}
            </select>
            <FieldError id={`${id}-province-err`} message={errors.province} />
          </label>
        )}
        <label className="acct-check">
          <input type="checkbox" checked={remove} onChange={(e) => setRemove(e.currentTarget.checked)} data-testid="cert-deadline-remove" />
          {t('certification.deadline.remove')}
        </label>
        <label className="acct-field">
          <span>{t('certification.deadline.dueOn')}</span>
          <input type="date" value={dueOn} onChange={(e) => setDueOn(e.target.value)} disabled={remove} {...a11y('due_on')} data-testid="cert-deadline-due" />
          <FieldError id={`${id}-due_on-err`} message={errors.due_on} />
        </label>
        <label className="acct-field">
          <span>{t('certification.deadline.roundFrom')}</span>
          <input
            type="date"
            value={roundFrom}
            onChange={(e) => setRoundFrom(e.target.value)}
            disabled={remove}
            {...a11y('round_from')}
            aria-describedby={errors.round_from ? `${id}-round_from-err` : `${id}-round-hint`}
            data-testid="cert-deadline-round"
          />
          <span id={`${id}-round-hint`} className="acct-hint">
            {t('certification.deadline.roundHint')}
          </span>
          <FieldError id={`${id}-round_from-err`} message={errors.round_from} />
        </label>
        {errors.general && (
          <p className="acct-error" role="alert" data-testid="cert-deadline-error">
            {errors.general}
          </p>
        )}
        <p className="acct-live" aria-live="polite" data-testid="cert-deadline-done">
          {done ?? ''}
        </p>
        <button type="submit" className="acct-btn acct-primary" disabled={busy} data-testid="cert-deadline-save">
          {busy ? t('certification.saving') : t('certification.deadline.save')}
        </button>
      </form>
    </details>
  );
}
