import { base32Decode } from '../../auth/totp.js';
import type { AuthorizationTarget, HandlerContext, TargetLookup } from '../../operation.js';
import { rootArn, type Principal } from '../../principal.js';
import { AwsError } from '../../protocol/errors.js';
import type { Tx } from '../../storage/database.js';
import { findMfaDevice, isAssignedTo, type MfaOwnerId } from '../../storage/repositories/mfa-devices.js';
import { listTags } from '../../storage/repositories/tags.js';
import { findUser } from '../../storage/repositories/users.js';
import type { MfaDevice, SecurityKey, User } from '../../storage/schema.js';
import { userTarget } from '../targets.js';
import { userShape } from '../users/user-shape.js';

// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html: "MFA devices in
// use per user: 8" (the root user too), and virtual MFA devices per account "equal to the user
// quota for the account".
export const MFA_DEVICES_PER_USER = 8;
export const VIRTUAL_MFA_DEVICES_PER_ACCOUNT = 5000;

/** A virtual device's serial number is its ARN: arn:aws:iam::123456789012:mfa/path/name. */
export function mfaSerialNumber(accountId: string, path: string, name: string): string {
  return `arn:aws:iam::${accountId}:mfa${path}${name}`;
}

/** Whom an MFA operation acts on. */
export type MfaOwner = { readonly kind: 'user'; readonly user: User } | { readonly kind: 'root' };

export function ownerId(owner: MfaOwner): MfaOwnerId {
  return owner.kind === 'root' ? 'root' : owner.user.id;
}

/**
 * The name IAM answers as MFADevice.UserName: the user's name, and for the root user, which
 * has none, the account id (root's UserId, as GetUser reports it).
 */
export function ownerName(accountId: string, owner: MfaOwner): string {
  return owner.kind === 'root' ? accountId : owner.user.name;
}

/**
 * The user an MFA operation names, or the caller when it names none (the model's UserName is
 * optional for DeactivateMFADevice, ListMFADevices and GetMFADevice and "defaults to the
 * principal making the request").
 *
 * AWS manages the root user's MFA only in its console. Gatehouse lets root do it through the
 * API: EnableMFADevice and ResyncMFADevice require a UserName, so root names itself by the
 * account id. That applies only to a caller signed in as root, and only while no IAM user
 * has that name.
 */
export async function resolveMfaOwner(tx: Tx, accountId: string, principal: Principal, userName: string | undefined): Promise<MfaOwner> {
  if (userName === undefined) {
    if (principal.type === 'Root') return { kind: 'root' };
    if (principal.type === 'IAMUser') return { kind: 'user', user: principal.user };
    // IAM's answer to role and federated sessions, which have no MFA devices of their own.
    throw new AwsError('ValidationError', 'Must specify userName when calling with non-User credentials');
  }
  const user = await findUser(tx, accountId, userName);
  if (user) return { kind: 'user', user };
  if (principal.type === 'Root' && userName === accountId) return { kind: 'root' };
  throw new AwsError('NoSuchEntity', `The user with name ${userName} cannot be found.`);
}

/** EnableMFADevice, ResyncMFADevice and friends are authorized on the user they act for. */
export async function mfaOwnerTarget(at: TargetLookup, userName: string | undefined): Promise<AuthorizationTarget> {
  if (userName !== undefined && at.principal.type === 'Root' && userName === at.accountId && !(await findUser(at.tx, at.accountId, userName))) {
    return { resource: rootArn(at.accountId) };
  }
  return userTarget(at, userName);
}

/** Operations on the device itself (delete, tags) are authorized on its ARN and tags. */
export async function mfaDeviceTarget(at: TargetLookup, serialNumber: string): Promise<AuthorizationTarget> {
  const device = await findMfaDevice(at.tx, at.accountId, serialNumber, at.lock === true);
  if (!device) return { resource: serialNumber };
  return { resource: device.serial_number, resourceTags: await listTags(at.tx, device.serial_key) };
}

/** Locked for the rest of the transaction: every operation on a device may change it. */
export async function getMfaDevice(ctx: HandlerContext, serialNumber: string): Promise<MfaDevice> {
  const device = await findMfaDevice(ctx.tx, ctx.accountId, serialNumber, true);
  if (!device) throw new AwsError('NoSuchEntity', `VirtualMFADevice with serial number ${serialNumber} does not exist.`);
  return device;
}

/** Whether a security key (console-api/security-keys.ts) belongs to this owner. */
export function securityKeyIsOwners(key: Pick<SecurityKey, 'user_id' | 'assigned_to_root'>, owner: MfaOwner): boolean {
  return owner.kind === 'root' ? key.assigned_to_root === 1 : key.user_id === owner.user.id;
}

/** IAM's answer when a device exists but is not the named user's. */
export function notTheOwnersDevice(): AwsError {
  return new AwsError('NoSuchEntity', 'MFA Device invalid for user.');
}

/** The named user's (or the caller's) device with this serial number, refused if it is another's. */
export async function getOwnersDevice(ctx: HandlerContext, userName: string | undefined, serialNumber: string): Promise<{ owner: MfaOwner; device: MfaDevice }> {
  const owner = await resolveMfaOwner(ctx.tx, ctx.accountId, ctx.principal, userName);
  const device = await getMfaDevice(ctx, serialNumber);
  if (!isAssignedTo(device, ownerId(owner))) throw notTheOwnersDevice();
  return { owner, device };
}

/** The device's TOTP seed; it leaves the store only to check codes. */
export function openSeed(ctx: Pick<HandlerContext, 'secrets'>, device: MfaDevice): Uint8Array {
  return base32Decode(ctx.secrets.open(device.seed_ciphertext, device.serial_key));
}

/**
 * The User element of an assigned device in ListVirtualMFADevices. For the root user IAM
 * answers only UserId (the account id), Arn and CreateDate, which the model marks as missing
 * its required UserName and Path.
 */
export async function assignedUserShape(tx: Tx, device: MfaDevice, users: ReadonlyMap<string, User>) {
  if (device.assigned_to_root === 1) {
    const account = await tx.selectFrom('accounts').select('created_at').where('id', '=', device.account_id).executeTakeFirstOrThrow();
    const root = { UserId: device.account_id, Arn: rootArn(device.account_id), CreateDate: new Date(account.created_at) };
    return root as typeof root & { Path: string; UserName: string };
  }
  const user = device.user_id === null ? undefined : users.get(device.user_id);
  return user ? userShape(user) : undefined;
}
