/**
 * A parsed policy turned into what evaluation needs, once, when the policy is stored: action
 * patterns as prefix/suffix/equality tests indexed by service prefix, resource patterns split
 * by ARN part, conditions as closures. Nothing is parsed or compiled per request; the
 * statements that can match an action are remembered per action string.
 */
import { compileArnPattern, type ArnPattern } from './arn.js';
import { compileCondition, type CompiledCondition } from './conditions/compile.js';
import { compileStatic, type StaticMatcher } from './glob.js';
import { compilePrincipal, type PrincipalMatcher } from './principal.js';
import type { Scope } from './scope.js';
import type { Effect, Policy, PolicyKind, PolicySource, Statement } from './types.js';
import { tokenize } from './variables.js';

/** A statement that decided (or helped decide) a request. */
export interface MatchedStatement {
  readonly source: PolicySource;
  readonly sid?: string;
  readonly statementIndex: number;
  readonly effect: Effect;
}

export interface CompiledStatement {
  readonly index: number;
  readonly statement: Statement;
  readonly effect: Effect;
  /** Shared, frozen: decisions point at it rather than copying. */
  readonly matched: MatchedStatement;
  /** The action, lower-cased. */
  actionMatches(action: string): boolean;
  resourceMatches(scope: Scope): boolean;
  /** Present in resource and trust policies. */
  readonly principal?: PrincipalMatcher;
  readonly conditions: readonly CompiledCondition[];
  conditionsHold(scope: Scope): boolean;
}

export interface CompiledPolicy {
  readonly source: PolicySource;
  readonly kind: PolicyKind;
  readonly policy: Policy;
  readonly statements: readonly CompiledStatement[];
  /** The statements whose Action/NotAction matches the action (any case), in document order. */
  statementsFor(action: string): readonly CompiledStatement[];
}

/** Enough for every action a service calls; beyond it lookups still work, uncached. */
const ACTION_CACHE_LIMIT = 4096;

export function compilePolicy(policy: Policy, source: PolicySource): CompiledPolicy {
  const variables = policy.version === '2012-10-17';
  const statements = policy.statements.map((statement, index) => compileStatement(statement, index, source, variables));

  // Index by service prefix: a statement whose patterns all name one service is only a
  // candidate for that service; "*", wildcard prefixes and NotAction are candidates for all.
  const everywhere: CompiledStatement[] = [];
  const byService = new Map<string, CompiledStatement[]>();
  for (const compiled of statements) {
    const services = servicesOf(compiled.statement);
    if (services === 'all') everywhere.push(compiled);
    else for (const service of services) byService.set(service, [...(byService.get(service) ?? []), compiled]);
  }
  for (const [service, list] of byService) byService.set(service, [...list, ...everywhere].sort((a, b) => a.index - b.index));

  const cache = new Map<string, readonly CompiledStatement[]>();
  return Object.freeze({
    source,
    kind: policy.kind,
    policy,
    statements,
    statementsFor(action: string) {
      const cached = cache.get(action);
      if (cached) return cached;
      const lower = action.toLowerCase();
      const colon = lower.indexOf(':');
      const candidates = (colon === -1 ? undefined : byService.get(lower.slice(0, colon))) ?? everywhere;
      const found = Object.freeze(candidates.filter((statement) => statement.actionMatches(lower)));
      if (cache.size < ACTION_CACHE_LIMIT) cache.set(action, found);
      return found;
    },
  });
}

function servicesOf(statement: Statement): Set<string> | 'all' {
  if (statement.action.negated) return 'all';
  const services = new Set<string>();
  for (const action of statement.action.values) {
    const colon = action.indexOf(':');
    const service = colon === -1 ? action.toLowerCase() : action.slice(0, colon).toLowerCase();
    if (service.includes('*') || service.includes('?')) return 'all';
    services.add(service);
  }
  return services;
}

function compileStatement(statement: Statement, index: number, source: PolicySource, variables: boolean): CompiledStatement {
  const matched: MatchedStatement = Object.freeze({
    source,
    ...(statement.sid !== undefined ? { sid: statement.sid } : {}),
    statementIndex: index,
    effect: statement.effect,
  });
  const conditions = statement.conditions.map((condition) => compileCondition(condition, variables));
  return {
    index,
    statement,
    effect: statement.effect,
    matched,
    actionMatches: compileActions(statement),
    resourceMatches: compileResources(statement, variables),
    ...(statement.principal ? { principal: compilePrincipal(statement.principal, statement.effect) } : {}),
    conditions,
    conditionsHold(scope) {
      for (const condition of conditions) if (!condition.test(scope)) return false;
      return true;
    },
  };
}

/**
 * Action names compare case-insensitively, with * and ? wildcards; policy variables do not
 * apply to actions.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html
 */
function compileActions(statement: Statement): (action: string) => boolean {
  const matchers: StaticMatcher[] = statement.action.values.map((value) => compileStatic(tokenize(value.toLowerCase(), { wildcards: true, variables: false })));
  const negated = statement.action.negated;
  return (action) => {
    let matched = false;
    for (const matcher of matchers) {
      if (matcher(action)) {
        matched = true;
        break;
      }
    }
    return matched !== negated;
  };
}

/**
 * Resource matches when any pattern matches; NotResource when none does. A pattern whose policy
 * variable has no value matches nothing, and in NotResource it makes the statement not apply
 * ("if AWS cannot resolve a variable, this might cause the entire statement to be invalid").
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html
 * Trust policies have no Resource: the statement is about the role itself.
 */
function compileResources(statement: Statement, variables: boolean): (scope: Scope) => boolean {
  const element = statement.resource;
  if (!element) return () => true;
  const patterns: ArnPattern[] = element.values.map((value) => compileArnPattern(value, variables));
  const tests = patterns.map((pattern) => pattern.test);
  if (tests.every((test): test is StaticMatcher => test !== undefined)) {
    // Plain string tests (no variables, no per-part matching): the common case, kept flat.
    if (element.values.includes('*')) return element.negated ? () => false : () => true;
    if (tests.length === 1) {
      const only = tests[0] as StaticMatcher;
      return element.negated ? (scope) => !only(scope.request.resource) : (scope) => only(scope.request.resource);
    }
    return (scope) => {
      const resource = scope.request.resource;
      for (let i = 0; i < tests.length; i++) if ((tests[i] as StaticMatcher)(resource)) return !element.negated;
      return element.negated;
    };
  }
  if (!element.negated) {
    return (scope) => {
      const resource = scope.request.resource;
      for (const pattern of patterns) if (pattern.match(resource, pattern.splits ? scope.resourceParts() : undefined, scope) === true) return true;
      return false;
    };
  }
  return (scope) => {
    const resource = scope.request.resource;
    for (const pattern of patterns) if (pattern.match(resource, pattern.splits ? scope.resourceParts() : undefined, scope) !== false) return false;
    return true;
  };
}
