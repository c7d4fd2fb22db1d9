import { AwsError } from '../protocol/errors.js';
import { entityArn, rootArn, type Principal } from '../principal.js';
import type { Store } from '../storage/database.js';
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
    // Only temporary (ASIA) credentials carry a session token, and Gatehouse issues none yet:
    // a token beside a long-term key is never valid.
    if (claim.sessionToken !== undefined) throw invalidToken();
    const key = await this.store.db
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
        'users.id as user_id',
        'users.name',
        'users.name_key',
        'users.path',
        'users.account_id as user_account_id',
        'users.created_at',
        'users.permissions_boundary_arn',
        'users.password_last_used',
      ])
      .where('access_keys.id', '=', claim.accessKeyId)
      .executeTakeFirst();
    if (!key || key.status !== 'Active') throw invalidToken();
    const signingKey = this.#cache.get(claim, () => this.secrets.open(key.secret_ciphertext, key.id));
    verifySignature(request, claim, signingKey, now, rules);

    // Last use is kept to the second: a key in steady use is not rewritten on every request.
    const lastUsed = key.last_used_at ? Date.parse(key.last_used_at) : 0;
    if (now.getTime() - lastUsed >= 1000 || key.last_used_service !== claim.service || key.last_used_region !== claim.region) {
      await this.store.db
        .updateTable('access_keys')
        .set({ last_used_at: now.toISOString(), last_used_service: claim.service, last_used_region: claim.region })
        .where('id', '=', key.id)
        .execute();
    }

    if (key.user_id === null || key.name === null) {
      return { claim, principal: { type: 'Root', accountId: key.account_id, arn: rootArn(key.account_id), accessKeyId: key.id } };
    }
    const user = {
      id: key.user_id,
      account_id: key.account_id,
      name: key.name,
      name_key: key.name_key!,
      path: key.path!,
      created_at: key.created_at!,
      permissions_boundary_arn: key.permissions_boundary_arn,
      password_last_used: key.password_last_used,
    };
    return {
      claim,
      principal: { type: 'IAMUser', accountId: key.account_id, arn: entityArn(key.account_id, 'user', user.path, user.name), user, accessKeyId: key.id },
    };
  }
}
