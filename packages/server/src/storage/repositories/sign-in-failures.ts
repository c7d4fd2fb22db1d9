import type { Kysely, Selectable } from 'kysely';
import type { Tx } from '../database.js';
import type { ConsoleSignInFailuresTable, Database } from '../schema.js';

export type FailureRow = Selectable<ConsoleSignInFailuresTable>;

/** The counters of failed console sign-ins (console-api/brute-force.ts), by hashed key. */

export function findFailures(db: Kysely<Database>, keys: readonly string[]): Promise<FailureRow[]> {
  if (keys.length === 0) return Promise.resolve([]);
  return db.selectFrom('console_sign_in_failures').selectAll().where('key', 'in', keys).execute();
}

/**
 * A counter read for update: on PostgreSQL the row is locked for the rest of the transaction,
 * so that concurrent failures each count (SQLite already admits one writer at a time).
 */
export async function lockFailures(tx: Tx, key: string): Promise<FailureRow | undefined> {
  return tx.selectFrom('console_sign_in_failures').selectAll().where('key', '=', key).forUpdate().executeTakeFirst();
}

export async function saveFailures(tx: Tx, row: FailureRow): Promise<void> {
  await tx
    .insertInto('console_sign_in_failures')
    .values(row)
    .onConflict((oc) => oc.column('key').doUpdateSet({ failures: row.failures, last_failure_at: row.last_failure_at, locked_until: row.locked_until }))
    .execute();
}

export async function clearFailures(db: Kysely<Database>, key: string): Promise<void> {
  await db.deleteFrom('console_sign_in_failures').where('key', '=', key).execute();
}

/** Forgets counters whose last failure is older than `before` and that hold no lock still running at `now`. */
export async function pruneFailures(db: Kysely<Database>, before: Date, now: Date): Promise<void> {
  await db
    .deleteFrom('console_sign_in_failures')
    .where('last_failure_at', '<', before.toISOString())
    .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<=', now.toISOString())]))
    .execute();
}
