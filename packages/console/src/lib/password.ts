import type { PasswordPolicy } from '@aws-sdk/client-iam';

const UPPER = 'ABCDEFGHJKLMNPQRSTUVWXYZ';
const LOWER = 'abcdefghijkmnopqrstuvwxyz';
const DIGITS = '23456789';
// IAM's allowed symbols: ! @ # $ % ^ & * ( ) _ + - = [ ] { } | '
// https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_passwords_account-policy.html
const SYMBOLS = "!@#$%^&*()_+-=[]{}|'";

function pick(alphabet: string, random: Uint32Array, at: number): string {
  return alphabet[(random[at] as number) % alphabet.length] as string;
}

/**
 * A random console password that satisfies the account's password policy: at least 20
 * characters (or the policy's minimum, if longer), with one of every character class, so it
 * passes whatever the policy requires. Look-alike characters (0/O, 1/l/I) are left out because
 * people read these passwords off a screen.
 */
export function generatePassword(policy?: PasswordPolicy): string {
  const length = Math.max(20, policy?.MinimumPasswordLength ?? 0);
  const all = UPPER + LOWER + DIGITS + SYMBOLS;
  const random = crypto.getRandomValues(new Uint32Array(length * 2));
  const chars = [pick(UPPER, random, 0), pick(LOWER, random, 1), pick(DIGITS, random, 2), pick(SYMBOLS, random, 3)];
  for (let i = chars.length; i < length; i++) chars.push(pick(all, random, i));
  // Shuffle (Fisher–Yates) so the classes are not always in the first four places.
  for (let i = chars.length - 1; i > 0; i--) {
    const j = (random[length + i] as number) % (i + 1);
    [chars[i], chars[j]] = [chars[j] as string, chars[i] as string];
  }
  return chars.join('');
}
