import { useI18n } from '../../i18n/react';

/** The import panel (placeholder until it is built). */
export function ImportPanel() {
  const { t } = useI18n();
  return (
    <section aria-labelledby="panel-import-title" data-testid="panel-import">
      <h2 id="panel-import-title">{t('import.title')}</h2>
    </section>
  );
}
