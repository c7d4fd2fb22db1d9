import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Dialect } from '../storage/database.js';
import type { Database } from '../storage/schema.js';
import type { DigestSigner } from './digest-signer.js';
import { GENESIS_HASH, lockHead } from './event-log.js';
import { eventTimeOf } from './event-record.js';

const HOUR_MS = 3_600_000;
// A period is sealed a little after it ends, so calls that started inside it have committed.
const SEAL_DELAY_MS = 60_000;
// Catching up after a long stop is bounded per run; the next run goes on.
const MAX_PERIODS_PER_RUN = 24 * 7;

/**
 * One hour of an account's event history, in the manner of CloudTrail's digest files: which
 * records it covers (by position in the chain), a hash over them, the hash of the last one,
 * and the previous digest's hash, so digests form a chain of their own. The JSON of this
 * object is what is hashed and signed.
 * https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-log-file-validation-digest-file-structure.html
 */
export interface Digest {
  digestVersion: '1';
  accountId: string;
  digestStartTime: string;
  digestEndTime: string;
  /** the records covered: firstSeq..lastSeq, empty when lastSeq < firstSeq */
  firstSeq: number;
  lastSeq: number;
  recordCount: number;
  /** SHA-256 over the covered records' chain hashes in order */
  recordsHash: string;
  /** the chain hash of record lastSeq (of the last record before the period when it is empty) */
  lastRecordHash: string;
  previousDigestHash: string | null;
  publicKeyFingerprint: string;
}

export function recordsHash(hashes: readonly string[]): string {
  const h = createHash('sha256');
  for (const x of hashes) h.update(x);
  return h.digest('hex');
}

export function digestHash(digestJson: string): string {
  return createHash('sha256').update(digestJson).digest('hex');
}

/**
 * Seals every complete hour since each account's last digest: one signed digest per hour,
 * empty hours included, so a missing digest is itself evidence. Safe to run on several nodes
 * at once: each account's sealing holds its chain lock.
 */
export async function sealDigests(db: Kysely<Database>, dialect: Dialect, signer: DigestSigner, now: Date): Promise<number> {
  const accounts = await db.selectFrom('event_chains').select('account_id').execute();
  let sealed = 0;
  for (const { account_id: accountId } of accounts) sealed += await sealAccount(db, dialect, signer, accountId, now);
  return sealed;
}

async function sealAccount(db: Kysely<Database>, dialect: Dialect, signer: DigestSigner, accountId: string, now: Date): Promise<number> {
  return db.transaction().execute(async (tx) => {
    await lockHead(tx, dialect, accountId);
    const last = await tx
      .selectFrom('event_digests')
      .select(['period_end', 'last_seq', 'digest', 'digest_hash'])
      .where('account_id', '=', accountId)
      .orderBy('period_start', 'desc')
      .limit(1)
      .executeTakeFirst();
    let start: number;
    let lastSeq: number;
    let lastRecordHash: string;
    let previousDigestHash: string | null;
    if (last) {
      start = Date.parse(last.period_end);
      lastSeq = Number(last.last_seq);
      lastRecordHash = (JSON.parse(last.digest) as Digest).lastRecordHash;
      previousDigestHash = last.digest_hash;
    } else {
      const first = await tx.selectFrom('events').select('event_time').where('account_id', '=', accountId).orderBy('seq').limit(1).executeTakeFirst();
      if (!first) return 0;
      start = Math.floor(Date.parse(first.event_time) / HOUR_MS) * HOUR_MS;
      lastSeq = 0;
      lastRecordHash = GENESIS_HASH;
      previousDigestHash = null;
    }
    let count = 0;
    while (start + HOUR_MS + SEAL_DELAY_MS <= now.getTime() && count < MAX_PERIODS_PER_RUN) {
      const end = start + HOUR_MS;
      const endIso = eventTimeOf(new Date(end));
      // Records are covered by chain position: everything up to the last one stamped before the
      // hour's end. A call stamped earlier but committed later lands in the next period.
      const through = await tx
        .selectFrom('events')
        .select((eb) => eb.fn.max('seq').as('seq'))
        .where('account_id', '=', accountId)
        .where('event_time', '<', endIso)
        .executeTakeFirst();
      const upTo = Math.max(lastSeq, Number(through?.seq ?? 0));
      const rows = await tx.selectFrom('events').select(['seq', 'hash']).where('account_id', '=', accountId).where('seq', '>', lastSeq).where('seq', '<=', upTo).orderBy('seq').execute();
      const digest: Digest = {
        digestVersion: '1',
        accountId,
        digestStartTime: eventTimeOf(new Date(start)),
        digestEndTime: endIso,
        firstSeq: lastSeq + 1,
        lastSeq: upTo,
        recordCount: rows.length,
        recordsHash: recordsHash(rows.map((r) => r.hash)),
        lastRecordHash: rows.at(-1)?.hash ?? lastRecordHash,
        previousDigestHash,
        publicKeyFingerprint: signer.publicKey.fingerprint,
      };
      const json = JSON.stringify(digest);
      const hash = digestHash(json);
      await tx
        .insertInto('event_digests')
        .values({ account_id: accountId, period_start: digest.digestStartTime, period_end: endIso, first_seq: digest.firstSeq, last_seq: upTo, digest: json, digest_hash: hash, signature: signer.sign(json) })
        .execute();
      start = end;
      lastSeq = upTo;
      lastRecordHash = digest.lastRecordHash;
      previousDigestHash = hash;
      count++;
    }
    return count;
  });
}

/**
 * Deletes records older than the retention period, whole digest periods at a time, so what
 * remains still verifies: the first remaining record links to the signed lastRecordHash of
 * the digest before it. Digests are kept: they are small, and they prove what was pruned.
 */
export async function pruneEvents(db: Kysely<Database>, now: Date, retentionDays: number): Promise<number> {
  const horizon = eventTimeOf(new Date(now.getTime() - retentionDays * 86_400_000));
  const expired = await db
    .selectFrom('event_digests')
    .select(['account_id', (eb) => eb.fn.max('last_seq').as('last_seq')])
    .where('period_end', '<=', horizon)
    .groupBy('account_id')
    .execute();
  let deleted = 0;
  for (const { account_id: accountId, last_seq: lastSeq } of expired) {
    const through = Number(lastSeq);
    await db.transaction().execute(async (tx) => {
      await tx.deleteFrom('event_resources').where('account_id', '=', accountId).where('seq', '<=', through).execute();
      const result = await tx.deleteFrom('events').where('account_id', '=', accountId).where('seq', '<=', through).executeTakeFirst();
      deleted += Number(result.numDeletedRows);
    });
  }
  return deleted;
}
