import { randomBytes, randomUUID } from 'node:crypto';
import { recordPasswordUse, toSecond } from '../audit/access-advisor.js';
import { userIdentityOf, type UserIdentity } from '../audit/event-record.js';
import { apiCallRecord, recordedErrorCode } from '../audit/events.js';
import { hashPassword, verifyPassword } from '../auth/password.js';
import { acceptNewPassword } from '../iam/login-profiles/set-password.js';
import { verifyMfaCode } from '../iam/mfa/verify-code.js';
import { entityArn, rootArn, type Principal } from '../principal.js';
import { AwsError } from '../protocol/errors.js';
import { findPasswordPolicy } from '../storage/repositories/accounts.js';
import { listAssignedMfaDevices, type MfaOwnerId } from '../storage/repositories/mfa-devices.js';
import { listSecurityKeys, recordSecurityKeyUse } from '../storage/repositories/security-keys.js';
import type { Account, LoginProfile, User } from '../storage/schema.js';
import { attemptKeys, type AttemptKeys } from './brute-force.js';
import { consoleCall, type ConsoleDeps } from './deps.js';
import { ConsoleError, header, json, readJsonObject, stringMember, type ConsoleRequest, type ConsoleResponse } from './http.js';
import { sessionCookie, type LiveSession } from './sessions.js';
import { consoleLoginRecord, unknownUserIdentity } from './sign-in-record.js';
import { authenticationOptions, openCeremony, relyingParty, verifyAuthentication } from './webauthn.js';

/**
 * Console sign-in, step by step: the password (an IAM user by account id or alias and user
 * name, or the root user by email), then MFA when the user has a device (a TOTP code or a
 * security key), then a new password when the old one must be reset or has expired. Each
 * step answers what comes next; a session cookie is set at the first and stays `pending` until
 * the last. Every attempt is recorded as CloudTrail's ConsoleLogin, and counted by the guessing
 * protection (brute-force.ts).
 */

export type NextStep =
  | { next: 'mfa'; methods: ('totp' | 'webauthn')[]; webauthn?: unknown }
  | { next: 'change-password'; reason: ChangeReason }
  | { next: 'done' };

type ChangeReason = 'reset-required' | 'expired';

// One answer for every way the password step fails, as the contract and AWS's own console
// give: which of account, user name or password was wrong is never said.
const INVALID_CREDENTIALS = 'Your authentication information is incorrect. Please try again.';
const INVALID_MFA = 'The MFA code or security key response is not valid. Try again with the current code, or touch your security key again.';

const DAY_MS = 24 * 60 * 60 * 1000;
// The IAM model's error shapes for the errors a new password can meet, as CloudTrail records them.
const CHANGE_PASSWORD_ERRORS = new Map([
  ['NoSuchEntity', 'NoSuchEntityException'],
  ['PasswordPolicyViolation', 'PasswordPolicyViolationException'],
]);
// IAM's limits: passwords of up to 128 characters, user names of 64, aliases of 63.
const PASSWORD_MAX = 128;

/** Who the first step names, before anything is looked up. */
type Claim = { kind: 'user'; account: string; userName: string } | { kind: 'root'; email: string };

/** Whom a claim turned out to be, when the account exists. */
interface Subject {
  readonly account: Account;
  /** the IAM user, when the claim named one that exists */
  readonly user?: User;
  readonly profile?: LoginProfile;
  /** the identity the ConsoleLogin record names */
  readonly identity: UserIdentity;
}

