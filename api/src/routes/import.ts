import busboy from 'busboy';
import { Router, type Request } from 'express';
import type { AppContext } from '../context.js';
import { ApiError, asyncHandler, ValidationError } from '../http/errors.js';
import { parseMapping, type Mapping } from '../io/columns.js';
import { importFile } from '../io/import.js';
import { IMPORT_KINDS, ReadError, type ImportKind } from '../io/types.js';
import { parseIntParam, rejectUnknownParams } from './query.js';

export const MAX_IMPORT_BYTES = 50 * 1024 * 1024;

interface Upload {
  file: Buffer;
  filename: string;
  mapping?: string;
}

/** Reads a multipart body: the file in field "file", an optional mapping JSON in field "mapping". */
function readUpload(req: Request): Promise<Upload> {
  return new Promise((resolve, reject) => {
    let bb: busboy.Busboy;
    try {
      bb = busboy({ headers: req.headers, limits: { fileSize: MAX_IMPORT_BYTES, files: 1, fields: 5 } });
    } catch {
      reject(new ValidationError([{ field: 'file', message: 'send the file as multipart/form-data in the field "file"', code: 'invalid_body' }]));
      return;
    }
    const chunks: Buffer[] = [];
    let filename = '';
    let mapping: string | undefined;
    let tooLarge = false;
    bb.on('file', (name, stream, info) => {
      if (name !== 'file') {
        stream.resume();
        return;
      }
      filename = info.filename ?? "upload";
      stream.on('data', (d: Buffer) => chunks.push(d));
      stream.on('limit', () => {
        tooLarge = true;
      });
    });
    bb.on('field', (name, value) => {
      if (name === 'mapping') mapping = value;
    });
    bb.on('error', reject);
    bb.on('close', () => {
      if (tooLarge) reject(new ApiError(413, 'too_large', `the file is larger than ${MAX_IMPORT_BYTES / 1024 / 1024} MiB`));
      else if (!filename) reject(new ValidationError([{ field: 'file', message: 'no file in the field "file"', code: 'required' }]));
      else resolve({ file: Buffer.concat(chunks), filename, mapping });
    });
    req.pipe(bb);
  });
}

/**
 * POST /api/import?kind=cameras[&province=15][&sheet=…][&encoding=…][&dry_run=true][&skip_invalid=true]
 * with the file as multipart/form-data. Answers the import report: 200 when written (or a dry run),
 * 422 when invalid rows stopped it (nothing written).
 */
export function importRouter(ctx: AppContext): Router {
  const r = Router();
  r.post(
    '/import',
    asyncHandler(async (req, res) => {
      rejectUnknownParams(req, ['kind', 'province', 'sheet', 'encoding', 'year', 'fix_swapped', 'dry_run', 'skip_invalid']);
      const kind = req.query.kind;
      if (typeof kind !== 'string' || !(IMPORT_KINDS as readonly string[]).includes(kind)) {
        throw new ValidationError([{ field: 'kind', message: `must be one of ${IMPORT_KINDS.join(', ')}`, code: 'invalid_parameter' }]);
      }
      const upload = await readUpload(req);
      let mapping: Mapping | undefined;
      if (upload.mapping) {
        let raw: unknown;
        try {
          raw = JSON.parse(upload.mapping);
        } catch {
          throw new ValidationError([{ field: 'mapping', message: 'is not valid JSON', code: 'invalid_json' }]);
        }
        const parsed = parseMapping(kind as ImportKind, raw);
        if (!parsed.ok) throw new ValidationError(parsed.errors.map((message) => ({ field: 'mapping', message, code: 'invalid_mapping' })));
        mapping = parsed.mapping;
      }
      const flag = (v: unknown) => v === 'true' || v === '1';
      const sheet = typeof req.query.sheet === 'string' ? (/^\d+$/.test(req.query.sheet) ? Number(req.query.sheet) : req.query.sheet) : undefined;
      try {
        const report = await importFile(ctx.db.knex, upload.file, {
          kind: kind as ImportKind,
          filename: upload.filename,
          province: typeof req.query.province === 'string' ? req.query.province : undefined,
          sheet,
          encoding: typeof req.query.encoding === 'string' ? req.query.encoding : undefined,
          mapping,
          dryRun: flag(req.query.dry_run),
          skipInvalid: flag(req.query.skip_invalid),
          fixSwapped: flag(req.query.fix_swapped),
          surveyYear: typeof req.query.year === 'string' ? parseIntParam(req.query.year, 'year', 2000, 2700, 0) - (Number(req.query.year) > 2400 ? 543 : 0) : undefined,
          bounds: ctx.config.bounds,
        });
        res.status(report.errors.length && !flag(req.query.skip_invalid) ? 422 : 200).json(report);
      } catch (err) {
        if (err instanceof ReadError) throw new ValidationError([{ field: 'file', message: err.message, code: 'unreadable_file' }]);
        throw err;
      }
    }),
  );
  return r;
}
