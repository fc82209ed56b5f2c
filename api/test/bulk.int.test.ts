import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bulkUpsert } from '../src/db/bulk.js';
import { entity } from '../src/db/entities.js';
import { getRecord } from '../src/db/repository.js';
import { resetDomainData, testContext } from './db.js';

const ctx = testContext();
const knex = ctx.db.knex;
const cameras = entity('cameras');
const routes = entity('risk-routes');

beforeAll(() => resetDomainData(knex));
afterAll(() => ctx.db.close());

const cam = (i: number, status = 'working') => ({
  external_id: `B-${i}`,
  place_name: `จุดที่ ${i}`,
  status,
  purposes: ['deterrence', 'traffic'],
  year_installed: 2016,
  repair_budget_baht: 1500.5,
  geometry: { type: 'Point', coordinates: [100.45 + i / 1000, 14.59] },
});

describe('bulkUpsert', () => {
  it('inserts typed values and geometries, deriving the areas', async () => {
    const res = await knex.transaction((trx) => bulkUpsert(trx, cameras, [cam(1), cam(2), cam(3)], { batchSize: 2 }));
    expect(res.rows.map((r) => r.inserted)).toEqual([true, true, true]);
    const got = await getRecord(knex, cameras, res.rows[1]!.id);
    expect(got).toMatchObject({
      external_id: 'B-2', place_name: 'จุดที่ 2', status: 'working', purposes: ['deterrence', 'traffic'],
      year_installed: 2016, repair_budget_baht: 1500.5, province_code: '15', version: 1,
      geometry: { type: 'Point', coordinates: [100.452, 14.59] },
    });
    expect(cameras.output.safeParse(got).success).toBe(true);
  });

  it('updates rows whose external_id exists, raising their version, and inserts the new ones', async () => {
    const res = await knex.transaction((trx) => bulkUpsert(trx, cameras, [cam(2, 'under_repair'), cam(4)]));
    expect(res.rows.map((r) => r.inserted)).toEqual([false, true]);
    const updated = await knex('cameras').where('external_id', 'B-2').first('status', 'version');
    expect(updated).toEqual({ status: 'under_repair', version: 2 });
    expect((await knex('cameras').count({ n: '*' }))[0]!.n).toBe(4);
  });

  it("fails whole with onConflict 'error' and leaves nothing behind", async () => {
    await expect(knex.transaction((trx) => bulkUpsert(trx, cameras, [cam(5), cam(1)], { onConflict: 'error' }))).rejects.toThrow(/duplicate key/);
    expect(await knex('cameras').where('external_id', 'B-5').first()).toBeUndefined();
  });

  it('stores lines', async () => {
    const line = { external_id: 'R-1', name: 'เส้นทางหลบหนี', category: 'escape_route', geometry: { type: 'LineString', coordinates: [[100.45, 14.59], [100.32, 14.66]] } };
    // One row gives a weight, the other does not: the missing one takes the column default.
    const res = await knex.transaction((trx) => bulkUpsert(trx, routes, [line, { ...line, external_id: 'R-2', weight: 3 }]));
    const got = await getRecord(knex, routes, res.rows[0]!.id);
    expect(got.geometry).toEqual(line.geometry);
    expect(got.weight).toBe(1);
    expect((await getRecord(knex, routes, res.rows[1]!.id)).weight).toBe(3);
  });
});
