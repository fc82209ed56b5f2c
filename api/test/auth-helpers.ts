/** Accounts for tests: real rows, real hashes, real tokens (api/src/auth/store.ts). */
import type { Knex } from 'knex';
import type { Response } from 'supertest';
import { createToken, createUser, hashPassword, type NewUser } from '../src/auth/store.js';

export const TEST_PASSWORD = 'correct horse battery staple';

/** An account with TEST_PASSWORD already chosen (no password change pending); replaces one of the same name. */
export async function userWithPassword(knex: Knex, u: NewUser, password = TEST_PASSWORD): Promise<number> {
  await knex('users').where('username', u.username).delete();
  const { user } = await createUser(knex, u);
  await knex('users').where('id', user.id).update({ password_hash: await hashPassword(password), must_change_password: false });
  return Number(user.id);
}

/** An API token of a (new) account. */
export async function tokenFor(knex: Knex, u: NewUser): Promise<string> {
  const id = await userWithPassword(knex, u);
  return (await createToken(knex, id, 'test')).token;
}

/** The session cookie ("name=value") a login answer sets. */
export function sessionCookie(res: Response): string {
  const raw = res.headers['set-cookie'] as unknown as string[] | string | undefined;
  const first = (Array.isArray(raw) ? raw : [raw ?? '']).find((c) => c.startsWith('atlas_session='));
  if (!first) throw new Error(`no session cookie in ${JSON.stringify(raw)}`);
  return first.split(';')[0]!;
}
