import type { Kysely, Selectable } from 'kysely';
import type { Tx } from '../database.js';
import type { Database, LastAccessedJobsTable, LastAccessedTable } from '../schema.js';

export type LastAccessRow = Selectable<LastAccessedTable>;
export type LastAccessedJob = Selectable<LastAccessedJobsTable>;

/**
 * Keeps one attempt at an action: one statement, an upsert on the (entity, service, action)
 * key, which SQLite and PostgreSQL both run as INSERT ... ON CONFLICT DO UPDATE. An attempt
 * older than the one kept (two requests racing) changes nothing.
 */
export async function upsertLastAccess(db: Kysely<Database>, row: LastAccessRow): Promise<void> {
  // An attempt recorded after its entity was deleted is dropped; the share lock keeps the
  // entity from being deleted before this commits.
  const entity = await db.selectFrom(row.entity_type === 'user' ? 'users' : 'roles').select('id').where('id', '=', row.entity_id).forShare().executeTakeFirst();
  if (!entity) return;
  await db
    .insertInto('last_accessed')
    .values(row)
    .onConflict((oc) =>
      oc
        .columns(['entity_id', 'service', 'action'])
        .doUpdateSet({ action_name: row.action_name, last_accessed_at: row.last_accessed_at, region: row.region })
        .where('last_accessed.last_accessed_at', '<=', row.last_accessed_at),
    )
    .execute();
}

/** Every action these entities attempted, optionally only within some services. */
export async function lastAccessOf(tx: Tx, entityIds: readonly string[], services?: readonly string[]): Promise<LastAccessRow[]> {
  if (entityIds.length === 0 || services?.length === 0) return [];
  let query = tx.selectFrom('last_accessed').selectAll().where('entity_id', 'in', entityIds);
  if (services) query = query.where('service', 'in', services);
  return query.execute();
}

export async function insertLastAccessedJob(tx: Tx, job: LastAccessedJob): Promise<void> {
  await tx.insertInto('last_accessed_jobs').values(job).execute();
}

export function findLastAccessedJob(tx: Tx, accountId: string, id: string): Promise<LastAccessedJob | undefined> {
  return tx.selectFrom('last_accessed_jobs').selectAll().where('id', '=', id).where('account_id', '=', accountId).executeTakeFirst();
}

/** Drops an account's reports created before `before`. */
export async function deleteLastAccessedJobs(tx: Tx, accountId: string, before: Date): Promise<void> {
  await tx.deleteFrom('last_accessed_jobs').where('account_id', '=', accountId).where('created_at', '<', before.toISOString()).execute();
}
