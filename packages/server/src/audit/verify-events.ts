import type { Kysely } from 'kysely';
import type { Dialect } from '../storage/database.js';
import type { Database } from '../storage/schema.js';
import { verifyDigestSignature, type DigestPublicKey } from './digest-signer.js';
import { digestHash, recordsHash, type Digest } from './digests.js';
import { chainHash, GENESIS_HASH, indexColumns } from './event-log.js';
import type { CloudTrailRecord } from './event-record.js';

export type ProblemKind = 'altered' | 'removed' | 'inserted' | 'digest-invalid' | 'digest-missing';

export interface Problem {
  kind: ProblemKind;
  /** the chain position where it shows (for digests: the first record the digest covers) */
  seq: number;
  eventId?: string;
  eventTime?: string;
  detail: string;
}

export interface AccountReport {
  accountId: string;
  records: number;
  digests: number;
  problems: Problem[];
  /** where the chain first stops proving itself, when it does */
  firstBreak?: Problem;
}

export interface VerifyReport {
  intact: boolean;
  accounts: AccountReport[];
}

export interface VerifyOptions {
  publicKey: DigestPublicKey;
  now: Date;
  /** records older than this may have been pruned */
  retentionDays: number;
  accountId?: string;
}

interface StoredRecord {
  seq: number;
  hash: string;
  eventId?: string;
  eventTime?: string;
}

const BATCH = 1000;

/**
 * Checks the event history against itself and its signed digests: every record's hash, every
 * link, every digest's signature and coverage. Reports each altered, removed or inserted
 * record, and where each account's chain first breaks. Reads only.
 */
export async function verifyEvents(db: Kysely<Database>, dialect: Dialect, options: VerifyOptions): Promise<VerifyReport> {
  // One snapshot: the server keeps appending while this reads, and chain heads, records and
  // digests must be read as of one moment. (A SQLite transaction already reads one snapshot.)
  const transaction = dialect === 'postgres' ? db.transaction().setIsolationLevel('repeatable read') : db.transaction();
  return transaction.execute((tx) => verifyAll(tx, options));
}

async function verifyAll(db: Kysely<Database>, options: VerifyOptions): Promise<VerifyReport> {
  let query = db.selectFrom('event_chains').select(['account_id', 'head_seq', 'head_hash']).orderBy('account_id');
  if (options.accountId) query = query.where('account_id', '=', options.accountId);
  const chains = await query.execute();
  const accounts: AccountReport[] = [];
  for (const chain of chains) accounts.push(await verifyAccount(db, options, chain.account_id, { seq: Number(chain.head_seq), hash: chain.head_hash }));
  return { intact: accounts.every((a) => a.problems.length === 0), accounts };
}

async function verifyAccount(db: Kysely<Database>, options: VerifyOptions, accountId: string, head: { seq: number; hash: string }): Promise<AccountReport> {
  const problems: Problem[] = [];
  const digests = await verifyDigests(db, options, accountId, problems);

  // Walk the chain in order, keeping each record's stored hash to place breaks.
  const stored = new Map<number, StoredRecord>();
  const bySeqHash = new Map<string, number>();
  let expectedSeq = 1;
  let expectedPrev = GENESIS_HASH;
  let records = 0;
  let first = true;
  for (let after = 0; ; ) {
    const rows = await db.selectFrom('events').selectAll().where('account_id', '=', accountId).where('seq', '>', after).orderBy('seq').limit(BATCH).execute();
    if (rows.length === 0) break;
    for (const row of rows) {
      const seq = Number(row.seq);
      const at = { seq, eventId: row.event_id, eventTime: row.event_time };
      records++;
      if (first) {
        first = false;
        if (seq > 1) {
          // Records before this one are gone: fine only if retention pruned them, whole digest periods at a time.
          const pruned = digests.find((d) => d.lastSeq === seq - 1);
          const horizon = options.now.getTime() - options.retentionDays * 86_400_000;
          if (!pruned) {
            problems.push({ kind: 'removed', ...at, seq: 1, detail: `records 1 to ${seq - 1} are missing and no digest ends at ${seq - 1}, so they were not pruned by retention` });
          } else if (Date.parse(pruned.digestEndTime) > horizon) {
            problems.push({ kind: 'removed', ...at, seq: 1, detail: `records 1 to ${seq - 1} are missing, but the period they belong to ended ${pruned.digestEndTime}, within the ${options.retentionDays}-day retention` });
          } else {
            expectedPrev = pruned.lastRecordHash;
          }
          expectedSeq = seq;
        }
      }
      if (seq !== expectedSeq) {
        problems.push({ kind: 'removed', ...at, detail: `record${seq - expectedSeq > 1 ? `s ${expectedSeq} to ${seq - 1} are` : ` ${expectedSeq} is`} missing before this one` });
        expectedPrev = row.prev_hash;
      }
      if (chainHash(row.prev_hash, row.record) !== row.hash) {
        problems.push({ kind: 'altered', ...at, detail: 'the record does not match its hash: its content was changed' });
      } else if (!indexMatches(row)) {
        problems.push({ kind: 'altered', ...at, detail: 'the searchable columns do not match the record: they were changed' });
      }
      if (seq === expectedSeq && row.prev_hash !== expectedPrev) {
        const linked = bySeqHash.get(row.prev_hash);
        if (linked !== undefined) {
          problems.push({ kind: 'inserted', ...at, detail: `record${seq - 1 - linked > 1 ? `s ${linked + 1} to ${seq - 1} were` : ` ${seq - 1} was`} inserted: this record links to record ${linked}` });
        } else {
          problems.push({ kind: 'altered', ...at, seq: seq - 1, detail: `record ${seq - 1} was changed and rehashed: record ${seq} links to a different hash` });
        }
      }
      stored.set(seq, { seq, hash: row.hash, eventId: row.event_id, eventTime: row.event_time });
      bySeqHash.set(row.hash, seq);
      expectedSeq = seq + 1;
      expectedPrev = row.hash;
      after = seq;
    }
  }

  // Each digest must still describe exactly the records it signed.
  for (const d of digests) {
    const covered: string[] = [];
    let missing = 0;
    for (let s = d.firstSeq; s <= d.lastSeq; s++) {
      const r = stored.get(s);
      if (r) covered.push(r.hash);
      else missing++;
    }
    if (missing === d.recordCount && d.recordCount > 0) continue; // pruned, checked above
    if (covered.length !== d.recordCount || recordsHash(covered) !== d.recordsHash || (d.recordCount > 0 && stored.get(d.lastSeq)?.hash !== d.lastRecordHash)) {
      const kind: ProblemKind = covered.length < d.recordCount ? 'removed' : covered.length > d.recordCount ? 'inserted' : 'altered';
      problems.push({ kind, seq: d.firstSeq, detail: `the records of ${d.digestStartTime}–${d.digestEndTime} (${d.firstSeq}–${d.lastSeq}) no longer match their signed digest: ${d.recordCount} signed, ${covered.length} present` });
    }
  }
  // Records after the last digest are covered only by the chain head.
  const lastStored = [...stored.values()].at(-1);
  if (head.seq > (lastStored?.seq ?? 0)) {
    problems.push({ kind: 'removed', seq: (lastStored?.seq ?? 0) + 1, detail: `records ${(lastStored?.seq ?? 0) + 1} to ${head.seq} are missing from the end of the chain` });
  } else if (lastStored && (head.seq !== lastStored.seq || head.hash !== lastStored.hash)) {
    problems.push({ kind: 'inserted', seq: head.seq + 1, detail: `the chain head is record ${head.seq}, but records continue to ${lastStored.seq}` });
  }

  problems.sort((a, b) => a.seq - b.seq);
  return { accountId, records, digests: digests.length, problems, ...(problems[0] ? { firstBreak: problems[0] } : {}) };
}

