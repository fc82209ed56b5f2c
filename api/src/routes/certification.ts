/**
 * /api/certification: the committee workflow (docs/workflow.md). The province's secretariat submits
 * its data, the province's committee certifies it or returns it with a note, the national admin sets
 * deadlines and sees every province; later edits show as changes since the certification.
 *
 *   GET  /certification                          each province's status, deadline, completeness
 *   PUT  /certification/deadlines                {province: code | "all", due_on, round_from?} (admin)
 *   GET  /certification/:province                status, figures now and as certified, changes, history
 *   GET  /certification/:province/changes        one page of changes (since=certified|submission|<id>)
 *   GET  /certification/:province/records        one page of the data as submitted (of=certified|submission|<id>)
 *   GET  /certification/:province/incomplete     cameras lacking required fields, worst first
 *   POST /certification/:province/submit         {note?}  secretariat of the province, admin
 *   POST /certification/:province/certify        {note?}  committee of the province, admin
 *   POST /certification/:province/return         {note}   committee of the province, admin
 */
import { type Request, Router } from 'express';
import { z } from 'zod';
import { principal } from '../auth/middleware.js';
import { COMPLETENESS_FIELD_NAMES, incompleteCameras } from '../certification/completeness.js';
import { CHANGE_KINDS, type ChangeKind, listChanges, listFrozen, SNAPSHOT_ENTITIES, type SnapshotEntity, withoutJit } from '../certification/snapshot.js';
import { assertCanRead, certificationFor, decide, provinceByCode, provinceDetail, setDeadlines, statusList, submit } from '../certification/workflow.js';
import type { AppContext } from '../context.js';
import { isoDay } from '../domain/fields.js';
import { asyncHandler, ValidationError, zodToFieldErrors } from '../http/errors.js';
import { collect } from './area-params.js';
import { parseIntParam, rejectUnknownParams, single } from './query.js';

const INT4_MAX = 2_147_483_647;
export const MAX_CERTIFICATION_PAGE = 1000;

const NoteBody = z.strictObject({
  note: z
    .string()
    .trim()
    .max(5000, 'at most 5000 characters')
    .transform((s) => (s === '' ? null : s))
    .nullable()
    .optional(),
});

const DeadlineBody = z
  .strictObject({
    province: z.union([z.literal('all'), z.string().regex(/^\d{2}$/, 'a two-digit province code such as "15", or "all"')]),
    due_on: isoDay('2019-09-30').nullable(),
    round_from: isoDay('2019-07-01').optional(),
  })
  .refine((b) => !b.round_from || !b.due_on || b.round_from <= b.due_on, { message: 'must not be after due_on', path: ['round_from'] })
  .refine((b) => b.due_on !== null || b.round_from === undefined, { message: 'a removed deadline (due_on null) has no round', path: ['round_from'] });

function parseBody<T extends z.ZodType>(schema: T, body: unknown): z.infer<T> {
  const b = body === undefined ? {} : body; // a POST without a body
  if (b === null || typeof b !== 'object' || Array.isArray(b)) {
    throw new ValidationError([{ field: '', message: 'the body must be a JSON object', code: 'invalid_body' }]);
  }
  const r = schema.safeParse(b);
  if (!r.success) throw new ValidationError(zodToFieldErrors(r.error));
  return r.data;
}

function oneOf<T extends string>(req: Request, name: string, values: readonly T[], fallback?: T): T | undefined {
  const v = single(req, name);
  if (v === undefined) return fallback;
  if (!(values as readonly string[]).includes(v)) throw new ValidationError([{ field: name, message: `must be one of ${values.join(', ')}`, code: 'invalid_parameter' }]);
  return v as T;
}

/** since= / of=: 'certified', 'submission' or a certification id. */
function whichCertification(req: Request, name: string): string {
  const v = single(req, name) ?? 'certified';
  if (v === 'certified' || v === 'submission' || (/^\d{1,18}$/.test(v) && Number(v) > 0 && Number(v) <= Number.MAX_SAFE_INTEGER)) return v;
  throw new ValidationError([{ field: name, message: 'must be certified, submission or a certification id', code: 'invalid_parameter' }]);
}

/** limit (1–1000, default 100) and offset, every bad one named. */
async function page(req: Request, checks: (() => void)[] = []): Promise<{ limit: number; offset: number }> {
  const out = { limit: 100, offset: 0 };
  await collect([
    () => {
      out.limit = parseIntParam(single(req, 'limit'), 'limit', 1, MAX_CERTIFICATION_PAGE, 100);
    },
    () => {
      out.offset = parseIntParam(single(req, 'offset'), 'offset', 0, Number.MAX_SAFE_INTEGER, 0);
    },
    ...checks,
  ]);
  return out;
}

