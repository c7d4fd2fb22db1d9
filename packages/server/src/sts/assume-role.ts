import { stsOperation } from '../iam/define.js';
import { requestTags } from '../iam/targets.js';
import type { Principal } from '../principal.js';
import { AwsError } from '../protocol/errors.js';
import { findRoleByArn } from '../storage/repositories/roles.js';
import { issueCredentials } from './credentials.js';
import { sessionPolicies } from './federation-token.js';
import { proveMfa } from './mfa.js';

// Role chaining caps a session at one hour, whatever the role allows.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_terms-and-concepts.html#iam-term-role-chaining
const CHAINED_MAX_SECONDS = 3600;

/**
 * Temporary credentials for a role. The role's trust policy is the resource policy of the
 * request, evaluated by the engine with the caller's own identity policies: within one account
 * a trust policy that names the caller allows on its own; across accounts both must allow.
 * The trust policy sees sts:ExternalId, sts:RoleSessionName, sts:SourceIdentity,
 * sts:TransitiveTagKeys, aws:RequestTag/* and, when a code was proved, aws:MultiFactorAuthPresent.
 * https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html
 */
export const assumeRole = stsOperation<'AssumeRole'>({
  action: 'sts:AssumeRole',
  writes: true,
  authorization: 'policy',
  async target(input, at) {
    const role = await findRoleByArn(at.tx, input.RoleArn);
    // The trust policy may require MFA, so the code is checked before it is evaluated.
    const mfaAt = await proveMfa(at, input.SerialNumber, input.TokenCode);
    const context: Record<string, string | string[]> = {
      ...(mfaAt ? { 'aws:MultiFactorAuthPresent': 'true', 'aws:MultiFactorAuthAge': '0' } : {}),
      ...requestTags(input.Tags),
      'sts:RoleSessionName': input.RoleSessionName,
      ...(input.ExternalId !== undefined ? { 'sts:ExternalId': input.ExternalId } : {}),
      ...(input.SourceIdentity !== undefined ? { 'sts:SourceIdentity': input.SourceIdentity } : {}),
      ...(input.TransitiveTagKeys ? { 'sts:TransitiveTagKeys': input.TransitiveTagKeys } : {}),
    };
    // A role that does not exist is refused like one whose trust policy does not allow: the
    // caller learns nothing about another account's roles.
    if (!role) return { resource: input.RoleArn, context, resourcePolicy: { document: '{"Version":"2012-10-17","Statement":[]}', kind: 'trust', id: input.RoleArn } };
    return { resource: input.RoleArn, resourceAccount: role.account_id, context, resourcePolicy: { document: role.assume_role_policy, kind: 'trust', id: input.RoleArn } };
  },
  async handle(ctx, input) {
    const role = await findRoleByArn(ctx.tx, input.RoleArn);
    if (!role) throw new AwsError('AccessDenied', `User: ${ctx.principal.arn} is not authorized to perform: sts:AssumeRole on resource: ${input.RoleArn}`);
    const caller = ctx.principal;
    // https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use.html: root cannot assume roles.
    if (caller.type === 'Root') throw new AwsError('AccessDenied', 'Roles may not be assumed by root accounts.');
    const chained = caller.type === 'AssumedRole';
    const duration = input.DurationSeconds ?? 3600;
    const max = chained ? Math.min(CHAINED_MAX_SECONDS, role.max_session_duration) : role.max_session_duration;
    if (duration > max) {
      throw new AwsError(
        'ValidationError',
        chained
          ? `The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.`
          : `The requested DurationSeconds exceeds the MaxSessionDuration set for this role.`,
      );
    }
    const mfaAt = ctx.target?.context?.['aws:MultiFactorAuthPresent'] === 'true' ? ctx.now : undefined;
    // Managed session policies are the role's account's (or AWS's), as for any of its policies.
    const { documents, packedPercent } = await sessionPolicies({ tx: ctx.tx, accountId: role.account_id }, input.Policy, input.PolicyArns);

    // Transitive session tags of a chained caller carry over; its source identity may not change.
    const inherited = chained ? Object.fromEntries(caller.session.transitiveTagKeys.flatMap((k) => (caller.session.tags[k] !== undefined ? [[k, caller.session.tags[k]!]] : []))) : {};
    const tags = { ...inherited, ...Object.fromEntries((input.Tags ?? []).map((t) => [t.Key, t.Value])) };
    const transitive = [...new Set([...(chained ? caller.session.transitiveTagKeys : []), ...(input.TransitiveTagKeys ?? [])])];
    const priorSource = caller.session?.sourceIdentity;
    if (priorSource !== undefined && input.SourceIdentity !== undefined && input.SourceIdentity !== priorSource) {
      throw new AwsError('AccessDenied', 'The source identity of a session cannot be changed: it is set once and passed on to every chained session.');
    }
    const sourceIdentity = priorSource ?? input.SourceIdentity;
    for (const key of Object.keys(inherited)) {
      if ((input.Tags ?? []).some((t) => t.Key.toLowerCase() === key.toLowerCase())) {
        throw new AwsError('InvalidParameterValue', `Tag key ${key} is a transitive session tag of the calling session and cannot be set again when chaining roles.`);
      }
    }
    // Passing session tags and setting a source identity are permissions of their own, which
    // both the caller's policies and the trust policy must grant.
    // https://docs.aws.amazon.com/IAM/latest/UserGuide/id_session-tags.html#id_session-tags_permissions-required
    if (ctx.target && ((input.Tags ?? []).length > 0 || (input.TransitiveTagKeys ?? []).length > 0)) await ctx.authorize('sts:TagSession', ctx.target);
    if (ctx.target && input.SourceIdentity !== undefined && priorSource === undefined) await ctx.authorize('sts:SetSourceIdentity', ctx.target);

    const Credentials = await issueCredentials(ctx, {
      kind: 'role',
      accountId: role.account_id,
      user_id: null,
      role_id: role.id,
      session_name: input.RoleSessionName,
      source_identity: sourceIdentity ?? null,
      mfa_authenticated_at: mfaAt?.toISOString() ?? caller.session?.mfaAuthenticatedAt?.toISOString() ?? consoleMfaOf(caller)?.toISOString() ?? null,
      chained: chained ? 1 : 0,
      durationSeconds: duration,
      policies: documents,
      tags,
      transitiveTagKeys: transitive,
    });
    return {
      Credentials,
      AssumedRoleUser: { AssumedRoleId: `${role.id}:${input.RoleSessionName}`, Arn: `arn:aws:sts::${role.account_id}:assumed-role/${role.name}/${input.RoleSessionName}` },
      PackedPolicySize: packedPercent,
      ...(sourceIdentity !== undefined ? { SourceIdentity: sourceIdentity } : {}),
    };
  },
});

/** When a console caller proved MFA at sign-in: switching role from the console keeps it. */
function consoleMfaOf(caller: Principal): Date | undefined {
  return caller.type === 'Root' || caller.type === 'IAMUser' ? caller.console?.mfaAuthenticatedAt : undefined;
}
