import { createHash } from 'node:crypto';
import { isIP } from 'node:net';
import type { Store } from '../storage/database.js';
import { clearFailures, findFailures, lockFailures, pruneFailures, saveFailures, type FailureRow } from '../storage/repositories/sign-in-failures.js';

/**
 * Guessing protection for console sign-in, in the manner of Keycloak's brute force detection
 * with temporary lockout and its "multiple" strategy, and with Keycloak's defaults
 * (Server Administration Guide, "Brute force attacks":
 * https://www.keycloak.org/docs/latest/server_admin/index.html#password-guess-brute-force-attacks):
 *
 *   on a failure: if the last failure is older than the failure reset time, count from 0;
 *   count it; wait = wait increment × ⌊count / max login failures⌋; if that is 0 and this
 *   failure came quicker than the quick login check after the last one, wait the minimum quick
 *   login wait; lock for the smaller of wait and max wait. A failure while locked is not
 *   counted. A successful sign-in resets the count.
 *
 * Gatehouse keeps two such counters for every attempt, one for the user named (whether or not
 * they exist, so a lockout says nothing about which users exist) and one for the source
 * address, so that trying many users from one address is slowed down too. While either is
 * locked, sign-in is refused without looking at the password, so even the right one fails.
 * Only the user's counter is reset by a success: an attacker's own valid account must not
 * clear the address's.
 */
export interface BruteForceOptions {
  /** Max Login Failures (Keycloak's failureFactor) */
  readonly maxFailures: number;
  /** Wait Increment */
  readonly waitIncrementMs: number;
  /** Max Wait */
  readonly maxWaitMs: number;
  /** Failure Reset Time (Keycloak's maxDeltaTimeSeconds) */
  readonly failureResetMs: number;
  /** Quick Login Check Milliseconds */
  readonly quickLoginCheckMs: number;
  /** Minimum Quick Login Wait */
  readonly minimumQuickLoginWaitMs: number;
}

const MINUTE = 60_000;

/** Keycloak's defaults, as its guide lists them. */
export const KEYCLOAK_DEFAULTS: BruteForceOptions = {
  maxFailures: 30,
  waitIncrementMs: MINUTE,
  maxWaitMs: 15 * MINUTE,
  failureResetMs: 12 * 60 * MINUTE,
  quickLoginCheckMs: 1000,
  minimumQuickLoginWaitMs: MINUTE,
};

export interface FailureState {
  readonly failures: number;
  readonly lastFailureAt: Date;
  readonly lockedUntil: Date | null;
}

/** The counter after one more failure at `now` (pure: Keycloak's temporary lockout algorithm). */
export function afterFailure(state: FailureState | undefined, now: Date, o: BruteForceOptions): FailureState {
  if (state?.lockedUntil && state.lockedUntil > now) return state;
  const sinceLast = state ? now.getTime() - state.lastFailureAt.getTime() : Number.POSITIVE_INFINITY;
  const failures = (state && sinceLast <= o.failureResetMs ? state.failures : 0) + 1;
  let wait = o.waitIncrementMs * Math.floor(failures / o.maxFailures);
  // A failure stamped before the last one (clocks of two nodes apart) came as quick as can be.
  if (wait <= 0 && Math.max(0, sinceLast) < o.quickLoginCheckMs) wait = o.minimumQuickLoginWaitMs;
  const lockedUntil = wait > 0 ? new Date(now.getTime() + Math.min(wait, o.maxWaitMs)) : null;
  return { failures, lastFailureAt: now, lockedUntil };
}

/** What an attempt is counted against: the user it names and the address it came from. */
export interface AttemptKeys {
  readonly user: string;
  readonly address: string;
}

/**
 * The counters' keys. They are hashed before they are stored: what someone typed as a user
 * name is sometimes their password.
 */
