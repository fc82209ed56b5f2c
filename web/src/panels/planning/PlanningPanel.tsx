import { useI18n } from '../../i18n/react';

/** The planning panel (placeholder until it is built). */
export function PlanningPanel() {
  const { t } = useI18n();
  return (
    <section aria-labelledby="panel-planning-title" data-testid="panel-planning">
      <h2 id="panel-planning-title">{t('planning.title')}</h2>
    </section>
  );
}
