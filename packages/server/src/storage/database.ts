import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, SqliteDialect, sql, type SqliteDatabase, type Transaction } from 'kysely';
import pg from 'pg';
import { syncAwsManagedPolicies } from './aws-managed-policies.js';
import { migrations } from './migrations/index.js';
import type { Database } from './schema.js';

export type Dialect = 'sqlite' | 'postgres';

/** A handle on the store: the Kysely instance plus the one fact repositories need to know. */
export interface Store {
  readonly db: Kysely<Database>;
  readonly dialect: Dialect;
  /** PostgreSQL schema chosen when opening (else the connection's current schema); none for SQLite. */
  readonly schema?: string | undefined;
  close(): Promise<void>;
}

export type Tx = Transaction<Database>;

export interface StoreOptions {
  /** postgres://… selects PostgreSQL; anything else is ignored in favour of SQLite under dataDir. */
  databaseUrl?: string | undefined;
  dataDir: string;
}

export async function openStore(options: StoreOptions): Promise<Store> {
  const store = options.databaseUrl?.startsWith('postgres')
    ? openPostgres(options.databaseUrl)
    : openSqlite(join(options.dataDir, 'gatehouse.sqlite'), options.dataDir);
  await migrate(store);
  await syncAwsManagedPolicies(store);
  return store;
}

export function openSqlite(file: string, dir?: string): Store {
  if (dir) mkdirSync(dir, { recursive: true });
  const database = new SQLite(file);
  // WAL lets readers proceed while a writer commits; busy_timeout makes a second process wait instead of failing.
  database.pragma('journal_mode = WAL');
  database.pragma('synchronous = NORMAL');
  database.pragma('foreign_keys = ON');
  database.pragma('busy_timeout = 5000');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(database) }) });
  return { db, dialect: 'sqlite', close: () => db.destroy() };
}

/**
 * Kysely asks better-sqlite3 to prepare every query anew, which costs more than running it.
 * Queries are built from a fixed set of shapes, so their SQL texts are few; cache the
 * prepared statements by text (bounded, in case a caller builds unusual queries).
 */
function withStatementCache(database: SQLite.Database): SqliteDatabase {
  const cache = new Map<string, SQLite.Statement>();
  return {
    close: () => database.close(),
    prepare(text: string) {
      let statement = cache.get(text);
      if (!statement) {
        if (cache.size >= 500) cache.clear();
        statement = database.prepare(text);
        cache.set(text, statement);
      }
      return statement;
    },
  };
}

export function openPostgres(url: string, schema?: string): Store {
  // A schema of its own lets test suites share one database without seeing each other.
  const pool = new pg.Pool({ connectionString: url, max: 10, ...(schema ? { options: `-c search_path=${schema}` } : {}) });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return { db, dialect: 'postgres', schema, close: () => db.destroy() };
}

export async function migrate(store: Store): Promise<void> {
  // Without a schema Kysely looks for its bookkeeping tables in every schema it can see, and
  // would take another schema's tables for its own.
  const schema = store.dialect === 'postgres' ? (store.schema ?? (await currentSchema(store.db))) : undefined;
  const migrator = new Migrator({
    db: store.db,
    provider: { getMigrations: async () => migrations },
    // Features developed side by side add migrations that may land in either order; each one
    // only adds its own tables, so a store that has run a later one can still run an earlier.
    allowUnorderedMigrations: true,
    ...(schema ? { migrationTableSchema: schema } : {}),
  });
  const { error } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
}

async function currentSchema(db: Kysely<Database>): Promise<string> {
  const { rows } = await sql<{ schema: string }>`select current_schema() as schema`.execute(db);
  const schema = rows[0]?.schema;
  if (!schema) throw new Error('PostgreSQL has no current schema: set search_path in the connection URL (options=-c search_path=NAME).');
  return schema;
}

/**
 * Serialises writers that must see a consistent count (e.g. "at most 2 access keys"):
 * PostgreSQL takes a row lock; SQLite already allows one writer at a time.
 */
export async function lockRow(tx: Tx, dialect: Dialect, table: 'users' | 'groups' | 'accounts' | 'roles' | 'instance_profiles', id: string): Promise<void> {
  if (dialect !== 'postgres') return;
  await sql`select id from ${sql.table(table)} where id = ${id} for update`.execute(tx);
}
