import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { Random } from '../crypto/random.js';
import type { SecretBox } from '../crypto/secret-box.js';
import { entityArn, rootArn, type Principal } from '../principal.js';
import type { Store } from '../storage/database.js';
import { deleteConsoleSession, findConsoleSession, insertConsoleSession, pruneConsoleSessions, updateConsoleSession } from '../storage/repositories/console-sessions.js';
import type { Account, ConsoleSession, ConsoleSessionsTable, User } from '../storage/schema.js';

/**
 * Console sessions. The cookie carries a random 32-byte token; the store keeps only its
 * SHA-256, so a copy of the database cannot be used to sign in. The CSRF token is derived
 * from the session token with a key of its own (HMAC, the key derived from the master key),
 * so GET /console-api/session can hand it out again after a reload without storing it; the
 * store keeps its SHA-256 too, and a request's X-CSRF-Token is compared with that in constant
 * time. Sessions end after an idle time and, whatever the activity, after an absolute time.
 * OWASP Session Management Cheat Sheet:
 * https://cheatsheetseries.owasp.org/cheatsheets/Session_Management_Cheat_Sheet.html
 */

export const SESSION_COOKIE = 'gatehouse_session';

export interface SessionOptions {
  /** idle timeout, minutes (default 60) */
  readonly idleMinutes: number;
  /** absolute timeout, hours (default 12) */
  readonly sessionHours: number;
}

export const DEFAULT_SESSION_OPTIONS: SessionOptions = { idleMinutes: 60, sessionHours: 12 };

const TOKEN_BYTES = 32;
// Activity is written at most this often: the idle timeout is counted from the last write.
const TOUCH_EVERY_MS = 30_000;

/** A session with the account and user it belongs to, checked against both timeouts. */
export interface LiveSession {
  readonly row: ConsoleSession;
  readonly account: Account;
  /** undefined for the root user */
  readonly user?: User;
  readonly principal: Principal & { type: 'Root' | 'IAMUser' };
  readonly expiresAt: Date;
  readonly idleExpiresAt: Date;
}

export class ConsoleSessions {
  readonly #csrfKey: Buffer;

  constructor(
    private readonly store: Store,
    secrets: SecretBox,
    private readonly random: Random,
    readonly options: SessionOptions,
  ) {
    this.#csrfKey = secrets.deriveKey('console csrf token v1');
  }

