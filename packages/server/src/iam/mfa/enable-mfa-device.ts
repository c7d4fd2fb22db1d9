import { matchConsecutiveCodes, timeStep } from '../../auth/totp.js';
import type { HandlerContext } from '../../operation.js';
import { AwsError } from '../../protocol/errors.js';
import { lockRow } from '../../storage/database.js';
import { assignMfaDevice, listAssignedMfaDevices, resyncMfaDevice } from '../../storage/repositories/mfa-devices.js';
import { listSecurityKeys } from '../../storage/repositories/security-keys.js';
import type { MfaDevice } from '../../storage/schema.js';
import { iamOperation } from '../define.js';
import { getMfaDevice, getOwnersDevice, MFA_DEVICES_PER_USER, mfaOwnerTarget, openSeed, ownerId, resolveMfaOwner } from './mfa-device.js';

const INVALID_CODE = 'Authentication code for device is not valid.';

/**
 * Assigns a virtual MFA device to a user (or, for a root caller naming the account id, to the
 * root user), proved by two consecutive codes from it. The offset between the device's clock
 * and ours is remembered, as RFC 6238 §6 suggests, so later single codes are checked around it.
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_EnableMFADevice.html
 */
export const enableMFADevice = iamOperation<'EnableMFADevice'>({
  action: 'iam:EnableMFADevice',
  writes: true,
  authorization: 'policy',
  target: (input, at) => mfaOwnerTarget(at, input.UserName),
  async handle(ctx, input) {
    const owner = await resolveMfaOwner(ctx.tx, ctx.accountId, ctx.principal, input.UserName);
    await lockRow(ctx.tx, owner.kind === 'root' ? 'accounts' : 'users', owner.kind === 'root' ? ctx.accountId : owner.user.id);
    const device = await getMfaDevice(ctx, input.SerialNumber);
    if (device.enabled_at !== null) throw new AwsError('EntityAlreadyExists', 'MFA Device is already in use.');
    const inUse = (await listAssignedMfaDevices(ctx.tx, ctx.accountId, ownerId(owner))).length + (await listSecurityKeys(ctx.tx, ctx.accountId, ownerId(owner))).length;
    if (inUse >= MFA_DEVICES_PER_USER) {
      throw new AwsError('LimitExceeded', `Cannot exceed quota for MFADevicesPerUser: ${MFA_DEVICES_PER_USER}`);
    }
    const step = checkConsecutiveCodes(ctx, device, input.AuthenticationCode1, input.AuthenticationCode2);
    const assigned = await assignMfaDevice(ctx.tx, device, ownerId(owner), { enabledAt: ctx.now, driftSteps: step - timeStep(ctx.now), lastUsedStep: step });
    if (!assigned) throw new AwsError('EntityAlreadyExists', 'MFA Device is already in use.');
    return {};
  },
});

/**
 * Brings a device whose clock has drifted back in step: two consecutive codes, found within
 * ten minutes of our clock either way, set its drift anew and lift any lockout (the owner has
 * just proved possession of the device twice over).
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_ResyncMFADevice.html
 */
export const resyncMFADevice = iamOperation<'ResyncMFADevice'>({
  action: 'iam:ResyncMFADevice',
  writes: true,
  authorization: 'policy',
  target: (input, at) => mfaOwnerTarget(at, input.UserName),
  async handle(ctx, input) {
    const { device } = await getOwnersDevice(ctx, input.UserName, input.SerialNumber);
    const step = checkConsecutiveCodes(ctx, device, input.AuthenticationCode1, input.AuthenticationCode2);
    await resyncMfaDevice(ctx.tx, device, step - timeStep(ctx.now), step);
    return {};
  },
});

/**
 * The step of the second code, or InvalidAuthenticationCode. Wrong pairs are not counted
 * towards the lockout that single codes are subject to (verify-code.ts): a guessed pair is
 * right with odds of about 4 in 10¹¹, so they give a guesser nothing to throttle.
 */
function checkConsecutiveCodes(ctx: HandlerContext, device: MfaDevice, code1: string, code2: string): number {
  const step = matchConsecutiveCodes(openSeed(ctx, device), code1, code2, ctx.now, device.last_used_step);
  if (step === undefined) throw new AwsError('InvalidAuthenticationCode', INVALID_CODE);
  return step;
}
