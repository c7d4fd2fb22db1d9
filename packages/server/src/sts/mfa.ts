import type { HandlerContext } from '../operation.js';
import { AwsError, validationError } from '../protocol/errors.js';

/**
 * Checks the MFA code a caller passed to STS (SerialNumber with TokenCode) and answers when MFA
 * was proved, or undefined when none was offered. Both or neither must be given.
 */
export async function proveMfa(ctx: HandlerContext, serialNumber: string | undefined, tokenCode: string | undefined): Promise<Date | undefined> {
  if (serialNumber === undefined && tokenCode === undefined) return undefined;
  if (serialNumber === undefined || tokenCode === undefined) {
    throw validationError([`Value null at '${serialNumber === undefined ? 'serialNumber' : 'tokenCode'}' failed to satisfy constraint: Member must not be null`]);
  }
  throw new AwsError('NotImplemented', 'MFA devices are not available in Gatehouse yet, so SerialNumber and TokenCode cannot be checked.');
}
