import { deleteMfaDevice, unassignMfaDevice } from '../../storage/repositories/mfa-devices.js';
import { AwsError } from '../../protocol/errors.js';
import { iamOperation } from '../define.js';
import { getMfaDevice, getOwnersDevice, mfaDeviceTarget, mfaOwnerTarget } from './mfa-device.js';

/**
 * Removes a device from its user (the caller when no UserName is given, the root user
 * included). The virtual device itself remains, unassigned, until DeleteVirtualMFADevice.
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_DeactivateMFADevice.html
 */
export const deactivateMFADevice = iamOperation<'DeactivateMFADevice'>({
  action: 'iam:DeactivateMFADevice',
  authorization: 'admin',
  target: (input, at) => mfaOwnerTarget(at, input.UserName),
  async handle(ctx, input) {
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
  authorization: 'admin',
  target: (input, at) => mfaDeviceTarget(at, input.SerialNumber),
  async handle(ctx, input) {
    const device = await getMfaDevice(ctx, input.SerialNumber);
    if (device.enabled_at !== null) throw new AwsError('DeleteConflict', 'MFA VirtualDevice in use. Must deactivate first.');
    await deleteMfaDevice(ctx.tx, device);
    return {};
  },
});
