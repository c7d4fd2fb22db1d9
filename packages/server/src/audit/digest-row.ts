import type { EventDigestsTable } from '../storage/schema.js';
import { verifyDigestSignature, type DigestPublicKey } from './digest-signer.js';
import { digestHash, type Digest } from './digests.js';

/** A digest as stored, once its signature and its row have been checked. */
export interface SealedDigest {
  digest: Digest;
  /** SHA-256 of the signed JSON: what the next digest names as previousDigestHash */
  hash: string;
}

/**
 * Reads a stored digest, or says why it cannot be trusted (unreadable, not signed by the key).
 * A signed digest whose row's columns disagree with what was signed (the sealer, pruning and
 * the order of digests go by them) comes with `columnsProblem`: its content is still genuine.
 * The sealer and verify-events read digests through this one check.
 */
export function readDigestRow(row: EventDigestsTable, key: DigestPublicKey, accountId: string): (SealedDigest & { columnsProblem?: string }) | { problem: string } {
  let digest: Digest;
  try {
    digest = JSON.parse(row.digest) as Digest;
  } catch {
    return { problem: `the digest of ${row.period_start} is not readable` };
  }
  if (!verifyDigestSignature(key, row.digest, row.signature)) {
    return { problem: `the digest of ${row.period_start} is not signed by the event digest key ${key.fingerprint.slice(0, 16)}…` };
  }
  const hash = digestHash(row.digest);
  if (
    hash !== row.digest_hash ||
    digest.accountId !== accountId ||
    digest.digestStartTime !== row.period_start ||
    digest.digestEndTime !== row.period_end ||
    digest.firstSeq !== Number(row.first_seq) ||
    digest.lastSeq !== Number(row.last_seq)
  ) {
    return { digest, hash, columnsProblem: `the digest of ${row.period_start} does not match its stored columns` };
  }
  return { digest, hash };
}
