import { lockAfter, lockState, matchCode } from '../../auth/totp.js';
import type { SecretBox } from '../../crypto/secret-box.js';
import { AwsError } from '../../protocol/errors.js';
import type { Tx } from '../../storage/database.js';
import { countFailure, findMfaDevice, isAssignedTo, lockMfaDevice, recordAcceptedStep, type MfaOwnerId } from '../../storage/repositories/mfa-devices.js';
import { openSeed } from './mfa-device.js';

export interface MfaCodeCheck {
  readonly accountId: string;
  /** the SerialNumber the caller gave */
  readonly serialNumber: string;
  /** the TokenCode the caller gave */
  readonly code: string;
  /** the IAM user's id, or 'root' for the account's root user */
  readonly userId: MfaOwnerId;
  readonly now: Date;
  /** to open the device's sealed seed (HandlerContext.secrets) */
  readonly secrets: SecretBox;
}

// STS's wording for the two ways MFA fails (AssumeRole, GetSessionToken); the double space and
// the trailing space are AWS's own.
export const MFA_NOT_ASSOCIATED = 'MultiFactorAuthentication failed, unable to validate MFA code.  Please verify your MFA serial number is valid and associated with this user.';
export const MFA_INVALID_CODE = 'MultiFactorAuthentication failed with invalid MFA one time pass code. ';

/**
 * Checks an MFA code offered to STS (SerialNumber with TokenCode) for the given user or root:
 * the device must be assigned to them, not locked, and the code valid for the device's clock
 * (one step of drift either way) and newer than the last code it accepted. An accepted code's
 * time step is recorded, so the same code is never accepted twice; a wrong one counts towards
 * the device's lockout (auth/totp.ts has the rule and its sources).
 *
 * Answers true, or the AccessDenied to throw. Throw it as it is: a wrong code's refusal is
 * marked keepWrites, so the failure is committed even though the request fails. For that
 * reason call this before the handler writes anything else.
 */
export async function verifyMfaCode(tx: Tx, check: MfaCodeCheck): Promise<true | AwsError> {
  const device = await findMfaDevice(tx, check.accountId, check.serialNumber);
  if (!device || !isAssignedTo(device, check.userId)) return new AwsError('AccessDenied', MFA_NOT_ASSOCIATED);

  const lock = lockState({ failedAttempts: device.failed_attempts, lockedUntil: device.locked_until ? new Date(device.locked_until) : null }, check.now);
  if (lock.locked) {
    // The code is not looked at, so the answer says nothing about it.
    const when = lock.until === 'resync' ? 'until it is resynchronized (ResyncMFADevice)' : `until ${lock.until.toISOString()}`;
    return new AwsError('AccessDenied', `MultiFactorAuthentication failed: too many invalid codes were entered for this MFA device, so it accepts no code ${when}.`);
  }

  const step = matchCode(openSeed(check, device), check.code, check.now, { driftSteps: device.drift_steps, lastUsedStep: device.last_used_step });
  // A concurrent request that accepted a code at this step first makes this one a replay.
  if (step !== undefined && (await recordAcceptedStep(tx, device, step))) return true;

  const failures = await countFailure(tx, device);
  await lockMfaDevice(tx, device, lockAfter(failures, check.now));
  return new AwsError('AccessDenied', MFA_INVALID_CODE, { keepWrites: true });
}
