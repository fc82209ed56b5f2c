import { useI18n } from '../../i18n/react';

/** The layers panel (placeholder until it is built). */
export function LayersPanel() {
  const { t } = useI18n();
  return (
    <section aria-labelledby="panel-layers-title" data-testid="panel-layers">
      <h2 id="panel-layers-title">{t('tab.layers')}</h2>
    </section>
  );
}
