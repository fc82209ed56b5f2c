import crypto from 'node:crypto';
import express, { type Request, Router } from 'express';
import type { Knex } from 'knex';
import { recordAudit } from '../audit/log.js';
import { ForbiddenError, principal } from '../auth/middleware.js';
import { canReadProvince, canWriteRow } from '../auth/principal.js';
import type { AppContext } from '../context.js';
import { asyncHandler, NotFoundError, ValidationError } from '../http/errors.js';
import { parseId } from './query.js';

export const MAX_PHOTO_BYTES = 5 * 1024 * 1024;
const TYPES = ['image/jpeg', 'image/png', 'image/webp'] as const;

/** The file's first bytes must match its declared type (a renamed PDF is not a photo). */
function sniff(buf: Buffer): (typeof TYPES)[number] | undefined {
  if (buf.length > 3 && buf[0] === 0xff && buf[1] === 0xd8 && buf[2] === 0xff) return 'image/jpeg';
  if (buf.length > 8 && buf.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  if (buf.length > 12 && buf.toString('ascii', 0, 4) === 'RIFF' && buf.toString('ascii', 8, 12) === 'WEBP') return 'image/webp';
  return undefined;
}

const META = ['id', 'camera_id', 'filename', 'content_type', 'size_bytes', 'sha256', 'caption', 'created_at'];

/**
 * Installation photos: POST the image bytes as the body (Content-Type image/jpeg|png|webp,
 * ?filename=&caption=), list a camera's photos, fetch or delete one.
 */
export function photosRouter(ctx: AppContext): Router {
  const r = Router();
  const knex = ctx.db.knex;
  /** The camera if the caller may read it (else 404) and, for `write`, change it (else 403). */
  const camera = async (db: Knex | Knex.Transaction, req: Request, id: number, write: boolean) => {
    const p = principal(req);
    // A writer holds the camera (FOR SHARE) until it commits: a move of the camera into another
    // province (which takes its photos along: db/repository.ts) waits for the new photo, or the
    // photo waits for the move and takes the province the camera moved to.
    const q = db('cameras').where('id', id).first('id', 'province_code', 'agency_id', 'police_station_id');
    const cam = await (write ? q.forShare() : q);
    if (!cam || !canReadProvince(p, cam.province_code)) throw new NotFoundError(`camera ${id}`);
    if (write) {
      const check = canWriteRow(p, 'cameras', cam);
      if (!check.ok) throw new ForbiddenError(check.reason);
    }
    return cam as { id: number; province_code: string | null };
  };
  r.post(
    '/cameras/:id/photos',
    express.raw({ type: () => true, limit: MAX_PHOTO_BYTES }),
    asyncHandler(async (req, res) => {
      const cameraId = parseId(req.params.id, 'camera');
      const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      const declared = String(req.get('content-type') ?? '').split(';')[0]!.trim();
      if (!(TYPES as readonly string[]).includes(declared)) {
        throw new ValidationError([{ field: 'content-type', message: `must be one of ${TYPES.join(', ')}`, code: 'unsupported_type' }]);
      }
      if (body.length === 0) throw new ValidationError([{ field: 'body', message: 'the photo is empty', code: 'required' }]);
      if (sniff(body) !== declared) {
        throw new ValidationError([{ field: 'body', message: `the file content is not ${declared}`, code: 'type_mismatch' }]);
      }
      const filename = typeof req.query.filename === 'string' && req.query.filename.trim() ? req.query.filename.trim().slice(0, 255) : 'photo';
      const caption = typeof req.query.caption === 'string' ? req.query.caption.slice(0, 1000) : null;
      const row = await knex.transaction(async (trx) => {
        const cam = await camera(trx, req, cameraId, true);
        const [inserted] = await trx('camera_photos')
          .insert({
            camera_id: cameraId,
            // The camera's province, kept with the photo (sql/migrations/007_province_keys.sql).
            province_code: cam.province_code,
            filename,
            caption,
            content_type: declared,
            size_bytes: body.length,
            sha256: crypto.createHash('sha256').update(body).digest('hex'),
            data: body,
          })
          .returning(META);
        await recordAudit(trx, principal(req), { action: 'create', entity: 'camera_photos', entityId: Number(inserted.id), province: cam.province_code, after: { camera_id: cameraId, filename, caption, content_type: declared, size_bytes: body.length } }, req.requestId);
        return inserted;
      });
      res.status(201).location(`${req.baseUrl}/photos/${row.id}`).json(row);
    }),
  );
  r.get(
    '/cameras/:id/photos',
    asyncHandler(async (req, res) => {
      const cameraId = parseId(req.params.id, 'camera');
      await camera(knex, req, cameraId, false);
      const items = await knex('camera_photos').select(META).where('camera_id', cameraId).orderBy('id');
      res.json({ items, total: items.length });
    }),
  );
  r.get(
    '/photos/:id',
    asyncHandler(async (req, res) => {
      const row = await knex('camera_photos').select('camera_id', 'content_type', 'data', 'sha256').where('id', parseId(req.params.id, 'photo')).first();
      if (!row) throw new NotFoundError(`photo ${req.params.id}`);
      await camera(knex, req, Number(row.camera_id), false).catch(() => {
        throw new NotFoundError(`photo ${req.params.id}`);
      });
      res.set('Content-Type', row.content_type).set('ETag', `"${row.sha256}"`).send(row.data);
    }),
  );
  r.delete(
    '/photos/:id',
    asyncHandler(async (req, res) => {
      const id = parseId(req.params.id, 'photo');
      await knex.transaction(async (trx) => {
        const photo = await trx('camera_photos').where('id', id).first('camera_id', 'filename', 'caption', 'content_type', 'size_bytes');
        if (!photo) throw new NotFoundError(`photo ${req.params.id}`);
        const cam = await camera(trx, req, Number(photo.camera_id), true).catch((err: unknown) => {
          throw err instanceof NotFoundError ? new NotFoundError(`photo ${req.params.id}`) : err;
        });
        await trx('camera_photos').where('id', id).delete();
        await recordAudit(trx, principal(req), { action: 'delete', entity: 'camera_photos', entityId: id, province: cam.province_code, before: photo }, req.requestId);
      });
      res.status(204).end();
    }),
  );
  return r;
}
