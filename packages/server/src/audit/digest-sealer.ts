import type { Logger } from 'pino';
import type { Store, Tx } from '../storage/database.js';
import type { EventDigestsTable } from '../storage/schema.js';
import { alarmRecorded, breakKey, chainBrokenRecord, type ChainBreak } from './digest-alarm.js';
import { periodEndAfter, periodMs, periodStartOf, SEAL_DELAY_MS } from './digest-periods.js';
import { findPredecessor } from './digest-predecessor.js';
import type { SealedDigest } from './digest-row.js';
import type { DigestSigner } from './digest-signer.js';
import { digestHash, recordsHash, type Digest } from './digests.js';
import { appendEvent, GENESIS_HASH, lockHead } from './event-log.js';
import { eventTimeOf } from './event-record.js';

// Catching up after a long stop is done in transactions of at most this many periods (a week
// of 5-minute periods), so the chain lock is never held long; one run still catches up fully,
// so a server never writes records while periods it could have sealed stay open.
const PERIODS_PER_TRANSACTION = 2016;
// Digest rows per INSERT: 8 columns each, well under SQLite's limit of bound parameters.
const ROWS_PER_INSERT = 500;

export interface SealerOptions {
  /** the period length in minutes (digest-periods.ts) */
  periodMinutes: number;
  logger: Logger;
  /** when this server started: records stamped before it were written by an earlier run */
  startedAt: Date;
}

/**
 * Seals every completed period since each account's last digest: one signed digest per
 * period, empty periods included, so a missing digest is itself evidence. CloudTrail does the
 * same: a digest file every hour, its list of log files empty when none were delivered, each
 * naming the previous one.
 * https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-log-file-validation-digest-file-structure.html
 *
 * It never seals over a broken chain (digest-predecessor.ts): that would sign whatever was
 * changed where the digests went missing. It then stops sealing the account, logs an alarm,
 * and records an EventDigestChainBroken event in the account's history, once per break; it
 * seals again as soon as the chain is restored (the deleted digests put back).
 *
 * Safe to run on several nodes at once: each account's sealing holds its chain lock.
 */
export class DigestSealer {
  readonly #periodLength: number;
  /** per account, the latest digest this server sealed or found intact */
  readonly #known = new Map<string, SealedDigest>();
  /** per account, the break this server has already raised the alarm for (breakKey) */
  readonly #alarmed = new Map<string, string>();

  constructor(
    private readonly signer: DigestSigner,
    private readonly options: SealerOptions,
  ) {
    this.#periodLength = periodMs(options.periodMinutes);
  }