/** POST /console-api/sign-in */
export async function signIn(deps: ConsoleDeps, req: ConsoleRequest, previousToken: string | undefined): Promise<ConsoleResponse> {
  const body = readJsonObject(req);
  const password = stringMember(body, 'password', { max: PASSWORD_MAX });
  const claim: Claim =
    body.email !== undefined
      ? { kind: 'root', email: stringMember(body, 'email', { max: 254 }) }
      : { kind: 'user', account: stringMember(body, 'account', { max: 63 }), userName: stringMember(body, 'userName', { max: 64 }) };
  const now = deps.clock();
  const subject = await findSubject(deps, claim);
  // A counter per account, not per spelling: the alias and the id count as one.
  const keys = attemptKeys(claim.kind === 'user' ? { ...claim, account: subject?.account.id ?? claim.account } : claim, req.sourceIp);

  const hash = claim.kind === 'root' ? subject?.account.root_password_hash : subject?.profile?.password_hash;
  await deps.guard.exclusive(keys, async () => {
    await refuseWhileLocked(deps, req, keys, now, subject, false);
    // Unknown users cost as much time as known ones: the password is checked against a hash either way.
    const matches = await verifyPassword(hash ?? (await decoyHash()), password);
    if (!hash || !matches || !subject) {
      await deps.guard.failed(keys, now);
      if (subject) record(deps, req, subject, now, { success: false, mfaUsed: false });
      throw new ConsoleError(401, 'InvalidCredentials', INVALID_CREDENTIALS);
    }
  });
  if (!subject) throw new ConsoleError(401, 'InvalidCredentials', INVALID_CREDENTIALS);

  const change = subject.profile ? await passwordChange(deps, subject.account.id, subject.profile, now) : undefined;
  if (change === 'hard-expired') {
    record(deps, req, subject, now, { success: false, mfaUsed: false });
    throw new ConsoleError(
      403,
      'PasswordExpired',
      "Your password has expired, and the account's password policy lets only an administrator set a new one. Ask an administrator to reset your password.",
    );
  }

  const owner: MfaOwnerId = subject.user ? subject.user.id : 'root';
  const methods = await mfaMethods(deps, subject.account.id, owner);
  if (previousToken) await deps.sessions.delete(previousToken);
  const base = { account_id: subject.account.id, user_id: subject.user?.id ?? null, source_ip: req.sourceIp, mfa_authenticated_at: null };

  if (methods.totp || methods.keys.length > 0) {
    const webauthn = methods.keys.length > 0 ? await authenticationOptions(relyingParty(req), methods.keys, now) : undefined;
    const token = await deps.sessions.create(
      { ...base, state: 'pending', next_step: 'mfa', change_reason: change ?? null, webauthn_challenge: webauthn ? JSON.stringify(webauthn.ceremony) : null },
      now,
    );
    const next: NextStep = {
      next: 'mfa',
      methods: [...(methods.totp ? (['totp'] as const) : []), ...(webauthn ? (['webauthn'] as const) : [])],
      ...(webauthn ? { webauthn: webauthn.options } : {}),
    };
    return json(200, next, { 'set-cookie': sessionCookie(token, req.secure) });
  }

  await signedIn(deps, req, subject, keys, now, false);
  const token = await deps.sessions.create(
    { ...base, state: change ? 'pending' : 'active', next_step: change ? 'change-password' : null, change_reason: change ?? null, webauthn_challenge: null },
    now,
  );
  const next: NextStep = change ? { next: 'change-password', reason: change } : { next: 'done' };
  return json(200, next, { 'set-cookie': sessionCookie(token, req.secure) });
}

/** POST /console-api/sign-in/mfa, for a session whose next step is MFA. */
export async function signInMfa(deps: ConsoleDeps, req: ConsoleRequest, session: LiveSession): Promise<ConsoleResponse> {
  if (session.row.state !== 'pending' || session.row.next_step !== 'mfa') {
    throw new ConsoleError(409, 'NoMfaPending', 'This session is not waiting for an MFA code. Sign in again to start over.');
  }
  const body = readJsonObject(req);
  const now = deps.clock();
  const subject = subjectOf(session);
  const keys = attemptKeysOf(session, req.sourceIp);
  const owner: MfaOwnerId = session.user ? session.user.id : 'root';
  await deps.guard.exclusive(keys, async () => {
    await refuseWhileLocked(deps, req, keys, now, subject, true);
    let accepted = false;
    if (body.code !== undefined) {
      const code = stringMember(body, 'code', { max: 16 });
      accepted = /^\d{6}$/.test(code) && (await totpAccepted(deps, session.account.id, owner, code, now));
    } else if (body.webauthn !== undefined) {
      accepted = await securityKeyAccepted(deps, req, session, owner, body.webauthn, now);
    } else {
      throw new ConsoleError(400, 'InvalidRequest', 'Send either code (the 6 digits your authenticator app shows) or webauthn (your security key response).');
    }
    if (!accepted) {
      await deps.guard.failed(keys, now);
      record(deps, req, subject, now, { success: false, mfaUsed: true });
      throw new ConsoleError(401, 'InvalidMfa', INVALID_MFA);
    }
  });

  await signedIn(deps, req, subject, keys, now, true);
  const change = session.row.change_reason;
  await deps.sessions.update(session, {
    mfa_authenticated_at: now.toISOString(),
    webauthn_challenge: null,
    state: change ? 'pending' : 'active',
    next_step: change ? 'change-password' : null,
  });
  return json(200, change ? { next: 'change-password', reason: change } : { next: 'done' });
}

