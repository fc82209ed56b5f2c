/**
 * `npm run cli -- user add|reset|disable|enable|role|list|token …`: accounts from the command line,
 * for the first admin on a server without a browser, a lost admin password, and scripts. New and
 * reset passwords are random, printed once, and must be changed at the next login. Every change is
 * in the audit log with no user (the command line), like the API's with the user who made it.
 */
import type { Knex } from 'knex';
import type { AuditActor } from '../audit/log.js';
import { ROLES, type Role } from '../auth/principal.js';
import { createToken, createUser, findUser, publicUser, resetPassword, setDisabled, updateAccount, type UserRow } from '../auth/store.js';
import type { Config } from '../config.js';
import { bootstrapDatabase } from '../db/bootstrap.js';
import { ApiError } from '../http/errors.js';

export const USER_USAGE = `  user add <name> --role admin|secretariat|recorder|police|committee [--province P] [--agency ID]
       [--stations 1,2] [--display-name "…"]
                               make an account; prints its one-time password
  user reset <name>            a new one-time password (ends the account's sessions, lifts a lockout)
  user disable <name> | user enable <name>
  user role <name> <role> [--province P|national] [--agency ID] [--stations 1,2]
                               a new role and scope: options not given keep their value where the
                               new role has them, and are dropped where it has not; ends the
                               account's sessions and revokes its API tokens
  user list [--json]           every account with its role and scope
  user token <name> --token-name N [--days D]
                               an API token acting as that account (printed once)`;

type Values = Record<string, string | boolean | undefined>;

/** Changes made from the command line: in the audit log without a user. */
const CLI: AuditActor = { who: null, requestId: null };

const int = (v: string, name: string) => {
  const n = Number(v);
  if (!Number.isSafeInteger(n) || n < 1) throw new Error(`${name} must be a positive whole number, got "${v}"`);
  return n;
};

export async function runUser(config: Config, positionals: string[], values: Values, log: (m: string) => void): Promise<number> {
  const [sub, name, ...extra] = positionals;
  if (!sub || extra.length > (sub === 'role' ? 1 : 0)) {
    console.error(`usage:\n${USER_USAGE}`);
    return 1;
  }
  if (sub !== 'list' && !name) {
    console.error(`user ${sub} needs a user name\n\nusage:\n${USER_USAGE}`);
    return 1;
  }
  const db = await bootstrapDatabase(config, { boundaries: false, demo: false, log });
  try {
    return await run(db.knex, sub, name ?? '', values, extra[0]);
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

const stationList = (v: string) => v.split(',').filter((s) => s.trim()).map((s) => int(s.trim(), '--stations'));

async function run(knex: Knex, sub: string, name: string, values: Values, arg?: string): Promise<number> {
  switch (sub) {
    case 'add': {
      const role = values.role as Role | undefined;
      if (!role || !ROLES.includes(role)) {
        console.error(`--role must be one of ${ROLES.join(', ')}`);
        return 2;
      }
      const stations = typeof values.stations === 'string' ? stationList(values.stations) : [];
      const { user, password } = await knex.transaction((trx) =>
        createUser(trx, {
          username: name,
          role,
          province: typeof values.province === 'string' ? values.province : null,
          agencyId: typeof values.agency === 'string' ? int(values.agency, '--agency') : null,
          stations,
          displayName: typeof values['display-name'] === 'string' ? values['display-name'] : null,
        }, CLI),
      );
      console.log(`user ${user.username} (${user.role}${user.province_code ? `, province ${user.province_code}` : ''}) created`);
      console.log(`one-time password: ${password}`);
      console.log('it must be changed at the first login and is not shown again');
      return 0;
    }
    case 'reset': {
      const password = await resetPassword(knex, name, CLI);
      console.log(`one-time password for ${name.toLowerCase()}: ${password}`);
      return 0;
    }
    case 'disable':
    case 'enable': {
      const u = await setDisabled(knex, name, sub === 'disable', CLI);
      console.log(`user ${u.username} ${sub}d`);
      return 0;
    }
    case 'role': {
      const role = arg as Role | undefined;
      if (!role || !ROLES.includes(role)) {
        console.error(`user role <name> <role>: the role must be one of ${ROLES.join(', ')}`);
        return 2;
      }
      const change = await knex.transaction(async (trx) => {
        const user = (await trx('users').where('username', name.trim().toLowerCase()).forUpdate().first()) as UserRow | undefined;
        if (!user) throw new ApiError(404, 'not_found', `user ${name} not found`);
        const province = typeof values.province === 'string' ? (values.province === 'national' ? null : values.province) : role === 'admin' ? null : user.province_code;
        const agencyId = typeof values.agency === 'string' ? int(values.agency, '--agency') : role === 'recorder' && user.agency_id !== null ? Number(user.agency_id) : null;
        const stations = typeof values.stations === 'string' ? stationList(values.stations) : role === 'police' ? (user.police_station_ids ?? []).map(Number) : [];
        return updateAccount(trx, user, { role, province, agencyId, stations }, CLI);
      });
      const u = publicUser(change.user);
      const scope = [u.province ? `province ${u.province}` : 'national', u.agencyId ? `agency ${u.agencyId}` : '', u.stations.length ? `stations ${u.stations.join(',')}` : ''].filter(Boolean).join(', ');
      console.log(`user ${u.username} is ${u.role} (${scope}); ${change.endedSessions} session(s) ended, ${change.revokedTokens} API token(s) revoked`);
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
      const t = await createToken(knex, Number(user.id), values['token-name'], days, CLI);
      console.log(t.token);
      return 0;
    }
    default:
      console.error(`unknown user command "${sub}"\n\nusage:\n${USER_USAGE}`);
      return 1;
  }
}
