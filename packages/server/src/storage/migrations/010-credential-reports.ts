import type { Kysely } from 'kysely';

/**
 * One credential report per account, as IAM keeps one: the generation last started and the
 * last report finished (its CSV and when it was made). A new generation keeps the previous
 * report's content until it completes, so a generation that fails leaves that report readable.
 * Portable DDL only.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('credential_reports')
    .addColumn('account_id', 'text', (c) => c.primaryKey().references('accounts.id'))
    // fences the background build: only the generation named here may complete the report
    .addColumn('generation_id', 'text', (c) => c.notNull())
    // STARTED | COMPLETE | FAILED
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('generated_at', 'text')
    .addColumn('content', 'text')
    .execute();
}
