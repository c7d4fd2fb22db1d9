import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { accessKeyId, accountId, generatePassword, secretAccessKey, systemRandom, uniqueId } from '../../src/crypto/random.js';
import { loadMasterKey, readMasterKey, SecretBox } from '../../src/crypto/secret-box.js';
import { passwordProblems } from '../../src/auth/password.js';

describe('SecretBox', () => {
  const box = new SecretBox(Buffer.alloc(32, 1));

  it('round-trips a secret and never stores the plaintext', () => {
    const sealed = box.seal('wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY', 'AKIAEXAMPLE');
    expect(sealed).not.toContain('wJalr');
    expect(box.open(sealed, 'AKIAEXAMPLE')).toBe('wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY');
  });

  it('refuses a ciphertext moved to another owner or opened with another key', () => {
    const sealed = box.seal('secret', 'AKIAONE');
    expect(() => box.open(sealed, 'AKIATWO')).toThrow();
    expect(() => new SecretBox(Buffer.alloc(32, 2)).open(sealed, 'AKIAONE')).toThrow();
  });

  it('creates a master key file readable only by its owner, then reuses it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gh-key-'));
    try {
      const key = loadMasterKey(dir, {});
      expect(key).toHaveLength(32);
      expect(statSync(join(dir, 'master.key')).mode & 0o777).toBe(0o600);
      expect(loadMasterKey(dir, {})).toEqual(key);
      expect(() => loadMasterKey(dir, { GATEHOUSE_MASTER_KEY: 'c2hvcnQ=' })).toThrow(/32 random bytes/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('makes a data directory of its own 0700, leaves no temporary file, and reads without creating when asked to', () => {
    const parent = mkdtempSync(join(tmpdir(), 'gh-key-'));
    try {
      const dir = join(parent, 'data', 'nested');
      expect(readMasterKey(dir, {})).toBeUndefined();
      expect(existsSync(dir)).toBe(false);
      const key = loadMasterKey(dir, {});
      expect(statSync(dir).mode & 0o777).toBe(0o700);
      expect(statSync(join(parent, 'data')).mode & 0o777).toBe(0o700);
      expect(statSync(join(dir, 'master.key')).mode & 0o777).toBe(0o600);
      expect(readdirSync(dir)).toEqual(['master.key']);
      expect(readMasterKey(dir, {})).toEqual(key);
      const fromEnv = Buffer.alloc(32, 9);
      expect(readMasterKey(dir, { GATEHOUSE_MASTER_KEY: fromEnv.toString('base64') })).toEqual(fromEnv);
    } finally {
      rmSync(parent, { recursive: true, force: true });
    }
  });
});

describe('ids and secrets have AWS shapes', () => {
  it('makes ids, keys and account numbers of the right form', () => {
    expect(uniqueId(systemRandom, 'AIDA')).toMatch(/^AIDA[A-Z2-7]{17}$/);
    expect(accessKeyId(systemRandom)).toMatch(/^AKIA[A-Z2-7]{16}$/);
    expect(accessKeyId(systemRandom, 'ASIA')).toMatch(/^ASIA[A-Z2-7]{16}$/);
    expect(secretAccessKey(systemRandom)).toMatch(/^[A-Za-z0-9+/]{40}$/);
    expect(accountId(systemRandom)).toMatch(/^[1-9]\d{11}$/);
  });

  it('generates passwords that pass the strictest policy', () => {
    const strict = {
      account_id: 'x',
      minimum_password_length: 24,
      require_symbols: 1,
      require_numbers: 1,
      require_uppercase_characters: 1,
      require_lowercase_characters: 1,
      allow_users_to_change_password: 1,
      max_password_age: null,
      password_reuse_prevention: null,
      hard_expiry: 0,
    };
    for (let i = 0; i < 50; i++) expect(passwordProblems(generatePassword(systemRandom), strict, {})).toEqual([]);
  });
});

describe('password policy', () => {
  it('applies AWS default rules without a custom policy', () => {
    expect(passwordProblems('short', undefined, {})).toContain('Password should have a minimum length of 8');
    expect(passwordProblems('alllowercase', undefined, {})).toHaveLength(1);
    expect(passwordProblems('Lower-and-1', undefined, {})).toEqual([]);
    expect(passwordProblems('Root@Example.com1', undefined, { rootEmail: 'root@example.com1' })).toContain('Password must not be the same as the account email address');
  });
});
