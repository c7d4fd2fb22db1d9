import { contextKeysOf, evaluate, parsePolicy, type AuthorizationRequest, type CompiledPolicy, type ContextValue, type Decision, type PolicySource, type RequestPrincipal } from '@gatehouse/policy';
import { groupPoliciesOf, identityPoliciesOf, rolePoliciesOf, type StoredPolicy } from '../../authz/identity-policies.js';
import { requestPrincipal } from '../../authz/decide.js';
import type { HandlerContext } from '../../operation.js';
import { entityArn } from '../../principal.js';
import { AwsError } from '../../protocol/errors.js';
import type { ContextEntry, EvaluationResult, IamOperations, PolicySourceType, Statement } from '../../protocol/generated/iam.js';
import { listTags } from '../../storage/repositories/tags.js';
import { iamOperation } from '../define.js';
import { paginateInOrder } from '../paginate.js';
import { noResource } from '../targets.js';
import { statementSpans } from './statement-positions.js';

/**
 * IAM's policy simulator. It evaluates with the same engine and the same compiled policies as
 * enforcement, so the two cannot disagree; what differs is only where the inputs come from:
 * the simulator uses exactly the policies and context entries it is given (plus, for
 * SimulatePrincipalPolicy, the entity's stored policies) and fills in no global keys itself,
 * reporting the keys the policies needed but did not get as MissingContextValues.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_testing-policies.html
 */

interface Simulated {
  document: string;
  source: PolicySource;
  sourceType: PolicySourceType;
  sourceId: string;
}

const MAX_PAIRS = 1000;

type SimulateInput = Pick<IamOperations['SimulateCustomPolicy']['input'], 'ActionNames' | 'ResourceArns' | 'ResourcePolicy' | 'ResourceOwner' | 'ContextEntries' | 'Marker' | 'MaxItems'>;

function malformed(text: string, kind: 'identity' | 'boundary' | 'resource'): void {
  const parsed = parsePolicy(text, { kind });
  if (!parsed.ok) throw new AwsError('MalformedPolicyDocument', parsed.errors[0]?.message ?? 'Syntax errors in policy.');
}

function inputPolicies(list: readonly string[] | undefined, listName: string, kind: 'identity' | 'boundary'): Simulated[] {
  return (list ?? []).map((document, i) => {
    malformed(document, kind);
    const id = `${listName}.${i + 1}`;
    return { document, source: { type: kind, id, name: id }, sourceType: 'none', sourceId: id };
  });
}

function stored(policy: StoredPolicy): Simulated {
  const inline = policy.id.startsWith('inline:');
  const inlineType: PolicySourceType = policy.id.startsWith('inline:group/') ? 'group' : policy.id.startsWith('inline:role/') ? 'role' : 'user';
  const sourceType: PolicySourceType = inline ? inlineType : policy.id.startsWith('arn:aws:iam::aws:') ? 'aws-managed' : 'user-managed';
  return { document: policy.document, source: { type: policy.type, id: policy.id, name: policy.name }, sourceType, sourceId: policy.name };
}

/** ContextEntries in the engine's terms: numbers, booleans and lists typed as declared. */
function contextOf(entries: readonly ContextEntry[] | undefined): Record<string, ContextValue> {
  const context: Record<string, ContextValue> = {};
  for (const entry of entries ?? []) {
    if (!entry.ContextKeyName) continue;
    const type = entry.ContextKeyType ?? 'string';
    const values = entry.ContextKeyValues ?? [];
    const scalar = (v: string): string | number | boolean => (type.startsWith('numeric') ? Number(v) : type.startsWith('boolean') ? v.toLowerCase() === 'true' : v);
    const typed = values.map(scalar);
    context[entry.ContextKeyName] = type.endsWith('List') ? typed : (typed[0] ?? '');
  }
  return context;
}

