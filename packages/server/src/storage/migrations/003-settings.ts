import type { Kysely } from 'kysely';

/** Small facts about the store itself, e.g. which AWS managed policy catalogue it holds. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('settings')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .execute();
}