async function verifyDigests(db: Kysely<Database>, options: VerifyOptions, accountId: string, problems: Problem[]): Promise<Digest[]> {
  const rows = await db.selectFrom('event_digests').selectAll().where('account_id', '=', accountId).orderBy('period_start').execute();
  const valid: Digest[] = [];
  let previous: { hash: string; digest: Digest } | undefined;
  for (const row of rows) {
    let digest: Digest;
    try {
      digest = JSON.parse(row.digest) as Digest;
    } catch {
      problems.push({ kind: 'digest-invalid', seq: Number(row.first_seq), detail: `the digest of ${row.period_start} is not readable` });
      continue;
    }
    const at = { seq: digest.firstSeq };
    if (!verifyDigestSignature(options.publicKey, row.digest, row.signature)) {
      problems.push({ kind: 'digest-invalid', ...at, detail: `the digest of ${row.period_start} is not signed by the event digest key ${options.publicKey.fingerprint.slice(0, 16)}…` });
      continue;
    }
    if (digestHash(row.digest) !== row.digest_hash || digest.accountId !== accountId || digest.digestStartTime !== row.period_start || Number(row.last_seq) !== digest.lastSeq) {
      problems.push({ kind: 'digest-invalid', ...at, detail: `the digest of ${row.period_start} does not match its stored columns` });
    }
    if (previous) {
      if (digest.previousDigestHash !== previous.hash) {
        problems.push({ kind: 'digest-missing', ...at, detail: `the digest of ${digest.digestStartTime} does not follow the digest of ${previous.digest.digestStartTime}: a digest between them was removed or replaced` });
      } else if (digest.firstSeq !== previous.digest.lastSeq + 1 || digest.digestStartTime !== previous.digest.digestEndTime) {
        problems.push({ kind: 'digest-invalid', ...at, detail: `the digest of ${digest.digestStartTime} does not continue where the previous one ended` });
      }
    } else if (digest.previousDigestHash !== null) {
      problems.push({ kind: 'digest-missing', ...at, detail: `the first digest (${digest.digestStartTime}) names a previous digest that is gone` });
    }
    previous = { hash: row.digest_hash, digest };
    valid.push(digest);
  }
  return valid;
}

function indexMatches(row: { record: string; event_id: string; event_time: string; event_name: string; event_source: string; read_only: number; username: string | null; access_key_id: string | null; resources: string }): boolean {
  let record: CloudTrailRecord;
  try {
    record = JSON.parse(row.record) as CloudTrailRecord;
  } catch {
    return false;
  }
  const derived = indexColumns(record);
  return (
    derived.event_id === row.event_id &&
    derived.event_time === row.event_time &&
    derived.event_name === row.event_name &&
    derived.event_source === row.event_source &&
    derived.read_only === Number(row.read_only) &&
    derived.username === row.username &&
    derived.access_key_id === row.access_key_id &&
    derived.resources === row.resources
  );
}
