import busboy from 'busboy';
import { Router, type Request } from 'express';
import iconv from 'iconv-lite';
import { ForbiddenError, principal } from '../auth/middleware.js';
import { heavy } from '../http/heavy.js';
import { WRITERS } from '../auth/principal.js';
import { scopeArea } from '../auth/scope.js';
import type { AppContext } from '../context.js';
import { ApiError, asyncHandler, type FieldError, ValidationError } from '../http/errors.js';
import { parseMapping, type Mapping } from '../io/columns.js';
import { findProvince } from '../io/export/source.js';
import { IMPORT_RESOURCES, importFile } from '../io/import.js';
import { IMPORT_KINDS, ReadError, type ImportKind } from '../io/types.js';
import { parseIntParam, rejectUnknownParams } from './query.js';

export const MAX_IMPORT_BYTES = 50 * 1024 * 1024;

interface Upload {
  file: Buffer;
  filename: string;
  mapping?: string;
}

const malformed = () =>
  new ValidationError([{ field: 'file', message: 'send the file as multipart/form-data in the field "file" (the body is not, or it is cut short)', code: 'invalid_body' }]);

/** Reads a multipart body: the file in field "file", an optional mapping JSON in field "mapping". */
function readUpload(req: Request): Promise<Upload> {
  return new Promise((resolve, reject) => {
    let bb: busboy.Busboy;
    try {
      bb = busboy({ headers: req.headers, limits: { fileSize: MAX_IMPORT_BYTES, files: 1, fields: 5 } });
    } catch {
      reject(malformed());
      return;
    }
    // A body cut short makes busboy and the file's stream emit errors: each must be listened to (an
    // unheard stream error would end the process), and the request drained.
    let failed = false;
    const fail = () => {
      if (failed) return;
      failed = true;
      req.unpipe(bb);
      req.resume();
      reject(malformed());
    };
    const chunks: Buffer[] = [];
    let filename = '';
    let mapping: string | undefined;
    let tooLarge = false;
    bb.on('file', (name, stream, info) => {
      stream.on('error', fail);
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
    bb.on('error', fail);
    bb.on('close', () => {
      if (failed) return;
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
 *
 * Scope (api/src/auth/principal.ts): the caller's role must write the kind (else 403 before the
 * file is read); a provincial account imports into its province (filled in; another is 403); a
 * file that would change or create records out of the caller's reach is refused as a whole (403
 * naming the rows; a dry run lists them as errors). Every record written is in the audit log under
 * the report's importId.
 */
export function importRouter(ctx: AppContext): Router {
  const r = Router();
  r.post(
    '/import',
    asyncHandler(heavy(ctx, async (req, res) => {
      const PARAMS = ['kind', 'province', 'sheet', 'encoding', 'year', 'fix_swapped', 'dry_run', 'skip_invalid'];
      rejectUnknownParams(req, PARAMS);
      const errors: FieldError[] = PARAMS.filter((k) => req.query[k] !== undefined && typeof req.query[k] !== 'string').map((k) => ({
        field: k, message: 'give one value', code: 'invalid_parameter',
      }));
      const kind = req.query.kind;
      if (typeof kind !== 'string' || !(IMPORT_KINDS as readonly string[]).includes(kind)) {
        if (!errors.some((e) => e.field === 'kind')) errors.push({ field: 'kind', message: `must be one of ${IMPORT_KINDS.join(', ')}`, code: 'invalid_parameter' });
      }
      const encoding = typeof req.query.encoding === 'string' && req.query.encoding.trim() !== '' ? req.query.encoding.trim() : undefined;
      if (encoding !== undefined && !iconv.encodingExists(encoding)) {
        errors.push({ field: 'encoding', message: `unknown text encoding "${encoding}" (try utf-8, windows-874 or tis-620)`, code: 'invalid_parameter' });
      }
      if (errors.length) throw new ValidationError(errors);
      const p = principal(req);
      const resource = IMPORT_RESOURCES[kind as ImportKind];
      if (!WRITERS[resource].includes(p.role)) throw new ForbiddenError(`a ${p.role} account cannot import ${resource}`);
      const { province } = await scopeArea(
        ctx.db.knex,
        p,
        { province: typeof req.query.province === 'string' ? req.query.province : undefined },
        async (given) => (await findProvince(ctx.db.knex, given)).code,
      );
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
          province,
          sheet,
          encoding,
          mapping,
          dryRun: flag(req.query.dry_run),
          skipInvalid: flag(req.query.skip_invalid),
          fixSwapped: flag(req.query.fix_swapped),
          surveyYear: typeof req.query.year === 'string' ? parseIntParam(req.query.year, 'year', 2000, 2700, 0) - (Number(req.query.year) > 2400 ? 543 : 0) : undefined,
          bounds: ctx.config.bounds,
          principal: p,
          requestId: req.requestId,
        });
        res.status(report.errors.length && !flag(req.query.skip_invalid) ? 422 : 200).json(report);
      } catch (err) {
        if (err instanceof ReadError) throw new ValidationError([{ field: 'file', message: err.message, code: 'unreadable_file' }]);
        throw err;
      }
    })),
  );
  return r;
}
