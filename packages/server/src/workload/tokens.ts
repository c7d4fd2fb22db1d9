import { randomBytes } from 'node:crypto';
import type { Store } from '../storage/database.js';
import { findInstanceProfile } from '../storage/repositories/instance-profiles.js';
import { hashToken } from '../sts/credentials.js';

export interface NewWorkloadToken {
  id: string;
  /** shown once; Gatehouse keeps only its hash */
  token: string;
}

/**
 * Registers a workload: a bearer token bound to an instance profile. The workload presents it
 * to the credentials endpoint (as the AWS SDKs' container credentials provider does) and gets
 * the profile's role credentials, renewed before they expire; nothing long-lived is on it.
 */
export async function createWorkloadToken(store: Store, options: { accountId: string; instanceProfileName: string; name?: string; now: Date }): Promise<NewWorkloadToken> {
  return store.transaction(async (tx) => {
    const profile = await findInstanceProfile(tx, options.accountId, options.instanceProfileName);
    if (!profile) throw new Error(`Instance profile ${options.instanceProfileName} does not exist in account ${options.accountId}. Create it with aws iam create-instance-profile first.`);
    const id = `wt-${randomBytes(8).toString('hex')}`;
    const token = `ghwt_${randomBytes(32).toString('base64url')}`;
    await tx
      .insertInto('workload_tokens')
      .values({ id, account_id: options.accountId, instance_profile_id: profile.id, name: options.name ?? profile.name, token_hash: hashToken(token), created_at: options.now.toISOString(), last_used_at: null })
      .execute();
    return { id, token };
  }, { write: true });
}

export async function revokeWorkloadToken(store: Store, id: string): Promise<boolean> {
  const result = await store.db.deleteFrom('workload_tokens').where('id', '=', id).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}
