import { AwsError } from '../protocol/errors.js';
import { toSecond } from '../audit/access-advisor.js';
import { timingSafeEqual } from 'node:crypto';
import { entityArn, rootArn, type Principal, type SessionInfo } from '../principal.js';
import type { User } from '../storage/schema.js';
import { hashToken } from '../sts/credentials.js';
import { recordRoleUse } from '../storage/repositories/roles.js';
import { StoreUnavailable, type Store } from '../storage/database.js';
import type { SecretBox } from '../crypto/secret-box.js';
import {
  checkRequestTime,
  readSignatureClaim,
  SigningKeyCache,
  verifySignature,
  type HttpRequestParts,
  type SignatureClaim,
  type VerifyOptions,
} from './sigv4.js';

// AWS answers an unknown and an inactive key alike, so a caller cannot probe which keys exist.
const invalidToken = () => new AwsError('InvalidClientTokenId', 'The security token included in the request is invalid.');

const USER_COLUMNS = [
  'users.id as user_id',
  'users.name',
  'users.name_key',
  'users.path',
  'users.created_at',
  'users.permissions_boundary_arn',
  'users.password_last_used',
] as const;

type UserColumns = {
  user_id: string | null;
  name: string | null;
  name_key: string | null;
  path: string | null;
  created_at: string | null;
  permissions_boundary_arn: string | null;
  password_last_used: string | null;
};

function userOf(row: UserColumns & { account_id: string }): User | undefined {
  if (row.user_id === null || row.name === null) return undefined;
  return {
    id: row.user_id,
    account_id: row.account_id,
    name: row.name,
    name_key: row.name_key!,
    path: row.path!,
    created_at: row.created_at!,
    permissions_boundary_arn: row.permissions_boundary_arn,
    password_last_used: row.password_last_used,
  };
}

/** Root when no user owns the key, else the IAM user. */
function principalOf(accountId: string, user: User | undefined, extra: { accessKeyId: string; session?: SessionInfo }): Principal {
  if (!user) return { type: 'Root', accountId, arn: rootArn(accountId), ...extra };
  return { type: 'IAMUser', accountId, arn: entityArn(accountId, 'user', user.path, user.name), user, ...extra };
}

function sameHash(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === y.length && timingSafeEqual(x, y);
}

export interface Authenticated {
  principal: Principal;
  claim: SignatureClaim;
}

/**
 * Chooses the verification rules from what the request claims (its credential scope), and
 * refuses a claim the endpoint does not serve by throwing, e.g. requireSigningService.
 */
export type VerificationRules = (claim: SignatureClaim) => VerifyOptions;

const DEFAULT_RULES: VerifyOptions = {};

/**
 * SigV4 authentication: the claim is read, the key looked up (it must exist and be Active),
 * and the signature verified with a cached signing key. The secret is decrypted only when the
 * cache has no signing key for this key, day, region and service.
 */
export class Authenticator {
  readonly #cache = new SigningKeyCache();

  constructor(
    private readonly store: Store,
    private readonly secrets: SecretBox,
  ) {}

  /** A request to Gatehouse's own IAM and STS endpoint, verified by their rules. */
  authenticate(request: HttpRequestParts, now: Date, expectedService: (claim: SignatureClaim) => void): Promise<Authenticated> {
    return this.authenticateWith(request, now, (claim) => {
      expectedService(claim);
      return DEFAULT_RULES;
    });
  }

  /**
   * The same steps with the rules chosen per request: the authorize API verifies a request
   * that was sent to another service (S3's path and payload rules for an s3-scoped one, the
   * payload hash computed by that service). The key lookup, its status, last use and the
   * principal are the same, so an access key means the same thing to every caller.
   */
  async authenticateWith(request: HttpRequestParts, now: Date, rulesFor: VerificationRules): Promise<Authenticated> {
    const claim = readSignatureClaim(request);
    const rules = rulesFor(claim);
    // AWS checks the clock before it looks the key up.
    checkRequestTime(claim, now, rules);
    if (claim.accessKeyId.startsWith('ASIA')) return this.#temporary(request, claim, now, rules);
    // Only temporary (ASIA) credentials carry a session token: a token beside a long-term key
    // is never valid.
    if (claim.sessionToken !== undefined) throw invalidToken();
    const key = await this.store.read((db) =>
      db
        .selectFrom('access_keys')
        .leftJoin('users', 'users.id', 'access_keys.user_id')
        .select([
          'access_keys.id',
          'access_keys.account_id',
          'access_keys.status',
          'access_keys.secret_ciphertext',
          'access_keys.last_used_at',
          'access_keys.last_used_service',
          'access_keys.last_used_region',
          ...USER_COLUMNS,
        ])
        .where('access_keys.id', '=', claim.accessKeyId)
        .executeTakeFirst(),
    );
    if (!key || key.status !== 'Active') throw invalidToken();
    const signingKey = this.#cache.get(claim, () => this.secrets.open(key.secret_ciphertext, key.id));
    verifySignature(request, claim, signingKey, now, rules);

    // Last use is kept to the second, as GetAccessKeyLastUsed reports it: a key in steady use
    // is written once a second at most, and what is kept is always the second of its last use.
    const usedAt = toSecond(now).toISOString();
    if (key.last_used_at !== usedAt || key.last_used_service !== claim.service || key.last_used_region !== claim.region) {
      await bestEffort(
        this.store.transaction(
          (tx) => tx.updateTable('access_keys').set({ last_used_at: usedAt, last_used_service: claim.service, last_used_region: claim.region }).where('id', '=', key.id).execute(),
          { write: true },
        ),
      );
    }
    return { claim, principal: principalOf(key.account_id, userOf(key), { accessKeyId: key.id }) };
  }

