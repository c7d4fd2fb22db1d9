import { createHash, createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import type { SecretBox } from '../crypto/secret-box.js';

// PKCS#8 wrapping of a raw Ed25519 seed (RFC 8410 section 7): this prefix, then the 32 bytes.
const ED25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

/** Signs event digests; its public half is published so anyone can check them. */
export interface DigestSigner {
  sign(data: string): string;
  readonly publicKey: DigestPublicKey;
}

export interface DigestPublicKey {
  readonly key: KeyObject;
  /** PEM (SPKI), as GET /gatehouse/event-digest-key publishes it */
  readonly pem: string;
  /** SHA-256 of the DER public key, hex: digests name the key that signed them by it */
  readonly fingerprint: string;
}

/**
 * The Ed25519 key that signs digests, derived from the master key: every node sharing the
 * master key signs with the same key, and the database holds no part of it, so someone who
 * can rewrite the database cannot re-sign the digests over what they changed.
 */
export function digestSigner(secrets: SecretBox): DigestSigner {
  const seed = secrets.deriveKey('event digest signing key v1');
  const privateKey = createPrivateKey({ key: Buffer.concat([ED25519_PKCS8_PREFIX, seed]), format: 'der', type: 'pkcs8' });
  const publicKey = publicKeyOf(createPublicKey(privateKey));
  return {
    sign: (data) => sign(null, Buffer.from(data, 'utf8'), privateKey).toString('base64'),
    publicKey,
  };
}

export function publicKeyOf(key: KeyObject): DigestPublicKey {
  if (key.asymmetricKeyType !== 'ed25519') throw new Error('The event digest key must be an Ed25519 public key.');
  const der = key.export({ format: 'der', type: 'spki' });
  return { key, pem: key.export({ format: 'pem', type: 'spki' }).toString(), fingerprint: createHash('sha256').update(der).digest('hex') };
}

/** Reads a published public key (PEM). */
export function parsePublicKey(pem: string): DigestPublicKey {
  return publicKeyOf(createPublicKey(pem));
}

export function verifyDigestSignature(key: DigestPublicKey, data: string, signature: string): boolean {
  try {
    return verify(null, Buffer.from(data, 'utf8'), key.key, Buffer.from(signature, 'base64'));
  } catch {
    return false;
  }
}
