import type { Kysely } from 'kysely';
import type { Database } from '../storage/schema.js';
import { DEFAULT_EVENT_DIGEST_MINUTES, isOverdue, OVERDUE_AFTER_MS, periodEndAfter, periodMs, periodStartOf } from './digest-periods.js';
import { readDigestRow } from './digest-row.js';
import type { DigestPublicKey } from './digest-signer.js';
import type { Digest } from './digests.js';
import { eventTimeOf } from './event-record.js';
import type { Problem } from './verify-events.js';

export interface DigestExpectations {
  publicKey: DigestPublicKey;
  now: Date;
  /** the period length the server seals with (default 5 minutes) */
  periodMinutes?: number;
}

/**
 * Checks an account's digests as a chain and against the periods that must have one, and
 * returns those whose content is genuine (signed), in order, for checking the records against.
 *
 * Every period from the first record's on has a digest, in one unbroken chain: the first
 * digest names no previous one, each later one names the hash of the one before it and starts
 * where it ended, as CloudTrail's digest files name the previous digest's signature:
 * https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-log-file-validation-digest-file-structure.html
 * So a digest deleted from the start or the middle of the chain shows as a broken link. One
 * deleted from its end, or all of them, shows by time: the period after the last digest (or the
 * first record's, when there is none) must be sealed once it is overdue (digest-periods.ts).
 * Digests are checked by their own start and end, so a store sealed hourly before the period
 * was shortened still verifies.
 */
export async function verifyDigests(db: Kysely<Database>, options: DigestExpectations, accountId: string, problems: Problem[]): Promise<Digest[]> {
  const rows = await db.selectFrom('event_digests').selectAll().where('account_id', '=', accountId).orderBy('period_start').execute();
  const valid: Digest[] = [];
  let previous: { hash: string; digest: Digest } | undefined;
  for (const row of rows) {
    const read = readDigestRow(row, options.publicKey, accountId);
    if ('problem' in read) {
      problems.push({ kind: 'digest-invalid', seq: Number(row.first_seq), detail: read.problem });
      continue;
    }
    const { digest, hash } = read;
    const at = { seq: digest.firstSeq };
    if (read.columnsProblem) problems.push({ kind: 'digest-invalid', ...at, detail: read.columnsProblem });
    if (previous) {
      if (digest.previousDigestHash !== previous.hash) {
        problems.push({ kind: 'digest-missing', ...at, detail: `the digest of ${digest.digestStartTime} does not follow the digest of ${previous.digest.digestStartTime}: a digest between them was removed or replaced` });
      } else if (digest.firstSeq !== previous.digest.lastSeq + 1 || digest.digestStartTime !== previous.digest.digestEndTime) {
        problems.push({ kind: 'digest-invalid', ...at, detail: `the digest of ${digest.digestStartTime} does not continue where the previous one ended` });
      }
    } else if (digest.previousDigestHash !== null) {
      problems.push({ kind: 'digest-missing', ...at, detail: `the first digest left (${digest.digestStartTime}) names a previous digest that is gone: the digests before it were removed` });
    }
    previous = { hash, digest };
    valid.push(digest);
  }
  const overdue = await overduePeriod(db, options, accountId, valid.at(-1));
  if (overdue) problems.push({ kind: 'digest-missing', ...overdue });
  return valid;
}

/** The first period that should have a digest by now and has none after the last one, if any. */
async function overduePeriod(db: Kysely<Database>, options: DigestExpectations, accountId: string, last: Digest | undefined): Promise<Omit<Problem, 'kind'> | undefined> {
  const length = periodMs(options.periodMinutes ?? DEFAULT_EVENT_DIGEST_MINUTES);
  const grace = `${Math.round((length + OVERDUE_AFTER_MS) / 60_000)} minutes`;
  if (last) {
    const end = periodEndAfter(Date.parse(last.digestEndTime), length);
    if (!isOverdue(end, options.now.getTime())) return undefined;
    return {
      seq: last.lastSeq + 1,
      detail: `no digest follows the one ending ${last.digestEndTime}, though the period to ${eventTimeOf(new Date(end))} and every one since ended more than ${grace} ago: the latest digests were removed, or no server has sealed this history since`,
    };
  }
  const first = await db.selectFrom('events').select(['seq', 'event_time']).where('account_id', '=', accountId).orderBy('seq').limit(1).executeTakeFirst();
  if (!first) return undefined;
  const start = periodStartOf(Date.parse(first.event_time), length);
  const end = periodEndAfter(start, length);
  if (!isOverdue(end, options.now.getTime())) return undefined;
  return {
    seq: Number(first.seq),
    eventTime: first.event_time,
    detail: `there is no digest at all, though the first record's period (${eventTimeOf(new Date(start))}–${eventTimeOf(new Date(end))}) ended more than ${grace} ago: every digest was removed, or no server has sealed this history`,
  };
}
