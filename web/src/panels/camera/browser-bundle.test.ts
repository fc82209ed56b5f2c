import path from 'node:path';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

// The form reads positions, numbers and directions with the importer's own parsers
// (api/src/io/normalise) so that both accept the same text. They must stay free of Node built-ins.
describe('the camera form logic in a browser bundle', () => {
  it('bundles for the browser platform with no Node built-ins, and reads a pasted position there', async () => {
    const result = await build({
      stdin: {
        contents: `export { readForm, emptyForm } from './fields'; export { parsePastedPosition } from './coordinates';`,
        resolveDir: import.meta.dirname,
        loader: 'ts',
      },
      bundle: true,
      platform: 'browser',
      format: 'esm',
      write: false,
      logLevel: 'silent',
      metafile: true,
    });
    expect(result.errors).toEqual([]);
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs.some((f) => f.includes(path.join('io', 'normalise')))).toBe(true);
    expect(inputs.filter((f) => /^node:|(^|\/)node_modules\/(@types\/node|iconv-lite|exceljs)\//.test(f))).toEqual([]);
    const mod = await import(`data:text/javascript;base64,${Buffer.from(result.outputFiles[0]!.text).toString('base64')}`);
    expect(mod.parsePastedPosition('๑๐๐.๔๕๕๐, ๑๔.๕๘๙๖')).toEqual({ ok: true, lat: 14.5896, lon: 100.455, swapped: true });
  });
});