  /**
   * Temporary credentials: the session must exist, its token must be the one issued with it
   * (compared by hash, in constant time), and it must not have expired.
   * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_temp_use-resources.html
   */
  async #temporary(request: HttpRequestParts, claim: SignatureClaim, now: Date, rules: VerifyOptions): Promise<Authenticated> {
    const token = claim.sessionToken;
    if (token === undefined) throw invalidToken();
    const session = await this.store.read((db) =>
      db
        .selectFrom('sessions')
        .leftJoin('users', 'users.id', 'sessions.user_id')
        .selectAll('sessions')
        .select(USER_COLUMNS)
        // users.id is also selected as user_id; this keeps the session's own reference apart.
        .select('sessions.user_id as session_user_id')
        .where('sessions.access_key_id', '=', claim.accessKeyId)
        .executeTakeFirst(),
    );
    if (!session || !sameHash(hashToken(token), session.token_hash)) throw invalidToken();
    if (Date.parse(session.expires_at) <= now.getTime()) throw new AwsError('ExpiredToken', 'The security token included in the request is expired');
    const signingKey = this.#cache.get(claim, () => this.secrets.open(session.secret_ciphertext, session.access_key_id));
    verifySignature(request, claim, signingKey, now, rules);
    const info: SessionInfo = {
      accessKeyId: session.access_key_id,
      kind: session.kind,
      issuedAt: new Date(session.issued_at),
      expiresAt: new Date(session.expires_at),
      ...(session.mfa_authenticated_at ? { mfaAuthenticatedAt: new Date(session.mfa_authenticated_at) } : {}),
      policies: session.session_policies ? (JSON.parse(session.session_policies) as string[]) : [],
      tags: session.session_tags ? (JSON.parse(session.session_tags) as Record<string, string>) : {},
      transitiveTagKeys: session.transitive_tag_keys ? (JSON.parse(session.transitive_tag_keys) as string[]) : [],
      ...(session.source_identity ? { sourceIdentity: session.source_identity } : {}),
      chained: session.chained === 1,
    };
    const user = userOf(session);
    // The sessions of a deleted user end with the user; they must never fall back to root.
    if (session.session_user_id !== null && !user) throw invalidToken();
    if (session.kind === 'federated') {
      if (!user || !session.session_name) throw invalidToken();
      const arn = `arn:aws:sts::${session.account_id}:federated-user/${session.session_name}`;
      return { claim, principal: { type: 'FederatedUser', accountId: session.account_id, arn, name: session.session_name, user, accessKeyId: session.access_key_id, session: info } };
    }
    if (session.kind === 'role') {
      const role = session.role_id ? await this.store.read((db) => db.selectFrom('roles').selectAll().where('id', '=', session.role_id!).executeTakeFirst()) : undefined;
      // A deleted role's sessions end with it.
      if (!role || !session.session_name) throw invalidToken();
      if (role.last_used_at !== toSecond(now).toISOString() || role.last_used_region !== claim.region) {
        await bestEffort(this.store.transaction((tx) => recordRoleUse(tx, role.id, toSecond(now), claim.region), { write: true }));
      }
      const roleArn = entityArn(role.account_id, 'role', role.path, role.name);
      return {
        claim,
        principal: {
          type: 'AssumedRole',
          accountId: role.account_id,
          arn: `arn:aws:sts::${role.account_id}:assumed-role/${role.name}/${session.session_name}`,
          role: { id: role.id, name: role.name, path: role.path, arn: roleArn },
          sessionName: session.session_name,
          accessKeyId: session.access_key_id,
          session: info,
        },
      };
    }
    return { claim, principal: principalOf(session.account_id, user, { accessKeyId: session.access_key_id, session: info }) };
  }
}

/**
 * Last use is bookkeeping: when the database cannot take the write in time (another process
 * holds SQLite's lock), the call goes on and the next request records it.
 */
async function bestEffort(write: Promise<unknown>): Promise<void> {
  try {
    await write;
  } catch (error) {
    if (!(error instanceof StoreUnavailable)) throw error;
  }
}
