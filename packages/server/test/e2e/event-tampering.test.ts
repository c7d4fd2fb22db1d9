import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import { CreateUserCommand, GetUserCommand } from '@aws-sdk/client-iam';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHAIN_BROKEN_EVENT, GATEHOUSE_EVENT_SOURCE } from '../../src/audit/digest-alarm.js';
import { digestSigner } from '../../src/audit/digest-signer.js';
import { chainHash } from '../../src/audit/event-log.js';
import { verifyEvents, type ProblemKind, type VerifyReport } from '../../src/audit/verify-events.js';
import { startServer } from '../../src/http/server.js';
import type { EventsTable } from '../../src/storage/schema.js';
import { backends } from '../support/backends.js';
import { startTestServer, TEST_ACCOUNT_ID } from '../support/server.js';

// Every kind of tampering the issue names, each reported by verify-events, on both databases;
// and the sealer refusing to sign over a deleted digest. Digests are the default 5 minutes.
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const run = promisify(execFile);
const BIN = join(import.meta.dirname, '../../bin/gatehouse.js');

/** A test server whose clock the test moves, with what it logs at error level kept. */
async function tamperingServer(backend: 'sqlite' | 'postgres') {
  const alarms: { msg: string; accountId?: string; alarm?: string }[] = [];
  const logger = pino({ level: 'error' }, { write: (line: string) => void alarms.push(JSON.parse(line) as (typeof alarms)[number]) });
  const t = await startTestServer(backend, { logger });
  const iam = t.iam();
  // A minute past an hour, so the test knows which 5-minute period each call falls in.
  const clock = { now: Math.ceil(Date.now() / HOUR) * HOUR + MINUTE };
  t.setClock(() => new Date(clock.now));
  const tick = (ms: number) => {
    clock.now += ms;
    iam.config.systemClockOffset = clock.now - Date.now();
  };
  tick(0);
  const db = () => t.testStore.store.db;
  const verify = async (at = clock.now): Promise<VerifyReport> =>
    verifyEvents(t.testStore.store, { publicKey: digestSigner(t.secrets).publicKey, now: new Date(at), retentionDays: 90, periodMinutes: 5, accountId: TEST_ACCOUNT_ID });
  const digests = () => db().selectFrom('event_digests').selectAll().where('account_id', '=', TEST_ACCOUNT_ID).orderBy('period_start').execute();
  const deleteDigests = async (rows: { period_start: string }[]) => {
    for (const r of rows) await db().deleteFrom('event_digests').where('account_id', '=', TEST_ACCOUNT_ID).where('period_start', '=', r.period_start).execute();
  };
  const alarmRecords = async () =>
    db().selectFrom('events').selectAll().where('account_id', '=', TEST_ACCOUNT_ID).where('event_name', '=', CHAIN_BROKEN_EVENT).orderBy('seq').execute();
  return { t, iam, clock, tick, db, verify, digests, deleteDigests, alarmRecords, alarms };
}

const kindsOf = (r: VerifyReport): ProblemKind[] => r.accounts[0]!.problems.map((p) => p.kind);
const problemsOf = (r: VerifyReport) => r.accounts[0]!.problems;

