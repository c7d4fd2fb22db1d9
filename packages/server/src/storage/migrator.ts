import { Migrator, sql, type Kysely } from 'kysely';
import { migrations } from './migrations/index.js';
import type { Database } from './schema.js';

/**
 * Runs this build's migrations. `schema` pins Kysely's bookkeeping tables to one PostgreSQL
 * schema: without it Kysely looks for them in every schema it can see, and would take another
 * schema's tables for its own.
 */
export async function runMigrations(db: Kysely<Database>, options: { schema?: string } = {}): Promise<void> {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => migrations },
    // Features developed side by side add migrations that may land in either order; each one
    // only adds its own tables, so a store that has run a later one can still run an earlier.
    allowUnorderedMigrations: true,
    ...(options.schema ? { migrationTableSchema: options.schema } : {}),
  });
  for (let attempt = 1; ; attempt++) {
    const { error } = await migrator.migrateToLatest();
    if (!error) return;
    // Kysely looks for its tables through the catalog of every schema; a schema another client
    // drops at that moment makes the look-up fail (3F000), though this schema is fine.
    if (attempt < 3 && (error as { code?: unknown }).code === '3F000') continue;
    throw error instanceof Error ? error : new Error(String(error));
  }
}

/**
 * The migrations of this build that the store has not run, read from Kysely's own table in one
 * query (no catalog look-up): what readiness checks on every call.
 */
export async function pendingMigrations(db: Kysely<Database>, schema?: string): Promise<string[]> {
  const table = schema ? sql.table(`${schema}.kysely_migration`) : sql.table('kysely_migration');
  const { rows } = await sql<{ name: string }>`select name from ${table}`.execute(db);
  const done = new Set(rows.map((r) => r.name));
  return Object.keys(migrations).filter((name) => !done.has(name));
}
