import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import { CreateUserCommand, GetUserCommand, type IAMClient } from '@aws-sdk/client-iam';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { digestSigner } from '../../src/audit/digest-signer.js';
import { chainHash } from '../../src/audit/event-log.js';
import { verifyEvents, type VerifyReport } from '../../src/audit/verify-events.js';
import { backends } from '../support/backends.js';
import { startTestServer, TEST_ACCOUNT_ID, type TestServer } from '../support/server.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const run = promisify(execFile);
const BIN = join(import.meta.dirname, '../../bin/gatehouse.js');

describe.each(await backends())('tamper evidence of the event history on %s', (backend) => {
  let t: TestServer;
  let iam: IAMClient;
  let now: number;
  const db = () => t.testStore.store.db;

  const verify = async (at = now, retentionDays = 90): Promise<VerifyReport> =>
    verifyEvents(t.testStore.store, { publicKey: digestSigner(t.secrets).publicKey, now: new Date(at), retentionDays, periodMinutes: 60, accountId: TEST_ACCOUNT_ID });
  const problemsOf = (r: VerifyReport) => r.accounts[0]!.problems.map((p) => ({ kind: p.kind, seq: p.seq }));
  const row = async (seq: number) => db().selectFrom('events').selectAll().where('account_id', '=', TEST_ACCOUNT_ID).where('seq', '=', seq).executeTakeFirstOrThrow();
  const resourcesOf = async (seq: number) => db().selectFrom('event_resources').selectAll().where('account_id', '=', TEST_ACCOUNT_ID).where('seq', '=', seq).execute();
  const restore = async (original: Awaited<ReturnType<typeof row>>) => {
    await db().deleteFrom('events').where('account_id', '=', TEST_ACCOUNT_ID).where('seq', '=', original.seq).execute();
    await db().insertInto('events').values(original).execute();
  };

  beforeAll(async () => {
    // Hourly digests: these tests were written for them, and a store sealed hourly must keep verifying.
    t = await startTestServer(backend, { eventDigestMinutes: 60 });
    iam = t.iam();
    // Start on an hour boundary so the test knows which hour each call falls in.
    now = Math.ceil(Date.now() / HOUR) * HOUR + 5 * 60_000;
    t.setClock(() => new Date(now));
    const tick = (ms: number) => {
      now += ms;
      iam.config.systemClockOffset = now - Date.now();
    };
    tick(0);
    for (const name of ['ann', 'bob', 'cy']) await iam.send(new CreateUserCommand({ UserName: name }));
    tick(HOUR);
    for (const name of ['ann', 'bob']) await iam.send(new GetUserCommand({ UserName: name }));
    tick(HOUR);
    await iam.send(new GetUserCommand({ UserName: 'cy' }));
    tick(2 * HOUR);
    expect(await t.server.maintainEvents()).toEqual({ sealed: 4, pruned: 0 });
  });
  afterAll(async () => {
    iam?.destroy();
    await t?.close();
  });

  it('verifies an untouched history, sealed into signed hourly digests', async () => {
    const report = await verify();
    expect(report.intact).toBe(true);
    expect(report.accounts[0]).toMatchObject({ accountId: TEST_ACCOUNT_ID, records: 6, digests: 4, problems: [] });
    // Sealing again adds nothing for hours already sealed.
    expect((await t.server.maintainEvents()).sealed).toBe(0);
  });

  it('catches a record altered behind the server, and where the chain breaks', async () => {
    const original = await row(2);
    await db().updateTable('events').set({ record: original.record.replace('"bob"', '"eve"') }).where('account_id', '=', TEST_ACCOUNT_ID).where('seq', '=', 2).execute();
    const report = await verify();
    expect(report.intact).toBe(false);
    expect(problemsOf(report)).toContainEqual({ kind: 'altered', seq: 2 });
    expect(report.accounts[0]!.firstBreak).toMatchObject({ seq: 2, eventId: original.event_id });
    await restore(original);
    expect((await verify()).intact).toBe(true);
  });

  it('catches a record altered and rehashed, through the next link and the signed digest', async () => {
    const original = await row(2);
    const forged = original.record.replace('"bob"', '"eve"');
    await db().updateTable('events').set({ record: forged, hash: chainHash(original.prev_hash, forged), username: original.username }).where('account_id', '=', TEST_ACCOUNT_ID).where('seq', '=', 2).execute();
    const report = await verify();
    expect(problemsOf(report)).toContainEqual({ kind: 'altered', seq: 2 });
    expect(report.accounts[0]!.problems.some((p) => p.detail.includes('signed digest'))).toBe(true);
    await restore(original);
  });

  it('catches a searchable column changed to hide a record from lookups', async () => {
    const original = await row(3);
    await db().updateTable('events').set({ username: 'nobody' }).where('account_id', '=', TEST_ACCOUNT_ID).where('seq', '=', 3).execute();
    expect(problemsOf(await verify())).toContainEqual({ kind: 'index-altered', seq: 3 });
    await restore(original);
  });

  it('catches a removed record', async () => {
    const original = await row(4);
    const resources = await resourcesOf(4);
    // removed with its event_resources rows, as one who wants it unseen would
    await db().deleteFrom('event_resources').where('account_id', '=', TEST_ACCOUNT_ID).where('seq', '=', 4).execute();
    await db().deleteFrom('events').where('account_id', '=', TEST_ACCOUNT_ID).where('seq', '=', 4).execute();
    const report = await verify();
    expect(problemsOf(report)).toContainEqual({ kind: 'removed', seq: 5 });
    expect(report.accounts[0]!.firstBreak!.kind).toBe('removed');
    await db().insertInto('events').values(original).execute();
    if (resources.length > 0) await db().insertInto('event_resources').values(resources).execute();
    expect((await verify()).intact).toBe(true);
  });

  it('catches an inserted record, even one that links correctly to the record before it', async () => {
    const originals = await db().selectFrom('events').selectAll().where('account_id', '=', TEST_ACCOUNT_ID).where('seq', '>=', 3).orderBy('seq', 'desc').execute();
    // Make room at 3 by moving the later records up one place, then forge a record there.
    for (const r of originals) {
      await db().updateTable('events').set({ seq: r.seq + 1 }).where('account_id', '=', TEST_ACCOUNT_ID).where('seq', '=', r.seq).execute();
      await db().updateTable('event_resources').set({ seq: r.seq + 1 }).where('account_id', '=', TEST_ACCOUNT_ID).where('seq', '=', r.seq).execute();
    }
    const before = await row(2);
    const forged = JSON.stringify({ ...JSON.parse(originals.at(-1)!.record), eventID: 'forged', eventName: 'DeleteUser' });
    await db().insertInto('events').values({ ...originals.at(-1)!, seq: 3, event_id: 'forged', event_name: 'DeleteUser', record: forged, prev_hash: before.hash, hash: chainHash(before.hash, forged) }).execute();
    const report = await verify();
    expect(report.intact).toBe(false);
    expect(problemsOf(report)).toContainEqual({ kind: 'inserted', seq: 4 });
    // undo: remove the forgery and move the records back
    await db().deleteFrom('events').where('account_id', '=', TEST_ACCOUNT_ID).where('seq', '=', 3).execute();
    for (const r of [...originals].reverse()) {
      await db().updateTable('events').set({ seq: r.seq }).where('account_id', '=', TEST_ACCOUNT_ID).where('seq', '=', r.seq + 1).execute();
      await db().updateTable('event_resources').set({ seq: r.seq }).where('account_id', '=', TEST_ACCOUNT_ID).where('seq', '=', r.seq + 1).execute();
    }
    expect((await verify()).intact).toBe(true);
  });

  it('catches a digest that was altered or removed', async () => {
    const digests = await db().selectFrom('event_digests').selectAll().where('account_id', '=', TEST_ACCOUNT_ID).orderBy('period_start').execute();
    const second = digests[1]!;
    await db().updateTable('event_digests').set({ digest: second.digest.replace('"recordCount":2', '"recordCount":1') }).where('account_id', '=', TEST_ACCOUNT_ID).where('period_start', '=', second.period_start).execute();
    expect(problemsOf(await verify()).map((p) => p.kind)).toContain('digest-invalid');
    await db().updateTable('event_digests').set({ digest: second.digest }).where('account_id', '=', TEST_ACCOUNT_ID).where('period_start', '=', second.period_start).execute();
    expect((await verify()).intact).toBe(true);

    await db().deleteFrom('event_digests').where('account_id', '=', TEST_ACCOUNT_ID).where('period_start', '=', second.period_start).execute();
    expect(problemsOf(await verify()).map((p) => p.kind)).toContain('digest-missing');
    await db().insertInto('event_digests').values(second).execute();
  });

  // The command opens the database as a deployment does: the SQLite file under --data.
  if (backend === 'sqlite')
    it('npx gatehouse verify-events reports intact and tampered histories with its exit code', async () => {
    // (before pruning: the command verifies at the real time, and pruning happens in the test's future)
    const keyFile = join(t.testStore.dataDir, 'digest-key.json');
    writeFileSync(keyFile, await (await fetch(`${t.server.url}/gatehouse/event-digest-key`)).text());
    const env = { ...process.env, GATEHOUSE_MASTER_KEY: Buffer.alloc(32, 7).toString('base64') };
    const args = [BIN, 'verify-events', '--data', t.testStore.dataDir, '--public-key', keyFile, '--event-digest-minutes', '60'];
    const intact = await run(process.execPath, args, { env });
    expect(intact.stdout).toContain(`Account ${TEST_ACCOUNT_ID}: intact`);

    const original = await row((await db().selectFrom('events').select('seq').orderBy('seq', 'desc').limit(1).executeTakeFirstOrThrow()).seq - 1);
    await db().updateTable('events').set({ record: original.record.replace('"GetUser"', '"GetUsers"') }).where('account_id', '=', TEST_ACCOUNT_ID).where('seq', '=', original.seq).execute();
    const tampered = await run(process.execPath, [...args.slice(0, 4), '--event-digest-minutes', '60', '--json'], { env }).catch((e: { code: number; stdout: string }) => e);
    expect('code' in tampered && tampered.code).toBe(1);
    const report = JSON.parse(tampered.stdout) as VerifyReport;
    expect(report.accounts[0]!.firstBreak).toMatchObject({ kind: 'altered', seq: original.seq });
    await restore(original);
  });
  it('prunes past retention, whole digest periods at a time, and still verifies', async () => {
    const trail = t.cloudtrail();
    const lookup = async () => {
      trail.config.systemClockOffset = now - Date.now();
      return (await trail.send(new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'CreateUser' }] }))).Events!;
    };
    expect(await lookup()).toHaveLength(3);
    now += 90 * DAY - 3 * HOUR;
    // The first hour (the three CreateUser calls) is now past 90 days; the rest is not.
    const { pruned } = await t.server.maintainEvents();
    expect(pruned).toBe(3);
    expect(await lookup()).toEqual([]);
    const report = await verify();
    expect(report).toMatchObject({ intact: true, accounts: [{ problems: [] }] });

    // Removing records still within retention is not pruning.
    const next = await db().selectFrom('events').select('seq').where('account_id', '=', TEST_ACCOUNT_ID).orderBy('seq').limit(1).executeTakeFirstOrThrow();
    const original = await row(next.seq);
    await db().deleteFrom('events').where('account_id', '=', TEST_ACCOUNT_ID).where('seq', '=', next.seq).execute();
    expect(problemsOf(await verify()).map((p) => p.kind)).toContain('removed');
    await db().insertInto('events').values(original).execute();
  });

});