export function certificationRouter(ctx: AppContext): Router {
  const r = Router();
  const knex = ctx.db.knex;

  r.get(
    '/certification',
    asyncHandler(async (req, res) => {
      rejectUnknownParams(req, []);
      res.json(await statusList(knex, principal(req)));
    }),
  );

  r.put(
    '/certification/deadlines',
    asyncHandler(async (req, res) => {
      const p = principal(req);
      const body = parseBody(DeadlineBody, req.body);
      res.json({ deadlines: await setDeadlines(knex, p, body) });
    }),
  );

  r.get(
    '/certification/:province',
    asyncHandler(async (req, res) => {
      rejectUnknownParams(req, []);
      res.json(await provinceDetail(knex, principal(req), String(req.params.province)));
    }),
  );

  r.get(
    '/certification/:province/changes',
    asyncHandler(async (req, res) => {
      const p = principal(req);
      const province = await provinceByCode(knex, String(req.params.province));
      assertCanRead(p, province.code);
      rejectUnknownParams(req, ['since', 'entity', 'kind', 'field', 'limit', 'offset']);
      let since = 'certified';
      let entity: SnapshotEntity = 'cameras';
      let kind: ChangeKind | undefined;
      let field: string | undefined;
      const { limit, offset } = await page(req, [
        () => {
          since = whichCertification(req, 'since');
        },
        () => {
          entity = oneOf(req, 'entity', SNAPSHOT_ENTITIES, 'cameras')!;
        },
        () => {
          kind = oneOf(req, 'kind', CHANGE_KINDS);
        },
        () => {
          field = single(req, 'field');
          if (field !== undefined && !/^[a-z_]{1,64}$/.test(field)) throw new ValidationError([{ field: 'field', message: 'a field name such as status', code: 'invalid_parameter' }]);
        },
      ]);
      const answer = await withoutJit(knex, async (trx) => {
        const cert = await certificationFor(trx, province.code, since);
        const { total, items } = await listChanges(trx, Number(cert.id), province.code, entity, { kind, field, limit, offset });
        return { certification_id: Number(cert.id), entity, total, limit, offset, items };
      });
      res.json(answer);
    }),
  );

  r.get(
    '/certification/:province/records',
    asyncHandler(async (req, res) => {
      const p = principal(req);
      const province = await provinceByCode(knex, String(req.params.province));
      assertCanRead(p, province.code);
      rejectUnknownParams(req, ['of', 'entity', 'limit', 'offset']);
      let of = 'certified';
      let entity: SnapshotEntity = 'cameras';
      const { limit, offset } = await page(req, [
        () => {
          of = whichCertification(req, 'of');
        },
        () => {
          entity = oneOf(req, 'entity', SNAPSHOT_ENTITIES, 'cameras')!;
        },
      ]);
      const cert = await certificationFor(knex, province.code, of);
      const { total, items } = await listFrozen(knex, Number(cert.id), entity, limit, offset);
      res.json({ certification_id: Number(cert.id), entity, total, limit, offset, items });
    }),
  );

  r.get(
    '/certification/:province/incomplete',
    asyncHandler(async (req, res) => {
      const p = principal(req);
      const province = await provinceByCode(knex, String(req.params.province));
      assertCanRead(p, province.code);
      rejectUnknownParams(req, ['agency', 'district', 'field', 'limit', 'offset']);
      let agency: number | undefined;
      let district: number | undefined;
      let field: string | undefined;
      const { limit, offset } = await page(req, [
        () => {
          const v = single(req, 'agency');
          if (v !== undefined) agency = parseIntParam(v, 'agency', 1, INT4_MAX, 0);
        },
        () => {
          const v = single(req, 'district');
          if (v !== undefined) district = parseIntParam(v, 'district', 1, INT4_MAX, 0);
        },
        () => {
          field = oneOf(req, 'field', COMPLETENESS_FIELD_NAMES);
        },
      ]);
      res.json(await incompleteCameras(knex, province.code, { agency, district, field, limit, offset }));
    }),
  );

  r.post(
    '/certification/:province/submit',
    asyncHandler(async (req, res) => {
      const p = principal(req);
      const { note } = parseBody(NoteBody, req.body);
      res.status(201).json(await submit(knex, p, String(req.params.province), note ?? null));
    }),
  );

  for (const action of ['certify', 'return'] as const) {
    r.post(
      `/certification/:province/${action}`,
      asyncHandler(async (req, res) => {
        const p = principal(req);
        const { note } = parseBody(NoteBody, req.body);
        res.json(await decide(knex, p, String(req.params.province), action, note ?? null));
      }),
    );
  }

  return r;
}
