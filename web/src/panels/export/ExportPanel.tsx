import { useI18n } from '../../i18n/react';

/** The export panel (placeholder until it is built). */
export function ExportPanel() {
  const { t } = useI18n();
  return (
    <section aria-labelledby="panel-export-title" data-testid="panel-export">
      <h2 id="panel-export-title">{t('export.title')}</h2>
    </section>
  );
}