async function simulate(ctx: HandlerContext, input: SimulateInput, principal: RequestPrincipal, identity: Simulated[], boundary: Simulated | undefined) {
  const resourcePolicy = input.ResourcePolicy;
  if (resourcePolicy !== undefined) malformed(resourcePolicy, 'resource');
  const compile = (p: Simulated, kind: 'identity' | 'boundary' | 'resource'): CompiledPolicy => ctx.policies.get(p.document, kind, p.source);
  const compiled = new Map<Simulated, CompiledPolicy>();
  for (const p of identity) compiled.set(p, compile(p, 'identity'));
  const boundaryCompiled = boundary ? compile(boundary, 'boundary') : undefined;
  const resourceSim: Simulated | undefined = resourcePolicy
    ? { document: resourcePolicy, source: { type: 'resource', id: 'ResourcePolicy', name: 'ResourcePolicy' }, sourceType: 'resource', sourceId: 'ResourcePolicy' }
    : undefined;
  const resourceCompiled = resourceSim ? compile(resourceSim, 'resource') : undefined;
  const bySourceId = new Map<string, Simulated>([...identity, ...(boundary ? [boundary] : []), ...(resourceSim ? [resourceSim] : [])].map((p) => [p.source.id, p]));
  const spans = new Map<Simulated, ReturnType<typeof statementSpans>>();
  const spansOf = (p: Simulated) => spans.get(p) ?? (spans.set(p, statementSpans(p.document)), spans.get(p)!);

  const context = contextOf(input.ContextEntries);
  const resources = input.ResourceArns && input.ResourceArns.length > 0 ? input.ResourceArns : ['*'];
  // Every pair is evaluated with explanations before paging, so the work is bounded here.
  const pairs = input.ActionNames.length * resources.length;
  if (pairs > MAX_PAIRS) {
    throw new AwsError('InvalidInput', `The simulation asks for ${pairs} action and resource pairs; Gatehouse simulates at most ${MAX_PAIRS} in one call. Split the actions or resources over several calls.`);
  }
  const results: EvaluationResult[] = [];
  for (const action of input.ActionNames) {
    for (const resource of resources) {
      const request: AuthorizationRequest = {
        principal,
        action,
        resource,
        ...(input.ResourceOwner ? { resourceAccount: input.ResourceOwner.split(':')[4] || input.ResourceOwner } : {}),
        context,
      };
      // explain: true makes missingContextKeys complete: the fast path stops at the first answer.
      const decision = evaluate(
        request,
        {
          identity: [...compiled.values()],
          ...(boundaryCompiled ? { boundary: boundaryCompiled } : {}),
          ...(resourceCompiled ? { resource: resourceCompiled } : {}),
        },
        { explain: true },
      );
      const matched = matchedStatements(decision, bySourceId, spansOf);
      const boundaryDetail = boundaryCompiled ? { PermissionsBoundaryDecisionDetail: { AllowedByPermissionsBoundary: decision.denial?.policyType !== 'boundary' } } : {};
      const details = resourceCompiled ? { EvalDecisionDetails: decisionDetails(request, compiled, resourceCompiled, boundaryCompiled) } : {};
      results.push({
        EvalActionName: action,
        EvalResourceName: resource,
        EvalDecision: decision.decision,
        MatchedStatements: matched,
        MissingContextValues: [...decision.missingContextKeys],
        ...boundaryDetail,
        ...details,
        ...(input.ResourceArns && input.ResourceArns.length > 0
          ? { ResourceSpecificResults: [{ EvalResourceName: resource, EvalResourceDecision: decision.decision, MatchedStatements: matched, MissingContextValues: [...decision.missingContextKeys], ...boundaryDetail, ...details }] }
          : {}),
      });
    }
  }
  const { items, ...more } = paginateInOrder(results, input);
  return { EvaluationResults: items, ...more };
}

function matchedStatements(decision: Decision, bySourceId: Map<string, Simulated>, spansOf: (p: Simulated) => ReturnType<typeof statementSpans>): Statement[] {
  return decision.matched.map((m) => {
    const policy = bySourceId.get(m.source.id);
    const span = policy ? spansOf(policy)[m.statementIndex] : undefined;
    return { SourcePolicyId: policy?.sourceId ?? m.source.id, SourcePolicyType: policy?.sourceType ?? 'none', ...(span ?? {}) };
  });
}

