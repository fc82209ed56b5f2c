/**
 * GeoPackage. No maintained pure-JavaScript GeoPackage writer is installed (a GPKG is an SQLite
 * database: writing one needs SQLite, e.g. @ngageoint/geopackage with sql.js/better-sqlite3), so a
 * GPKG is made by GDAL from the streamed GeoJSON:
 *
 *   ogr2ogr -f GPKG out.gpkg export.geojson -nln cameras
 *
 * writeGpkg() does exactly that with a temporary GeoJSON file; it needs `ogr2ogr` (gdal-bin) on PATH.
 */
import { execFile } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { ExportColumn, ExportRecord, WriteResult, WriterOptions } from './types.js';
import { ExportError } from './types.js';
import { textValue } from './values.js';
import { writeGeoJSON } from './writers.js';

const run = promisify(execFile);

/** The GDAL version string when ogr2ogr is on PATH, else null. */
export async function ogr2ogrVersion(): Promise<string | null> {
  try {
    const { stdout } = await run('ogr2ogr', ['--version'], { timeout: 10_000 });
    return stdout.trim();
  } catch {
    return null;
  }
}

/**
 * Converts a GeoJSON file to a one-layer GeoPackage (replacing `gpkgFile`). With `aspatial` the layer
 * is an attribute table (GPKG data type "attributes", no geometry column): what agencies, problems
 * and LAO survey rows are, rather than features whose geometry is always empty.
 */
export async function geojsonToGpkg(geojsonFile: string, gpkgFile: string, layer: string, opts: { aspatial?: boolean } = {}): Promise<void> {
  await rm(gpkgFile, { force: true });
  const geometry = opts.aspatial ? ['-nlt', 'NONE'] : ['-a_srs', 'EPSG:4326', '-lco', 'SPATIAL_INDEX=YES'];
  try {
    await run('ogr2ogr', ['-f', 'GPKG', gpkgFile, geojsonFile, '-nln', layer, ...geometry, '-gt', '65536', '-dsco', 'DATETIME_FORMAT=UTC'], {
      maxBuffer: 16 * 1024 * 1024,
    });
  } catch (err) {
    const e = err as NodeJS.ErrnoException & { stderr?: string };
    if (e.code === 'ENOENT') throw new ExportError('GeoPackage export needs GDAL (ogr2ogr on PATH, e.g. apt-get install gdal-bin); export GeoJSON instead and run: ogr2ogr -f GPKG out.gpkg export.geojson');
    throw new ExportError(`ogr2ogr failed: ${(e.stderr ?? e.message).trim()}`);
  }
}

/**
 * Writes the records as a GeoPackage file: streamed to a temporary GeoJSON, then converted by
 * ogr2ogr (layer = opts.name, default "export"; an attribute table with `geometry: 'none'`, as
 * writerDefaults gives kinds without geometry). The temporary file is removed in every case.
 */
export async function writeGpkg(records: AsyncIterable<ExportRecord> | Iterable<ExportRecord>, columns: ExportColumn[], gpkgFile: string, opts: WriterOptions = {}): Promise<WriteResult> {
  if (!(await ogr2ogrVersion())) {
    throw new ExportError('GeoPackage export needs GDAL (ogr2ogr on PATH, e.g. apt-get install gdal-bin); export GeoJSON instead and run: ogr2ogr -f GPKG out.gpkg export.geojson');
  }
  const dir = await mkdtemp(path.join(os.tmpdir(), 'cctv-atlas-gpkg-'));
  try {
    const tmp = path.join(dir, 'export.geojson');
    // GeoPackage has no list type (GDAL would store "(2:deterrence,traffic)"): lists become text
    // joined as in CSV. Date-times are stored in UTC, as the GeoPackage standard asks.
    const lists = columns.filter((c) => c.type === 'string[]');
    const cols = columns.map((c) => (c.type === 'string[]' ? { ...c, type: 'string' as const, labels: undefined } : c));
    async function* flat(): AsyncGenerator<ExportRecord> {
      for await (const r of records) {
        if (!lists.length) {
          yield r;
          continue;
        }
        const properties = { ...r.properties };
        for (const c of lists) properties[c.name] = properties[c.name] == null ? null : textValue(c, properties[c.name], opts);
        yield { properties, geometry: r.geometry };
      }
    }
    const result = await writeGeoJSON(flat(), cols, createWriteStream(tmp), opts);
    await geojsonToGpkg(tmp, gpkgFile, opts.name ?? 'export', { aspatial: opts.geometry === 'none' });
    return result;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
