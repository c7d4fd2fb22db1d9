import { storeUnavailable } from '../protocol/errors.js';
import { randomUUID } from 'node:crypto';
import { securityStatus } from '../audit/security-status.js';
import { BruteForceGuard, KEYCLOAK_DEFAULTS, type BruteForceOptions } from './brute-force.js';
import type { ConsoleDeps } from './deps.js';
import { ConsoleError, errorResponse, header, json, noContent, notSignedIn, type ConsoleRequest, type ConsoleResponse } from './http.js';
import { PROXIED_SERVICES, proxyAwsCall, wireError, type ProxiedService } from './proxy.js';
import { summarizePolicyDocument, validatePolicyDocument } from './policy-tools.js';
import { registerSecurityKey, securityKeyOptions } from './security-keys.js';
import { clearedSessionCookie, ConsoleSessions, DEFAULT_SESSION_OPTIONS, sessionToken, type LiveSession, type SessionOptions } from './sessions.js';
import { changePasswordAtSignIn, findAccount, signIn, signInMfa } from './sign-in.js';

export const CONSOLE_API_PREFIX = '/console-api';

/** Settings of the console API; every one defaults to what docs/console.md describes. */
export interface ConsoleApiOptions {
  readonly sessions?: Partial<SessionOptions>;
  /** guessing protection; Keycloak's defaults unless given (tests use small numbers) */
  readonly bruteForce?: Partial<BruteForceOptions>;
}

/** What a route needs of the session before it runs. */
type Access = 'none' | 'pending' | 'active';

interface Route {
  readonly method: 'GET' | 'POST';
  readonly access: Access;
  readonly run: (req: ConsoleRequest, session: LiveSession | undefined, token: string | undefined) => Promise<ConsoleResponse> | ConsoleResponse;
}

/**
 * The one dispatcher for /console-api/*: the JSON endpoints of the contract and the proxy to the
 * AWS APIs. It finds the session from the cookie, requires the CSRF header on every request but
 * GET and the first sign-in step, requires a finished sign-in where the route needs one, and
 * turns every error into `{ code, message }` (or, for the proxy, AWS's wire shape).
 */
export class ConsoleApi {
  readonly #deps: ConsoleDeps;
  readonly #routes: ReadonlyMap<string, Route>;