  /** Seals what is due for every account; returns how many digests it wrote. */
  async seal(store: Store, now: Date): Promise<number> {
    const accounts = await store.db.selectFrom('event_chains').select('account_id').orderBy('account_id').execute();
    let sealed = 0;
    for (const { account_id: accountId } of accounts) {
      for (;;) {
        const { count, latest, alarmed } = await store.transaction((tx) => this.#sealSome(tx, accountId, now), { write: true });
        // Remembered only once committed: a digest this server believes it sealed, but whose
        // transaction failed, would otherwise look deleted at the next run.
        // (Two runs may overlap, at start-up: the later digest wins.)
        const known = this.#known.get(accountId);
        if (latest && !(known && known.digest.digestEndTime > latest.digest.digestEndTime)) this.#known.set(accountId, latest);
        if (alarmed === undefined) this.#alarmed.delete(accountId);
        else this.#alarmed.set(accountId, alarmed);
        sealed += count;
        if (count < PERIODS_PER_TRANSACTION) break;
      }
    }
    return sealed;
  }

  /** Seals up to PERIODS_PER_TRANSACTION periods of one account, or raises the alarm instead. */
  async #sealSome(tx: Tx, accountId: string, now: Date): Promise<{ count: number; latest?: SealedDigest; alarmed?: string }> {
    await lockHead(tx, accountId);
    const found = await findPredecessor(tx, this.signer.publicKey, accountId, { known: this.#known.get(accountId), startedAt: this.options.startedAt, periodLength: this.#periodLength });
    if ('broken' in found) return { count: 0, alarmed: await this.#alarm(tx, accountId, found.broken, now) };

    let start: number;
    let lastSeq: number;
    let lastRecordHash: string;
    let previousDigestHash: string | null;
    let latest: SealedDigest | undefined;
    if ('last' in found) {
      latest = found.last;
      start = Date.parse(latest.digest.digestEndTime);
      lastSeq = latest.digest.lastSeq;
      lastRecordHash = latest.digest.lastRecordHash;
      previousDigestHash = latest.hash;
    } else if (found.firstRecordTime !== undefined) {
      start = periodStartOf(Date.parse(found.firstRecordTime), this.#periodLength);
      lastSeq = 0;
      lastRecordHash = GENESIS_HASH;
      previousDigestHash = null;
    } else {
      return { count: 0 };
    }

    const rows: EventDigestsTable[] = [];
    // The earliest time stamped on a record not yet sealed: periods ending before it are empty,
    // so catching up over a long stop costs no query per period.
    let pending = await earliestUnsealed(tx, accountId, lastSeq);
    while (rows.length < PERIODS_PER_TRANSACTION) {
      const end = periodEndAfter(start, this.#periodLength);
      if (end + SEAL_DELAY_MS > now.getTime()) break;
      const endIso = eventTimeOf(new Date(end));
      let upTo = lastSeq;
      let hashes: string[] = [];
      if (pending !== undefined && pending < endIso) {
        // Records are covered by chain position: everything up to the last one stamped before
        // the period's end. A call stamped earlier but committed later lands in the next period.
        const through = await tx.selectFrom('events').select((eb) => eb.fn.max('seq').as('seq')).where('account_id', '=', accountId).where('event_time', '<', endIso).executeTakeFirst();
        upTo = Math.max(lastSeq, Number(through?.seq ?? 0));
        const covered = await tx.selectFrom('events').select(['seq', 'hash']).where('account_id', '=', accountId).where('seq', '>', lastSeq).where('seq', '<=', upTo).orderBy('seq').execute();
        hashes = covered.map((r) => r.hash);
        pending = await earliestUnsealed(tx, accountId, upTo);
      }
      const digest: Digest = {
        digestVersion: '1',
        accountId,
        digestStartTime: eventTimeOf(new Date(start)),
        digestEndTime: endIso,
        firstSeq: lastSeq + 1,
        lastSeq: upTo,
        recordCount: hashes.length,
        recordsHash: recordsHash(hashes),
        lastRecordHash: hashes.at(-1) ?? lastRecordHash,
        previousDigestHash,
        publicKeyFingerprint: this.signer.publicKey.fingerprint,
      };
      const json = JSON.stringify(digest);
      const hash = digestHash(json);
      rows.push({ account_id: accountId, period_start: digest.digestStartTime, period_end: endIso, first_seq: digest.firstSeq, last_seq: upTo, digest: json, digest_hash: hash, signature: this.signer.sign(json) });
      latest = { digest, hash };
      start = end;
      lastSeq = upTo;
      lastRecordHash = digest.lastRecordHash;
      previousDigestHash = hash;
    }
    for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) await tx.insertInto('event_digests').values(rows.slice(i, i + ROWS_PER_INSERT)).execute();
    return { count: rows.length, ...(latest ? { latest } : {}) };
  }

  /** Logs the alarm and records it, unless this break was raised already; returns its key. */
  async #alarm(tx: Tx, accountId: string, b: ChainBreak, now: Date): Promise<string> {
    const key = breakKey(b);
    if (this.#alarmed.get(accountId) === key) return key;
    this.options.logger.error(
      { accountId, reason: b.reason, lastDigest: b.lastDigest, alarm: 'EventDigestChainBroken' },
      `ALARM: the event digest chain of account ${accountId} is broken (${b.detail}). Its history is no longer sealed until the deleted digests are restored; run gatehouse verify-events.`,
    );
    if (!(await alarmRecorded(tx, accountId, b.lastDigest?.lastSeq ?? 0, key))) await appendEvent(tx, chainBrokenRecord(accountId, now, b));
    return key;
  }
}

async function earliestUnsealed(tx: Tx, accountId: string, afterSeq: number): Promise<string | undefined> {
  const row = await tx.selectFrom('events').select((eb) => eb.fn.min('event_time').as('at')).where('account_id', '=', accountId).where('seq', '>', afterSeq).executeTakeFirst();
  return row?.at ?? undefined;
}