describe.each(await backends())('verify-events reports every kind of tampering on %s', (backend) => {
  let s: Awaited<ReturnType<typeof tamperingServer>>;

  beforeAll(async () => {
    s = await tamperingServer(backend);
    // t0+1m: two writes; t0+6m and t0+11m: a read each. Then sealed at t0+30m: the periods
    // ending t0+5m … t0+25m, five digests, the last three empty.
    for (const name of ['ann', 'bob']) await s.iam.send(new CreateUserCommand({ UserName: name }));
    s.tick(5 * MINUTE);
    await s.iam.send(new GetUserCommand({ UserName: 'ann' }));
    s.tick(5 * MINUTE);
    await s.iam.send(new GetUserCommand({ UserName: 'bob' }));
    s.tick(19 * MINUTE);
    await s.t.server.maintainEvents();
    expect(await s.digests()).toHaveLength(5);
  });
  afterAll(async () => {
    s?.iam.destroy();
    await s?.t.close();
  });

  it('verifies an untouched history, sealed into 5-minute digests', async () => {
    expect(await s.verify()).toMatchObject({ intact: true, accounts: [{ records: 4, digests: 5, problems: [] }] });
  });

  describe('digest rows deleted', () => {
    it('one in the middle: the next digest no longer links to the one before it', async () => {
      const all = await s.digests();
      await s.deleteDigests([all[2]!]);
      const report = await s.verify();
      expect(report.intact).toBe(false);
      expect(problemsOf(report)).toContainEqual(expect.objectContaining({ kind: 'digest-missing', detail: expect.stringContaining(`does not follow the digest of ${all[1]!.period_start}`) }));
      await s.db().insertInto('event_digests').values(all[2]!).execute();
      expect((await s.verify()).intact).toBe(true);
    });

    it('the first: the first digest left names a previous one', async () => {
      const all = await s.digests();
      await s.deleteDigests([all[0]!]);
      expect(problemsOf(await s.verify())).toContainEqual(expect.objectContaining({ kind: 'digest-missing', detail: expect.stringContaining('the digests before it were removed') }));
      await s.db().insertInto('event_digests').values(all[0]!).execute();
    });

    it('the latest: the period after the last digest left is overdue', async () => {
      const all = await s.digests();
      const latest = all.at(-1)!;
      await s.deleteDigests([latest]);
      const report = await s.verify();
      expect(problemsOf(report)).toEqual([expect.objectContaining({ kind: 'digest-missing', detail: expect.stringContaining(`no digest follows the one ending ${latest.period_start}`) })]);
      // Within the allowance (the period plus 3 minutes) no one can tell it from a seal still to come.
      expect((await s.verify(Date.parse(latest.period_end) + 2 * MINUTE)).intact).toBe(true);
      await s.db().insertInto('event_digests').values(latest).execute();
      expect((await s.verify()).intact).toBe(true);
    });

    it('the latest few, the same way', async () => {
      const all = await s.digests();
      await s.deleteDigests(all.slice(2));
      expect(kindsOf(await s.verify())).toEqual(['digest-missing']);
      await s.db().insertInto('event_digests').values(all.slice(2)).execute();
    });

    it('all of them: records older than a period have no digest', async () => {
      const all = await s.digests();
      await s.deleteDigests(all);
      const report = await s.verify();
      expect(problemsOf(report)).toEqual([expect.objectContaining({ kind: 'digest-missing', seq: 1, detail: expect.stringContaining('there is no digest at all') })]);
      await s.db().insertInto('event_digests').values(all).execute();
      expect((await s.verify()).intact).toBe(true);
    });
  });

  describe('event_resources rows', () => {
    const resources = (seq: number) => s.db().selectFrom('event_resources').selectAll().where('account_id', '=', TEST_ACCOUNT_ID).where('seq', '=', seq).execute();
    const putBack = async (seq: number, rows: Awaited<ReturnType<typeof resources>>) => {
      await s.db().deleteFrom('event_resources').where('account_id', '=', TEST_ACCOUNT_ID).where('seq', '=', seq).execute();
      await s.db().insertInto('event_resources').values(rows).execute();
    };

    it('edited: LookupEvents by ResourceName would find the record under another name', async () => {
      const original = await resources(1);
      expect(original).toEqual([expect.objectContaining({ resource_type: 'AWS::IAM::User', resource_name: 'ann' })]);
      await s.db().updateTable('event_resources').set({ resource_name: 'eve' }).where('account_id', '=', TEST_ACCOUNT_ID).where('seq', '=', 1).execute();
      const [problem] = problemsOf(await s.verify());
      expect(problem).toMatchObject({ kind: 'index-altered', seq: 1 });
      expect(problem!.detail).toContain('event_resources lacks AWS::IAM::User ann');
      expect(problem!.detail).toContain('event_resources has AWS::IAM::User eve');
      await putBack(1, original);
      expect((await s.verify()).intact).toBe(true);
    });

    it('deleted: the record would no longer be found by its resource', async () => {
      const original = await resources(2);
      await s.db().deleteFrom('event_resources').where('account_id', '=', TEST_ACCOUNT_ID).where('seq', '=', 2).execute();
      expect(problemsOf(await s.verify())).toEqual([expect.objectContaining({ kind: 'index-altered', seq: 2, detail: expect.stringContaining('event_resources lacks AWS::IAM::User bob') })]);
      await putBack(2, original);
    });

    it('inserted: for a record that names no such resource, and for a record that does not exist', async () => {
      await s.db().insertInto('event_resources').values({ account_id: TEST_ACCOUNT_ID, seq: 3, resource_type: 'AWS::IAM::Role', resource_name: 'admin' }).execute();
      await s.db().insertInto('event_resources').values({ account_id: TEST_ACCOUNT_ID, seq: 99, resource_type: 'AWS::IAM::User', resource_name: 'ghost' }).execute();
      const problems = problemsOf(await s.verify());
      expect(problems).toContainEqual(expect.objectContaining({ kind: 'index-altered', seq: 3, detail: expect.stringContaining('event_resources has AWS::IAM::Role admin, which the record does not name') }));
      expect(problems).toContainEqual(expect.objectContaining({ kind: 'index-altered', seq: 99, detail: expect.stringContaining('which is not in the history') }));
      await s.db().deleteFrom('event_resources').where('account_id', '=', TEST_ACCOUNT_ID).where('resource_name', 'in', ['admin', 'ghost']).execute();
      expect((await s.verify()).intact).toBe(true);
    });
  });

  describe('each searchable column edited', () => {
    const edits: [keyof EventsTable, EventsTable[keyof EventsTable]][] = [
      ['event_name', 'ListUsers'],
      ['event_source', 'sts.amazonaws.com'],
      ['read_only', 1],
      ['username', 'nobody'],
      ['access_key_id', 'AKIAIOSFODNN7EXAMPLE'],
      ['event_time', '2000-01-01T00:00:00Z'],
      ['event_id', '00000000-0000-0000-0000-000000000000'],
      ['resources', '[]'],
    ];
    it.each(edits)('%s', async (column, value) => {
      const original = await s.db().selectFrom('events').selectAll().where('account_id', '=', TEST_ACCOUNT_ID).where('seq', '=', 2).executeTakeFirstOrThrow();
      await s.db().updateTable('events').set({ [column]: value }).where('account_id', '=', TEST_ACCOUNT_ID).where('seq', '=', 2).execute();
      const problems = problemsOf(await s.verify());
      expect(problems).toEqual([expect.objectContaining({ kind: 'index-altered', seq: 2, detail: expect.stringContaining(`${column} is ${JSON.stringify(value)}`) })]);
      await s.db().updateTable('events').set({ [column]: original[column] }).where('account_id', '=', TEST_ACCOUNT_ID).where('seq', '=', 2).execute();
      expect((await s.verify()).intact).toBe(true);
    });
  });

  // The CLI opens the database as a deployment does: the SQLite file under --data.
  if (backend === 'sqlite')
    it('npx gatehouse verify-events names the new kinds and exits 1', async () => {
      const keyFile = join(s.t.testStore.dataDir, 'digest-key.json');
      writeFileSync(keyFile, await (await fetch(`${s.t.server.url}/gatehouse/event-digest-key`)).text());
      const env = { ...process.env, GATEHOUSE_MASTER_KEY: Buffer.alloc(32, 7).toString('base64') };
      const all = await s.digests();
      await s.deleteDigests([all[1]!]);
      await s.db().updateTable('event_resources').set({ resource_name: 'eve' }).where('account_id', '=', TEST_ACCOUNT_ID).where('seq', '=', 1).execute();
      const args = [BIN, 'verify-events', '--data', s.t.testStore.dataDir, '--public-key', keyFile];
      const failed = (p: Promise<{ stdout: string }>) => p.then(() => ({ code: 0, stdout: '' }), (e: { code: number; stdout: string }) => e);
      const json = await failed(run(process.execPath, [...args, '--json'], { env }));
      expect(json.code).toBe(1);
      expect((JSON.parse(json.stdout) as VerifyReport).accounts[0]!.problems.map((p) => p.kind).sort()).toEqual(['digest-missing', 'index-altered']);
      const text = await failed(run(process.execPath, args, { env }));
      expect(text.code).toBe(1);
      expect(text.stdout).toMatch(/digest-missing +record 4: the digest of .* does not follow/);
      expect(text.stdout).toMatch(/index-altered +record 1: the searchable columns do not match the record/);
      await s.db().insertInto('event_digests').values(all[1]!).execute();
      await s.db().updateTable('event_resources').set({ resource_name: 'ann' }).where('account_id', '=', TEST_ACCOUNT_ID).where('seq', '=', 1).execute();
      expect((await failed(run(process.execPath, args, { env }))).code).toBe(0);
      const bad = await run(process.execPath, [...args, '--event-digest-minutes', '7'], { env }).catch((e: { code: number; stderr: string }) => e);
      expect(bad).toMatchObject({ code: 1, stderr: expect.stringContaining('--event-digest-minutes 7 is not a digest period') });
    });

  it('the unsealed window: a consistent rewrite goes unseen until its period is sealed, and is caught after', async () => {
    // What someone with write access and no key can do: rewrite the newest records, hashes
    // and chain head included. Nothing tells; docs/events.md says so. Once sealed, it shows.
    await s.iam.send(new CreateUserCommand({ UserName: 'cy' }));
    const rewrite = async () => {
      const head = await s.db().selectFrom('event_chains').selectAll().where('account_id', '=', TEST_ACCOUNT_ID).executeTakeFirstOrThrow();
      const row = await s.db().selectFrom('events').selectAll().where('account_id', '=', TEST_ACCOUNT_ID).where('seq', '=', head.head_seq).executeTakeFirstOrThrow();
      const forged = row.record.replace(/"sourceIPAddress":"[^"]*"/, '"sourceIPAddress":"203.0.113.9"');
      const hash = chainHash(row.prev_hash, forged);
      await s.db().updateTable('events').set({ record: forged, hash }).where('account_id', '=', TEST_ACCOUNT_ID).where('seq', '=', row.seq).execute();
      await s.db().updateTable('event_chains').set({ head_hash: hash }).where('account_id', '=', TEST_ACCOUNT_ID).execute();
      return async () => {
        await s.db().updateTable('events').set({ record: row.record, hash: row.hash }).where('account_id', '=', TEST_ACCOUNT_ID).where('seq', '=', row.seq).execute();
        await s.db().updateTable('event_chains').set({ head_hash: row.hash }).where('account_id', '=', TEST_ACCOUNT_ID).execute();
      };
    };
    let undo = await rewrite();
    expect((await s.verify()).intact).toBe(true);
    await undo();
    // One period and the seal delay later, the record is under a signed digest.
    s.tick(6 * MINUTE);
    await s.t.server.maintainEvents();
    undo = await rewrite();
    const report = await s.verify();
    expect(problemsOf(report)).toContainEqual(expect.objectContaining({ kind: 'altered', detail: expect.stringContaining('no longer match their signed digest') }));
    await undo();
    expect((await s.verify()).intact).toBe(true);
  });
});

