import argon2 from 'argon2';
import { AwsError } from '../protocol/errors.js';
import type { PasswordPolicy } from '../storage/schema.js';

/** argon2id with the library's defaults (64 MiB, t=3, p=4), which meet OWASP's recommendation. */
export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, { type: argon2.argon2id });
}

/** argon2.verify compares in constant time; a malformed stored hash counts as a mismatch. */
export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  try {
    return await argon2.verify(hash, password);
  } catch {
    return false;
  }
}

// The symbols AWS counts for RequireSymbols:
// https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_passwords_account-policy.html
const SYMBOLS = new Set("!@#$%^&*()_+-=[]{}|'");

const hasUpper = (p: string) => /[A-Z]/.test(p);
const hasLower = (p: string) => /[a-z]/.test(p);
const hasNumber = (p: string) => /[0-9]/.test(p);
const hasSymbol = (p: string) => [...p].some((c) => SYMBOLS.has(c));

/**
 * The problems a password has under the account's policy, in AWS's wording; empty when it passes.
 * Without a custom policy AWS applies its default: at least 8 characters and three of the four
 * character types, and not the account's email.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_passwords_account-policy.html#default-policy-details
 */
export function passwordProblems(
  password: string,
  policy: PasswordPolicy | undefined,
  context: { rootEmail?: string | undefined },
): string[] {
  const problems: string[] = [];
  if (!policy) {
    if (password.length < 8) problems.push('Password should have a minimum length of 8');
    const types = [hasUpper, hasLower, hasNumber, hasSymbol].filter((f) => f(password)).length;
    if (types < 3) {
      problems.push('Password should include at least three of the following: uppercase letters, lowercase letters, numbers, symbols');
    }
    if (context.rootEmail && password.toLowerCase() === context.rootEmail.toLowerCase()) {
      problems.push('Password must not be the same as the account email address');
    }
    return problems;
  }
  if (password.length < policy.minimum_password_length) {
    problems.push(`Password should have a minimum length of ${policy.minimum_password_length}`);
  }
  if (policy.require_uppercase_characters && !hasUpper(password)) problems.push('Password should have at least one uppercase letter');
  if (policy.require_lowercase_characters && !hasLower(password)) problems.push('Password should have at least one lowercase letter');
  if (policy.require_numbers && !hasNumber(password)) problems.push('Password should have at least one number');
  if (policy.require_symbols && !hasSymbol(password)) problems.push('Password should have at least one symbol');
  return problems;
}

export function assertPasswordAllowed(
  password: string,
  policy: PasswordPolicy | undefined,
  context: { rootEmail?: string | undefined },
): void {
  const problems = passwordProblems(password, policy, context);
  if (problems.length > 0) throw new AwsError('PasswordPolicyViolation', problems.join('; '));
}
