import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { syncAwsManagedPolicies } from '../../src/storage/aws-managed-policies.js';
import { migrate, openPostgres, openSqlite, type Store } from '../../src/storage/database.js';

export type Backend = 'sqlite' | 'postgres';

export const POSTGRES_URL = process.env.GATEHOUSE_TEST_POSTGRES ?? 'postgres://postgres@127.0.0.1:5432/test';

/**
 * Every storage and API suite runs on both backends. In CI PostgreSQL must be there, so a
 * missing server fails the run; on a developer machine without it the suites say so and run
 * on SQLite alone.
 */
export async function backends(): Promise<Backend[]> {
  if (process.env.CI) return ['sqlite', 'postgres'];
  const client = new pg.Client({ connectionString: POSTGRES_URL, connectionTimeoutMillis: 1000 });
  try {
    await client.connect();
    return ['sqlite', 'postgres'];
  } catch {
    console.warn(`PostgreSQL is not reachable at ${POSTGRES_URL}: running on SQLite only (CI runs both).`);
    return ['sqlite'];
  } finally {
    await client.end().catch(() => undefined);
  }
}

export interface TestStore {
  store: Store;
  dataDir: string;
  /** Opens another store on the same database: another node's view of it (PostgreSQL only). */
  openNode(): Store;
  dispose(): Promise<void>;
}

export interface TestStoreOptions {
  /** PostgreSQL's statement timeout (default 5 s) */
  statementTimeoutMs?: number;
  /** SQLite's wait for a lock held by another process (default 5 s) */
  lockWaitMs?: number;
}

/**
 * A fresh, migrated, empty store: a temp SQLite file, or a PostgreSQL schema of its own, whose
 * connections carry the schema's name as application_name (fault tests terminate them by it).
 */
export async function openTestStore(backend: Backend, options: TestStoreOptions = {}): Promise<TestStore & { schema?: string }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'gatehouse-test-'));
  if (backend === 'sqlite') {
    const store = openSqlite(join(dataDir, 'gatehouse.sqlite'), options.lockWaitMs ? { lockWaitMs: options.lockWaitMs } : {});
    await migrate(store);
  await syncAwsManagedPolicies(store);
    return {
      store,
      dataDir,
      openNode: () => {
        throw new Error('SQLite is a single-node store: a second process would share the file, not the database server.');
      },
      dispose: async () => {
        await store.close();
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  }
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: POSTGRES_URL });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  await admin.end();
  const pgOptions = { schema, applicationName: schema, ...(options.statementTimeoutMs ? { statementTimeoutMs: options.statementTimeoutMs } : {}) };
  const store = openPostgres(POSTGRES_URL, pgOptions);
  await migrate(store);
  await syncAwsManagedPolicies(store);
  const nodes: Store[] = [];
  return {
    store,
    dataDir,
    schema,
    openNode: () => {
      const node = openPostgres(POSTGRES_URL, pgOptions);
      nodes.push(node);
      return node;
    },
    dispose: async () => {
      for (const node of nodes) await node.close();
      await store.close();
      const cleanup = new pg.Client({ connectionString: POSTGRES_URL });
      await cleanup.connect();
      await cleanup.query(`drop schema ${schema} cascade`);
      await cleanup.end();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