/** For a simulation with a resource policy, how each policy type decided on its own. */
function decisionDetails(request: AuthorizationRequest, identity: Map<Simulated, CompiledPolicy>, resource: CompiledPolicy, boundary: CompiledPolicy | undefined): Record<string, Decision['decision']> {
  const alone = (set: Parameters<typeof evaluate>[1]) => evaluate(request, set).decision;
  return {
    'IAM Policy': alone({ identity: [...identity.values()], ...(boundary ? { boundary } : {}) }),
    'Resource Policy': alone({ identity: [], resource }),
  };
}

/**
 * Policies simulated without a user to hold them are evaluated as if attached to an IAM user
 * of the account; the engine gives identity policies no force for anonymous callers.
 */
function simulatedUser(accountId: string): RequestPrincipal {
  return { type: 'IAMUser', accountId, arn: `arn:aws:iam::${accountId}:user/SimulatedUser`, userId: 'AIDASIMULATEDUSER0000', username: 'SimulatedUser' };
}

/** The principal a simulation evaluates as: CallerArn's user when given, else the source entity. */
async function callerFor(ctx: HandlerContext, callerArn: string | undefined, fallback: RequestPrincipal): Promise<RequestPrincipal> {
  if (callerArn === undefined) return fallback;
  const match = /^arn:aws:iam::(\d{12}):user\/(?:.*\/)?([^/]+)$/.exec(callerArn);
  if (!match) throw new AwsError('InvalidInput', `CallerArn ${callerArn} is not the ARN of an IAM user. Pass arn:aws:iam::ACCOUNT:user/NAME.`);
  const user = await ctx.tx.selectFrom('users').selectAll().where('account_id', '=', ctx.accountId).where('name_key', '=', match[2]!.toLowerCase()).executeTakeFirst();
  if (!user) return { type: 'IAMUser', accountId: match[1]!, arn: callerArn, userId: '', username: match[2]! };
  const tags = await listTags(ctx.tx, user.id);
  return requestPrincipal({ type: 'IAMUser', accountId: ctx.accountId, arn: callerArn, user }, tags);
}

/**
 * The entity named by PolicySourceArn: a user (its own and its groups' policies), a group, or
 * a role (its own policies and boundary, evaluated as a session of the role).
 */
async function sourceEntity(ctx: HandlerContext, arn: string) {
  const match = /^arn:aws:iam::(\d{12}):(user|group|role)(\/(?:.*\/)?)([^/]+)$/.exec(arn);
  if (!match || match[1] !== ctx.accountId) throw new AwsError('InvalidInput', `PolicySourceArn ${arn} must be the ARN of a user, group or role in account ${ctx.accountId}.`);
  const [, , kind, path, name] = match as unknown as [string, string, 'user' | 'group' | 'role', string, string];
  // The request was authorized against the ARN as given, so it must name the entity exactly,
  // path included: user/sandbox/Admin must not reach /Admin.
  const samePath = (entity: { path: string } | undefined) => entity === undefined || entity.path === path;
  if (kind === 'role') {
    const role = await ctx.tx.selectFrom('roles').selectAll().where('account_id', '=', ctx.accountId).where('name_key', '=', name.toLowerCase()).executeTakeFirst();
    if (!role || !samePath(role)) throw new AwsError('NoSuchEntity', `The role with name ${name} cannot be found.`);
    const tags = await listTags(ctx.tx, role.id);
    const principal: RequestPrincipal = {
      type: 'AssumedRole',
      accountId: ctx.accountId,
      arn: `arn:aws:sts::${ctx.accountId}:assumed-role/${role.name}/SimulatedSession`,
      roleArn: entityArn(ctx.accountId, 'role', role.path, role.name),
      roleId: role.id,
      sessionName: 'SimulatedSession',
      tags: Object.fromEntries(tags.map((t) => [t.Key, t.Value])),
    };
    return { principal, policies: await rolePoliciesOf(ctx.tx, role.id) };
  }
  if (kind === 'user') {
    const user = await ctx.tx.selectFrom('users').selectAll().where('account_id', '=', ctx.accountId).where('name_key', '=', name.toLowerCase()).executeTakeFirst();
    if (!user || !samePath(user)) throw new AwsError('NoSuchEntity', `The user with name ${name} cannot be found.`);
    const principalArn = entityArn(ctx.accountId, 'user', user.path, user.name);
    const policies = await identityPoliciesOf(ctx.tx, { type: 'IAMUser', accountId: ctx.accountId, arn: principalArn, user });
    const tags = await listTags(ctx.tx, user.id);
    return { principal: requestPrincipal({ type: 'IAMUser', accountId: ctx.accountId, arn: principalArn, user }, tags), policies };
  }
  const group = await ctx.tx.selectFrom('groups').selectAll().where('account_id', '=', ctx.accountId).where('name_key', '=', name.toLowerCase()).executeTakeFirst();
  if (!group || !samePath(group)) throw new AwsError('NoSuchEntity', `The group with name ${name} cannot be found.`);
  return { principal: simulatedUser(ctx.accountId), policies: await groupPoliciesOf(ctx.tx, group) };
}

