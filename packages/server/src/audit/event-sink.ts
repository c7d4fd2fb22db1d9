import type { Logger } from 'pino';
import type { Principal } from '../principal.js';
import { StoreUnavailable, type Store } from '../storage/database.js';
import { recordAccess } from './access-advisor.js';
import { appendEvents } from './event-log.js';
import type { CloudTrailRecord } from './event-record.js';

// Records held while the database does not answer, before the oldest are given up (and logged).
const MAX_HELD = 100_000;
const RETRY_MS = 500;

/** One attempt for last-accessed data. */
export interface Attempt {
  principal: Principal;
  action: string;
  at: Date;
  region: string;
}

interface Pending {
  record: CloudTrailRecord;
  attempts: readonly Attempt[];
}

/**
 * Records of calls that changed nothing (reads, refusals, authorize API decisions), written
 * in batches: one transaction for every record that arrived meanwhile, instead of turning each
 * read into a write transaction of its own. A call that changes something never comes here:
 * its record is written in its own transaction (api-endpoint.ts). The batch is written within
 * the same turn of the event loop as the calls it holds, and before any lookup, sealing or
 * shutdown (flush), so the history a client reads already holds its own earlier calls.
 */
export class EventSink {
  #queue: Pending[] = [];
  #writing: Promise<void> | undefined;
  #scheduled = false;
  #retry: NodeJS.Timeout | undefined;

  constructor(
    private readonly store: Store,
    private readonly logger: Logger,
  ) {}

  add(record: CloudTrailRecord, attempts: readonly Attempt[] = []): void {
    this.#queue.push({ record, attempts });
    if (!this.#scheduled) {
      this.#scheduled = true;
      setImmediate(() => {
        this.#scheduled = false;
        void this.flush();
      });
    }
  }

  /** Writes everything added so far; resolves when it is committed. */
  async flush(): Promise<void> {
    while (this.#writing || (this.#queue.length > 0 && !this.#retry)) {
      if (this.#writing) {
        await this.#writing;
        continue;
      }
      const batch = this.#queue;
      this.#queue = [];
      this.#writing = this.#write(batch).finally(() => {
        this.#writing = undefined;
      });
    }
  }

  async #write(batch: readonly Pending[]): Promise<void> {
    try {
      await this.store.transaction((tx) => appendEvents(tx, batch.map((p) => p.record)), { write: true });
      // Each attempt on its own, not in the transaction above: a request's transaction locks
      // its last-accessed rows before its account's chain head, so holding a chain head while
      // waiting for such a row could deadlock with it (PostgreSQL).
      for (const a of latestAttempts(batch)) await this.store.transaction((tx) => recordAccess(tx, a.principal, a.action, a.at, a.region), { write: true });
    } catch (error) {
      if (error instanceof StoreUnavailable && this.#queue.length + batch.length <= MAX_HELD) {
        // The database is busy or away for now (another process holds SQLite's lock, PostgreSQL
        // is failing over): keep the records, in order, and try again shortly.
        this.logger.warn({ err: error, records: batch.length }, 'event records held until the database answers');
        this.#queue = [...batch, ...this.#queue];
        this.#retry ??= setTimeout(() => {
          this.#retry = undefined;
          void this.flush();
        }, RETRY_MS);
        this.#retry.unref();
        return;
      }
      // The calls were answered; their records are lost only if the database refuses them.
      this.logger.error({ err: error, records: batch.length }, 'could not write a batch of event records');
    }
  }
}

/** The last attempt at each action by each principal: the only one last-accessed data keeps. */
function latestAttempts(batch: readonly Pending[]): Attempt[] {
  const latest = new Map<string, Attempt>();
  for (const { attempts } of batch) {
    for (const a of attempts) {
      const key = `${a.principal.arn}\n${a.action}`;
      const kept = latest.get(key);
      if (!kept || kept.at <= a.at) latest.set(key, a);
    }
  }
  return [...latest.values()];
}
