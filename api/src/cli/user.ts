/**
 * `npm run cli -- user add|reset|disable|enable|list|token …`: accounts from the command line, for
 * the first admin on a server without a browser, a lost admin password, and scripts. New and reset
 * passwords are random, printed once, and must be changed at the next login.
 */
import type { Knex } from 'knex';
import { ROLES, type Role } from '../auth/principal.js';
import { createToken, createUser, findUser, publicUser, resetPassword, setDisabled, type UserRow } from '../auth/store.js';
import type { Config } from '../config.js';
import { bootstrapDatabase } from '../db/bootstrap.js';
import { ApiError } from '../http/errors.js';

export const USER_USAGE = `  user add <name> --role admin|secretariat|recorder|police|committee [--province P] [--agency ID]
       [--stations 1,2] [--display-name "…"]
                               make an account; prints its one-time password
  user reset <name>            a new one-time password (ends the account's sessions, lifts a lockout)
  user disable <name> | user enable <name>
  user list [--json]           every account with its role and scope
  user token <name> --token-name N [--days D]
                               an API token acting as that account (printed once)`;

type Values = Record<string, string | boolean | undefined>;

const int = (v: string, name: string) => {
  const n = Number(v);
  if (!Number.isSafeInteger(n) || n < 1) throw new Error(`${name} must be a positive whole number, got "${v}"`);
  return n;
};

export async function runUser(config: Config, positionals: string[], values: Values, log: (m: string) => void): Promise<number> {
  const [sub, name, ...extra] = positionals;
  if (!sub || extra.length) {
    console.error(`usage:\n${USER_USAGE}`);
    return 1;
  }
  if (sub !== 'list' && !name) {
    console.error(`user ${sub} needs a user name\n\nusage:\n${USER_USAGE}`);
    return 1;
  }
  const db = await bootstrapDatabase(config, { boundaries: false, demo: false, log });
  try {
    return await run(db.knex, sub, name ?? '', values);
  } catch (err) {
    if (err instanceof ApiError) {
      console.error(`error: ${err.fields.length ? err.fields.map((f) => `${f.field}: ${f.message}`).join('; ') : err.message}`);
      return 2;
    }
    throw err;
  } finally {
    await db.close();
  }
}

async function run(knex: Knex, sub: string, name: string, values: Values): Promise<number> {
  switch (sub) {
    case 'add': {
      const role = values.role as Role | undefined;
      if (!role || !ROLES.includes(role)) {
        console.error(`--role must be one of ${ROLES.join(', ')}`);
        return 2;
      }
      const stations = typeof values.stations === 'string' ? values.stations.split(',').filter(Boolean).map((s) => int(s.trim(), '--stations')) : [];
      const { user, password } = await knex.transaction((trx) =>
        createUser(trx, {
          username: name,
          role,
          province: typeof values.province === 'string' ? values.province : null,
          agencyId: typeof values.agency === 'string' ? int(values.agency, '--agency') : null,
          stations,
          displayName: typeof values['display-name'] === 'string' ? values['display-name'] : null,
        }),
      );
      console.log(`user ${user.username} (${user.role}${user.province_code ? `, province ${user.province_code}` : ''}) created`);
      console.log(`one-time password: ${password}`);
      console.log('it must be changed at the first login and is not shown again');
      return 0;
    }
    case 'reset': {
      const password = await resetPassword(knex, name);
      console.log(`one-time password for ${name.toLowerCase()}: ${password}`);
      return 0;
    }
    case 'disable':
    case 'enable': {
      const u = await setDisabled(knex, name, sub === 'disable');
      console.log(`user ${u.username} ${sub}d`);
      return 0;
    }
    case 'list': {
      const rows = ((await knex('users').orderBy('username')) as UserRow[]).map(publicUser);
      if (values.json) console.log(JSON.stringify(rows, null, 2));
      else for (const u of rows) console.log([u.username, u.role, u.province ?? 'national', u.agencyId ? `agency ${u.agencyId}` : '', u.stations.length ? `stations ${u.stations.join(',')}` : '', u.disabled ? 'DISABLED' : ''].filter(Boolean).join('\t'));
      return 0;
    }
    case 'token': {
      const user = await findUser(knex, name);
      if (!user) throw new ApiError(404, 'not_found', `user ${name} not found`);
      if (typeof values['token-name'] !== 'string') {
        console.error('--token-name is required');
        return 2;
      }
      const days = typeof values.days === 'string' ? int(values.days, '--days') : null;
      const t = await createToken(knex, Number(user.id), values['token-name'], days);
      console.log(t.token);
      return 0;
    }
    default:
      console.error(`unknown user command "${sub}"\n\nusage:\n${USER_USAGE}`);
      return 1;
  }
}
