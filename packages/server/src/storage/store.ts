import type { Kysely, Transaction } from 'kysely';
import type { Database } from './schema.js';

export type Tx = Transaction<Database>;

/**
 * What a transaction promises. `write`: it may change rows, and so takes the database's write
 * lock up front where the database has one (SQLite's BEGIN IMMEDIATE). `snapshot`: every
 * statement reads as of one moment (PostgreSQL's REPEATABLE READ; a SQLite transaction
 * always does), for readers that must see several tables consistently.
 */
export interface TransactionOptions {
  readonly write?: boolean;
  readonly snapshot?: boolean;
}

/**
 * The storage seam, in the manner of a Kysely dialect: sqlite.ts and postgres.ts implement it,
 * and nothing above them asks which one it has. Repositories lock the rows a check-then-act
 * depends on with Kysely's `.forUpdate()`; the SQLite store drops the clause, since SQLite
 * admits one writer at a time.
 */
export interface Store {
  /** For statements outside a transaction (each one is atomic on its own). */
  readonly db: Kysely<Database>;
  /**
   * Runs `work` in one transaction and commits it. A failure the database says may succeed
   * when tried again (a serialization failure, a deadlock, a lost connection, a constraint
   * that a concurrent writer just made false, a lock held elsewhere) rolls back and runs
   * `work` again from the start, so `work` must have no effects outside the transaction. When
   * tries run out, or the database stays unreachable, it throws StoreUnavailable.
   */
  transaction<T>(work: (tx: Tx) => Promise<T>, options?: TransactionOptions): Promise<T>;
  /**
   * Runs statements outside a transaction (each atomic on its own), tried again as a
   * transaction would be: for the hot reads that need no transaction, such as finding the
   * access key a request was signed with.
   */
  read<T>(work: (db: Kysely<Database>) => Promise<T>): Promise<T>;
  /**
   * Whether an error from this store means the database is unavailable for now (unreachable,
   * too slow, locked by someone else): the caller should answer a retryable error, not a 500.
   */
  isUnavailable(error: unknown): boolean;
  /** Applies the migrations this build knows and the store has not run yet. */
  migrate(): Promise<void>;
  /** Whether the database answers and every migration of this build has run. */
  ready(): Promise<Readiness>;
  close(): Promise<void>;
}

export type Readiness = { readonly ready: true } | { readonly ready: false; readonly reason: string };

/**
 * The database could not do the work in time: it is unreachable, overloaded or locked by
 * someone else. Clients get a retryable error (HTTP 503), never a 500.
 */
export class StoreUnavailable extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StoreUnavailable';
  }
}

/**
 * How a store sorts a failure. `conflict`: a concurrent writer got in the way (serialization
 * failure, deadlock, a lock held elsewhere): try again. `constraint`: a unique or foreign key
 * constraint failed, which a concurrent writer can cause between a check and an act: try
 * again, and the check will now answer (EntityAlreadyExists, NoSuchEntity, DeleteConflict);
 * if it still fails, it is a bug and surfaces as one. `reconnect`: the connection was lost
 * before the transaction committed: try again on another. `unavailable`: the database did not
 * answer in time; trying again would only make the caller wait longer. `fatal`: anything else.
 */
export type FailureKind = 'conflict' | 'constraint' | 'reconnect' | 'unavailable' | 'fatal';

export interface RetryPolicy {
  /** tries in all, the first included */
  readonly attempts: number;
  /** give up trying again once this much time has passed since the first try */
  readonly deadlineMs: number;
  readonly classify: (error: unknown) => FailureKind;
}

/**
 * Runs `run` until it succeeds, fails for good, or the policy's tries or time run out. The
 * pause between tries grows and is jittered, so two writers that collided do not collide again.
 */
export async function withRetries<T>(policy: RetryPolicy, run: () => Promise<T>): Promise<T> {
  const started = Date.now();
  for (let attempt = 1; ; attempt++) {
    try {
      return await run();
    } catch (error) {
      const kind = error instanceof StoreUnavailable ? 'unavailable' : policy.classify(error);
      if (kind === 'fatal') throw error;
      if (kind === 'unavailable') throw unavailable(error);
      const elapsed = Date.now() - started;
      // One more try settles a constraint a concurrent writer broke: the check then sees its row.
      if (kind === 'constraint' && attempt >= CONSTRAINT_ATTEMPTS) throw error;
      if (attempt >= policy.attempts || elapsed >= policy.deadlineMs) throw kind === 'constraint' ? error : unavailable(error);
      const pause = Math.min(2 ** attempt * 2, 100, Math.max(1, policy.deadlineMs - elapsed));
      await new Promise((resolve) => setTimeout(resolve, pause / 2 + Math.random() * (pause / 2)));
    }
  }
}

const CONSTRAINT_ATTEMPTS = 3;

function unavailable(error: unknown): StoreUnavailable {
  if (error instanceof StoreUnavailable) return error;
  return new StoreUnavailable(error instanceof Error ? error.message : String(error), { cause: error });
}