describe.each(await backends())('the sealer refuses to sign over a broken digest chain on %s', (backend) => {
  let s: Awaited<ReturnType<typeof tamperingServer>>;

  beforeAll(async () => {
    s = await tamperingServer(backend);
    await s.iam.send(new CreateUserCommand({ UserName: 'ann' }));
    s.tick(16 * MINUTE);
    await s.t.server.maintainEvents();
    expect(await s.digests()).toHaveLength(3);
  });
  afterAll(async () => {
    s?.iam.destroy();
    await s?.t.close();
  });

  it('after its latest digest is deleted: no digest, one alarm logged, one EventDigestChainBroken recorded', async () => {
    const latest = (await s.digests()).at(-1)!;
    await s.deleteDigests([latest]);
    s.tick(5 * MINUTE);
    expect((await s.t.server.maintainEvents()).sealed).toBe(0);
    expect((await s.t.server.maintainEvents()).sealed).toBe(0);
    // not re-signed: the period of the deleted digest stays without one
    expect((await s.digests()).map((d) => d.period_start)).not.toContain(latest.period_start);
    const alarms = await s.alarmRecords();
    expect(alarms).toHaveLength(1);
    expect(JSON.parse(alarms[0]!.record)).toMatchObject({
      eventSource: GATEHOUSE_EVENT_SOURCE,
      eventName: CHAIN_BROKEN_EVENT,
      eventType: 'AwsServiceEvent',
      userIdentity: { type: 'AWSService', invokedBy: GATEHOUSE_EVENT_SOURCE },
      recipientAccountId: TEST_ACCOUNT_ID,
      serviceEventDetails: { reason: 'digests-deleted', lastDigestEndTime: latest.period_start, sealing: 'stopped' },
    });
    expect(s.alarms.filter((a) => a.alarm === CHAIN_BROKEN_EVENT)).toHaveLength(1);
    expect(s.alarms.find((a) => a.alarm === CHAIN_BROKEN_EVENT)!.msg).toContain(`ALARM: the event digest chain of account ${TEST_ACCOUNT_ID} is broken`);
    // The alarm is in the account's own history, where LookupEvents finds it.
    const trail = s.t.cloudtrail();
    trail.config.systemClockOffset = s.clock.now - Date.now();
    const { Events } = await trail.send(new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: CHAIN_BROKEN_EVENT }] }));
    expect(Events).toMatchObject([{ EventName: CHAIN_BROKEN_EVENT, EventSource: GATEHOUSE_EVENT_SOURCE, ReadOnly: 'false' }]);
    trail.destroy();
    expect(kindsOf(await s.verify())).toContain('digest-missing');

    // Put back, the chain is whole again and sealing goes on, alarm record included.
    await s.db().insertInto('event_digests').values(latest).execute();
    expect((await s.t.server.maintainEvents()).sealed).toBeGreaterThan(0);
    expect(await s.verify()).toMatchObject({ intact: true });
  });

  it('after every digest is deleted', async () => {
    const all = await s.digests();
    await s.deleteDigests(all);
    s.tick(5 * MINUTE);
    expect((await s.t.server.maintainEvents()).sealed).toBe(0);
    expect(await s.digests()).toEqual([]);
    const alarms = await s.alarmRecords();
    expect(JSON.parse(alarms.at(-1)!.record)).toMatchObject({ serviceEventDetails: { reason: 'digests-deleted', lastDigestHash: null } });
    expect(s.alarms.filter((a) => a.alarm === CHAIN_BROKEN_EVENT)).toHaveLength(2);
    await s.db().insertInto('event_digests').values(all).execute();
    expect((await s.t.server.maintainEvents()).sealed).toBeGreaterThan(0);
    expect((await s.verify()).intact).toBe(true);
  });

  it('after a digest between the last two is deleted', async () => {
    const all = await s.digests();
    await s.deleteDigests([all.at(-2)!]);
    s.tick(5 * MINUTE);
    expect((await s.t.server.maintainEvents()).sealed).toBe(0);
    expect(JSON.parse((await s.alarmRecords()).at(-1)!.record)).toMatchObject({ serviceEventDetails: { reason: 'digest-missing' } });
    await s.db().insertInto('event_digests').values(all.at(-2)!).execute();
    expect((await s.t.server.maintainEvents()).sealed).toBeGreaterThan(0);
  });

  it('after a restart, when the digests were deleted while it was stopped and records show a server ran after them', async () => {
    // A call, sealed; another call after that period was overdue; then the latest digest goes.
    await s.iam.send(new GetUserCommand({ UserName: 'ann' }));
    s.tick(6 * MINUTE);
    await s.t.server.maintainEvents();
    s.tick(2 * MINUTE);
    await s.iam.send(new CreateUserCommand({ UserName: 'bob' }));
    const before = (await s.alarmRecords()).length;
    const latest = (await s.digests()).at(-1)!;
    await s.deleteDigests([latest]);
    // Another server process on the same database: it has no memory of what was sealed.
    s.tick(MINUTE);
    const restarted = await startServer({ store: s.t.testStore.store, secrets: s.t.secrets, logger: pino({ level: 'silent' }), clock: () => new Date(s.clock.now) });
    try {
      expect((await restarted.maintainEvents()).sealed).toBe(0);
      expect((await s.digests()).map((d) => d.period_start)).not.toContain(latest.period_start);
      expect((await s.alarmRecords()).length).toBe(before + 1);
    } finally {
      await restarted.close();
    }
    await s.db().insertInto('event_digests').values(latest).execute();
    expect((await s.t.server.maintainEvents()).sealed).toBeGreaterThanOrEqual(0);
    expect((await s.verify()).intact).toBe(true);
  });

  it('but not after an honest stop: a restarted server seals the periods the stop left open', async () => {
    await s.iam.send(new GetUserCommand({ UserName: 'ann' }));
    const before = (await s.alarmRecords()).length;
    // stopped for three hours: nothing recorded, nothing sealed
    s.tick(3 * HOUR);
    const restarted = await startServer({ store: s.t.testStore.store, secrets: s.t.secrets, logger: pino({ level: 'silent' }), clock: () => new Date(s.clock.now) });
    try {
      await restarted.maintainEvents();
      expect((await s.alarmRecords()).length).toBe(before);
      expect((await s.verify()).intact).toBe(true);
    } finally {
      await restarted.close();
    }
  });
});
