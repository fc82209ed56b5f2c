import { useI18n } from '../../i18n/react';

/** The police panel (placeholder until it is built). */
export function PolicePanel() {
  const { t } = useI18n();
  return (
    <section aria-labelledby="panel-police-title" data-testid="panel-police">
      <h2 id="panel-police-title">{t('police.title')}</h2>
    </section>
  );
}
