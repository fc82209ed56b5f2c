import { useState } from 'react';
import { useI18n } from '../../i18n/react';
import { useAppState } from '../../state/store';
import { legendSections } from './legend-items';
import { usePublicView } from './public-layers';
import { Swatch } from './Swatch';
import './layers.css';

/**
 * The compact legend the map shows over itself: a swatch and a label for each layer that is on,
 * cameras in the current colouring (status or owner type). Folds to its title (a <details>), so it
 * never hides much of the map on a tablet. On the public map, only the layers a visitor sees.
 */
export function Legend({ className = '', groupedCameras = false }: { className?: string; groupedCameras?: boolean }) {
  const { t } = useI18n();
  const { state } = useAppState();
  const [open, setOpen] = useState(true);
  const { layers } = usePublicView();
  const sections = legendSections(layers, state.colorBy, { groupedCameras });
  return (
    <details
      className={`layers-legend ${className}`.trim()}
      data-testid="legend"
      data-color-by={state.colorBy}
      open={open}
      onToggle={(e) => setOpen(e.currentTarget.open)}
    >
      <summary>{t('map.legend.title')}</summary>
      {sections.length === 0 ? (
        <p className="layers-legend-empty">{t('map.legend.empty')}</p>
      ) : (
        sections.map((s) => {
          const single = s.items.length === 1 && s.items[0]!.label === s.title;
          return (
            <div key={s.layer} className="layers-legend-section" data-testid={`legend-${s.layer}`}>
              {!single && <p className="layers-legend-title">{t(s.title)}</p>}
              <ul>
                {s.items.map((i) => (
                  <li key={i.id} data-testid={`legend-item-${i.id}`} className={i.ends ? 'layers-legend-ramp' : undefined}>
                    {i.ends ? (
                      <>
                        <span className="layers-legend-label">{t(i.label)}</span>
                        <span className="layers-legend-scale">
                          <span className="layers-legend-end">{t(i.ends[0])}</span>
                          <Swatch shape={i.shape} colors={i.colors} />
                          <span className="layers-legend-end">{t(i.ends[1])}</span>
                        </span>
                      </>
                    ) : (
                      <>
                        <Swatch shape={i.shape} colors={i.colors} />
                        <span className="layers-legend-label">{t(i.label)}</span>
                      </>
                    )}
                  </li>
                ))}
              </ul>
            </div>
          );
        })
      )}
    </details>
  );
}