  constructor(deps: Omit<ConsoleDeps, 'sessions' | 'guard'>, options: ConsoleApiOptions = {}) {
    const sessions = new ConsoleSessions(deps.store, deps.secrets, deps.random, { ...DEFAULT_SESSION_OPTIONS, ...options.sessions });
    const guard = new BruteForceGuard(deps.store, { ...KEYCLOAK_DEFAULTS, ...options.bruteForce });
    const all: ConsoleDeps = { ...deps, sessions, guard };
    this.#deps = all;
    const withSession = (run: (req: ConsoleRequest, session: LiveSession) => Promise<ConsoleResponse> | ConsoleResponse) => (req: ConsoleRequest, session: LiveSession | undefined) => run(req, session!);
    const routes: [string, Route][] = [
      ['/sign-in', { method: 'POST', access: 'none', run: (req, _session, token) => signIn(all, req, token) }],
      ['/sign-in/mfa', { method: 'POST', access: 'pending', run: withSession((req, session) => signInMfa(all, req, session)) }],
      ['/sign-in/change-password', { method: 'POST', access: 'pending', run: withSession((req, session) => changePasswordAtSignIn(all, req, session)) }],
      ['/session', { method: 'GET', access: 'none', run: (req, _session, token) => this.#sessionInfo(req, token) }],
      ['/sign-out', { method: 'POST', access: 'none', run: (req, _session, token) => this.#signOut(req, token) }],
      ['/sign-in-link', { method: 'GET', access: 'none', run: (req) => this.#signInLink(req) }],
      ['/security-status', { method: 'GET', access: 'active', run: withSession((req, session) => this.#securityStatus(req, session)) }],
      ['/policy/validate', { method: 'POST', access: 'active', run: (req) => validatePolicyDocument(req) }],
      ['/policy/summary', { method: 'POST', access: 'active', run: (req) => summarizePolicyDocument(req) }],
      ['/mfa/security-key/options', { method: 'POST', access: 'active', run: withSession((req, session) => securityKeyOptions(all, req, session)) }],
      ['/mfa/security-key', { method: 'POST', access: 'active', run: withSession((req, session) => registerSecurityKey(all, req, session)) }],
    ];
    for (const service of PROXIED_SERVICES) {
      routes.push([`/aws/${service}`, { method: 'POST', access: 'active', run: withSession((req, session) => proxyAwsCall(all, req, session, service)) }]);
    }
    this.#routes = new Map(routes);
  }

  async handle(req: ConsoleRequest): Promise<ConsoleResponse> {
    const sub = req.path.slice(CONSOLE_API_PREFIX.length).replace(/\/+$/, '');
    const route = this.#routes.get(sub);
    const proxied = sub.startsWith('/aws/') ? (sub.slice(5) as ProxiedService) : undefined;
    try {
      if (!route) throw new ConsoleError(404, 'NotFound', `There is no console endpoint ${req.method} ${req.path}.`);
      if (req.method !== route.method) throw new ConsoleError(405, 'MethodNotAllowed', `${req.path} answers ${route.method} only.`);
      const token = sessionToken(header(req, 'cookie'));
      const session = route.access === 'none' ? undefined : await this.#requireSession(req, token, route.access);
      return await route.run(req, session, token);
    } catch (error) {
      const failure = error instanceof ConsoleError ? error : this.#unexpected(error);
      return proxied && route ? wireError(proxied, failure) : errorResponse(failure);
    }
  }

  /**
   * The session a route needs: signed in (else 401, and the stale cookie is cleared), the CSRF
   * header right on every request but GET (else 403), and for `active`, the sign-in finished.
   */
  async #requireSession(req: ConsoleRequest, token: string | undefined, access: Exclude<Access, 'none'>): Promise<LiveSession> {
    const now = this.#deps.clock();
    const session = await this.#deps.sessions.find(token, now);
    if (!session) {
      const error = notSignedIn();
      throw token ? new ConsoleError(error.status, error.code, error.message, { setCookie: clearedSessionCookie(req.secure) }) : error;
    }
    if (req.method !== 'GET' && !this.#deps.sessions.csrfMatches(session, header(req, 'x-csrf-token'))) {
      throw new ConsoleError(403, 'InvalidCsrfToken', 'The request has no valid X-CSRF-Token header. Reload the console and try again.');
    }
    if (access === 'active' && session.row.state !== 'active') {
      throw new ConsoleError(403, 'SignInIncomplete', 'Finish signing in first: MFA or a new password is still needed.');
    }
    if (access === 'pending' && session.row.state !== 'pending') {
      throw new ConsoleError(409, 'AlreadySignedIn', 'This session has already finished signing in.');
    }
    return this.#deps.sessions.touch(session, now);
  }

  /** GET /console-api/session. Not counted as activity: a page that polls it must not keep a session alive. */
  async #sessionInfo(req: ConsoleRequest, token: string | undefined): Promise<ConsoleResponse> {
    const session = await this.#deps.sessions.find(token, this.#deps.clock());
    if (!session || !token) return json(200, { signedIn: false }, token ? { 'set-cookie': clearedSessionCookie(req.secure) } : {});
    const { principal, account, user } = session;
    return json(200, {
      signedIn: true,
      state: session.row.state,
      csrfToken: this.#deps.sessions.csrfToken(token),
      principal: {
        type: principal.type,
        arn: principal.arn,
        accountId: account.id,
        ...(account.alias ? { accountAlias: account.alias } : {}),
        ...(user ? { userName: user.name } : {}),
      },
      expiresAt: session.expiresAt.toISOString(),
      idleExpiresAt: session.idleExpiresAt.toISOString(),
    });
  }

  /** POST /console-api/sign-out: ends the session (its CSRF token required) and clears the cookie. */
  async #signOut(req: ConsoleRequest, token: string | undefined): Promise<ConsoleResponse> {
    const session = await this.#deps.sessions.find(token, this.#deps.clock());
    if (session && token) {
      if (!this.#deps.sessions.csrfMatches(session, header(req, 'x-csrf-token'))) {
        throw new ConsoleError(403, 'InvalidCsrfToken', 'The request has no valid X-CSRF-Token header. Reload the console and try again.');
      }
      await this.#deps.sessions.delete(token);
    }
    return noContent({ 'set-cookie': clearedSessionCookie(req.secure) });
  }

  /** GET /console-api/sign-in-link?account=: whether the account exists, and nothing more. */
  async #signInLink(req: ConsoleRequest): Promise<ConsoleResponse> {
    const name = req.query.get('account') ?? '';
    const account = name.length > 0 && name.length <= 63 ? await findAccount(this.#deps, name) : undefined;
    if (!account) throw new ConsoleError(404, 'NoSuchAccount', `No account has the id or alias ${name.slice(0, 63)}.`);
    // Looked up by alias, the alias is what was given; looked up by id, the alias is not told.
    return json(200, { accountId: account.id, ...(account.alias && account.alias === name.toLowerCase() ? { alias: account.alias } : {}) });
  }

  /** GET /console-api/security-status: the checklist, its IAM calls made as the signed-in principal. */
  async #securityStatus(req: ConsoleRequest, session: LiveSession): Promise<ConsoleResponse> {
    try {
      return json(200, await securityStatus({ endpoint: this.#deps.endpoint, db: this.#deps.store.db }, session.principal, this.#deps.clock(), { sourceIp: req.sourceIp, userAgent: req.userAgent }));
    } catch (error) {
      // An IAM call the checks made was refused or failed: pass on its AWS error.
      const sdk = error as { name?: string; message?: string; $metadata?: { httpStatusCode?: number } };
      const status = sdk.$metadata?.httpStatusCode;
      if (status && status < 500) throw new ConsoleError(status, sdk.name ?? 'Error', sdk.message ?? 'An IAM call the checks need failed.');
      throw error;
    }
  }

  #unexpected(error: unknown): ConsoleError {
    const requestId = randomUUID();
    if (this.#deps.store.isUnavailable(error)) {
      this.#deps.logger.warn({ err: error, requestId }, 'the database did not answer in time');
      return new ConsoleError(503, 'ServiceUnavailable', storeUnavailable().message);
    }
    this.#deps.logger.error({ err: error, requestId }, 'console request failed');
    return new ConsoleError(500, 'ServiceFailure', `The request could not be completed because of an unexpected error. Request id: ${requestId}`);
  }
}
