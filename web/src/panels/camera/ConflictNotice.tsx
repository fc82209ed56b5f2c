import { useEffect, useRef } from 'react';
import { localeFor } from '../../i18n/index';
import { useI18n } from '../../i18n/react';
import type { FieldChange, VersionConflict } from './conflict';
import type { CameraKey } from './fields';

interface Props {
  conflict: VersionConflict;
  /** The version the user's edit started from. */
  baseVersion: number;
  /** The fields that differ (compareVersions of the form the user has now). */
  changes: FieldChange[];
  /** A field's label, and a value as the form shows it (enum and list labels). */
  labelOf: (key: string) => string;
  show: (key: string, value: string) => string;
  onReload: () => void;
  onReapply: () => void;
}

/**
 * The camera was saved by someone else since the form loaded it: who and when (when the API says),
 * the values stored now beside the user's, and the two ways on — take the current version, or put
 * the user's changes onto it and save again.
 */
export function ConflictNotice({ conflict, baseVersion, changes, labelOf, show, onReload, onReapply }: Props) {
  const { t, lang, thaiDigits } = useI18n();
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    ref.current?.focus();
  }, [conflict]);

  const atRaw = conflict.changedBy?.at ?? (typeof conflict.current.updated_at === 'string' ? conflict.current.updated_at : null);
  const at = atRaw ? new Date(atRaw) : null;
  const when = at && !Number.isNaN(at.getTime()) ? new Intl.DateTimeFormat(localeFor(lang, { thaiDigits: lang === 'th' && thaiDigits }), { dateStyle: 'medium', timeStyle: 'short' }).format(at) : null;
  const who = conflict.changedBy ? (conflict.changedBy.username ?? t('camera.conflict.someone')) : null;
  const byLine = who && when ? t('camera.conflict.by', { who, when }) : when ? t('camera.conflict.when', { when }) : t('camera.conflict.unknown');
  const tag = (c: FieldChange): CameraKey => (c.changedByThem && c.changedByMe ? 'camera.conflict.both' : c.changedByThem ? 'camera.conflict.theirs_only' : 'camera.conflict.mine_only');
  const value = (key: string, v: string) => (v === '' ? t('camera.conflict.empty') : show(key, v));

  return (
    <div className="camera-conflict" role="alert" tabIndex={-1} ref={ref} aria-labelledby="camera-conflict-title" data-testid="camera-conflict">
      <p className="camera-conflict-title" id="camera-conflict-title">
        {t('camera.conflict.title')}
      </p>
      <p data-testid="camera-conflict-by">{byLine}</p>
      <p className="camera-hint">{t('camera.conflict.version', { mine: baseVersion, theirs: conflict.current.version })}</p>
      {changes.length === 0 ? (
        <p>{t('camera.conflict.none')}</p>
      ) : (
        <ul className="camera-conflict-list" aria-label={t('camera.conflict.list')}>
          {changes.map((c) => (
            <li key={c.key} data-testid={`camera-conflict-${c.key}`} className={c.changedByThem && c.changedByMe ? 'camera-conflict-both' : undefined}>
              <span className="camera-conflict-field">{labelOf(c.key)}</span> <span className="camera-conflict-tag">({t(tag(c))})</span>
              <span className="camera-conflict-values">
                <span data-testid={`camera-conflict-${c.key}-theirs`}>
                  {t('camera.conflict.theirs')}: {value(c.key, c.theirs)}
                </span>
                <span data-testid={`camera-conflict-${c.key}-mine`}>
                  {t('camera.conflict.mine')}: {value(c.key, c.mine)}
                </span>
              </span>
            </li>
          ))}
        </ul>
      )}
      <div className="camera-actions">
        <button type="button" className="camera-btn camera-btn-primary" data-testid="camera-conflict-reapply" onClick={onReapply}>
          {t('camera.conflict.reapply')}
        </button>
        <button type="button" className="camera-btn" data-testid="camera-conflict-reload" onClick={onReload}>
          {t('camera.conflict.reload')}
        </button>
      </div>
    </div>
  );
}
