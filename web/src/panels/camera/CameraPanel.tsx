import { useI18n } from '../../i18n/react';

/** The camera panel (placeholder until it is built). */
export function CameraPanel() {
  const { t } = useI18n();
  return (
    <section aria-labelledby="panel-camera-title" data-testid="panel-camera">
      <h2 id="panel-camera-title">{t('camera.title')}</h2>
    </section>
  );
}
