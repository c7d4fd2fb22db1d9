import { evaluateDocuments } from '../authz/decide.js';
import { anonymousStsOperation } from '../iam/define.js';
import { issuerKey, providerArn } from '../iam/oidc-providers/provider-url.js';
import { AwsError } from '../protocol/errors.js';
import { clientIdsOf, findOidcProvider } from '../storage/repositories/oidc-providers.js';
import { findRoleByArn } from '../storage/repositories/roles.js';
import { issueCredentials } from './credentials.js';
import { sessionPolicies } from './federation-token.js';
import { invalidToken, peekClaims, verifyIdToken } from './web-identity-token.js';

const ACTION = 'sts:AssumeRoleWithWebIdentity';
const notAuthorized = () => new AwsError('AccessDenied', `Not authorized to perform ${ACTION}`);
const iso = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, 'Z');

/**
 * Role credentials for the holder of an OIDC ID token, called without a signature. The token's
 * issuer must be an IAM OIDC provider of the role's account; its signature is verified against
 * the issuer's JWKS, then iss, exp and nbf, and its aud must be one of the provider's client ids.
 * The role's trust policy then decides, with the provider's ARN as Federated principal and the
 * token's claims as <provider>:aud, <provider>:sub and <provider>:amr.
 * https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRoleWithWebIdentity.html
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html#condition-keys-wif
 */
export const assumeRoleWithWebIdentity = anonymousStsOperation<'AssumeRoleWithWebIdentity'>({
  action: ACTION,
  writes: true,
  anonymous: true,
  async handle(ctx, input) {
    if (input.ProviderId !== undefined) {
      throw new AwsError('InvalidParameterValue', 'ProviderId is for OAuth 2.0 access tokens, which Gatehouse does not accept: omit it and send an OpenID Connect ID token.');
    }
    const accountId = /^arn:aws:iam::(\d{12}):role\//.exec(input.RoleArn)?.[1];
    if (!accountId) throw notAuthorized();

    const unverified = peekClaims(input.WebIdentityToken);
    const iss = typeof unverified.iss === 'string' ? unverified.iss : undefined;
    const key = iss !== undefined ? issuerKey(iss) : undefined;
    // The provider is read, and the token verified over the network, before any transaction is
    // open: a slow issuer must not hold the database for other requests.
    const provider = key !== undefined ? await ctx.store.transaction((tx) => findOidcProvider(tx, accountId, key)) : undefined;
    if (!iss || !provider) throw invalidToken(`No OpenIDConnect provider found in your account for ${iss ?? '(no iss claim)'}`);

    const claims = await verifyIdToken(input.WebIdentityToken, provider.url, iss, ctx.now);
    const audiences = claims.aud === undefined ? [] : Array.isArray(claims.aud) ? claims.aud : [claims.aud];
    const clientIds = clientIdsOf(provider);
    const audience = audiences.find((a) => clientIds.includes(a));
    if (audience === undefined) throw invalidToken('Incorrect token audience');
    if (typeof claims.sub !== 'string' || claims.sub === '') {
      throw new AwsError('IDPRejectedClaim', 'The identity provider (IdP) reported that authentication failed. This might be because the claim is invalid: the token has no sub claim.');
    }

    const subject: string = claims.sub;
    const clientId: string = audience;
    ctx.identify({ accountId, provider: iss, audience: clientId, subject });
    return ctx.store.transaction(async (tx) => {
      const role = await findRoleByArn(tx, input.RoleArn);
      if (!role || role.account_id !== accountId) throw notAuthorized();
      const arn = providerArn(accountId, provider.url_key);
      const amr = claims.amr;
      const context: Record<string, string | string[]> = {
        'aws:CurrentTime': iso(ctx.now),
        'aws:EpochTime': String(Math.floor(ctx.now.getTime() / 1000)),
        'aws:FederatedProvider': arn,
        'sts:RoleSessionName': input.RoleSessionName,
        [`${provider.url_key}:aud`]: clientId,
        [`${provider.url_key}:sub`]: subject,
        ...(Array.isArray(amr) ? { [`${provider.url_key}:amr`]: amr.filter((v): v is string => typeof v === 'string') } : typeof amr === 'string' ? { [`${provider.url_key}:amr`]: amr } : {}),
      };
      const { decision } = evaluateDocuments(
        ctx.policies,
        { identity: [], resource: { document: role.assume_role_policy, kind: 'trust', id: input.RoleArn } },
        { principal: { type: 'Federated', provider: arn }, action: ACTION, resource: input.RoleArn, resourceAccount: accountId, context },
      );
      if (decision.decision !== 'allowed') throw notAuthorized();

      const duration = input.DurationSeconds ?? 3600;
      if (duration > role.max_session_duration) throw new AwsError('ValidationError', 'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.');
      const session = { ...ctx, tx, accountId };
      const { documents, packedPercent } = await sessionPolicies(session, input.Policy, input.PolicyArns);
      const Credentials = await issueCredentials(session, {
        kind: 'role',
        accountId,
        user_id: null,
        role_id: role.id,
        session_name: input.RoleSessionName,
        source_identity: null,
        mfa_authenticated_at: null,
        chained: 0,
        durationSeconds: duration,
        policies: documents,
      });
      return {
        Credentials,
        SubjectFromWebIdentityToken: subject,
        AssumedRoleUser: { AssumedRoleId: `${role.id}:${input.RoleSessionName}`, Arn: `arn:aws:sts::${accountId}:assumed-role/${role.name}/${input.RoleSessionName}` },
        PackedPolicySize: packedPercent,
        Provider: iss,
        Audience: clientId,
      };
    }, { write: true });
  },
});
