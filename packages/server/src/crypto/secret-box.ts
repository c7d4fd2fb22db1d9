import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, linkSync, mkdirSync, openSync, readFileSync, unlinkSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';

const VERSION = 'v1';

/**
 * Encrypts secrets at rest (AES-256-GCM). The key lives in a file or the environment, never in
 * the database, so a copy of the database alone does not reveal any secret access key.
 * Each ciphertext is bound to its owner's id (GCM associated data), so a ciphertext moved to
 * another row fails to open.
 */
export class SecretBox {
  readonly #key: Buffer;

  constructor(key: Buffer) {
    if (key.length !== 32) throw new Error('The master key must be 32 bytes (AES-256).');
    this.#key = key;
  }

  seal(plaintext: string, boundTo: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.#key, iv);
    cipher.setAAD(Buffer.from(boundTo, 'utf8'));
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return `${VERSION}:${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64')}`;
  }

  /**
   * A 32-byte key for one purpose, derived from the master key (HKDF-SHA256, RFC 5869), so
   * that every node sharing the master key derives the same one and none is stored.
   */
  deriveKey(purpose: string): Buffer {
    return Buffer.from(hkdfSync('sha256', this.#key, 'gatehouse', purpose, 32));
  }

  open(sealed: string, boundTo: string): string {
    const [version, payload] = sealed.split(':', 2);
    if (version !== VERSION || !payload) throw new Error('Unknown secret format.');
    const raw = Buffer.from(payload, 'base64');
    // A full 16-byte tag only: Node would otherwise accept truncated tags, which are cheaper to forge.
    if (raw.length < 28) throw new Error('Sealed secret is too short.');
    const decipher = createDecipheriv('aes-256-gcm', this.#key, raw.subarray(0, 12), { authTagLength: 16 });
    decipher.setAAD(Buffer.from(boundTo, 'utf8'));
    decipher.setAuthTag(raw.subarray(12, 28));
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
  }
}

export const MASTER_KEY_ENV = 'GATEHOUSE_MASTER_KEY';

/** Where the master key lives when GATEHOUSE_MASTER_KEY is not set. */
export function masterKeyFile(dataDir: string): string {
  return join(dataDir, 'master.key');
}

/**
 * The master key from GATEHOUSE_MASTER_KEY (base64 of 32 bytes) or from DATA_DIR/master.key,
 * created with mode 0600 on first use. Several nodes sharing PostgreSQL must share this key.
 */
export function loadMasterKey(dataDir: string, env: NodeJS.ProcessEnv = process.env): Buffer {
  return readMasterKey(dataDir, env) ?? createMasterKey(dataDir);
}

/**
 * The master key if there is one, never creating it: for commands that act on secrets already
 * sealed, where a new key would silently be the wrong one.
 */
export function readMasterKey(dataDir: string, env: NodeJS.ProcessEnv = process.env): Buffer | undefined {
  const fromEnv = env[MASTER_KEY_ENV];
  if (fromEnv) {
    const key = Buffer.from(fromEnv, 'base64');
    if (key.length !== 32) throw new Error(`${MASTER_KEY_ENV} must be the base64 encoding of 32 random bytes.`);
    return key;
  }
  const file = masterKeyFile(dataDir);
  if (!existsSync(file)) return undefined;
  const key = Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
  if (key.length !== 32) throw new Error(`${file} must hold the base64 encoding of 32 random bytes.`);
  return key;
}

/**
 * Writes a new key to a private temporary file and links it into place, which fails if the
 * key file already exists: two processes starting at once on an empty data directory then
 * agree on one key (the loser reads the winner's), and no one ever reads a half-written file.
 * The file is created with mode 0600 rather than tightened afterwards, so it is never readable
 * by others, even for a moment; a directory Gatehouse creates for it is 0700.
 */
function createMasterKey(dataDir: string): Buffer {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const file = masterKeyFile(dataDir);
  const temporary = join(dataDir, `.master.key.${process.pid}.${randomBytes(6).toString('hex')}`);
  const key = randomBytes(32);
  const fd = openSync(temporary, 'wx', 0o600);
  try {
    writeSync(fd, key.toString('base64') + '\n');
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  try {
    linkSync(temporary, file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return readMasterKey(dataDir, {})!;
    // Some file systems (FAT, a few network mounts) have no hard links: create in place instead.
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'ENOSYS') throw error;
    writeFileSync(file, key.toString('base64') + '\n', { mode: 0o600, flag: 'wx' });
  } finally {
    unlinkSync(temporary);
  }
  return key;
}
