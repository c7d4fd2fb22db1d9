import { evaluate, type AuthorizationRequest, type Decision, type RequestContext, type RequestPrincipal } from '@gatehouse/policy';
import type { AuthorizationTarget } from '../operation.js';
import type { Principal } from '../principal.js';
import type { Tx } from '../storage/database.js';
import { listTags } from '../storage/repositories/tags.js';
import { identityPoliciesOf } from './identity-policies.js';
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
}

/**
 * One decision about one request, with the caller's stored policies. Enforcement, the
 * simulator and the authorize API all come through here so they cannot disagree.
 */
export async function decide(tx: Tx, cache: PolicyCache, question: Question, options: { explain?: boolean } = {}): Promise<Answer> {
  const { principal, target } = question;
  const principalTags = principal.type === 'IAMUser' ? await listTags(tx, principal.user.id) : [];
  const stored = await identityPoliciesOf(tx, principal);
  const identity = stored.identity.map((p) => cache.get(p.document, 'identity', { type: 'identity', id: p.id, name: p.name }));
  const boundary = stored.boundary ? cache.get(stored.boundary.document, 'boundary', { type: 'boundary', id: stored.boundary.id, name: stored.boundary.name }) : undefined;

  const context: Record<string, RequestContext[string]> = { ...globalContext(principal, { ...question.facts, principalTags }) };
  for (const tag of target.resourceTags ?? []) {
    context[`aws:ResourceTag/${tag.Key}`] = tag.Value;
    context[`iam:ResourceTag/${tag.Key}`] = tag.Value;
  }
  Object.assign(context, target.context, question.context);

  const request: AuthorizationRequest = { principal: requestPrincipal(principal, principalTags), action: question.action, resource: target.resource, context };
  const decision = evaluate(request, { identity, ...(boundary ? { boundary } : {}) }, options);
  return { decision, request };
}

function requestPrincipal(principal: Principal, tags: readonly { Key: string; Value: string }[]): RequestPrincipal {
  if (principal.type === 'Root') return { type: 'Root', accountId: principal.accountId, arn: principal.arn };
  return {
    type: 'IAMUser',
    accountId: principal.accountId,
    arn: principal.arn,
    userId: principal.user.id,
    username: principal.user.name,
    tags: Object.fromEntries(tags.map((t) => [t.Key, t.Value])),
  };
}
