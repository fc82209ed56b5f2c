import { useEffect, useRef, useState } from 'react';
import { deletePhoto, listPhotos, type PhotoMeta, photoUrl, uploadPhoto } from '../../api/records';
import { useI18n } from '../../i18n/react';
import { checkPhoto, formatBytes, photoType, type PhotoProblem } from './photos';

/** Photos of the installation: choose (checked and previewed in the browser), upload, list, delete. */
export function PhotoSection({ cameraId }: { cameraId: number | null }) {
  const { t, num } = useI18n();
  const [photos, setPhotos] = useState<PhotoMeta[]>([]);
  const [file, setFile] = useState<File | null>(null);
  const [problem, setProblem] = useState<PhotoProblem | null>(null);
  const [preview, setPreview] = useState<string | null>(null);
  const [caption, setCaption] = useState('');
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [confirming, setConfirming] = useState<number | null>(null);
  const input = useRef<HTMLInputElement>(null);

  useEffect(() => {
    setPhotos([]);
    setMessage(null);
    if (cameraId === null) return;
    const ctl = new AbortController();
    listPhotos(cameraId, ctl.signal).then(
      (p) => {
        if (!ctl.signal.aborted) setPhotos(p);
      },
      (e: unknown) => {
        if (!ctl.signal.aborted) setMessage({ ok: false, text: t('camera.photo.error', { message: e instanceof Error ? e.message : String(e) }) });
      },
    );
    return () => ctl.abort();
    // Reloaded per camera only (t changes with the language, the list does not).
  }, [cameraId]);

  // The preview's object URL lives as long as the chosen file.
  useEffect(() => {
    if (!file || problem || typeof URL.createObjectURL !== 'function') {
      setPreview(null);
      return;
    }
    let url: string;
    try {
      url = URL.createObjectURL(file);
    } catch {
      setPreview(null); // no preview, the upload still works
      return;
    }
    setPreview(url);
    return () => URL.revokeObjectURL(url);
  }, [file, problem]);

  const choose = (f: File | null) => {
    setMessage(null);
    setFile(f);
    setProblem(f ? checkPhoto(f) : null);
  };

  const upload = async () => {
    if (!file || problem || cameraId === null) return;
    setBusy(true);
    setMessage(null);
    try {
      const p = await uploadPhoto(cameraId, file, { contentType: photoType(file), caption: caption.trim() || undefined });
      setPhotos((ps) => [...ps, { ...p, id: Number(p.id), size_bytes: Number(p.size_bytes) }]);
      setMessage({ ok: true, text: t('camera.photo.uploaded') });
      setFile(null);
      setCaption('');
      if (input.current) input.current.value = '';
    } catch (e) {
      setMessage({ ok: false, text: t('camera.photo.error', { message: e instanceof Error ? e.message : String(e) }) });
    } finally {
      setBusy(false);
    }
  };

  const remove = async (p: PhotoMeta) => {
    setConfirming(null);
    setMessage(null);
    try {
      await deletePhoto(p.id);
      setPhotos((ps) => ps.filter((x) => x.id !== p.id));
    } catch (e) {
      setMessage({ ok: false, text: t('camera.photo.error', { message: e instanceof Error ? e.message : String(e) }) });
    }
  };

  const problemText =
    problem === 'type'
      ? t('camera.photo.err.type', { type: file?.type || file?.name.split('.').pop() || t('camera.photo.unknown_type') })
      : problem === 'size'
        ? t('camera.photo.err.size', { size: formatBytes(file?.size ?? 0, num) })
        : problem === 'empty'
          ? t('camera.photo.err.empty')
          : null;

  return (
    <fieldset className="camera-photos" data-testid="camera-photos">
      <legend>{t('camera.photo.legend')}</legend>
      {cameraId === null ? (
        <p className="camera-hint">{t('camera.photo.save_first')}</p>
      ) : (
        <>
          <div className="camera-field">
            <label htmlFor="camera-f-photo">{t('camera.photo.choose')}</label>
            <input
              ref={input}
              id="camera-f-photo"
              data-testid="camera-photo-input"
              type="file"
              accept="image/jpeg,image/png,image/webp,.jpg,.jpeg,.png,.webp"
              aria-describedby={problemText ? 'camera-hint-photo camera-err-photo' : 'camera-hint-photo'}
              aria-invalid={problemText ? true : undefined}
              onChange={(e) => choose(e.currentTarget.files?.[0] ?? null)}
            />
            <p className="camera-hint" id="camera-hint-photo">
              {t('camera.photo.hint')}
            </p>
            {problemText && (
              <p className="camera-error" id="camera-err-photo" data-testid="camera-error-photo" role="alert">
                {problemText}
              </p>
            )}
          </div>
          {file && !problem && (
            <div className="camera-photo-new">
              {preview && <img src={preview} alt="" className="camera-thumb" />}
              <p className="camera-hint" data-testid="camera-photo-preview">
                {t('camera.photo.preview', { name: file.name, size: formatBytes(file.size, num) })}
              </p>
              <div className="camera-field">
                <label htmlFor="camera-f-photo-caption">{t('camera.photo.caption')}</label>
                <input id="camera-f-photo-caption" type="text" maxLength={1000} value={caption} onChange={(e) => setCaption(e.currentTarget.value)} />
              </div>
              <button type="button" className="camera-btn" data-testid="camera-photo-upload" disabled={busy} onClick={upload}>
                {busy ? t('camera.photo.uploading') : t('camera.photo.upload')}
              </button>
            </div>
          )}
          <p className={message?.ok === false ? 'camera-error' : 'camera-status'} role="status">
            {message?.text ?? ''}
          </p>
          {photos.length === 0 ? (
            <p className="camera-hint">{t('camera.photo.none')}</p>
          ) : (
            <>
              <p className="camera-hint">{t('camera.photo.list', { count: num(photos.length) })}</p>
              <ul className="camera-photo-list" data-testid="camera-photo-list">
                {photos.map((p) => (
                  <li key={p.id}>
                    <a href={photoUrl(p.id)} target="_blank" rel="noreferrer">
                      <img src={photoUrl(p.id)} alt={t('camera.photo.alt', { name: p.caption || p.filename })} className="camera-thumb" loading="lazy" />
                    </a>
                    <span className="camera-photo-name">{p.caption || p.filename}</span>
                    {confirming === p.id ? (
                      <span className="camera-confirm" role="group" aria-label={t('camera.photo.delete_confirm', { name: p.filename })}>
                        <span>{t('camera.photo.delete_confirm', { name: p.filename })}</span>
                        <button type="button" className="camera-btn camera-btn-danger" onClick={() => remove(p)}>
                          {t('camera.delete_yes')}
                        </button>
                        <button type="button" className="camera-btn camera-btn-quiet" onClick={() => setConfirming(null)}>
                          {t('camera.delete_no')}
                        </button>
                      </span>
                    ) : (
                      <button type="button" className="camera-btn camera-btn-quiet" data-testid={`camera-photo-delete-${p.id}`} onClick={() => setConfirming(p.id)}>
                        {t('camera.photo.delete', { name: p.filename })}
                      </button>
                    )}
                  </li>
                ))}
              </ul>
            </>
          )}
        </>
      )}
    </fieldset>
  );
}
