import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import type { Logger } from 'pino';
import { pendingMigrations, runMigrations } from './migrator.js';
import type { Database } from './schema.js';
import { StoreUnavailable, withRetries, type FailureKind, type Readiness, type Store, type TransactionOptions, type Tx } from './store.js';

export interface PostgresOptions {
  /** the schema to use (tests give each suite its own); default the connection's current schema */
  schema?: string | undefined;
  /** connections per node (default 10) */
  poolSize?: number;
  /** how long a call waits for a free connection, or for a new one to open, in ms (default 5,000) */
  acquireTimeoutMs?: number;
  /** how long one statement may run, lock waits included, in ms (default 5,000) */
  statementTimeoutMs?: number;
  logger?: Logger | undefined;
  /** how the connections name themselves in pg_stat_activity (default gatehouse) */
  applicationName?: string;
}

/**
 * The multi-node store. Every node runs the same transactions against one database; the
 * database's locks, constraints and retried conflicts keep them from contradicting each other.
 * A lost connection is logged and replaced, never fatal: pg reports a connection that dies
 * while idle, or between two statements, as an 'error' event, which would end the process
 * if nobody listened.
 */
export function openPostgres(url: string, options: PostgresOptions = {}): Store {
  const statementTimeoutMs = options.statementTimeoutMs ?? 5_000;
  const settings = [
    ...(options.schema ? [`-c search_path=${options.schema}`] : []),
    `-c statement_timeout=${statementTimeoutMs}`,
    // A node that stops mid-transaction must not hold its locks for ever.
    `-c idle_in_transaction_session_timeout=${Math.max(statementTimeoutMs * 6, 30_000)}`,
  ];
  const pool = new pg.Pool({
    connectionString: url,
    max: options.poolSize ?? 10,
    connectionTimeoutMillis: options.acquireTimeoutMs ?? 5_000,
    // statement_timeout is enforced by the server; a server that stopped answering altogether
    // is caught by the client's own timeout, a little later.
    query_timeout: statementTimeoutMs + 2_000,
    options: settings.join(' '),
    application_name: options.applicationName ?? 'gatehouse',
  });
  const warn = (error: Error) => options.logger?.warn({ err: error }, 'lost a PostgreSQL connection; the pool opens another');
  pool.on('error', warn);
  pool.on('connect', (client) => client.on('error', warn));
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  let schema: Promise<string> | undefined;
  const migrationSchema = () => (schema ??= options.schema ? Promise.resolve(options.schema) : currentSchema(db));
  const retries = { attempts: 12, deadlineMs: statementTimeoutMs * 2, classify: classifyPostgres };
  return {
    db,
    transaction<T>(work: (tx: Tx) => Promise<T>, options: TransactionOptions = {}): Promise<T> {
      return withRetries(retries, () => (options.snapshot ? db.transaction().setIsolationLevel('repeatable read') : db.transaction()).execute(work));
    },
    read: (work) => withRetries(retries, () => work(db)),
    isUnavailable: (error) => error instanceof StoreUnavailable || ['conflict', 'reconnect', 'unavailable'].includes(classifyPostgres(error)),
    migrate: async () => {
      await runMigrations(db, { schema: await migrationSchema() });
    },
    ready: async (): Promise<Readiness> => {
      try {
        const pending = await pendingMigrations(db, await migrationSchema());
        return pending.length === 0 ? { ready: true } : { ready: false, reason: `migrations not yet run: ${pending.join(', ')}` };
      } catch (error) {
        return { ready: false, reason: error instanceof Error ? error.message : String(error) };
      }
    },
    close: () => db.destroy(),
  };
}

async function currentSchema(db: Kysely<Database>): Promise<string> {
  const { rows } = await sql<{ schema: string }>`select current_schema() as schema`.execute(db);
  const schema = rows[0]?.schema;
  if (!schema) throw new Error('PostgreSQL has no current schema: set search_path in the connection URL (options=-c search_path=NAME).');
  return schema;
}

// https://www.postgresql.org/docs/current/errcodes-appendix.html
const CONFLICTS = new Set(['40001', '40P01', '55P03']);
const CONSTRAINTS = new Set(['23503', '23505']);
// admin_shutdown, crash_shutdown, cannot_connect_now, and the connection exceptions (class 08)
const LOST = new Set(['57P01', '57P02', '57P03']);
const SLOW = new Set(['57014', '53300']);

function classifyPostgres(error: unknown): FailureKind {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string') {
    if (CONFLICTS.has(code)) return 'conflict';
    if (CONSTRAINTS.has(code)) return 'constraint';
    if (LOST.has(code) || code.startsWith('08')) return 'reconnect';
    if (SLOW.has(code)) return 'unavailable';
    if (code === 'ECONNRESET' || code === 'EPIPE') return 'reconnect';
    if (code === 'ECONNREFUSED' || code === 'ETIMEDOUT') return 'unavailable';
  }
  const message = error instanceof Error ? error.message : '';
  // pg's own words for a connection that ended or never came
  if (/Connection terminated|Client has encountered a connection error|not queryable/i.test(message)) return 'reconnect';
  if (/timeout exceeded when trying to connect|Query read timeout|connection timeout/i.test(message)) return 'unavailable';
  return 'fatal';
}
