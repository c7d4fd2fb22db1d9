import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import {
  CompiledQuery,
  Kysely,
  OperationNodeTransformer,
  SqliteDialect,
  SqliteDriver,
  type DatabaseConnection,
  type Driver,
  type KyselyPlugin,
  type PluginTransformQueryArgs,
  type PluginTransformResultArgs,
  type QueryResult,
  type SelectQueryNode,
  type SqliteDatabase,
  type TransactionSettings,
  type UnknownRow,
} from 'kysely';
import { pendingMigrations, runMigrations } from './migrator.js';
import type { Database } from './schema.js';
import { StoreUnavailable, withRetries, type FailureKind, type Readiness, type Store, type TransactionOptions, type Tx } from './store.js';

export interface SqliteOptions {
  /**
   * How long a transaction waits, in all, for a write lock that another process holds (the
   * `gatehouse` CLI, a backup tool) before the call answers ServiceUnavailable. Default 5 s.
   */
  lockWaitMs?: number;
}

/**
 * The embedded store: one SQLite file in WAL mode, so readers never wait for the writer.
 * better-sqlite3 is synchronous, so SQLite's own busy wait would stop the event loop while
 * another process holds the write lock; instead the wait is asynchronous (busy_timeout 0,
 * the transaction tried again after a pause) and every other request goes on meanwhile.
 */
export function openSqlite(file: string, options: SqliteOptions = {}): Store {
  createPrivately(file);
  const database = new SQLite(file);
  database.pragma('journal_mode = WAL');
  database.pragma('synchronous = NORMAL');
  database.pragma('foreign_keys = ON');
  database.pragma('busy_timeout = 0');
  // WAL and shared-memory files take the database file's mode, but one made by an older build may not.
  for (const suffix of ['-wal', '-shm']) if (existsSync(file + suffix)) chmodSync(file + suffix, 0o600);
  const db = new Kysely<Database>({ dialect: new LockingSqliteDialect({ database: withStatementCache(database) }), plugins: [new DropRowLocks()] });
  const lockWaitMs = options.lockWaitMs ?? 5_000;
  const retries = { attempts: Number.POSITIVE_INFINITY, deadlineMs: lockWaitMs, classify: classifySqlite };
  return {
    db,
    transaction<T>(work: (tx: Tx) => Promise<T>, options: TransactionOptions = {}): Promise<T> {
      return withRetries(retries, () => db.transaction().setAccessMode(options.write ? 'read write' : 'read only').execute(work));
    },
    read: (work) => withRetries(retries, () => work(db)),
    isUnavailable: (error) => error instanceof StoreUnavailable || classifySqlite(error) !== 'fatal',
    migrate: async () => {
      await runMigrations(db);
    },
    ready: () => readiness(db),
    close: () => db.destroy(),
  };
}

/** The database file and its directory are the secrets' home: only the owner may read them. */
function createPrivately(file: string): void {
  const dir = dirname(file);
  if (!existsSync(dir)) mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (!existsSync(file)) closeSync(openSync(file, 'a', 0o600));
  chmodSync(file, 0o600);
}

/** Another process holds the lock: try again. Nothing else that SQLite reports gets better by waiting. */
function classifySqlite(error: unknown): FailureKind {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED'))) return 'conflict';
  return 'fatal';
}

async function readiness(db: Kysely<Database>): Promise<Readiness> {
  try {
    const pending = await pendingMigrations(db);
    return pending.length === 0 ? { ready: true } : { ready: false, reason: `migrations not yet run: ${pending.join(', ')}` };
  } catch (error) {
    return { ready: false, reason: error instanceof Error ? error.message : String(error) };
  }
}

/**
 * A write transaction begins IMMEDIATE: it takes SQLite's write lock before its first read, so
 * the checks it makes hold until it commits, and a lock held elsewhere shows at BEGIN, where
 * trying again is safe, rather than at the first write.
 */
class LockingSqliteDialect extends SqliteDialect {
  readonly #config: ConstructorParameters<typeof SqliteDriver>[0];

  constructor(config: ConstructorParameters<typeof SqliteDriver>[0]) {
    super(config);
    this.#config = config;
  }

  override createDriver(): Driver {
    return new LockingSqliteDriver(this.#config);
  }
}

class LockingSqliteDriver implements Driver {
  readonly #driver: SqliteDriver;

  constructor(config: ConstructorParameters<typeof SqliteDriver>[0]) {
    this.#driver = new SqliteDriver(config);
  }

  init = () => this.#driver.init();
  acquireConnection = () => this.#driver.acquireConnection();
  releaseConnection = () => this.#driver.releaseConnection();
  commitTransaction = (connection: DatabaseConnection) => this.#driver.commitTransaction(connection);
  rollbackTransaction = (connection: DatabaseConnection) => this.#driver.rollbackTransaction(connection);
  destroy = () => this.#driver.destroy();

  async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw(settings.accessMode === 'read only' ? 'begin' : 'begin immediate'));
  }
}

/** SQLite has no row locks (one writer holds the whole database), and no FOR UPDATE clause. */
class DropRowLocks implements KyselyPlugin {
  readonly #transformer = new (class extends OperationNodeTransformer {
    protected override transformSelectQuery(node: SelectQueryNode): SelectQueryNode {
      const transformed = super.transformSelectQuery(node);
      if (!transformed.endModifiers?.length) return transformed;
      const endModifiers = transformed.endModifiers.filter((m) => m.modifier === undefined || !ROW_LOCKS.has(m.modifier));
      return { ...transformed, endModifiers: endModifiers.length ? endModifiers : undefined } as SelectQueryNode;
    }
  })();

  transformQuery(args: PluginTransformQueryArgs) {
    // Every query passes through here: leave untouched (and unwalked) all but a top-level
    // SELECT that carries a lock, the only place repositories put one.
    const node = args.node;
    if (node.kind !== 'SelectQueryNode' || !node.endModifiers?.some((m) => m.modifier !== undefined && ROW_LOCKS.has(m.modifier))) return node;
    return this.#transformer.transformNode(node);
  }

  transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return Promise.resolve(args.result);
  }
}

const ROW_LOCKS = new Set(['ForUpdate', 'ForNoKeyUpdate', 'ForShare', 'ForKeyShare', 'NoWait', 'SkipLocked']);

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