/** POST /console-api/sign-in/change-password, for a session whose next step is a new password. */
export async function changePasswordAtSignIn(deps: ConsoleDeps, req: ConsoleRequest, session: LiveSession): Promise<ConsoleResponse> {
  const user = session.user;
  if (session.row.state !== 'pending' || session.row.next_step !== 'change-password' || !user) {
    throw new ConsoleError(409, 'NoPasswordChangePending', 'This session is not waiting for a new password. Sign in again to start over.');
  }
  const newPassword = stringMember(readJsonObject(req), 'newPassword', { max: PASSWORD_MAX });
  const now = deps.clock();
  const principal = session.principal;
  const requestId = randomUUID();
  const base = { requestId, at: now, sourceIp: req.sourceIp, userAgent: req.userAgent, service: 'iam', action: 'ChangePassword', region: 'us-east-1', identity: userIdentityOf(principal), accountId: session.account.id };
  // Part of signing in, as in AWS's console: a user whose password must change sets a new one
  // here whether or not a policy grants them iam:ChangePassword (so any caller: the session is
  // this user's, pending). It is recorded as the ChangePassword it is.
  await consoleCall(deps.pipeline, {
    spec: {
      action: 'iam:ChangePassword',
      writes: true,
      authorization: 'any-caller',
      target: () => ({ resource: entityArn(session.account.id, 'user', user.path, user.name) }),
      handle: async ({ tx }) => {
        const profile = await tx.selectFrom('login_profiles').selectAll().where('user_id', '=', user.id).executeTakeFirst();
        if (!profile) throw new AwsError('NoSuchEntity', `Login Profile for User ${user.name} cannot be found.`);
        if (await verifyPassword(profile.password_hash, newPassword)) {
          throw new AwsError('PasswordPolicyViolation', 'Your new password must be different from your current password.');
        }
        const hash = await acceptNewPassword({ tx, accountId: session.account.id, now }, user.id, newPassword);
        await tx
          .updateTable('login_profiles')
          .set({ password_hash: hash, password_changed_at: now.toISOString(), password_reset_required: 0 })
          .where('user_id', '=', user.id)
          .execute();
        return {};
      },
    },
    input: {},
    principal,
    facts: { now, sourceIp: req.sourceIp, secureTransport: req.secure, region: 'us-east-1' },
    requestId,
    record: (outcome) => ('error' in outcome ? apiCallRecord({ ...base, error: { code: recordedErrorCode(outcome.error, CHANGE_PASSWORD_ERRORS), message: outcome.error.message } }) : apiCallRecord(base)),
  });
  await deps.sessions.update(session, { state: 'active', next_step: null, change_reason: null });
  return json(200, { next: 'done' });
}

/** The account and user a claim names, when the account exists (the user may not). */
async function findSubject(deps: ConsoleDeps, claim: Claim): Promise<Subject | undefined> {
  const db = deps.store.db;
  if (claim.kind === 'root') {
    const account = await db
      .selectFrom('accounts')
      .selectAll()
      .where((eb) => eb(eb.fn('lower', ['root_email']), '=', claim.email.toLowerCase()))
      .executeTakeFirst();
    return account ? { account, identity: userIdentityOf({ type: 'Root', accountId: account.id, arn: rootArn(account.id) }) } : undefined;
  }
  const account = await findAccount(deps, claim.account);
  if (!account) return undefined;
  const user = await db.selectFrom('users').selectAll().where('account_id', '=', account.id).where('name_key', '=', claim.userName.toLowerCase()).executeTakeFirst();
  if (!user) return { account, identity: unknownUserIdentity(account.id) };
  const profile = await db.selectFrom('login_profiles').selectAll().where('user_id', '=', user.id).executeTakeFirst();
  return { account, user, ...(profile ? { profile } : {}), identity: userIdentityOf(userPrincipal(account.id, user)) };
}

/** An account by its 12-digit id or its alias (aliases are lower case). */
export async function findAccount(deps: Pick<ConsoleDeps, 'store'>, name: string): Promise<Account | undefined> {
  const query = deps.store.db.selectFrom('accounts').selectAll();
  if (/^\d{12}$/.test(name)) return query.where('id', '=', name).executeTakeFirst();
  if (!/^[a-z0-9-]{3,63}$/i.test(name)) return undefined;
  return query.where('alias', '=', name.toLowerCase()).executeTakeFirst();
}

function userPrincipal(accountId: string, user: User): Principal {
  return { type: 'IAMUser', accountId, arn: entityArn(accountId, 'user', user.path, user.name), user };
}

function subjectOf(session: LiveSession): Subject {
  const { account, user } = session;
  const identity = user ? userIdentityOf(userPrincipal(account.id, user)) : userIdentityOf({ type: 'Root', accountId: account.id, arn: rootArn(account.id) });
  return { account, ...(user ? { user } : {}), identity };
}

function attemptKeysOf(session: LiveSession, sourceIp: string): AttemptKeys {
  return session.user
    ? attemptKeys({ kind: 'user', account: session.account.id, userName: session.user.name }, sourceIp)
    : attemptKeys({ kind: 'root', email: session.account.root_email }, sourceIp);
}

