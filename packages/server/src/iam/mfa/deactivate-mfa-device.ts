import { deleteMfaDevice, unassignMfaDevice } from '../../storage/repositories/mfa-devices.js';
import { deleteSecurityKey, findSecurityKeyBySerial } from '../../storage/repositories/security-keys.js';
import { AwsError } from '../../protocol/errors.js';
import { iamOperation } from '../define.js';
import { getMfaDevice, getOwnersDevice, mfaDeviceTarget, mfaOwnerTarget, notTheOwnersDevice, resolveMfaOwner, securityKeyIsOwners } from './mfa-device.js';

/**
 * Removes a device from its user (the caller when no UserName is given, the root user
 * included). The virtual device itself remains, unassigned, until DeleteVirtualMFADevice; a
 * security key has no existence apart from its user, so it is deleted, as AWS does.
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_DeactivateMFADevice.html
 */
export const deactivateMFADevice = iamOperation<'DeactivateMFADevice'>({
  action: 'iam:DeactivateMFADevice',
  writes: true,
  authorization: 'policy',
  target: (input, at) => mfaOwnerTarget(at, input.UserName),
  async handle(ctx, input) {
    const key = await findSecurityKeyBySerial(ctx.tx, ctx.accountId, input.SerialNumber);
    if (key) {
      const owner = await resolveMfaOwner(ctx.tx, ctx.accountId, ctx.principal, input.UserName);
      if (!securityKeyIsOwners(key, owner)) throw notTheOwnersDevice();
      await deleteSecurityKey(ctx.tx, key);
      return {};
    }
    const { device } = await getOwnersDevice(ctx, input.UserName, input.SerialNumber);
    await unassignMfaDevice(ctx.tx, device);
    return {};
  },
});

/**
 * Deletes a virtual device, its sealed seed and its tags. IAM refuses while it is assigned.
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_DeleteVirtualMFADevice.html
 */
export const deleteVirtualMFADevice = iamOperation<'DeleteVirtualMFADevice'>({
  action: 'iam:DeleteVirtualMFADevice',
  writes: true,
  authorization: 'policy',
  target: (input, at) => mfaDeviceTarget(at, input.SerialNumber),
  async handle(ctx, input) {
    const device = await getMfaDevice(ctx, input.SerialNumber);
    if (device.enabled_at !== null) throw new AwsError('DeleteConflict', 'MFA VirtualDevice in use. Must deactivate first.');
    await deleteMfaDevice(ctx.tx, device);
    return {};
  },
});
