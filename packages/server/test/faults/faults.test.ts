import { CreateUserCommand, GetUserCommand, IAMClient, ListUsersCommand } from '@aws-sdk/client-iam';
import SQLite from 'better-sqlite3';
import { join } from 'node:path';
import pg from 'pg';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer } from '../../src/http/server.js';
import { backends, POSTGRES_URL } from '../support/backends.js';
import { startTestServer, type TestServer } from '../support/server.js';

/**
 * What happens to a running Gatehouse when its database misbehaves: connections terminated
 * under it, a table locked by someone else, a SQLite writer in another process. Never a 500,
 * never a crash, never a hang: retryable errors (503 ServiceUnavailable) while it lasts, and
 * service as soon as it is over.
 */
const errorOf = async (call: Promise<unknown>) => {
  try {
    await call;
    return { status: 200, name: 'OK' };
  } catch (error) {
    const e = error as { name?: string; $metadata?: { httpStatusCode?: number } };
    return { status: e.$metadata?.httpStatusCode ?? 0, name: e.name ?? 'Error' };
  }
};

async function get(url: string): Promise<{ status: number; body: string }> {
  const response = await fetch(url, { signal: AbortSignal.timeout(10_000) });
  return { status: response.status, body: await response.text() };
}

// PostgreSQL is required in CI (backends() fails without it); elsewhere these run when it is reachable.
describe.each((await backends()).filter((b) => b === 'postgres'))('faults on %s', (backend) => {
  let t: TestServer;
  let admin: pg.Client;
  beforeAll(async () => {
    t = await startTestServer(backend, { storage: { statementTimeoutMs: 1_000 } });
    admin = new pg.Client({ connectionString: POSTGRES_URL });
    await admin.connect();
  });
  afterAll(async () => {
    await admin?.end();
    await t?.close();
  });

  const terminateAll = async () => {
    const { rows } = await admin.query<{ pid: number }>('select pg_terminate_backend(pid) as pid from pg_stat_activity where application_name = $1', [t.testStore.schema]);
    return rows.length;
  };

  it('keeps every node serving when all its connections are terminated', async () => {
    const second = await t.secondNode();
    const clients = [t.iam(), second.iam()];
    // Fill both pools with connections, then kill them all: idle ones and, by racing calls, busy ones.
    await Promise.all(clients.flatMap((c) => Array.from({ length: 8 }, (_, i) => c.send(new CreateUserCommand({ UserName: `before-${clients.indexOf(c)}-${i}` })))));
    const inFlight = clients.flatMap((c) => Array.from({ length: 6 }, () => errorOf(c.send(new ListUsersCommand({})))));
    expect(await terminateAll()).toBeGreaterThan(0);
    // Calls caught mid-statement are tried again on a new connection, or answered as retryable.
    for (const result of await Promise.all(inFlight)) expect(['OK', 'ServiceUnavailable']).toContain(result.name);
    // The first calls after are answered, by both nodes: lost connections were replaced.
    for (const [n, client] of clients.entries()) {
      expect((await client.send(new GetUserCommand({ UserName: `before-${n}-0` }))).User?.UserName).toBe(`before-${n}-0`);
      await client.send(new CreateUserCommand({ UserName: `after-${n}` }));
    }
    expect((await get(`${t.server.url}/readyz`)).status).toBe(200);
  });

  it('answers ServiceUnavailable while a table is locked elsewhere, and /healthz stays live', async () => {
    await t.iam().send(new CreateUserCommand({ UserName: 'locked-out' }));
    const locker = new pg.Client({ connectionString: POSTGRES_URL, options: `-c search_path=${t.testStore.schema}` });
    await locker.connect();
    try {
      await locker.query('begin');
      await locker.query('lock table users in access exclusive mode');
      const [read, health] = await Promise.all([errorOf(t.iam().send(new GetUserCommand({ UserName: 'locked-out' }))), get(`${t.server.url}/healthz`)]);
      expect(read).toEqual({ status: 503, name: 'ServiceUnavailable' });
      expect(health.status).toBe(200);
      const write = await errorOf(t.iam().send(new CreateUserCommand({ UserName: 'not-while-locked' })));
      expect(write).toEqual({ status: 503, name: 'ServiceUnavailable' });
    } finally {
      await locker.query('rollback');
      await locker.end();
    }
    expect((await t.iam().send(new GetUserCommand({ UserName: 'locked-out' }))).User?.UserName).toBe('locked-out');
    // The refused write changed nothing.
    expect(await errorOf(t.iam().send(new GetUserCommand({ UserName: 'not-while-locked' })))).toEqual({ status: 404, name: 'NoSuchEntityException' });
  });

  it('says not ready while the database does not answer', async () => {
    const locker = new pg.Client({ connectionString: POSTGRES_URL, options: `-c search_path=${t.testStore.schema}` });
    await locker.connect();
    try {
      await locker.query('begin');
      await locker.query('lock table kysely_migration in access exclusive mode');
      const ready = await get(`${t.server.url}/readyz`);
      expect(ready.status).toBe(503);
      expect(JSON.parse(ready.body)).toMatchObject({ status: 'unavailable' });
      expect((await get(`${t.server.url}/healthz`)).status).toBe(200);
    } finally {
      await locker.query('rollback');
      await locker.end();
    }
    expect((await get(`${t.server.url}/readyz`)).status).toBe(200);
  });
});