/** 429 while the user's or the address's counter is locked: the password is not even looked at. */
async function refuseWhileLocked(deps: ConsoleDeps, req: ConsoleRequest, keys: AttemptKeys, now: Date, subject: Subject | undefined, mfaUsed: boolean): Promise<void> {
  const waitMs = await deps.guard.lockedFor(keys, now);
  if (waitMs <= 0) return;
  if (subject) record(deps, req, subject, now, { success: false, mfaUsed });
  const seconds = Math.max(1, Math.ceil(waitMs / 1000));
  throw new ConsoleError(429, 'TooManyAttempts', `Too many failed sign-in attempts. Try again in ${seconds} seconds.`, { retryAfterSeconds: seconds });
}

/** What is owed once the password is right: nothing, a new password, or (hard expiry) an administrator's reset. */
async function passwordChange(deps: ConsoleDeps, accountId: string, profile: LoginProfile, now: Date): Promise<ChangeReason | 'hard-expired' | undefined> {
  if (profile.password_reset_required === 1) return 'reset-required';
  const policy = await findPasswordPolicy(deps.store.db, accountId);
  // MaxPasswordAge counts days from the last change; HardExpiry leaves the new password to an
  // administrator. https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_passwords_account-policy.html
  if (policy?.max_password_age && now.getTime() - Date.parse(profile.password_changed_at) >= policy.max_password_age * DAY_MS) {
    return policy.hard_expiry === 1 ? 'hard-expired' : 'expired';
  }
  return undefined;
}

async function mfaMethods(deps: ConsoleDeps, accountId: string, owner: MfaOwnerId) {
  return { totp: (await listAssignedMfaDevices(deps.store.db, accountId, owner)).length > 0, keys: await listSecurityKeys(deps.store.db, accountId, owner) };
}

/**
 * A code from any of the owner's virtual devices, checked as STS checks one (verify-code.ts):
 * not reused, within the device's drift, each device's own lockout applying. The transaction
 * commits either way, so a wrong code's count is kept.
 */
function totpAccepted(deps: ConsoleDeps, accountId: string, owner: MfaOwnerId, code: string, now: Date): Promise<boolean> {
  return deps.store.transaction(async (tx) => {
    for (const device of await listAssignedMfaDevices(tx, accountId, owner)) {
      const result = await verifyMfaCode(tx, { accountId, serialNumber: device.serial_number, code, userId: owner, now, secrets: deps.secrets });
      if (result === true) return true;
    }
    return false;
  }, { write: true });
}

async function securityKeyAccepted(deps: ConsoleDeps, req: ConsoleRequest, session: LiveSession, owner: MfaOwnerId, response: unknown, now: Date): Promise<boolean> {
  const ceremony = openCeremony(session.row.webauthn_challenge, 'authenticate', now);
  if (!ceremony) {
    throw new ConsoleError(409, 'ChallengeExpired', 'The security key request has expired. Sign in again to get a new one.');
  }
  const keys = await listSecurityKeys(deps.store.db, session.account.id, owner);
  const verified = await verifyAuthentication(relyingParty(req), keys, ceremony, response);
  if (!verified) return false;
  // The counter moves on in one statement: of two sign-ins racing with one assertion, one wins.
  return deps.store.transaction((tx) => recordSecurityKeyUse(tx, verified.key, verified.newCounter, now), { write: true });
}

/** All factors proved: the user's counter is reset, the password's use recorded, and the sign-in too. */
async function signedIn(deps: ConsoleDeps, req: ConsoleRequest, subject: Subject, keys: AttemptKeys, now: Date, mfaUsed: boolean): Promise<void> {
  await deps.guard.succeeded(keys);
  await deps.store.transaction(async (tx) => {
    if (subject.user) await recordPasswordUse(tx, subject.user.id, now);
    else await tx.updateTable('accounts').set({ root_password_last_used: toSecond(now).toISOString() }).where('id', '=', subject.account.id).execute();
  }, { write: true });
  record(deps, req, subject, now, { success: true, mfaUsed });
}

function record(deps: ConsoleDeps, req: ConsoleRequest, subject: Subject, at: Date, outcome: { success: boolean; mfaUsed: boolean }): void {
  deps.events.add(
    consoleLoginRecord({ at, accountId: subject.account.id, identity: subject.identity, ...outcome, sourceIp: req.sourceIp, userAgent: req.userAgent, loginTo: consoleUrl(req) }),
  );
}

/** The console's address as the browser reached it: CloudTrail's LoginTo. */
export function consoleUrl(req: ConsoleRequest): string {
  // Only a well-formed host goes into the audit record; anything else is the client's to invent.
  const host = header(req, 'host') ?? '';
  const valid = /^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]{1,253})(?::\d{1,5})?$/.test(host);
  return `${req.secure ? 'https' : 'http'}://${valid ? host.toLowerCase() : 'localhost'}/`;
}

let decoy: Promise<string> | undefined;

/** A hash of a random password, to check unknown users' passwords against. */
function decoyHash(): Promise<string> {
  decoy ??= hashPassword(randomBytes(24).toString('base64'));
  return decoy;
}
