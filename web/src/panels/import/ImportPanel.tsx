import { useEffect, useMemo, useState } from 'react';
import { ApiFieldError, IMPORT_KINDS, type ImportKind, type ImportOptions, type ImportReport, listProvinces, type ProvinceOption, runImport } from '../../api/records';
import { useOptionalAuth } from '../../auth/AuthGate';
import { onlyOwnProvince } from '../../auth/panels';
import type { MessageKey } from '../../i18n';
import { useI18n } from '../../i18n/react';
import { useMapBridge } from '../../map/bridge';
import { useAppState } from '../../state/store';
import { formatBytes } from '../camera/photos';
import './import.css';
import { importVerdict, MAX_IMPORT_BYTES, outOfScopeRows } from './report';
import { ReportView } from './ReportView';

type FieldKey = 'kind' | 'file' | 'province' | 'year' | 'sheet' | 'encoding' | 'mapping';
type Problem = { key: MessageKey; params?: Record<string, string | number> } | { text: string };

const ENCODINGS = ['utf-8', 'windows-874', 'tis-620', 'utf-16le'] as const;
const API_FIELDS: Record<string, FieldKey> = { kind: 'kind', file: 'file', body: 'file', province: 'province', year: 'year', survey_year: 'year', sheet: 'sheet', encoding: 'encoding', mapping: 'mapping' };

const isXlsx = (f: File | null) => !!f && /\.xlsx$/i.test(f.name);
const isCsv = (f: File | null) => !!f && /\.(csv|txt|tsv)$/i.test(f.name);
const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** A small text file's content (FileReader where Blob.text is missing, as in older engines and jsdom). */
function readText(f: File): Promise<string> {
  if (typeof f.text === 'function') return f.text();
  return new Promise((resolve, reject) => {
    const r = new FileReader();
    r.onload = () => resolve(String(r.result ?? ''));
    r.onerror = () => reject(r.error ?? new Error(`cannot read ${f.name}`));
    r.readAsText(f);
  });
}

/**
 * Import a file: choose the kind, the file and the options, "check" runs the importer's dry run and
 * shows its report (per row: number, column, value, message, severity; counts; the columns it
 * recognised); only a checked file with nothing that would stop it can then be imported for real.
 */