describe('SQLite writer in another process', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer('sqlite', { storage: { lockWaitMs: 1_000 } });
    await t.iam().send(new CreateUserCommand({ UserName: 'reader' }));
  });
  afterAll(async () => {
    await t?.close();
  });

  it('goes on reading, answers writes ServiceUnavailable after the wait, and writes once the lock is gone', async () => {
    const outside = new SQLite(join(t.testStore.dataDir, 'gatehouse.sqlite'));
    try {
      outside.exec('begin immediate');
      const [health, read, write] = await Promise.all([
        get(`${t.server.url}/healthz`),
        errorOf(t.iam().send(new GetUserCommand({ UserName: 'reader' }))),
        errorOf(t.iam().send(new CreateUserCommand({ UserName: 'writer' }))),
      ]);
      expect(health.status).toBe(200);
      expect(read).toEqual({ status: 200, name: 'OK' });
      expect(write).toEqual({ status: 503, name: 'ServiceUnavailable' });
    } finally {
      outside.exec('rollback');
      outside.close();
    }
    await t.iam().send(new CreateUserCommand({ UserName: 'writer' }));
    expect((await t.iam().send(new GetUserCommand({ UserName: 'writer' }))).User?.UserName).toBe('writer');
  });

  it('serves /healthz while the writer holds its lock, without waiting for it', async () => {
    const outside = new SQLite(join(t.testStore.dataDir, 'gatehouse.sqlite'));
    try {
      outside.exec('begin immediate');
      // A write is waiting for the lock; the event loop is not.
      const waiting = errorOf(t.iam().send(new CreateUserCommand({ UserName: 'waiting' })));
      const started = process.hrtime.bigint();
      expect((await get(`${t.server.url}/healthz`)).status).toBe(200);
      const healthMs = Number(process.hrtime.bigint() - started) / 1e6;
      expect(await waiting).toEqual({ status: 503, name: 'ServiceUnavailable' });
      // Liveness, not speed: the answer came while the write was still waiting out its second.
      expect(healthMs).toBeLessThan(1_000);
    } finally {
      outside.exec('rollback');
      outside.close();
    }
  });
  it('lets a request in flight finish when the server is asked to stop', async () => {
    const node = await startServer({ store: t.testStore.store, secrets: t.secrets, logger: pino({ level: 'silent' }) });
    const iam = new IAMClient({ endpoint: node.url, region: 'us-east-1', credentials: { accessKeyId: t.admin.accessKeyId, secretAccessKey: t.admin.secretAccessKey }, maxAttempts: 1 });
    const outside = new SQLite(join(t.testStore.dataDir, 'gatehouse.sqlite'));
    try {
      outside.exec('begin immediate');
      // The write waits for the lock; the stop comes while it waits, and the lock goes soon after.
      const write = errorOf(iam.send(new CreateUserCommand({ UserName: 'drained' })));
      await new Promise((resolve) => setTimeout(resolve, 100));
      const closing = node.close({ drainMs: 5_000 });
      await new Promise((resolve) => setTimeout(resolve, 100));
      outside.exec('rollback');
      expect(await write).toEqual({ status: 200, name: 'OK' });
      await closing;
    } finally {
      if (outside.inTransaction) outside.exec('rollback');
      outside.close();
      iam.destroy();
    }
    // Stopped: no new connection is accepted.
    await expect(fetch(`${node.url}/healthz`)).rejects.toThrow();
    expect((await t.iam().send(new GetUserCommand({ UserName: 'drained' }))).User?.UserName).toBe('drained');
  });
});
