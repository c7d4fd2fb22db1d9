import { createRemoteJWKSet, decodeJwt, errors, jwtVerify, type JWTPayload } from 'jose';
import { isLoopback } from '../iam/oidc-providers/provider-url.js';
import { AwsError } from '../protocol/errors.js';

// A slow issuer must not hold a request for long; discovery documents and key sets are kept
// a little while, for a bounded number of issuers.
const TIMEOUT_MS = 5_000;
const CACHE_MS = 10 * 60 * 1000;
const CACHE_ISSUERS = 100;
// The signing algorithms STS accepts for OIDC ID tokens (RSA and ECDSA, never "none" or HMAC).
// https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_providers_create_oidc.html
const ALGORITHMS = ['RS256', 'RS384', 'RS512', 'ES256', 'ES384', 'ES512'];

type KeySet = ReturnType<typeof createRemoteJWKSet>;
const keySets = new Map<string, { keys: KeySet; until: number }>();

// Messages are the exceptions' own documentation in the STS API reference.
// https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRoleWithWebIdentity.html
export const invalidToken = (detail?: string) =>
  new AwsError(
    'InvalidIdentityToken',
    detail ?? 'The web identity token that was passed could not be validated by Amazon Web Services. Get a new identity token from the identity provider and then retry the request.',
  );
const unreachable = () =>
  new AwsError(
    'IDPCommunicationError',
    'The request could not be fulfilled because the identity provider (IDP) that was asked to verify the incoming identity token could not be reached. This is often a transient error caused by network conditions. Retry the request a limited number of times and wait between attempts.',
  );

/** https:// always; http:// only for a loopback issuer (a test's local one), as for provider URLs. */
function reachable(url: URL): boolean {
  return url.protocol === 'https:' || (url.protocol === 'http:' && isLoopback(url.hostname));
}

/** The claims of a token, unverified: only to learn which issuer to ask. */
export function peekClaims(token: string): JWTPayload {
  try {
    return decodeJwt(token);
  } catch {
    throw invalidToken();
  }
}

/** The issuer's key set, from its OpenID discovery document's jwks_uri. */
async function keySetOf(issuerUrl: string): Promise<KeySet> {
  const cached = keySets.get(issuerUrl);
  if (cached && cached.until > Date.now()) return cached.keys;
  let jwksUri: URL;
  try {
    const response = await fetch(`${issuerUrl}/.well-known/openid-configuration`, { signal: AbortSignal.timeout(TIMEOUT_MS), redirect: 'error' });
    if (!response.ok) throw unreachable();
    const discovery = (await response.json()) as { jwks_uri?: unknown };
    if (typeof discovery.jwks_uri !== 'string') throw invalidToken("Couldn't retrieve verification key from your identity provider, please reference AssumeRoleWithWebIdentity documentation for requirements");
    jwksUri = new URL(discovery.jwks_uri);
  } catch (error) {
    if (error instanceof AwsError) throw error;
    throw unreachable();
  }
  if (!reachable(jwksUri)) throw invalidToken("Couldn't retrieve verification key from your identity provider, please reference AssumeRoleWithWebIdentity documentation for requirements");
  const keys = createRemoteJWKSet(jwksUri, { timeoutDuration: TIMEOUT_MS, cacheMaxAge: CACHE_MS });
  if (keySets.size >= CACHE_ISSUERS) keySets.delete(keySets.keys().next().value!);
  keySets.set(issuerUrl, { keys, until: Date.now() + CACHE_MS });
  return keys;
}

/**
 * Verifies an OIDC ID token issued by `issuerUrl` (a registered provider): its signature
 * against the issuer's JWKS, its iss, exp and nbf at `now`. The audience is the caller's to check.
 */
export async function verifyIdToken(token: string, issuerUrl: string, iss: string, now: Date): Promise<JWTPayload> {
  const keys = await keySetOf(issuerUrl);
  try {
    const { payload } = await jwtVerify(token, keys, { issuer: iss, currentDate: now, algorithms: ALGORITHMS });
    return payload;
  } catch (error) {
    if (error instanceof errors.JWTExpired) {
      const exp = typeof error.payload.exp === 'number' ? error.payload.exp : 0;
      throw new AwsError('ExpiredTokenException', `Token expired: current date/time ${Math.floor(now.getTime() / 1000)} must be before the expiration date/time ${exp}`);
    }
    if (error instanceof errors.JWTClaimValidationFailed && error.claim === 'nbf') throw invalidToken('Token is not yet valid: its nbf (not before) claim is in the future.');
    if (error instanceof errors.JWKSTimeout) throw unreachable();
    if (error instanceof errors.JWKSNoMatchingKey || error instanceof errors.JWKSMultipleMatchingKeys) {
      throw invalidToken("Couldn't retrieve verification key from your identity provider, please reference AssumeRoleWithWebIdentity documentation for requirements");
    }
    if (error instanceof errors.JOSEError && error.code === 'ERR_JOSE_GENERIC') throw unreachable();
    if (error instanceof errors.JOSEError) throw invalidToken();
    throw unreachable();
  }
}
