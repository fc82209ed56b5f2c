import type { Knex } from 'knex';
/** Placeholder until the demo generator lands. */
export async function ensureDemo(_knex: Knex, _log: (m: string) => void): Promise<void> {}
