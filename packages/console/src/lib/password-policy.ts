import { GetAccountPasswordPolicyCommand, type PasswordPolicy } from '@aws-sdk/client-iam';
import { iam } from '../api/aws';
import { errorCode } from '../api/errors';

/** The account's password policy, or undefined when it has none (IAM answers NoSuchEntity). */
export async function readPasswordPolicy(): Promise<PasswordPolicy | undefined> {
  try {
    return (await iam().send(new GetAccountPasswordPolicyCommand({}))).PasswordPolicy;
  } catch (e) {
    if (errorCode(e) === 'NoSuchEntity') return undefined;
    throw e;
  }
}

/** For generating a password: the policy if it can be read, else IAM's defaults (a generated password meets any policy's classes anyway). */
export function passwordPolicyOrDefault(): Promise<PasswordPolicy | undefined> {
  return readPasswordPolicy().catch(() => undefined);
}
