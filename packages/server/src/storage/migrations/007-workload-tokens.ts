import type { Kysely } from 'kysely';

/** Tokens that let a workload fetch its instance profile's role credentials; only hashes are kept. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('workload_tokens')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id'))
    .addColumn('instance_profile_id', 'text', (c) => c.notNull().references('instance_profiles.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('last_used_at', 'text')
    .execute();
}