  /** Starts a session; answers the token to set as the cookie. */
  async create(fields: Omit<ConsoleSessionsTable, 'token_hash' | 'csrf_hash' | 'created_at' | 'last_seen_at' | 'expires_at'>, now: Date): Promise<string> {
    const token = this.random.bytes(TOKEN_BYTES).toString('base64url');
    await this.store.transaction(async (tx) => {
      await pruneConsoleSessions(tx, now, new Date(now.getTime() - this.#idleMs()));
      await insertConsoleSession(tx, {
        ...fields,
        token_hash: sha256(token),
        csrf_hash: sha256(this.csrfToken(token)),
        created_at: now.toISOString(),
        last_seen_at: now.toISOString(),
        expires_at: new Date(now.getTime() + this.options.sessionHours * 3_600_000).toISOString(),
      });
    }, { write: true });
    return token;
  }

  /** The session a cookie names, if it exists and has timed out neither way; one that has is deleted. */
  async find(token: string | undefined, now: Date): Promise<LiveSession | undefined> {
    if (!token) return undefined;
    const tokenHash = sha256(token);
    const row = await findConsoleSession(this.store.db, tokenHash);
    if (!row) return undefined;
    const expiresAt = new Date(row.expires_at);
    const idleExpiresAt = new Date(Date.parse(row.last_seen_at) + this.#idleMs());
    if (expiresAt <= now || idleExpiresAt <= now) {
      await this.store.transaction((tx) => deleteConsoleSession(tx, tokenHash), { write: true });
      return undefined;
    }
    const account = await this.store.db.selectFrom('accounts').selectAll().where('id', '=', row.account_id).executeTakeFirst();
    const user = row.user_id === null ? undefined : await this.store.db.selectFrom('users').selectAll().where('id', '=', row.user_id).executeTakeFirst();
    // A session outlives neither its account nor its user; it never falls back to root.
    if (!account || (row.user_id !== null && !user)) {
      await this.store.transaction((tx) => deleteConsoleSession(tx, tokenHash), { write: true });
      return undefined;
    }
    const signIn = { signedInAt: new Date(row.created_at), ...(row.mfa_authenticated_at ? { mfaAuthenticatedAt: new Date(row.mfa_authenticated_at) } : {}) };
    const principal: LiveSession['principal'] = user
      ? { type: 'IAMUser', accountId: account.id, arn: entityArn(account.id, 'user', user.path, user.name), user, console: signIn }
      : { type: 'Root', accountId: account.id, arn: rootArn(account.id), console: signIn };
    return { row, account, ...(user ? { user } : {}), principal, expiresAt, idleExpiresAt };
  }

  /** Counts a request as activity, which moves the idle timeout on. */
  async touch(session: LiveSession, now: Date): Promise<LiveSession> {
    if (now.getTime() - Date.parse(session.row.last_seen_at) < TOUCH_EVERY_MS) return session;
    await this.store.transaction((tx) => updateConsoleSession(tx, session.row.token_hash, { last_seen_at: now.toISOString() }), { write: true });
    return { ...session, row: { ...session.row, last_seen_at: now.toISOString() }, idleExpiresAt: new Date(now.getTime() + this.#idleMs()) };
  }

  async update(session: LiveSession, changes: Partial<Pick<ConsoleSessionsTable, 'state' | 'next_step' | 'change_reason' | 'mfa_authenticated_at' | 'webauthn_challenge'>>): Promise<void> {
    await this.store.transaction((tx) => updateConsoleSession(tx, session.row.token_hash, changes), { write: true });
  }

  async delete(token: string): Promise<void> {
    await this.store.transaction((tx) => deleteConsoleSession(tx, sha256(token)), { write: true });
  }

  /** The session's CSRF token: HMAC-SHA256 of its token, base64url. */
  csrfToken(token: string): string {
    return createHmac('sha256', this.#csrfKey).update(token, 'utf8').digest('base64url');
  }

  /** Whether a request's X-CSRF-Token is the session's, compared in constant time. */
  csrfMatches(session: LiveSession, header: string | undefined): boolean {
    if (!header) return false;
    const given = Buffer.from(sha256(header), 'hex');
    const stored = Buffer.from(session.row.csrf_hash, 'hex');
    return given.length === stored.length && timingSafeEqual(given, stored);
  }

  #idleMs(): number {
    return this.options.idleMinutes * 60_000;
  }
}

export function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** The session token from a Cookie header. */
export function sessionToken(cookieHeader: string | undefined): string | undefined {
  if (!cookieHeader) return undefined;
  for (const part of cookieHeader.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === SESSION_COOKIE) {
      const value = part.slice(eq + 1).trim();
      // Tokens are base64url; anything else was not set by us.
      return /^[A-Za-z0-9_-]{1,100}$/.test(value) ? value : undefined;
    }
  }
  return undefined;
}

/**
 * Set-Cookie for a session: HttpOnly so scripts cannot read it, SameSite=Strict so other sites
 * cannot send it, Secure when the request came over TLS. No Max-Age: the server ends the
 * session, and the browser forgets the cookie when it closes.
 */
export function sessionCookie(token: string, secure: boolean): string {
  return `${SESSION_COOKIE}=${token}; Path=/; HttpOnly; SameSite=Strict${secure ? '; Secure' : ''}`;
}

export function clearedSessionCookie(secure: boolean): string {
  return `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0${secure ? '; Secure' : ''}`;
}
