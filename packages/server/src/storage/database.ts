import { join } from 'node:path';
import type { Logger } from 'pino';
import { syncAwsManagedPolicies } from './aws-managed-policies.js';
import { openPostgres, type PostgresOptions } from './postgres.js';
import { openSqlite, type SqliteOptions } from './sqlite.js';
import type { Store, Tx } from './store.js';

export type { Store, Tx, TransactionOptions } from './store.js';
export { StoreUnavailable } from './store.js';
export { openPostgres } from './postgres.js';
export { openSqlite } from './sqlite.js';

export interface StoreOptions {
  /** postgres://… selects PostgreSQL; anything else is ignored in favour of SQLite under dataDir. */
  databaseUrl?: string | undefined;
  dataDir: string;
  logger?: Logger | undefined;
  postgres?: Omit<PostgresOptions, 'logger'>;
  sqlite?: SqliteOptions;
}

/** The one place that picks a store by its URL; everything else sees only `Store`. */
export async function openStore(options: StoreOptions): Promise<Store> {
  const store = options.databaseUrl?.startsWith('postgres')
    ? openPostgres(options.databaseUrl, { ...options.postgres, logger: options.logger })
    : openSqlite(join(options.dataDir, 'gatehouse.sqlite'), options.sqlite);
  try {
    await store.migrate();
    await syncAwsManagedPolicies(store);
  } catch (error) {
    await store.close();
    throw error;
  }
  return store;
}

export function migrate(store: Store): Promise<void> {
  return store.migrate();
}

/**
 * Locks a row for the rest of the transaction, so that a count or a check made after it holds
 * until commit (e.g. "at most 2 access keys"). SQLite's store drops the clause: it admits one
 * writer at a time.
 */
export async function lockRow(tx: Tx, table: 'users' | 'groups' | 'accounts' | 'roles' | 'instance_profiles' | 'policies', id: string): Promise<void> {
  await tx.selectFrom(table).select('id').where('id', '=', id).forUpdate().execute();
}