export function attemptKeys(who: { kind: 'user'; account: string; userName: string } | { kind: 'root'; email: string }, sourceIp: string): AttemptKeys {
  const user = who.kind === 'user' ? `user\n${who.account.toLowerCase()}\n${who.userName.toLowerCase()}` : `root\n${who.email.toLowerCase()}`;
  return { user: sha256(user), address: sha256(`address\n${addressScope(sourceIp)}`) };
}

/**
 * What one source address is for counting: an IPv4 address, or an IPv6 address's /64, the
 * block a single subscriber is usually given (RFC 6177) — counting whole IPv6 addresses would
 * let one attacker rotate through 2^64 of them.
 */
export function addressScope(ip: string): string {
  if (isIP(ip) !== 6) return ip;
  const [head = '', tail] = ip.toLowerCase().split('::');
  const groups = (part: string) => (part === '' ? [] : part.split(':').flatMap((g) => (g.includes('.') ? ['0', '0'] : [g])));
  const left = groups(head);
  const right = tail === undefined ? [] : groups(tail);
  const all = tail === undefined ? left : [...left, ...Array<string>(Math.max(0, 8 - left.length - right.length)).fill('0'), ...right];
  return `${all
    .slice(0, 4)
    .map((g) => parseInt(g, 16).toString(16))
    .join(':')}::/64`;
}

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

export class BruteForceGuard {
  /** the last attempt queued on each counter key */
  readonly #tails = new Map<string, Promise<unknown>>();

  constructor(
    private readonly store: Store,
    readonly options: BruteForceOptions,
  ) {}

  /**
   * Runs one attempt's check, verification and counting with no other attempt on the same
   * counters in between. Without it, guesses sent all at once would each find the counters
   * unlocked and be counted only after the lock they should have triggered. (Within one
   * server process; nodes sharing PostgreSQL each serialize their own attempts.)
   */
  async exclusive<T>(keys: AttemptKeys, attempt: () => Promise<T>): Promise<T> {
    const names = [keys.user, keys.address];
    const before = Promise.all(names.map((k) => this.#tails.get(k)?.catch(() => undefined)));
    const run = before.then(attempt);
    const done = run.catch(() => undefined);
    for (const k of names) this.#tails.set(k, done);
    try {
      return await run;
    } finally {
      for (const k of names) if (this.#tails.get(k) === done) this.#tails.delete(k);
    }
  }

  /** The milliseconds until the attempt may be made, or 0 when neither counter is locked. */
  async lockedFor(keys: AttemptKeys, now: Date): Promise<number> {
    const rows = await findFailures(this.store.db, [keys.user, keys.address]);
    let wait = 0;
    for (const row of rows) {
      if (row.locked_until) wait = Math.max(wait, Date.parse(row.locked_until) - now.getTime());
    }
    return Math.max(0, wait);
  }

  /** Counts a failure against both keys. */
  async failed(keys: AttemptKeys, now: Date): Promise<void> {
    await this.store.transaction(async (tx) => {
      for (const key of [keys.user, keys.address]) {
        const row = await lockFailures(tx, key);
        const next = afterFailure(row ? stateOf(row) : undefined, now, this.options);
        await saveFailures(tx, { key, failures: next.failures, last_failure_at: next.lastFailureAt.toISOString(), locked_until: next.lockedUntil?.toISOString() ?? null });
      }
    }, { write: true });
    // Counters no one has failed on within the reset time count from zero anyway.
    await this.store.transaction((tx) => pruneFailures(tx, new Date(now.getTime() - this.options.failureResetMs), now), { write: true });
  }

  /** A successful sign-in resets the user's counter (not the address's). */
  async succeeded(keys: AttemptKeys): Promise<void> {
    await this.store.transaction((tx) => clearFailures(tx, keys.user), { write: true });
  }
}

function stateOf(row: FailureRow): FailureState {
  return { failures: row.failures, lastFailureAt: new Date(row.last_failure_at), lockedUntil: row.locked_until ? new Date(row.locked_until) : null };
}
