import { createHash } from 'node:crypto';
import { accessKeyId, secretAccessKey } from '../crypto/random.js';
import type { HandlerContext } from '../operation.js';
import type { SessionsTable } from '../storage/schema.js';

export interface TemporaryCredentials {
  AccessKeyId: string;
  SecretAccessKey: string;
  SessionToken: string;
  Expiration: Date;
}

export type SessionFields = Pick<SessionsTable, 'kind' | 'user_id' | 'role_id' | 'session_name' | 'source_identity' | 'mfa_authenticated_at' | 'chained'> & {
  durationSeconds: number;
  /** the account the session acts in, when not the caller's (a role of another account) */
  accountId?: string;
  policies?: readonly string[];
  tags?: Readonly<Record<string, string>>;
  transitiveTagKeys?: readonly string[];
};

/** What issuing needs of a handler's context; an anonymous handler (no principal) has it too. */
type IssuingContext = Pick<HandlerContext, 'tx' | 'accountId' | 'now' | 'random' | 'secrets'> & Partial<HandlerContext>;

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/**
 * Issues temporary credentials: an ASIA key id, a secret sealed at rest, and a session token
 * that is 64 random bytes and nothing else, so it reveals nothing to its holder; Gatehouse
 * keeps only its hash and finds the session by the key id.
 */
export async function issueCredentials(ctx: IssuingContext, fields: SessionFields): Promise<TemporaryCredentials> {
  const id = accessKeyId(ctx.random, 'ASIA');
  const secret = secretAccessKey(ctx.random);
  const token = ctx.random.bytes(64).toString('base64');
  const expiration = new Date(Math.floor(ctx.now.getTime() / 1000) * 1000 + fields.durationSeconds * 1000);
  await ctx.tx
    .insertInto('sessions')
    .values({
      access_key_id: id,
      account_id: fields.accountId ?? ctx.accountId,
      secret_ciphertext: ctx.secrets.seal(secret, id),
      token_hash: hashToken(token),
      kind: fields.kind,
      user_id: fields.user_id,
      role_id: fields.role_id,
      session_name: fields.session_name,
      source_identity: fields.source_identity,
      mfa_authenticated_at: fields.mfa_authenticated_at,
      session_policies: fields.policies && fields.policies.length > 0 ? JSON.stringify(fields.policies) : null,
      session_tags: fields.tags && Object.keys(fields.tags).length > 0 ? JSON.stringify(fields.tags) : null,
      transitive_tag_keys: fields.transitiveTagKeys && fields.transitiveTagKeys.length > 0 ? JSON.stringify(fields.transitiveTagKeys) : null,
      chained: fields.chained,
      issued_at: ctx.now.toISOString(),
      expires_at: expiration.toISOString(),
    })
    .execute();
  return { AccessKeyId: id, SecretAccessKey: secret, SessionToken: token, Expiration: expiration };
}
