import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../storage/schema.js';
import { eventTimeOf } from './event-record.js';

/**
 * One period of an account's event history (digest-periods.ts), in the manner of CloudTrail's
 * digest files: which records it covers (by position in the chain), a hash over them, the hash
 * of the last one, and the previous digest's hash, so digests form a chain of their own. The
 * JSON of this object is what is hashed and signed. Sealing is digest-sealer.ts.
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