export const simulatePrincipalPolicy = iamOperation<'SimulatePrincipalPolicy'>({
  action: 'iam:SimulatePrincipalPolicy',
  writes: false,
  authorization: 'policy',
  target: (input) => ({ resource: input.PolicySourceArn }),
  async handle(ctx, input) {
    const entity = await sourceEntity(ctx, input.PolicySourceArn);
    const identity = [...entity.policies.identity.map(stored), ...inputPolicies(input.PolicyInputList, 'PolicyInputList', 'identity')];
    const boundaryInputs = inputPolicies(input.PermissionsBoundaryPolicyInputList, 'PermissionsBoundaryPolicyInputList', 'boundary');
    const boundary = boundaryInputs[0] ?? (entity.policies.boundary ? stored(entity.policies.boundary) : undefined);
    const principal = await callerFor(ctx, input.CallerArn, entity.principal);
    return simulate(ctx, input, principal, identity, boundary);
  },
});

export const simulateCustomPolicy = iamOperation<'SimulateCustomPolicy'>({
  action: 'iam:SimulateCustomPolicy',
  writes: false,
  authorization: 'policy',
  target: noResource,
  async handle(ctx, input) {
    const identity = inputPolicies(input.PolicyInputList, 'PolicyInputList', 'identity');
    const boundary = inputPolicies(input.PermissionsBoundaryPolicyInputList, 'PermissionsBoundaryPolicyInputList', 'boundary')[0];
    const principal = await callerFor(ctx, input.CallerArn, simulatedUser(ctx.accountId));
    return simulate(ctx, input, principal, identity, boundary);
  },
});

function keysOf(documents: readonly string[]): string[] {
  const keys = new Map<string, string>();
  for (const document of documents) {
    const parsed = parsePolicy(document, { kind: 'identity' });
    if (!parsed.ok) throw new AwsError('MalformedPolicyDocument', parsed.errors[0]?.message ?? 'Syntax errors in policy.');
    for (const key of contextKeysOf(parsed.policy)) if (!keys.has(key.toLowerCase())) keys.set(key.toLowerCase(), key);
  }
  return [...keys.values()];
}

/** https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetContextKeysForPrincipalPolicy.html */
export const getContextKeysForPrincipalPolicy = iamOperation<'GetContextKeysForPrincipalPolicy'>({
  action: 'iam:GetContextKeysForPrincipalPolicy',
  writes: false,
  authorization: 'policy',
  target: (input) => ({ resource: input.PolicySourceArn }),
  async handle(ctx, input) {
    const entity = await sourceEntity(ctx, input.PolicySourceArn);
    const documents = [...entity.policies.identity.map((p) => p.document), ...(input.PolicyInputList ?? [])];
    return { ContextKeyNames: keysOf(documents) };
  },
});

export const getContextKeysForCustomPolicy = iamOperation<'GetContextKeysForCustomPolicy'>({
  action: 'iam:GetContextKeysForCustomPolicy',
  writes: false,
  authorization: 'policy',
  target: noResource,
  async handle(_ctx, input) {
    return { ContextKeyNames: keysOf(input.PolicyInputList) };
  },
});
