import { randomBytes } from 'node:crypto';

/** Randomness behind a seam so tests can make ids and secrets predictable. */
export interface Random {
  bytes(n: number): Buffer;
}

export const systemRandom: Random = { bytes: (n) => randomBytes(n) };

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Uniform characters from a power-of-two alphabet: masking a random byte has no bias. */
function randomString(random: Random, alphabet: string, length: number): string {
  const mask = alphabet.length - 1;
  const bytes = random.bytes(length);
  let out = '';
  for (const byte of bytes) out += alphabet[byte & mask];
  return out;
}

/** AWS unique ids are a 4-letter type prefix and 17 base32 characters, e.g. AIDACKCEVSQ6C2EXAMPLE. */
export type IdPrefix = 'AIDA' | 'AGPA' | 'AROA' | 'ANPA' | 'AIPA' | 'ASCA';

export function uniqueId(random: Random, prefix: IdPrefix): string {
  return prefix + randomString(random, BASE32, 17);
}

/** 20 characters: AKIA (long-term) or ASIA (temporary) and 16 base32 characters. */
export function accessKeyId(random: Random, prefix: 'AKIA' | 'ASIA' = 'AKIA'): string {
  return prefix + randomString(random, BASE32, 16);
}

/** 40 characters of base64's alphabet, as AWS secret access keys are. */
export function secretAccessKey(random: Random): string {
  return randomString(random, BASE64, 40);
}

/** 12 decimal digits; the first is never 0 so the id survives being read as a number. */
export function accountId(random: Random): string {
  const bytes = random.bytes(12);
  let out = String((bytes[0]! % 9) + 1);
  for (let i = 1; i < 12; i++) out += String(bytes[i]! % 10);
  return out;
}

const PASSWORD_CLASSES = ['ABCDEFGHJKLMNPQRSTUVWXYZ', 'abcdefghijkmnopqrstuvwxyz', '23456789', '!@#$%^&*()_+-=[]{}|'];

/** A password that satisfies any password policy AWS allows (every class present). */
export function generatePassword(random: Random, length = 24): string {
  const all = PASSWORD_CLASSES.join('');
  const chars: string[] = [];
  const bytes = random.bytes(length * 2);
  for (let i = 0; i < length; i++) {
    const pool = i < PASSWORD_CLASSES.length ? PASSWORD_CLASSES[i]! : all;
    chars.push(pool[((bytes[2 * i]! << 8) | bytes[2 * i + 1]!) % pool.length]!);
  }
  // Shuffle so the guaranteed classes are not always at the front.
  const order = random.bytes(length);
  for (let i = length - 1; i > 0; i--) {
    const j = order[i]! % (i + 1);
    [chars[i], chars[j]] = [chars[j]!, chars[i]!];
  }
  return chars.join('');
}
