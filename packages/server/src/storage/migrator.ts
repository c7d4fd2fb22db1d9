import { Migrator, type Kysely } from 'kysely';
import { migrations } from './migrations/index.js';
import type { Database } from './schema.js';

/**
 * Runs this build's migrations, or with `check` only names those not yet run. `schema` pins
 * Kysely's bookkeeping tables to one PostgreSQL schema: without it Kysely looks for them in
 * every schema it can see, and would take another schema's tables for its own.
 */
export async function runMigrations(db: Kysely<Database>, options: { schema?: string; check?: boolean } = {}): Promise<string[]> {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => migrations },
    // Features developed side by side add migrations that may land in either order; each one
    // only adds its own tables, so a store that has run a later one can still run an earlier.
    allowUnorderedMigrations: true,
    ...(options.schema ? { migrationTableSchema: options.schema } : {}),
  });
  if (options.check) return (await migrator.getMigrations()).filter((m) => !m.executedAt).map((m) => m.name);
  const { error } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return [];
}
