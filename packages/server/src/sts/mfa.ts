import { verifyMfaCode } from '../iam/mfa/verify-code.js';
import type { TargetLookup } from '../operation.js';
import { AwsError, validationError } from '../protocol/errors.js';
import { MFA_NOT_ASSOCIATED } from '../iam/mfa/verify-code.js';

/**
 * Checks the MFA code a caller passed to STS (SerialNumber with TokenCode) against the
 * caller's own devices and answers when MFA was proved, or undefined when none was offered.
 * Both or neither must be given. A wrong code's refusal is thrown as verifyMfaCode made it, so
 * the failure is committed and counts towards the device's lockout.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_mfa_configure-api-require.html
 */
export async function proveMfa(at: TargetLookup, serialNumber: string | undefined, tokenCode: string | undefined): Promise<Date | undefined> {
  if (serialNumber === undefined && tokenCode === undefined) return undefined;
  if (serialNumber === undefined || tokenCode === undefined) {
    throw validationError([`Value null at '${serialNumber === undefined ? 'serialNumber' : 'tokenCode'}' failed to satisfy constraint: Member must not be null`]);
  }
  const p = at.principal;
  // Devices belong to IAM users and root; a session has none of its own.
  if (p.type !== 'IAMUser' && p.type !== 'Root') throw new AwsError('AccessDenied', MFA_NOT_ASSOCIATED);
  const result = await verifyMfaCode(at.tx, {
    accountId: at.accountId,
    serialNumber,
    code: tokenCode,
    userId: p.type === 'Root' ? 'root' : p.user.id,
    now: at.now,
    secrets: at.secrets,
  });
  if (result !== true) throw result;
  return at.now;
}
