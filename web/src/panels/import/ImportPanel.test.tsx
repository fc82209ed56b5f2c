// @vitest-environment jsdom
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { ImportReport } from '../../api/records';
import { type Call, on, renderWithApp, stubApi } from '../camera/test-helpers';
import { ImportPanel } from './ImportPanel';
import { DRY_RUN_422, DRY_RUN_SKIP_200, IMPORT_403 } from './out-of-scope-answers';
import { importVerdict, isOutOfScope, issueRows, outOfScopeRows, pageOf, reportCounts } from './report';

afterEach(() => {
  cleanup();
  window.localStorage.clear();
});

const provinces = on('GET', '/api/provinces', () => ({ body: { items: [{ code: '15', name_th: 'อ่างทอง', name_en: 'Ang Thong' }, { code: '81', name_th: 'กระบี่', name_en: 'Krabi' }], total: 2 } }));

function report(over: Partial<ImportReport> = {}): ImportReport {
  return {
    kind: 'cameras',
    source: 'csv (utf-8)',
    rowsTotal: 3,
    rowsValid: 2,
    inserted: 2,
    updated: 0,
    agenciesCreated: [],
    dryRun: true,
    written: false,
    columns: { recognised: { place_name: 'จุดติดตั้ง', lat: 'ละติจูด', lon: 'ลองจิจูด', status: 'สถานะ' }, unknown: ['หมายเหตุภายใน'], ignored: ['ลำดับ'], duplicates: [], missing: [] },
    errors: [{ row: 3, column: 'ละติจูด, ลองจิจูด', value: '100.4555, 14.5896', message: 'latitude 100.4555 and longitude 14.5896 look swapped', suggestion: 'lat 14.5896, lon 100.4555' }],
    warnings: [{ row: 2, column: 'สถานีตำรวจ', value: 'สภ.ไม่มี', message: 'unknown police station, left for the position to decide' }],
    ...over,
  };
}

const csv = () => new File(['จุดติดตั้ง,ละติจูด,ลองจิจูด,สถานะ\n'], 'cams.csv', { type: 'text/csv' });
const imports = (calls: Call[]) => calls.filter((c) => c.method === 'POST' && c.url.startsWith('/api/import'));
const query = (c: Call) => Object.fromEntries(new URL(c.url, 'http://x').searchParams);

describe('report helpers', () => {
  it('lists errors and warnings by row, errors first within a row', () => {
    const r = report({ warnings: [{ row: 3, column: 'x', value: '', message: 'w3' }, { row: 1, column: 'y', value: '', message: 'w1' }] });
    expect(issueRows(r).map((i) => `${i.row}:${i.severity}`)).toEqual(['1:warning', '3:error', '3:warning']);
  });
  it('counts rows and says whether the import may go on', () => {
    const r = report();
    expect(reportCounts(r)).toEqual({ total: 3, ok: 2, withErrors: 1, withWarnings: 1, warnings: 1, outOfScope: 0 });
    expect(importVerdict(r, false)).toBe('errors');
    expect(importVerdict(r, true)).toBe('ok');
    expect(importVerdict(report({ errors: [] }), false)).toBe('ok');
    expect(importVerdict(report({ rowsValid: 0 }), true)).toBe('nothing');
  });
  it('tells rows outside the account’s scope (the API’s own dry-run answer) from merely invalid ones', () => {
    expect(DRY_RUN_422.errors.map(isOutOfScope)).toEqual([true, true, true, false]);
    expect(outOfScopeRows(DRY_RUN_422)).toEqual([3, 4, 5]);
    expect(reportCounts(DRY_RUN_422)).toMatchObject({ total: 5, ok: 1, withErrors: 4, outOfScope: 3 });
    const rows = issueRows(DRY_RUN_422);
    expect(rows.map((r) => [r.row, r.outOfScope])).toEqual([[3, true], [4, true], [5, true], [6, false]]);
    // The importer's note (with its parameter name) is taken off; the panel says it in the user's language.
    expect(rows[2]!.message).toBe('the position is in จังหวัดกรุงเทพมหานคร; your account imports into จังหวัดอ่างทอง (15) only');
    expect(rows[3]!.message).toBe(DRY_RUN_422.errors[3]!.message);
    // Refused whole, skipped or not; a report without such rows keeps the old verdicts.
    expect(importVerdict(DRY_RUN_422, false)).toBe('scope');
    expect(importVerdict(DRY_RUN_SKIP_200, true)).toBe('scope');
    const plain = { ...DRY_RUN_SKIP_200, errors: DRY_RUN_SKIP_200.errors.slice(3) };
    expect(importVerdict(plain, true)).toBe('ok');
    expect(importVerdict(plain, false)).toBe('errors');
    // Should the API give its issues the 403's code, that counts too.
    expect(isOutOfScope({ row: 2, column: 'x', value: '', message: 'anything', code: 'out_of_scope' } as never)).toBe(true);
  });

  it('pages a list, clamping the page', () => {
    const xs = Array.from({ length: 60 }, (_, i) => i);
    expect(pageOf(xs, 1)).toMatchObject({ page: 1, pages: 3, items: xs.slice(0, 25) });
    expect(pageOf(xs, 3).items).toEqual(xs.slice(50));
    expect(pageOf(xs, 9).page).toBe(3);
    expect(pageOf([], 1)).toEqual({ items: [], page: 1, pages: 1 });
  });
});

