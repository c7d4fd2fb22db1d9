import { parsePolicy } from '@gatehouse/policy';
import { managedPolicyDocument } from '../authz/identity-policies.js';
import { stsOperation } from '../iam/define.js';
import { requestTags } from '../iam/targets.js';
import { AwsError } from '../protocol/errors.js';
import type { HandlerContext } from '../operation.js';
import { issueCredentials } from './credentials.js';

// Session policies, inline and managed together, are packed into at most this many characters.
// https://docs.aws.amazon.com/STS/latest/APIReference/API_GetFederationToken.html
const PACKED_LIMIT = 2048;

/**
 * Resolves a call's session policies (Policy and PolicyArns) to documents, refusing malformed
 * ones and unknown ARNs, and answers PackedPolicySize as a percentage of the limit.
 */
export async function sessionPolicies(ctx: Pick<HandlerContext, 'tx' | 'accountId'>, policy: string | undefined, arns: readonly { arn?: string }[] | undefined): Promise<{ documents: string[]; packedPercent: number }> {
  const documents: string[] = [];
  if (policy !== undefined) {
    const parsed = parsePolicy(policy, { kind: 'session' });
    if (!parsed.ok) throw new AwsError('MalformedPolicyDocument', parsed.errors[0]?.message ?? 'Syntax errors in policy.');
    documents.push(policy);
  }
  for (const { arn } of arns ?? []) {
    if (arn === undefined) continue;
    const row = await managedPolicyDocument(ctx.tx, arn, ctx.accountId);
    if (!row) throw new AwsError('InvalidParameterValue', `Policy ${arn} does not exist or is not attachable.`);
    documents.push(row.document);
  }
  const packed = Math.ceil((((policy ?? '').replace(/\s/g, '').length + (arns?.length ?? 0) * 64) / PACKED_LIMIT) * 100);
  if (packed > 100) throw new AwsError('PackedPolicyTooLarge', `Packed policy consumes ${packed}% of allotted space, please use smaller policy.`);
  return { documents, packedPercent: packed };
}

/**
 * Credentials for a federated user: the calling IAM user's permissions, narrowed by the
 * session policies (with none, the session may do nothing but what resource policies grant).
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_temp_request.html#api_getfederationtoken
 */
export const getFederationToken = stsOperation<'GetFederationToken'>({
  action: 'sts:GetFederationToken',
  writes: true,
  authorization: 'policy',
  target: (input, at) => ({ resource: `arn:aws:sts::${at.accountId}:federated-user/${input.Name}` }),
  async handle(ctx, input) {
    const p = ctx.principal;
    if (p.type !== 'IAMUser' || p.session || p.console) {
      throw new AwsError('AccessDenied', 'GetFederationToken must be called with the long-term access key of an IAM user.');
    }
    const { documents, packedPercent } = await sessionPolicies(ctx, input.Policy, input.PolicyArns);
    // Session tags become the federated user's aws:PrincipalTag values, so passing them needs
    // sts:TagSession. https://docs.aws.amazon.com/IAM/latest/UserGuide/id_session-tags.html
    if ((input.Tags ?? []).length > 0) await ctx.authorize('sts:TagSession', { resource: `arn:aws:sts::${ctx.accountId}:federated-user/${input.Name}`, context: requestTags(input.Tags) });
    const tags = Object.fromEntries((input.Tags ?? []).map((t) => [t.Key, t.Value]));
    const Credentials = await issueCredentials(ctx, {
      kind: 'federated',
      user_id: p.user.id,
      role_id: null,
      session_name: input.Name,
      source_identity: null,
      mfa_authenticated_at: null,
      chained: 0,
      durationSeconds: input.DurationSeconds ?? 43_200,
      policies: documents.length > 0 ? documents : [JSON.stringify({ Version: '2012-10-17', Statement: [] })],
      tags,
    });
    return {
      Credentials,
      FederatedUser: { FederatedUserId: `${ctx.accountId}:${input.Name}`, Arn: `arn:aws:sts::${ctx.accountId}:federated-user/${input.Name}` },
      PackedPolicySize: packedPercent,
    };
  },
});
