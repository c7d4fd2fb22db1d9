import { listAssignedMfaDevices, listMfaDevices } from '../../storage/repositories/mfa-devices.js';
import { findSecurityKeyBySerial, listSecurityKeys } from '../../storage/repositories/security-keys.js';
import type { User } from '../../storage/schema.js';
import { iamOperation } from '../define.js';
import { paginate } from '../paginate.js';
import { noResource } from '../targets.js';
import { assignedUserShape, getOwnersDevice, mfaOwnerTarget, notTheOwnersDevice, ownerId, ownerName, resolveMfaOwner, securityKeyIsOwners } from './mfa-device.js';

/**
 * The MFA devices assigned to a user, or to the caller (root included) when no UserName is
 * given: virtual devices and security keys (registered in the console, console-api/), whose
 * EnableDate is when they were registered.
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListMFADevices.html
 */
export const listMFADevices = iamOperation<'ListMFADevices'>({
  action: 'iam:ListMFADevices',
  writes: false,
  authorization: 'policy',
  target: (input, at) => mfaOwnerTarget(at, input.UserName),
  async handle(ctx, input) {
    const owner = await resolveMfaOwner(ctx.tx, ctx.accountId, ctx.principal, input.UserName);
    const virtual = await listAssignedMfaDevices(ctx.tx, ctx.accountId, ownerId(owner));
    const keys = await listSecurityKeys(ctx.tx, ctx.accountId, ownerId(owner));
    const devices = [
      ...virtual.map((d) => ({ key: d.serial_key, SerialNumber: d.serial_number, EnableDate: new Date(d.enabled_at!) })),
      ...keys.map((k) => ({ key: k.serial_key, SerialNumber: k.serial_number, EnableDate: new Date(k.created_at) })),
    ];
    const { items, ...more } = paginate(devices, input, (d) => d.key);
    const UserName = ownerName(ctx.accountId, owner);
    return { MFADevices: items.map((d) => ({ UserName, SerialNumber: d.SerialNumber, EnableDate: d.EnableDate })), ...more };
  },
});

/**
 * The account's virtual MFA devices by assignment status (Assigned, Unassigned or Any, the
 * default), with the user of each assigned one. Like IAM's other lists, no tags.
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListVirtualMFADevices.html
 */
export const listVirtualMFADevices = iamOperation<'ListVirtualMFADevices'>({
  action: 'iam:ListVirtualMFADevices',
  writes: false,
  authorization: 'policy',
  target: noResource,
  async handle(ctx, input) {
    const status = input.AssignmentStatus ?? 'Any';
    const devices = (await listMfaDevices(ctx.tx, ctx.accountId)).filter(
      (d) => status === 'Any' || (status === 'Assigned') === (d.enabled_at !== null),
    );
    const { items, ...more } = paginate(devices, input, (d) => d.serial_key);
    const userIds = [...new Set(items.flatMap((d) => (d.user_id === null ? [] : [d.user_id])))];
    const users = new Map<string, User>();
    if (userIds.length > 0) {
      for (const user of await ctx.tx.selectFrom('users').selectAll().where('id', 'in', userIds).execute()) users.set(user.id, user);
    }
    const VirtualMFADevices = [];
    for (const d of items) {
      const user = d.enabled_at === null ? undefined : await assignedUserShape(ctx.tx, d, users);
      VirtualMFADevices.push({ SerialNumber: d.serial_number, ...(d.enabled_at !== null ? { EnableDate: new Date(d.enabled_at) } : {}), ...(user ? { User: user } : {}) });
    }
    return { VirtualMFADevices, ...more };
  },
});

/**
 * One device of a user (the caller when no UserName is given), virtual or security key.
 * Certifications (FIDO certification levels) come from the FIDO metadata service, which
 * Gatehouse does not consult, so they are never present.
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetMFADevice.html
 */
export const getMFADevice = iamOperation<'GetMFADevice'>({
  action: 'iam:GetMFADevice',
  writes: false,
  authorization: 'policy',
  target: (input, at) => mfaOwnerTarget(at, input.UserName),
  async handle(ctx, input) {
    const key = await findSecurityKeyBySerial(ctx.tx, ctx.accountId, input.SerialNumber);
    if (key) {
      const owner = await resolveMfaOwner(ctx.tx, ctx.accountId, ctx.principal, input.UserName);
      if (!securityKeyIsOwners(key, owner)) throw notTheOwnersDevice();
      return { UserName: ownerName(ctx.accountId, owner), SerialNumber: key.serial_number, EnableDate: new Date(key.created_at) };
    }
    const { owner, device } = await getOwnersDevice(ctx, input.UserName, input.SerialNumber);
    return { UserName: ownerName(ctx.accountId, owner), SerialNumber: device.serial_number, EnableDate: new Date(device.enabled_at!) };
  },
});
