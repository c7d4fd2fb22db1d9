import type { Kysely, Selectable } from 'kysely';
import type { Tx } from '../database.js';
import type { CredentialReportsTable, Database } from '../schema.js';

export type CredentialReport = Selectable<CredentialReportsTable>;

export function findCredentialReport(db: Kysely<Database>, accountId: string): Promise<CredentialReport | undefined> {
  return db.selectFrom('credential_reports').selectAll().where('account_id', '=', accountId).executeTakeFirst();
}

/**
 * Records a new generation as STARTED. The last finished report (content, generated_at) stays
 * until the generation completes. The caller holds the account's row lock, so two requests
 * cannot both insert the first row.
 */
export async function startCredentialReport(tx: Tx, accountId: string, generationId: string, at: Date): Promise<void> {
  const started = { generation_id: generationId, state: 'STARTED' as const, started_at: at.toISOString() };
  const updated = await tx.updateTable('credential_reports').set(started).where('account_id', '=', accountId).executeTakeFirst();
  if (Number(updated.numUpdatedRows) === 0) {
    await tx
      .insertInto('credential_reports')
      .values({ account_id: accountId, ...started, generated_at: null, content: null })
      .execute();
  }
}

/**
 * Stores the report of this generation, made as of its start. Answers false, and writes
 * nothing, when the generation is no longer the account's current one (it was taken for
 * failed and a newer one started), so a late build never overwrites a newer report.
 */
export async function completeCredentialReport(db: Kysely<Database>, accountId: string, generationId: string, content: string): Promise<boolean> {
  const result = await db
    .updateTable('credential_reports')
    .set((eb) => ({ state: 'COMPLETE', content, generated_at: eb.ref('started_at') }))
    .where('account_id', '=', accountId)
    .where('generation_id', '=', generationId)
    .where('state', '=', 'STARTED')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Marks this generation failed, if it is still the current one; the last report stays. */
export async function failCredentialReport(db: Kysely<Database>, accountId: string, generationId: string): Promise<void> {
  await db
    .updateTable('credential_reports')
    .set({ state: 'FAILED' })
    .where('account_id', '=', accountId)
    .where('generation_id', '=', generationId)
    .where('state', '=', 'STARTED')
    .execute();
}
