import { useState } from 'react';
import { useI18n } from '../../i18n/react';
import { formatDegrees, parsePastedPosition, type PositionResult } from './coordinates';
import { type FormError, positionError } from './fields';
import { describedBy, FieldMessage, Hint, inputId } from './form-ui';

export interface PositionInputProps {
  lat: string;
  lon: string;
  /** New text of both boxes. */
  onChange: (lat: string, lon: string) => void;
  errors: { lat?: FormError; lon?: FormError; geometry?: FormError };
  picking: boolean;
  onPickingChange: (on: boolean) => void;
  /** Set when the position is complete: moves the map to it. */
  onShow?: () => void;
  /** The last position a map click gave, for the live message. */
  picked: { lat: number; lon: number } | null;
}

/**
 * The camera's position three ways: a box that takes "lat, lon" as Google Maps copies it (also with
 * Thai digits, extra spaces or the longitude first), the latitude and longitude boxes, and a pick
 * on the map (each further click moves the pin).
 */
export function PositionInput({ lat, lon, onChange, errors, picking, onPickingChange, onShow, picked }: PositionInputProps) {
  const { t } = useI18n();
  const [paste, setPaste] = useState('');
  const [pasteResult, setPasteResult] = useState<PositionResult | null>(null);
  const [pasteTouched, setPasteTouched] = useState(false);

  const readPaste = (text: string) => {
    setPaste(text);
    const r = parsePastedPosition(text);
    setPasteResult(r);
    if (r?.ok) onChange(formatDegrees(r.lat), formatDegrees(r.lon));
  };

  // A whole pair pasted into one of the boxes is read as a pair.
  const onBox = (axis: 'lat' | 'lon', text: string) => {
    if (/\d\s*[,;\s]\s*-?\d/.test(text.trim()) && /[,;]|\s\S/.test(text.trim())) {
      const r = parsePastedPosition(text);
      if (r?.ok) {
        setPasteResult(r);
        onChange(formatDegrees(r.lat), formatDegrees(r.lon));
        return;
      }
    }
    if (axis === 'lat') onChange(text, lon);
    else onChange(lat, text);
  };

  const pasteError: FormError | undefined = pasteTouched && pasteResult && !pasteResult.ok ? positionError(pasteResult.problem, pasteResult.suggestion) : undefined;
  const swap = () => onChange(lon, lat);
  const fixGeometry = (e: FormError) => {
    if ('text' in e) return;
    if (e.action === 'swap') swap();
  };

  return (
    <fieldset className="camera-position" aria-describedby={errors.geometry ? 'camera-err-geometry' : undefined}>
      <legend>{t('camera.pos.legend')}</legend>
      <div className="camera-field">
        <label htmlFor={inputId('paste')}>{t('camera.pos.paste')}</label>
        <input
          id={inputId('paste')}
          data-testid="camera-latlon-paste"
          type="text"
          inputMode="decimal"
          autoComplete="off"
          value={paste}
          placeholder="14.5896, 100.4550"
          aria-invalid={pasteError ? true : undefined}
          aria-describedby={describedBy('paste', true, !!pasteError)}
          onChange={(e) => readPaste(e.currentTarget.value)}
          onPaste={() => setPasteTouched(true)}
          onBlur={() => setPasteTouched(true)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault();
              setPasteTouched(true);
            }
          }}
        />
        <Hint name="paste">{t('camera.pos.paste_hint')}</Hint>
        <FieldMessage name="paste" error={pasteError} t={t} />
        <p className="camera-status" role="status" data-testid="camera-latlon-read">
          {pasteResult?.ok ? t(pasteResult.swapped ? 'camera.pos.read_swapped' : 'camera.pos.read', { lat: formatDegrees(pasteResult.lat), lon: formatDegrees(pasteResult.lon) }) : ''}
        </p>
      </div>
      <div className="camera-pair">
        {(['lat', 'lon'] as const).map((axis) => (
          <div className="camera-field" key={axis}>
            <label htmlFor={inputId(axis)}>
              {t(axis === 'lat' ? 'camera.f.lat' : 'camera.f.lon')} <span aria-hidden="true">*</span>
            </label>
            <input
              id={inputId(axis)}
              data-testid={`camera-field-${axis}`}
              type="text"
              inputMode="decimal"
              autoComplete="off"
              required
              value={axis === 'lat' ? lat : lon}
              aria-invalid={errors[axis] || errors.geometry ? true : undefined}
              aria-describedby={[describedBy(axis, axis === 'lat', !!errors[axis]), errors.geometry ? 'camera-err-geometry' : ''].filter(Boolean).join(' ') || undefined}
              onChange={(e) => onBox(axis, e.currentTarget.value)}
            />
            {axis === 'lat' && <Hint name="lat">{t('camera.pos.degrees_hint')}</Hint>}
            <FieldMessage name={axis} error={errors[axis]} t={t} />
          </div>
        ))}
      </div>
      <FieldMessage name="geometry" error={errors.geometry} t={t} onFix={fixGeometry} />
      <div className="camera-actions">
        <button type="button" className="camera-btn" data-testid="camera-pick" aria-pressed={picking} onClick={() => onPickingChange(!picking)}>
          {picking ? t('camera.pos.pick_stop') : t('camera.pos.pick')}
        </button>
        {onShow && (
          <button type="button" className="camera-btn camera-btn-quiet" onClick={onShow}>
            {t('camera.pos.show')}
          </button>
        )}
      </div>
      <p className="camera-status" role="status" data-testid="camera-pick-status">
        {picking ? (picked ? t('camera.pos.picked', { lat: formatDegrees(picked.lat), lon: formatDegrees(picked.lon) }) : t('camera.pos.pick_active')) : ''}
      </p>
    </fieldset>
  );
}
