import { randomUUID } from 'node:crypto';
import type { Attempt } from '../audit/event-sink.js';
import { userIdentityOf, type CloudTrailRecord } from '../audit/event-record.js';
import { apiCallRecord, recordedErrorCode } from '../audit/events.js';
import { authorize } from '../authorize.js';
import { MFA_DEVICES_PER_USER, mfaOwnerTarget, ownerId, ownerName, resolveMfaOwner, type MfaOwner } from '../iam/mfa/mfa-device.js';
import { AwsError } from '../protocol/errors.js';
import { lockRow, type Tx } from '../storage/database.js';
import { listAssignedMfaDevices } from '../storage/repositories/mfa-devices.js';
import { findSecurityKey, insertSecurityKey, listSecurityKeys } from '../storage/repositories/security-keys.js';
import { consoleCall, type ConsoleDeps } from './deps.js';
import { ConsoleError, json, optionalStringMember, readJsonObject, stringMember, type ConsoleRequest, type ConsoleResponse } from './http.js';
import type { LiveSession } from './sessions.js';
import { openCeremony, registrationOptions, relyingParty, verifyRegistration } from './webauthn.js';

/**
 * Registering a security key (WebAuthn) as an MFA device, which IAM's API has no call for. It
 * is authorized as iam:EnableMFADevice on the user it is for (the caller when no userName is
 * given, the root user included), decided by the policy engine like the API call, and recorded
 * in the event history as EnableMFADevice with the key's serial number, as AWS records it.
 * The key then appears in ListMFADevices and is removed with DeactivateMFADevice.
 */

const ACTION = 'iam:EnableMFADevice';
// IAM's pattern and length for MFA device names (VirtualMFADeviceName).
const NAME_PATTERN = /^[\w+=,.@-]{1,64}$/;
const SUFFIX_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
// The model's error shapes, as CloudTrail names them in errorCode.
const ERROR_SHAPES = new Map([
  ['AccessDenied', 'AccessDenied'],
  ['NoSuchEntity', 'NoSuchEntityException'],
  ['LimitExceeded', 'LimitExceededException'],
  ['EntityAlreadyExists', 'EntityAlreadyExistsException'],
  ['ValidationError', 'ValidationError'],
]);

/** POST /console-api/mfa/security-key/options { userName? } → PublicKeyCredentialCreationOptionsJSON */
export async function securityKeyOptions(deps: ConsoleDeps, req: ConsoleRequest, session: LiveSession): Promise<ConsoleResponse> {
  const userName = optionalStringMember(readJsonObject(req), 'userName', { max: 64 });
  const now = deps.clock();
  const rp = relyingParty(req);
  const owner = await authorized(deps, req, session, userName, now, (tx, found) => Promise.resolve(found));
  const existing = await listSecurityKeys(deps.store.db, session.account.id, ownerId(owner));
  const account = session.account.alias ?? session.account.id;
  const who =
    owner.kind === 'root'
      ? { id: session.account.id, name: `root@${account}`, displayName: `Root user of ${account}` }
      : { id: owner.user.id, name: `${owner.user.name}@${account}`, displayName: owner.user.name };
  const { options, ceremony } = await registrationOptions(rp, who, existing, now);
  await deps.sessions.update(session, { webauthn_challenge: JSON.stringify({ ...ceremony, owner: ownerId(owner) }) });
  return json(200, options);
}

