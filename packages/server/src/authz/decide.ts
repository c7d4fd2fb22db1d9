import { evaluate, type AuthorizationRequest, type CompiledPolicy, type Decision, type RequestContext, type RequestPrincipal } from '@gatehouse/policy';
import type { AuthorizationTarget } from '../operation.js';
import { entityArn, type Principal } from '../principal.js';
import type { Tx } from '../storage/database.js';
import { listTags } from '../storage/repositories/tags.js';
import { identityPoliciesOf, type IdentityPolicies } from './identity-policies.js';
import type { PolicyCache } from './policy-cache.js';
import { globalContext, type RequestFacts } from './request-context.js';

export interface Question {
  principal: Principal;
  action: string;
  target: AuthorizationTarget;
  facts: Omit<RequestFacts, 'principalTags'>;
  /** extra condition keys from the caller (the authorize API's context) */
  context?: RequestContext;
}

export interface Answer {
  decision: Decision;
  request: AuthorizationRequest;
  policies: { identity: CompiledPolicy[]; boundary?: CompiledPolicy };
}

/**
 * One decision about one live request, with the caller's stored policies and the request's
 * global condition keys. Enforcement and the authorize API come through here; the simulator
 * calls evaluateDocuments, the same evaluation, with the policies and context it is given.
 */
export async function decide(tx: Tx, cache: PolicyCache, question: Question, options: { explain?: boolean } = {}): Promise<Answer> {
  const { principal, target } = question;
  const principalTags = await principalTagsOf(tx, principal);
  const context: Record<string, RequestContext[string]> = { ...globalContext(principal, { ...question.facts, principalTags }) };
  for (const tag of target.resourceTags ?? []) {
    context[`aws:ResourceTag/${tag.Key}`] = tag.Value;
    context[`iam:ResourceTag/${tag.Key}`] = tag.Value;
  }
  Object.assign(context, target.context, question.context);
  const request: AuthorizationRequest = {
    principal: requestPrincipal(principal, principalTags),
    action: question.action,
    resource: target.resource,
    ...(target.resourceAccount ? { resourceAccount: target.resourceAccount } : {}),
    context,
  };
  const documents = { ...(await identityPoliciesOf(tx, principal)), session: principal.session?.policies ?? [], ...(target.resourcePolicy ? { resource: target.resourcePolicy } : {}) };
  return evaluateDocuments(cache, documents, request, options);
}

export function evaluateDocuments(
  cache: PolicyCache,
  documents: IdentityPolicies & { session?: readonly string[]; resource?: AuthorizationTarget['resourcePolicy'] },
  request: AuthorizationRequest,
  options: { explain?: boolean } = {},
): Answer {
  const identity = documents.identity.map((p) => cache.get(p.document, 'identity', { type: 'identity', id: p.id, name: p.name }));
  const boundary = documents.boundary ? cache.get(documents.boundary.document, 'boundary', { type: 'boundary', id: documents.boundary.id, name: documents.boundary.name }) : undefined;
  const session = (documents.session ?? []).map((document, i) => cache.get(document, 'session', { type: 'session', id: `session-policy-${i + 1}` }));
  const resource = documents.resource ? cache.get(documents.resource.document, documents.resource.kind, { type: 'resource', id: documents.resource.id }) : undefined;
  const decision = evaluate(request, { identity, ...(boundary ? { boundary } : {}), ...(session.length > 0 ? { session } : {}), ...(resource ? { resource } : {}) }, options);
  return { decision, request, policies: { identity, ...(boundary ? { boundary } : {}) } };
}

/**
 * aws:PrincipalTag/*: a user's tags; a role session's role tags overlaid with its session tags;
 * a federated user's session tags.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_session-tags.html
 */
async function principalTagsOf(tx: Tx, principal: Principal): Promise<{ Key: string; Value: string }[]> {
  const own = principal.type === 'IAMUser' ? await listTags(tx, principal.user.id) : principal.type === 'AssumedRole' ? await listTags(tx, principal.role.id) : [];
  const session = principal.session?.tags ?? {};
  if (Object.keys(session).length === 0) return own;
  const merged = new Map(own.map((t) => [t.Key.toLowerCase(), t]));
  for (const [Key, Value] of Object.entries(session)) merged.set(Key.toLowerCase(), { Key, Value });
  return [...merged.values()];
}

export function requestPrincipal(principal: Principal, tags: readonly { Key: string; Value: string }[]): RequestPrincipal {
  const tagMap = Object.fromEntries(tags.map((t) => [t.Key, t.Value]));
  switch (principal.type) {
    case 'Root':
      return { type: 'Root', accountId: principal.accountId, arn: principal.arn };
    case 'IAMUser':
      return { type: 'IAMUser', accountId: principal.accountId, arn: principal.arn, userId: principal.user.id, username: principal.user.name, tags: tagMap };
    case 'FederatedUser':
      return {
        type: 'FederatedUser',
        accountId: principal.accountId,
        arn: principal.arn,
        userArn: entityArn(principal.accountId, 'user', principal.user.path, principal.user.name),
        name: principal.name,
        tags: tagMap,
      };
    case 'AssumedRole':
      return {
        type: 'AssumedRole',
        accountId: principal.accountId,
        arn: principal.arn,
        roleArn: principal.role.arn,
        roleId: principal.role.id,
        sessionName: principal.sessionName,
        tags: tagMap,
      };
  }
}
