import type { Kysely } from 'kysely';
import type { Store } from '../storage/database.js';
import type { Database } from '../storage/schema.js';
import type { DigestPublicKey } from './digest-signer.js';
import { recordsHash } from './digests.js';
import { chainHash, GENESIS_HASH } from './event-log.js';
import { verifyDigests } from './verify-digests.js';
import { indexProblems, resourcesBySeq, type ResourceRow } from './verify-index.js';

/**
 * altered: a record's content no longer matches its hash, or it was rehashed; index-altered: a
 * searchable column or an event_resources row no longer matches its record; removed, inserted:
 * records; digest-invalid: a digest that is not signed, or not what its row says;
 * digest-missing: a digest that should exist and does not (a gap in the digest chain, or an
 * overdue period after the last one).
 */
export type ProblemKind = 'altered' | 'index-altered' | 'removed' | 'inserted' | 'digest-invalid' | 'digest-missing';

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
  /** the period the server seals with (--event-digest-minutes, default 5): which digests must exist by now */
  periodMinutes?: number;
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
 * link, every searchable column and event_resources row against its record, every digest's
 * signature, link and coverage, and that every period that must have a digest by now has one.
 * Reports each problem (ProblemKind), and where each account's chain first breaks. Reads only.
 */
export async function verifyEvents(store: Store, options: VerifyOptions): Promise<VerifyReport> {
  // One snapshot: the server keeps appending while this reads, and chain heads, records and
  // digests must be read as of one moment.
  return store.transaction((tx) => verifyAll(tx, options), { snapshot: true });
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
  // event_resources rows are read alongside each batch of records; rows of no record are reported
  const resourcesOf = (from: number, to?: number) => resourcesBySeq(db, accountId, from, to);
  const orphans = (resources: Map<number, ResourceRow[]>, present: ReadonlySet<number>) => {
    for (const seq of resources.keys()) {
      if (!present.has(seq)) problems.push({ kind: 'index-altered', seq, detail: `event_resources has rows for record ${seq}, which is not in the history: LookupEvents by resource would find what is not there` });
    }
  };

  // Walk the chain in order, keeping each record's stored hash to place breaks.
  const stored = new Map<number, StoredRecord>();
  const bySeqHash = new Map<string, number>();
  let expectedSeq = 1;
  let expectedPrev = GENESIS_HASH;
  let records = 0;
  let first = true;
  for (let after = 0; ; ) {
    const rows = await db.selectFrom('events').selectAll().where('account_id', '=', accountId).where('seq', '>', after).orderBy('seq').limit(BATCH).execute();
    if (rows.length === 0) {
      orphans(await resourcesOf(after), new Set());
      break;
    }
    const resources = await resourcesOf(after, Number(rows.at(-1)!.seq));
    orphans(resources, new Set(rows.map((r) => Number(r.seq))));
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
      } else {
        const mismatches = indexProblems(row, resources.get(seq) ?? []);
        if (mismatches.length > 0) problems.push({ kind: 'index-altered', ...at, detail: `the searchable columns do not match the record: ${mismatches.join('; ')}` });
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
