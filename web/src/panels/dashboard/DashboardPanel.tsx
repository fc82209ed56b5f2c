import { useI18n } from '../../i18n/react';

/** The dashboard panel (placeholder until it is built). */
export function DashboardPanel() {
  const { t } = useI18n();
  return (
    <section aria-labelledby="panel-dashboard-title" data-testid="panel-dashboard">
      <h2 id="panel-dashboard-title">{t('dashboard.title')}</h2>
    </section>
  );
}
