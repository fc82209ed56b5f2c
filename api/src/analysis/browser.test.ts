import path from 'node:path';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

describe('the coverage engine in a browser', () => {
  it('bundles for the browser platform with no Node built-ins, and runs there as it does here', async () => {
    const result = await build({
      entryPoints: [path.join(import.meta.dirname, 'index.ts')],
      bundle: true,
      platform: 'browser',
      format: 'esm',
      write: false,
      logLevel: 'silent',
      metafile: true,
    });
    expect(result.errors).toEqual([]);
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs.filter((f) => /^node:|(^|\/)node_modules\/(@types\/node)\//.test(f))).toEqual([]);
    // Evaluate the bundle as a module and run one analysis with it.
    const code = result.outputFiles[0]!.text;
    const mod = await import(`data:text/javascript;base64,${Buffer.from(code).toString('base64')}`);
    const r = mod.analyseCoverage({
      cameras: [{ id: 'c', lon: 100.45, lat: 14.59, kind: 'dome', status: 'working', rangeM: 50 }],
      riskPoints: [{ id: 'p', lon: 100.45, lat: 14.59, radiusM: 10 }],
    });
    expect(r.points[0]).toMatchObject({ id: 'p', covered: true, coveredFraction: 1 });
  });
});