/** POST /console-api/mfa/security-key { userName?, name, response } → { serialNumber } */
export async function registerSecurityKey(deps: ConsoleDeps, req: ConsoleRequest, session: LiveSession): Promise<ConsoleResponse> {
  const body = readJsonObject(req);
  const userName = optionalStringMember(body, 'userName', { max: 64 });
  const name = stringMember(body, 'name', { max: 64 });
  if (!NAME_PATTERN.test(name)) {
    throw new ConsoleError(400, 'InvalidRequest', `The name ${name} is not valid: use letters, digits and + = , . @ _ - only (at most 64).`);
  }
  const now = deps.clock();
  const ceremony = openCeremony(session.row.webauthn_challenge, 'register', now);
  if (!ceremony) throw new ConsoleError(409, 'ChallengeExpired', 'There is no security key registration under way, or it has expired. Start again.');
  const rp = relyingParty(req);
  const credential = await verifyRegistration(rp, ceremony, body.response);
  if ('problem' in credential) throw new ConsoleError(400, 'InvalidSecurityKeyResponse', credential.problem);

  // Recorded as the EnableMFADevice it is, through the pipeline every authorized call takes.
  const { serialNumber } = await consoleCall(deps.pipeline, {
    spec: {
      action: ACTION,
      writes: true,
      authorization: 'policy',
      target: (_input, at) => mfaOwnerTarget(at, userName),
      handle: async (ctx) => {
        const { tx } = ctx;
        const owner = await resolveMfaOwner(tx, session.account.id, session.principal, userName);
        if (ceremony.owner !== ownerId(owner)) {
          throw new AwsError('ValidationError', 'The security key was requested for another user. Start the registration again for this one.');
        }
        await lockRow(tx, owner.kind === 'root' ? 'accounts' : 'users', owner.kind === 'root' ? session.account.id : owner.user.id);
        const inUse = (await listAssignedMfaDevices(tx, session.account.id, ownerId(owner))).length + (await listSecurityKeys(tx, session.account.id, ownerId(owner))).length;
        if (inUse >= MFA_DEVICES_PER_USER) throw new AwsError('LimitExceeded', `Cannot exceed quota for MFADevicesPerUser: ${MFA_DEVICES_PER_USER}`);
        if (await findSecurityKey(tx, credential.credentialId)) throw new AwsError('EntityAlreadyExists', 'This security key is already registered.');
        const serial = serialNumberOf(session.account.id, owner, name, deps.random.bytes(8));
        const stored = await insertSecurityKey(tx, {
          credential_id: credential.credentialId,
          account_id: session.account.id,
          user_id: owner.kind === 'root' ? null : owner.user.id,
          assigned_to_root: owner.kind === 'root' ? 1 : 0,
          serial_number: serial,
          serial_key: serial.toLowerCase(),
          name,
          public_key: credential.publicKey,
          counter: credential.counter,
          transports: JSON.stringify(credential.transports),
          created_at: now.toISOString(),
          last_used_at: null,
        });
        if (!stored) throw new AwsError('EntityAlreadyExists', 'This security key is already registered.');
        return { serialNumber: serial, userName: ownerName(session.account.id, owner) };
      },
    },
    input: {},
    principal: session.principal,
    facts: { now, sourceIp: req.sourceIp, secureTransport: req.secure, region: 'us-east-1' },
    requestId: randomUUID(),
    record: (outcome) =>
      'error' in outcome
        ? enableRecord(req, session, now, userName === undefined ? null : { userName }, outcome.error)
        : enableRecord(req, session, now, { userName: outcome.output.userName, serialNumber: outcome.output.serialNumber }),
  });
  await deps.sessions.update(session, { webauthn_challenge: null });
  return json(200, { serialNumber });
}

/**
 * Resolves the owner, authorizes iam:EnableMFADevice on them, then runs `then`, in one
 * transaction: the registration's first step, which changes nothing and is recorded only when
 * it is refused (the registration itself goes through the pipeline, and is recorded then).
 */
async function authorized<T>(deps: ConsoleDeps, req: ConsoleRequest, session: LiveSession, userName: string | undefined, now: Date, then: (tx: Tx, owner: MfaOwner) => Promise<T>): Promise<T> {
  const principal = session.principal;
  const accountId = session.account.id;
  const facts = { now, sourceIp: req.sourceIp, secureTransport: req.secure, region: 'us-east-1' };
  let attempted = false;
  try {
    return await deps.store.transaction(async (tx) => {
      const owner = await resolveMfaOwner(tx, accountId, principal, userName);
      const target = await mfaOwnerTarget({ tx, accountId, principal, now, secrets: deps.secrets }, userName);
      attempted = true;
      await authorize(tx, deps.policies, { action: ACTION, authorization: 'policy' }, { principal, target, facts });
      return then(tx, owner);
    }, { write: true });
  } catch (error) {
    if (!(error instanceof AwsError)) throw error;
    const attempts: Attempt[] = attempted ? [{ principal, action: ACTION, at: now, region: 'us-east-1' }] : [];
    deps.events.add(enableRecord(req, session, now, userName === undefined ? null : { userName }, error), attempts);
    throw new ConsoleError(error.status, error.code, error.message);
  }
}

/** arn:aws:iam::ACCOUNT:u2f/user/NAME/KEYNAME-XXXXXXXX, or u2f/root/KEYNAME-XXXXXXXX for the root user. */
function serialNumberOf(accountId: string, owner: MfaOwner, name: string, random: Buffer): string {
  let suffix = '';
  for (const byte of random) suffix += SUFFIX_ALPHABET[byte & 31];
  const where = owner.kind === 'root' ? 'root' : `user/${owner.user.name}`;
  return `arn:aws:iam::${accountId}:u2f/${where}/${name}-${suffix}`;
}

function enableRecord(req: ConsoleRequest, session: LiveSession, at: Date, parameters: Record<string, unknown> | null, error?: AwsError): CloudTrailRecord {
  const record = apiCallRecord({
    requestId: randomUUID(),
    at,
    sourceIp: req.sourceIp,
    userAgent: req.userAgent,
    service: 'iam',
    action: 'EnableMFADevice',
    region: 'us-east-1',
    identity: userIdentityOf(session.principal),
    accountId: session.account.id,
    ...(error ? { error: { code: recordedErrorCode(error, ERROR_SHAPES), message: error.message } } : {}),
  });
  return { ...record, requestParameters: parameters };
}
