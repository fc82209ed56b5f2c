import { useI18n } from '../i18n/react';

/** The map (placeholder until it is built). */
export function MapView() {
  const { t } = useI18n();
  return <div className="map-placeholder" data-testid="map" aria-label={t('map.title')} />;
}