describe('import panel', () => {
  it('checks first (dry run), shows the report, and only then imports', async () => {
    const calls = stubApi(
      provinces,
      on('POST', '/api/import', (c) => {
        const q = query(c);
        if (q.dry_run === 'true') return { status: 200, body: report({ errors: [] , rowsValid: 3, inserted: 3 }) };
        return { status: 200, body: report({ errors: [], rowsValid: 3, inserted: 3, dryRun: false, written: true }) };
      }),
    );
    const { bridge } = renderWithApp(<ImportPanel />, { state: { filters: { province: '15' } } });
    expect((screen.getByTestId('import-run') as HTMLButtonElement).disabled).toBe(true);
    fireEvent.change(screen.getByTestId('import-kind'), { target: { value: 'cameras' } });
    const file = csv();
    fireEvent.change(screen.getByTestId('import-file'), { target: { files: [file] } });
    fireEvent.click(screen.getByTestId('import-check'));
    await screen.findByTestId('import-report');
    const [dry] = imports(calls);
    expect(query(dry!)).toEqual({ kind: 'cameras', province: '15', dry_run: 'true' });
    const form = dry!.body as FormData;
    expect((form.get('file') as File).name).toBe('cams.csv');
    expect(screen.getByTestId('import-count-total').textContent).toBe('3');
    expect(within(screen.getByTestId('import-columns')).getByText('ละติจูด')).toBeTruthy();
    expect(screen.getByTestId('import-report').textContent).toContain('หมายเหตุภายใน');
    // The warning shows in the table with its severity.
    const rows = screen.getAllByTestId('import-issue');
    expect(rows).toHaveLength(1);
    expect(rows[0]!.textContent).toContain('ข้อสังเกต');
    const run = screen.getByTestId('import-run') as HTMLButtonElement;
    expect(run.disabled).toBe(false);
    const before = bridge.current!.dataVersion;
    fireEvent.click(run);
    await screen.findByTestId('import-result');
    const real = imports(calls)[1]!;
    expect(query(real)).toEqual({ kind: 'cameras', province: '15' });
    expect(screen.getByTestId('import-result').textContent).toContain('เพิ่มใหม่ 3 รายการ');
    expect(bridge.current!.dataVersion).toBe(before + 1);
    // No second import of the same check.
    expect((screen.getByTestId('import-run') as HTMLButtonElement).disabled).toBe(true);
  });

  it('keeps import disabled while invalid rows would stop it, until they are skipped', async () => {
    stubApi(provinces, on('POST', '/api/import', () => ({ status: 422, body: report() })));
    renderWithApp(<ImportPanel />);
    fireEvent.change(screen.getByTestId('import-file'), { target: { files: [csv()] } });
    fireEvent.click(screen.getByTestId('import-check'));
    await screen.findByTestId('import-report');
    expect(screen.getByTestId('import-count-errors').textContent).toBe('1');
    const rows = screen.getAllByTestId('import-issue');
    expect(rows.map((r) => r.textContent)).toEqual([expect.stringContaining('สภ.ไม่มี'), expect.stringContaining('ข้อเสนอแนะ: lat 14.5896, lon 100.4555')]);
    const run = screen.getByTestId('import-run') as HTMLButtonElement;
    expect(run.disabled).toBe(true);
    expect(document.getElementById('import-run-hint')!.textContent).toContain('แก้ไฟล์แล้วตรวจใหม่');
    fireEvent.click(screen.getByTestId('import-skip-invalid'));
    expect(run.disabled).toBe(false);
    // Another file makes the check stale.
    fireEvent.change(screen.getByTestId('import-file'), { target: { files: [new File(['x'], 'other.csv', { type: 'text/csv' })] } });
    expect(run.disabled).toBe(true);
    expect(screen.queryByTestId('import-report')).toBeNull();
    expect(document.getElementById('import-run-hint')!.textContent).toContain('กด "ตรวจไฟล์" อีกครั้ง');
  });

  it('says which rows are outside the account’s scope and keeps the import disabled, with the reason, even when invalid rows are skipped', async () => {
    const calls = stubApi(provinces, on('POST', '/api/import', (c) => (query(c).skip_invalid === 'true' ? { status: 200, body: DRY_RUN_SKIP_200 } : { status: 422, body: DRY_RUN_422 })));
    renderWithApp(<ImportPanel />);
    fireEvent.change(screen.getByTestId('import-file'), { target: { files: [csv()] } });
    fireEvent.click(screen.getByTestId('import-check'));
    const notice = await screen.findByTestId('import-scope');
    expect(notice.textContent).toBe(
      'มี 3 แถวที่อยู่นอกขอบเขตสิทธิ์ของบัญชีคุณ (แถว 3, 4, 5)' +
        'ระบบจะปฏิเสธการนำเข้าไฟล์นี้ทั้งไฟล์ตราบใดที่ยังมีแถวเหล่านี้อยู่ แม้จะเลือก "ข้ามแถวที่ไม่ถูกต้อง" ก็ตาม ลบแถวเหล่านี้ออกจากไฟล์ (หรือให้บัญชีที่รับผิดชอบพื้นที่หรือหน่วยงานนั้นนำเข้าแทน) แล้วกด "ตรวจไฟล์" อีกครั้ง',
    );
    expect(screen.getByTestId('import-count-scope').textContent).toBe('3');
    expect(screen.getByTestId('import-count-errors').textContent).toBe('4');
    const issues = screen.getAllByTestId('import-issue') as HTMLTableRowElement[];
    expect(issues.map((r) => [r.cells[0]!.textContent, r.cells[4]!.textContent])).toEqual([
      ['3', 'นอกขอบเขตสิทธิ์'],
      ['4', 'นอกขอบเขตสิทธิ์'],
      ['5', 'นอกขอบเขตสิทธิ์'],
      ['6', 'ข้อผิดพลาด'],
    ]);
    expect(issues[0]!.textContent).not.toContain('skip_invalid');

    const run = screen.getByTestId('import-run') as HTMLButtonElement;
    const hint = screen.getByTestId('import-run-hint');
    const scopeHint = 'นำเข้าไม่ได้: ไฟล์มี 3 แถวที่อยู่นอกขอบเขตสิทธิ์ของบัญชีคุณ ระบบจะปฏิเสธทั้งไฟล์ แม้เลือก "ข้ามแถวที่ไม่ถูกต้อง" ลบแถวเหล่านั้นออกจากไฟล์แล้วตรวจใหม่';
    expect(run.disabled).toBe(true);
    expect(hint.textContent).toBe(scopeHint);
    expect(run.getAttribute('aria-describedby')).toBe(hint.id);
    // Skipping invalid rows (what used to enable the import and end in a 403) changes nothing.
    const skip = screen.getByTestId('import-skip-invalid');
    fireEvent.click(skip);
    expect(run.disabled).toBe(true);
    expect(hint.textContent).toBe(scopeHint);
    expect(skip.getAttribute('aria-describedby')!.split(' ').map((id) => document.getElementById(id)?.textContent)).toEqual([
      'ถ้าไม่เลือก และมีแถวที่ไม่ถูกต้อง ระบบจะไม่บันทึกข้อมูลใดเลย',
      'ตัวเลือกนี้ไม่ข้ามแถวที่อยู่นอกขอบเขตสิทธิ์ของบัญชีคุณ: ต้องลบแถวเหล่านั้นออกจากไฟล์ก่อน',
    ]);
    // A check with skipping gives the same rows (the API's answer with skip_invalid).
    fireEvent.click(screen.getByTestId('import-check'));
    await waitFor(() => expect(imports(calls)).toHaveLength(2));
    await waitFor(() => expect((screen.getByTestId('import-check') as HTMLButtonElement).disabled).toBe(false));
    expect(query(imports(calls)[1]!)).toEqual({ kind: 'cameras', dry_run: 'true', skip_invalid: 'true' });
    expect(run.disabled).toBe(true);
    expect(screen.getByTestId('import-scope').textContent).toContain('(แถว 3, 4, 5)');
    fireEvent.click(run);
    expect(imports(calls).every((c) => query(c).dry_run === 'true')).toBe(true);
    // The filter finds them.
    fireEvent.click(screen.getByLabelText('นอกขอบเขตสิทธิ์'));
    expect((screen.getAllByTestId('import-issue') as HTMLTableRowElement[]).map((r) => r.cells[0]!.textContent)).toEqual(['3', '4', '5']);
  });

  it('leaves ordinary invalid rows as before: no scope notice, and skipping them enables the import', async () => {
    const plain = { ...DRY_RUN_422, errors: DRY_RUN_422.errors.slice(3) };
    stubApi(provinces, on('POST', '/api/import', () => ({ status: 422, body: plain })));
    renderWithApp(<ImportPanel />);
    fireEvent.change(screen.getByTestId('import-file'), { target: { files: [csv()] } });
    fireEvent.click(screen.getByTestId('import-check'));
    await screen.findByTestId('import-report');
    expect(screen.queryByTestId('import-scope')).toBeNull();
    expect(screen.queryByTestId('import-count-scope')).toBeNull();
    expect(screen.queryByLabelText('นอกขอบเขตสิทธิ์')).toBeNull();
    expect((screen.getAllByTestId('import-issue') as HTMLTableRowElement[]).map((r) => r.cells[4]!.textContent)).toEqual(['ข้อผิดพลาด']);
    const run = screen.getByTestId('import-run') as HTMLButtonElement;
    expect(run.disabled).toBe(true);
    fireEvent.click(screen.getByTestId('import-skip-invalid'));
    expect(run.disabled).toBe(false);
    expect(screen.getByTestId('import-skip-invalid').getAttribute('aria-describedby')).toBe('import-hint-skip');
  });

  it('says a refusal of the real import (the API’s 403) in the user’s language', async () => {
    const clean = { ...DRY_RUN_SKIP_200, errors: [] };
    stubApi(provinces, on('POST', '/api/import', (c) => (query(c).dry_run === 'true' ? { status: 200, body: clean } : { status: 403, body: IMPORT_403 })));
    renderWithApp(<ImportPanel />);
    fireEvent.change(screen.getByTestId('import-file'), { target: { files: [csv()] } });
    fireEvent.click(screen.getByTestId('import-check'));
    await screen.findByTestId('import-report');
    fireEvent.click(screen.getByTestId('import-run'));
    expect((await screen.findByTestId('import-error')).textContent).toBe(
      `ทำรายการไม่ได้ (ระบบปฏิเสธการนำเข้าทั้งไฟล์ เพราะมีแถวที่อยู่นอกขอบเขตสิทธิ์ของบัญชีคุณ ไม่มีข้อมูลใดถูกบันทึก: ${IMPORT_403.errors[0]!.message})`,
    );
    expect(screen.queryByTestId('import-result')).toBeNull();
  });

  it('says it in English in English mode', async () => {
    stubApi(provinces, on('POST', '/api/import', () => ({ status: 422, body: DRY_RUN_422 })));
    renderWithApp(<ImportPanel />, { lang: 'en' });
    fireEvent.change(screen.getByTestId('import-file'), { target: { files: [csv()] } });
    fireEvent.click(screen.getByTestId('import-check'));
    expect((await screen.findByTestId('import-scope')).textContent).toContain('3 rows are outside your account’s scope (rows 3, 4, 5)');
    expect(screen.getByTestId('import-run-hint').textContent).toMatch(/^Cannot import: the file has 3 rows outside your account’s scope/);
  });

  it('pages a large report and filters by severity', async () => {
    const errors = Array.from({ length: 60 }, (_, i) => ({ row: i + 2, column: 'สถานะ', value: 'x', message: `unknown status ${i + 2}` }));
    stubApi(provinces, on('POST', '/api/import', () => ({ status: 422, body: report({ rowsTotal: 61, rowsValid: 1, errors }) })));
    renderWithApp(<ImportPanel />, { lang: 'en' });
    fireEvent.change(screen.getByTestId('import-file'), { target: { files: [csv()] } });
    fireEvent.click(screen.getByTestId('import-check'));
    await screen.findByTestId('import-report');
    expect(screen.getAllByTestId('import-issue')).toHaveLength(25);
    expect(screen.getByTestId('import-page').textContent).toBe('Page 1 of 3');
    fireEvent.click(screen.getByTestId('import-next'));
    fireEvent.click(screen.getByTestId('import-next'));
    expect(screen.getAllByTestId('import-issue')).toHaveLength(11);
    expect(screen.getAllByTestId('import-issue')[10]!.textContent).toContain('unknown status 61');
    expect((screen.getByTestId('import-next') as HTMLButtonElement).disabled).toBe(true);
    fireEvent.click(screen.getByLabelText('Warnings'));
    expect(screen.getAllByTestId('import-issue')).toHaveLength(1);
    expect(screen.queryByTestId('import-page')).toBeNull();
  });

  it('puts API 400 messages on the file, mapping and year fields, and checks in the browser first', async () => {
    const calls = stubApi(
      provinces,
      on('POST', '/api/import', () => ({
        status: 400,
        body: { errors: [{ field: 'file', message: 'cams.xls: an Excel 97-2003 workbook (.xls)', code: 'unreadable_file' }, { field: 'year', message: 'must be at least 2000', code: 'invalid_parameter' }] },
      })),
    );
    renderWithApp(<ImportPanel />);
    fireEvent.click(screen.getByTestId('import-check'));
    expect(screen.getByTestId('import-error-file').textContent).toBe('เลือกไฟล์ที่จะนำเข้า');
    expect(imports(calls)).toHaveLength(0);
    fireEvent.change(screen.getByTestId('import-kind'), { target: { value: 'lao_survey' } });
    fireEvent.change(screen.getByTestId('import-year'), { target: { value: '62' } });
    fireEvent.change(screen.getByTestId('import-file'), { target: { files: [new File(['x'], 'cams.xls')] } });
    fireEvent.click(screen.getByTestId('import-check'));
    expect(screen.getByTestId('import-error-year').textContent).toContain('4 หลัก');
    expect(imports(calls)).toHaveLength(0);
    fireEvent.change(screen.getByTestId('import-year'), { target: { value: '1999' } });
    fireEvent.click(screen.getByTestId('import-check'));
    await screen.findByText('cams.xls: an Excel 97-2003 workbook (.xls)');
    expect(screen.getByTestId('import-error-file').textContent).toBe('cams.xls: an Excel 97-2003 workbook (.xls)');
    expect(screen.getByTestId('import-error-year').textContent).toBe('must be at least 2000');
    expect(screen.getByTestId('import-file').getAttribute('aria-invalid')).toBe('true');
    expect(query(imports(calls)[0]!)).toEqual({ kind: 'lao_survey', year: '1999', dry_run: 'true' });
  });

  it('refuses a file over 50 MB and a mapping that is not JSON without sending them', async () => {
    const calls = stubApi(provinces);
    renderWithApp(<ImportPanel />, { lang: 'en' });
    const big = new File(['x'], 'big.csv', { type: 'text/csv' });
    Object.defineProperty(big, 'size', { value: 50 * 1024 * 1024 + 1 });
    fireEvent.change(screen.getByTestId('import-file'), { target: { files: [big] } });
    fireEvent.change(screen.getByTestId('import-mapping'), { target: { files: [new File(['{"columns": '], 'm.json', { type: 'application/json' })] } });
    await waitFor(() => expect(screen.getByText('m.json')).toBeTruthy());
    fireEvent.click(screen.getByTestId('import-check'));
    expect(screen.getByTestId('import-error-file').textContent).toContain('larger than 50 MB');
    expect(screen.getByTestId('import-error-mapping').textContent).toContain('not valid JSON');
    expect(imports(calls)).toHaveLength(0);
  });
});
