import type { Tx } from '../storage/database.js';
import { alarmRecorded, type ChainBreak } from './digest-alarm.js';
import { OVERDUE_AFTER_MS, periodEndAfter, periodStartOf } from './digest-periods.js';
import { readDigestRow, type SealedDigest } from './digest-row.js';
import type { DigestPublicKey } from './digest-signer.js';
import { digestHash, type Digest } from './digests.js';
import { eventTimeOf, type CloudTrailRecord } from './event-record.js';

/** What the sealer would build the account's next digest on. */
export type Predecessor =
  /** the latest digest, intact */
  | { last: SealedDigest }
  /** no digest yet: sealing starts at the period of the first record, if there is one */
  | { firstRecordTime: string | undefined }
  /** the chain is broken: sealing over it would sign whatever was changed in the gap */
  | { broken: ChainBreak };

export interface PredecessorContext {
  /** the latest digest this server sealed or found intact for the account, if it has looked before */
  known: SealedDigest | undefined;
  /** when this server started: records stamped earlier were written by an earlier run */
  startedAt: Date;
  /** the period length (ms) */
  periodLength: number;
}

/**
 * Finds the digest the next one builds on, and refuses it when the chain before it is broken.
 * Sealing over a deleted digest would sign the very records it protected, however they were
 * changed meanwhile, so the sealer must tell "nothing sealed yet" from "sealed, then deleted":
 *
 * - the latest digest must be signed and match its row, link to the one before it (or, when it
 *   is the only one, to none), and start where that one ended;
 * - it must not be older than the latest this server sealed or saw (a running server knows);
 * - on the first look after a start, the history is the witness: a record stamped after the
 *   period that follows the latest digest was overdue, yet before this server started, was
 *   written by a server that was running then and so had sealed that period. The digest of it
 *   is gone. (Honest histories never show this: a server seals every overdue period at start-up
 *   and every minute; only one stopped during its very first sealing run could leave it.)
 * - an alarm already recorded for this same latest digest stands until the chain is restored.
 */
export async function findPredecessor(tx: Tx, key: DigestPublicKey, accountId: string, ctx: PredecessorContext): Promise<Predecessor> {
  const [row, before] = await tx.selectFrom('event_digests').selectAll().where('account_id', '=', accountId).orderBy('period_start', 'desc').limit(2).execute();
  if (!row) return noDigest(tx, accountId, ctx);

  const read = readDigestRow(row, key, accountId);
  if ('problem' in read) return broken('digest-invalid', `${read.problem}: it cannot be built on`, { digestStartTime: row.period_start, digestEndTime: row.period_end, lastSeq: Number(row.last_seq), digestHash: digestHash(row.digest) });
  const { digest, hash } = read;
  const at = { digestStartTime: digest.digestStartTime, digestEndTime: digest.digestEndTime, lastSeq: digest.lastSeq, digestHash: hash };
  if (read.columnsProblem) return broken('digest-invalid', read.columnsProblem, at);

  if (before) {
    const previous = parse(before.digest);
    if (digest.previousDigestHash !== digestHash(before.digest) || !previous || previous.digestEndTime !== digest.digestStartTime || previous.lastSeq + 1 !== digest.firstSeq) {
      return broken('digest-missing', `the latest digest (${digest.digestStartTime}) does not follow the digest of ${before.period_start}: a digest between them was deleted or replaced`, at);
    }
  } else if (digest.previousDigestHash !== null) {
    return broken('digest-missing', `the only digest left (${digest.digestStartTime}) follows a digest that is gone: the digests before it were deleted`, at);
  }

  if (ctx.known) {
    const knownEnd = ctx.known.digest.digestEndTime;
    if (knownEnd > digest.digestEndTime || (knownEnd === digest.digestEndTime && ctx.known.hash !== hash)) {
      return broken('digests-deleted', `this server sealed the history up to ${knownEnd}, but the latest digest now ends at ${digest.digestEndTime}: the digests after it were deleted or replaced`, at);
    }
    return { last: read };
  }

  if (await alarmRecorded(tx, accountId, digest.lastSeq, hash)) {
    return broken('unresolved', `a broken chain after the digest of ${digest.digestStartTime} was already recorded, and the digests after it were not restored`, at);
  }
  const witness = await serverRecordBetween(tx, accountId, digest.lastSeq, periodEndAfter(Date.parse(digest.digestEndTime), ctx.periodLength) + OVERDUE_AFTER_MS, ctx.startedAt);
  if (witness) {
    return broken('digests-deleted', `record ${witness.seq} (${witness.eventTime}) was written by a server running after the period following ${digest.digestEndTime} was overdue, yet no digest covers that period: the digests after ${digest.digestEndTime} were deleted`, at);
  }
  return { last: read };
}

async function noDigest(tx: Tx, accountId: string, ctx: PredecessorContext): Promise<Predecessor> {
  if (ctx.known) return broken('digests-deleted', `this server sealed the history up to ${ctx.known.digest.digestEndTime}, but no digest is left: they were deleted`, null);
  const first = await tx.selectFrom('events').select(['seq', 'event_time']).where('account_id', '=', accountId).orderBy('seq').limit(1).executeTakeFirst();
  if (!first) return { firstRecordTime: undefined };
  // Pruning keeps the digests of what it deletes, so records gone with no digest were deleted.
  if (Number(first.seq) !== 1) return broken('records-removed', `records 1 to ${Number(first.seq) - 1} are gone and no digest is left to show they were pruned`, null);
  if (await alarmRecorded(tx, accountId, 0, 'none')) return broken('unresolved', 'a missing digest chain was already recorded, and its digests were not restored', null);
  const firstEnd = periodEndAfter(periodStartOf(Date.parse(first.event_time), ctx.periodLength), ctx.periodLength);
  const witness = await serverRecordBetween(tx, accountId, 0, firstEnd + OVERDUE_AFTER_MS, ctx.startedAt);
  if (witness) {
    return broken('digests-deleted', `record ${witness.seq} (${witness.eventTime}) was written by a server running after the first period (to ${eventTimeOf(new Date(firstEnd))}) was overdue, yet there is no digest at all: every digest was deleted`, null);
  }
  return { firstRecordTime: first.event_time };
}

/**
 * A record after `afterSeq` stamped from `from` (ms) to just before `before`, written by a
 * server. Commands run without a server (`gatehouse recover …`) name themselves in userAgent,
 * and write while the server may be stopped, so their records witness nothing.
 */
async function serverRecordBetween(tx: Tx, accountId: string, afterSeq: number, from: number, before: Date): Promise<{ seq: number; eventTime: string } | undefined> {
  if (from >= before.getTime()) return undefined;
  const rows = await tx
    .selectFrom('events')
    .select(['seq', 'event_time', 'record'])
    .where('account_id', '=', accountId)
    .where('seq', '>', afterSeq)
    .where('event_time', '>=', eventTimeOf(new Date(from)))
    .where('event_time', '<', eventTimeOf(before))
    .orderBy('seq')
    .limit(100)
    .execute();
  const witness = rows.find((r) => !parse<CloudTrailRecord>(r.record)?.userAgent?.startsWith('gatehouse '));
  return witness ? { seq: Number(witness.seq), eventTime: witness.event_time } : undefined;
}

function broken(reason: ChainBreak['reason'], detail: string, lastDigest: ChainBreak['lastDigest']): Predecessor {
  return { broken: { reason, detail, lastDigest } };
}

function parse<T = Digest>(json: string): T | undefined {
  try {
    return JSON.parse(json) as T;
  } catch {
    return undefined;
  }
}