export function ImportPanel() {
  const { t, lang, num } = useI18n();
  const user = useOptionalAuth()?.user;
  const { state } = useAppState();
  const { refresh } = useMapBridge();

  const [kind, setKind] = useState<ImportKind>('cameras');
  const [file, setFile] = useState<File | null>(null);
  const [province, setProvince] = useState(state.filters.province ?? '');
  const [skipInvalid, setSkipInvalid] = useState(false);
  const [fixSwapped, setFixSwapped] = useState(false);
  const [year, setYear] = useState('');
  const [sheet, setSheet] = useState('');
  const [encoding, setEncoding] = useState('');
  const [mapping, setMapping] = useState<{ name: string; text: string } | null>(null);
  const [provinces, setProvinces] = useState<ProvinceOption[]>([]);

  const [problems, setProblems] = useState<Partial<Record<FieldKey, Problem>>>({});
  const [general, setGeneral] = useState<string | null>(null);
  const [busy, setBusy] = useState<'check' | 'run' | null>(null);
  const [checked, setChecked] = useState<{ key: string; report: ImportReport } | null>(null);
  const [result, setResult] = useState<{ report: ImportReport; status: number } | null>(null);
  /** The check key of the last import that wrote something (no second import without a new check). */
  const [ranKey, setRanKey] = useState<string | null>(null);

  useEffect(() => {
    const ctl = new AbortController();
    listProvinces(ctl.signal).then(
      (p) => {
        if (!ctl.signal.aborted) setProvinces(onlyOwnProvince(p, (x) => x.code, user));
      },
      () => {
        /* the province stays optional; the select offers "not given" only */
      },
    );
    return () => ctl.abort();
  }, [user]);

  const options: ImportOptions = {
    kind,
    province: province || undefined,
    year: kind === 'lao_survey' && /^\d{4}$/.test(year.trim()) ? Number(year.trim()) : undefined,
    sheet: isXlsx(file) ? sheet : undefined,
    encoding: isCsv(file) ? encoding : undefined,
    mapping: mapping?.text,
    dryRun: true,
    skipInvalid,
    fixSwapped,
  };
  // The check holds for this file with these options (skipping invalid rows does not change the report).
  const key = JSON.stringify([file?.name, file?.size, file?.lastModified, { ...options, skipInvalid: false }]);
  const report = checked?.key === key ? checked.report : null;
  const stale = checked !== null && checked.key !== key;
  const verdict = report ? importVerdict(report, skipInvalid) : null;
  const scopeRows = useMemo(() => (report ? outOfScopeRows(report) : []), [report]);

  const clearProblem = (k: FieldKey) =>
    setProblems((p) => {
      if (!(k in p)) return p;
      const next = { ...p };
      delete next[k];
      return next;
    });

  /** Browser checks before anything is sent. */
  const precheck = (): Partial<Record<FieldKey, Problem>> => {
    const out: Partial<Record<FieldKey, Problem>> = {};
    if (!file) out.file = { key: 'import.err.file_required' };
    else if (file.size === 0) out.file = { key: 'import.err.empty' };
    else if (file.size > MAX_IMPORT_BYTES) out.file = { key: 'import.err.too_large', params: { size: formatBytes(file.size, num) } };
    if (kind === 'lao_survey' && year.trim() && !/^\d{4}$/.test(year.trim())) out.year = { key: 'import.err.year' };
    if (mapping) {
      try {
        JSON.parse(mapping.text);
      } catch {
        out.mapping = { key: 'import.err.mapping_json' };
      }
    }
    return out;
  };

  const send = async (dryRun: boolean) => {
    setGeneral(null);
    const pre = precheck();
    setProblems(pre);
    if (Object.keys(pre).length || !file) return;
    setBusy(dryRun ? 'check' : 'run');
    if (dryRun) setResult(null);
    try {
      const r = await runImport(file, { ...options, dryRun });
      if (dryRun) {
        setChecked({ key, report: r.report });
        setRanKey(null);
      } else {
        setResult(r);
        setChecked({ key, report: r.report });
        if (r.report.written) {
          setRanKey(key);
          refresh();
        }
      }
    } catch (e) {
      if (e instanceof ApiFieldError && e.status === 403 && e.code === 'out_of_scope') {
        // The whole file refused for rows out of the account's reach (a dry run lists them all).
        setGeneral(t('import.scope.refused', { message: e.fields.map((f) => f.message).join('; ') || e.message }));
      } else if (e instanceof ApiFieldError && e.fields.length) {
        const mapped: Partial<Record<FieldKey, Problem>> = {};
        const rest: string[] = [];
        for (const f of e.fields) {
          const k = f.field ? API_FIELDS[f.field] : undefined;
          if (k && !mapped[k]) mapped[k] = { text: f.message };
          else rest.push(f.field ? `${f.field}: ${f.message}` : f.message);
        }
        setProblems(mapped);
        if (rest.length) setGeneral(rest.join('; '));
      } else if (e instanceof ApiFieldError && e.status === 413) {
        setProblems({ file: { text: e.message } });
      } else setGeneral(message(e));
    } finally {
      setBusy(null);
    }
  };

  const readMapping = async (f: File | null) => {
    clearProblem('mapping');
    if (!f) {
      setMapping(null);
      return;
    }
    try {
      setMapping({ name: f.name, text: await readText(f) });
    } catch (e) {
      setMapping(null);
      setProblems((p) => ({ ...p, mapping: { text: message(e) } }));
    }
  };

  const text = (p: Problem) => ('text' in p ? p.text : t(p.key, p.params));
  const described = (k: FieldKey, hint: boolean) => [hint ? `import-hint-${k}` : '', problems[k] ? `import-err-${k}` : ''].filter(Boolean).join(' ') || undefined;
  const errorOf = (k: FieldKey) =>
    problems[k] ? (
      <p className="import-error" id={`import-err-${k}`} data-testid={`import-error-${k}`}>
        {text(problems[k]!)}
      </p>
    ) : null;

  const runHint = useMemo(() => {
    if (!report) return stale ? t('import.stale') : t('import.run_first');
    if (ranKey === key) return t('import.done');
    if (verdict === 'scope') return t('import.run_scope', { count: num(scopeRows.length) });
    if (verdict === 'nothing') return t('import.run_nothing');
    if (verdict === 'errors') return t('import.run_errors');
    return t('import.run_ready', { count: num(report.rowsValid) });
  }, [report, stale, verdict, ranKey, key, t, num, scopeRows]);

  return (
    <section aria-labelledby="panel-import-title" data-testid="panel-import" className="import-panel">
      <h2 id="panel-import-title">{t('import.title')}</h2>
      <p className="import-hint">{t('import.intro')}</p>
      <form
        className="import-form"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void send(true);
        }}
      >
        <div className="import-field">
          <label htmlFor="import-kind">{t('import.kind')}</label>
          <select id="import-kind" data-testid="import-kind" value={kind} aria-invalid={problems.kind ? true : undefined} aria-describedby={described('kind', false)} onChange={(e) => { setKind(e.currentTarget.value as ImportKind); clearProblem('kind'); }}>
            {IMPORT_KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`import.kind.${k}` as MessageKey)}
              </option>
            ))}
          </select>
          {errorOf('kind')}
        </div>

        <div className="import-field">
          <label htmlFor="import-file">{t('import.file')}</label>
          <input
            id="import-file"
            data-testid="import-file"
            type="file"
            accept=".csv,.txt,.xlsx,.geojson,.json,.kml,.kmz,text/csv,application/geo+json,application/vnd.google-earth.kml+xml,application/vnd.google-earth.kmz,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            aria-invalid={problems.file ? true : undefined}
            aria-describedby={described('file', true)}
            onChange={(e) => {
              setFile(e.currentTarget.files?.[0] ?? null);
              clearProblem('file');
              setResult(null);
            }}
          />
          <p className="import-hint" id="import-hint-file">
            {file ? t('import.file_chosen', { name: file.name, size: formatBytes(file.size, num) }) : t('import.file_hint')}
          </p>
          {errorOf('file')}
        </div>

        <div className="import-field">
          <label htmlFor="import-province">{t('import.province')}</label>
          <select id="import-province" data-testid="import-province" value={province} aria-invalid={problems.province ? true : undefined} aria-describedby={described('province', true)} onChange={(e) => { setProvince(e.currentTarget.value); clearProblem('province'); }}>
            <option value="">{t('import.province_any')}</option>
            {province && !provinces.some((p) => p.code === province) && <option value={province}>{province}</option>}
            {provinces.map((p) => (
              <option key={p.code} value={p.code}>
                {lang === 'en' ? p.name_en : p.name_th}
              </option>
            ))}
          </select>
          <p className="import-hint" id="import-hint-province">
            {t('import.province_hint')}
          </p>
          {errorOf('province')}
        </div>

        {kind === 'lao_survey' && (
          <div className="import-field">
            <label htmlFor="import-year">{t('import.year')}</label>
            <input id="import-year" data-testid="import-year" type="text" inputMode="numeric" value={year} aria-invalid={problems.year ? true : undefined} aria-describedby={described('year', true)} onChange={(e) => { setYear(e.currentTarget.value); clearProblem('year'); }} />
            <p className="import-hint" id="import-hint-year">
              {t('import.year_hint')}
            </p>
            {errorOf('year')}
          </div>
        )}

        {isXlsx(file) && (
          <div className="import-field">
            <label htmlFor="import-sheet">{t('import.sheet')}</label>
            <input id="import-sheet" type="text" value={sheet} aria-invalid={problems.sheet ? true : undefined} aria-describedby={described('sheet', true)} onChange={(e) => { setSheet(e.currentTarget.value); clearProblem('sheet'); }} />
            <p className="import-hint" id="import-hint-sheet">
              {t('import.sheet_hint')}
            </p>
            {errorOf('sheet')}
          </div>
        )}

        {isCsv(file) && (
          <div className="import-field">
            <label htmlFor="import-encoding">{t('import.encoding')}</label>
            <select id="import-encoding" value={encoding} aria-invalid={problems.encoding ? true : undefined} aria-describedby={described('encoding', false)} onChange={(e) => { setEncoding(e.currentTarget.value); clearProblem('encoding'); }}>
              <option value="">{t('import.encoding_auto')}</option>
              {ENCODINGS.map((enc) => (
                <option key={enc} value={enc}>
                  {enc}
                </option>
              ))}
            </select>
            {errorOf('encoding')}
          </div>
        )}

        <fieldset className="import-options">
          <legend>{t('import.options')}</legend>
          <label className="import-check">
            <input
              type="checkbox"
              data-testid="import-skip-invalid"
              checked={skipInvalid}
              aria-describedby={scopeRows.length ? 'import-hint-skip import-hint-skip-scope' : 'import-hint-skip'}
              onChange={(e) => setSkipInvalid(e.currentTarget.checked)}
            />
            {t('import.skip_invalid')}
          </label>
          <p className="import-hint" id="import-hint-skip">
            {t('import.skip_invalid_hint')}
          </p>
          {scopeRows.length > 0 && (
            <p className="import-hint import-blocked" id="import-hint-skip-scope" data-testid="import-skip-scope">
              {t('import.skip_invalid_scope')}
            </p>
          )}
          <label className="import-check">
            <input type="checkbox" data-testid="import-fix-swapped" checked={fixSwapped} onChange={(e) => setFixSwapped(e.currentTarget.checked)} />
            {t('import.fix_swapped')}
          </label>
          <div className="import-field">
            <label htmlFor="import-mapping">{t('import.mapping')}</label>
            <input id="import-mapping" data-testid="import-mapping" type="file" accept=".json,application/json" aria-invalid={problems.mapping ? true : undefined} aria-describedby={described('mapping', true)} onChange={(e) => void readMapping(e.currentTarget.files?.[0] ?? null)} />
            <p className="import-hint" id="import-hint-mapping">
              {mapping ? mapping.name : t('import.mapping_hint')}
            </p>
            {errorOf('mapping')}
          </div>
        </fieldset>

        {general && (
          <p className="import-error" role="alert" data-testid="import-error">
            {t('import.error', { message: general })}
          </p>
        )}

        <div className="import-actions">
          <button type="submit" className="import-btn import-btn-primary" data-testid="import-check" disabled={busy !== null}>
            {busy === 'check' ? t('import.checking') : t('import.check')}
          </button>
          <button type="button" className="import-btn" data-testid="import-run" disabled={busy !== null || verdict !== 'ok' || ranKey === key} aria-describedby="import-run-hint" onClick={() => void send(false)}>
            {busy === 'run' ? t('import.running') : t('import.run')}
          </button>
        </div>
        <p className={verdict === 'scope' ? 'import-hint import-blocked' : 'import-hint'} id="import-run-hint" role="status" data-testid="import-run-hint">
          {runHint}
        </p>
      </form>

      {result && (
        <div className={`import-result${result.report.written ? '' : ' import-result-bad'}`} role="status" data-testid="import-result">
          <h3>{t('import.result.title')}</h3>
          {result.report.written ? (
            <>
              <p>{t('import.result.written', { inserted: num(result.report.inserted), updated: num(result.report.updated) })}</p>
              {result.report.errors.length > 0 && <p>{t('import.result.skipped', { count: num(result.report.rowsTotal - result.report.rowsValid) })}</p>}
            </>
          ) : (
            <p>{t('import.result.not_written')}</p>
          )}
        </div>
      )}

      {report && <ReportView report={report} />}
    </section>
  );
}
