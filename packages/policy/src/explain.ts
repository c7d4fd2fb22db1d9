/**
 * Why each statement did or did not apply to a request: the action, the resource, the principal
 * and every condition, each checked on its own (no short-cut), so the simulator and console can
 * show the whole picture. Only built when asked for; the hot path never comes here.
 */
import type { CompiledPolicy, CompiledStatement } from './compile.js';
import type { PolicySet, PolicyType } from './evaluate.js';
import type { PrincipalMatch } from './principal.js';
import type { AuthorizationRequest, ContextValue } from './request.js';
import { Scope } from './scope.js';
import type { Effect, PolicySource } from './types.js';

export interface ConditionExplanation {
  readonly operator: string;
  readonly key: string;
  readonly values: readonly string[];
  readonly matched: boolean;
  /** The request's value for the key; absent when the request had none. */
  readonly requestValue?: ContextValue;
}

export interface StatementExplanation {
  readonly source: PolicySource;
  readonly statementIndex: number;
  readonly sid?: string;
  readonly effect: Effect;
  /** Every part matched: the statement's effect applies to the request. */
  readonly applies: boolean;
  readonly action: boolean;
  readonly resource: boolean;
  /** How a resource-policy statement named the caller; 'notApplicable' where there is no Principal element. */
  readonly principal: PrincipalMatch | 'notApplicable';
  readonly conditions: readonly ConditionExplanation[];
  /** The first part that did not match, in words; absent when the statement applies. */
  readonly reason?: string;
}

export type PolicyTypeOutcome = 'allowed' | 'explicitDeny' | 'noAllow';

export interface Explanation {
  /** What each policy type present in the request said on its own. */
  readonly policyTypes: Readonly<Partial<Record<PolicyType, PolicyTypeOutcome>>>;
  readonly statements: readonly StatementExplanation[];
}

export interface ExplainOptions {
  /** Whether the caller has a permissions boundary (NotPrincipal with Deny then always applies). */
  readonly hasBoundary?: boolean;
}

/** Why one statement of a policy does or does not apply to a request. */
export function explainStatement(policy: CompiledPolicy, statementIndex: number, request: AuthorizationRequest, options: ExplainOptions = {}): StatementExplanation {
  const statement = policy.statements[statementIndex];
  if (!statement) throw new RangeError(`Policy ${policy.source.id} has no statement ${statementIndex}`);
  return explainCompiled(policy, statement, new Scope(request), options.hasBoundary ?? false);
}

function explainCompiled(policy: CompiledPolicy, statement: CompiledStatement, scope: Scope, hasBoundary: boolean): StatementExplanation {
  const request = scope.request;
  const action = statement.actionMatches(request.action.toLowerCase());
  const resource = statement.resourceMatches(scope);
  const principal = statement.principal ? statement.principal(request.principal, hasBoundary) : 'notApplicable';
  // Keys a statement reads count as missing only when the statement is otherwise relevant.
  const conditionScope = action && resource && principal !== 'none' ? scope : new Scope(request);
  const conditions = statement.conditions.map((compiled): ConditionExplanation => {
    const requestValue = conditionScope.get(compiled.key);
    return {
      operator: compiled.condition.operator.name,
      key: compiled.condition.key,
      values: compiled.condition.values,
      matched: compiled.test(conditionScope),
      ...(requestValue !== undefined ? { requestValue } : {}),
    };
  });
  const failedCondition = conditions.find((condition) => !condition.matched);
  const element = statement.statement;
  let reason: string | undefined;
  if (!action) reason = `${element.action.negated ? 'NotAction' : 'Action'} does not match ${request.action}`;
  else if (!resource) reason = `${element.resource?.negated ? 'NotResource' : 'Resource'} does not match ${request.resource}`;
  else if (principal === 'none') reason = `${element.principal?.negated ? 'NotPrincipal' : 'Principal'} does not match the caller`;
  else if (failedCondition) {
    reason = `Condition ${failedCondition.operator} on ${failedCondition.key} is not met` + (failedCondition.requestValue === undefined ? ' (the request has no such key)' : '');
  }
  return {
    source: policy.source,
    statementIndex: statement.index,
    ...(element.sid !== undefined ? { sid: element.sid } : {}),
    effect: statement.effect,
    applies: reason === undefined,
    action,
    resource,
    principal,
    conditions,
    ...(reason !== undefined ? { reason } : {}),
  };
}

/** Every statement of every policy in the set, plus each policy type's own verdict. */
export function explainAll(policies: PolicySet, scope: Scope, hasBoundary: boolean): Explanation {
  const typed: [PolicyType, readonly CompiledPolicy[]][] = [
    ['scp', (policies.scps ?? []).flat()],
    ['resource', policies.resource ? [policies.resource] : []],
    ['identity', policies.identity],
    ['boundary', policies.boundary ? [policies.boundary] : []],
    ['session', policies.session ?? []],
  ];
  const statements: StatementExplanation[] = [];
  const policyTypes: Partial<Record<PolicyType, PolicyTypeOutcome>> = {};
  for (const [type, list] of typed) {
    if (list.length === 0) continue;
    const explained = list.flatMap((policy) => policy.statements.map((statement) => explainCompiled(policy, statement, scope, hasBoundary)));
    statements.push(...explained);
    policyTypes[type] = explained.some((s) => s.applies && s.effect === 'Deny') ? 'explicitDeny' : explained.some((s) => s.applies) ? 'allowed' : 'noAllow';
  }
  // Each SCP level must allow on its own; one level without an allow makes the SCPs say no.
  if (policies.scps && policies.scps.length > 0 && policyTypes.scp === 'allowed') {
    const levelAllows = policies.scps.map((level) => statements.some((s) => s.applies && s.effect === 'Allow' && level.some((policy) => policy.source === s.source)));
    if (levelAllows.includes(false)) policyTypes.scp = 'noAllow';
  }
  return { policyTypes, statements };
}
