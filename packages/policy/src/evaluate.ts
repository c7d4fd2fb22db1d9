/**
 * The decision for one request, following AWS's evaluation logic:
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-denyallow.html
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic-cross-account.html
 *
 * 1. An explicit Deny in any applicable policy decides: explicitDeny.
 * 2. SCPs: every level of the organization (root, each OU, the account) must allow.
 * 3. Within one account a resource-based policy can allow on its own, depending on how it names
 *    the caller (see principal.ts): naming the user, the session or "*" ignores implicit denies
 *    in identity policies, boundaries and session policies; naming the role or the federating
 *    user still needs the boundary and session policies to allow; naming the account needs the
 *    identity side. A role trust policy must always allow.
 * 4. Otherwise identity-based policies must allow, then the permissions boundary (if any), then
 *    the session policies (if any; a GetFederationToken session without one has no
 *    permissions).
 * 5. Across accounts both sides must allow: the resource-based policy in the resource's account
 *    and the caller's identity side (identity, boundary, session policies) in its own.
 * The account root is not limited by identity policies, boundaries or session policies, but SCPs
 * and resource-based policies apply to it.
 */
import type { CompiledPolicy, CompiledStatement, MatchedStatement } from './compile.js';
import { explainAll, type Explanation } from './explain.js';
import { strongerMatch, type PrincipalMatch } from './principal.js';
import type { AuthorizationRequest, RequestPrincipal } from './request.js';
import { Scope } from './scope.js';

export interface PolicySet {
  /** User, group and role policies, inline and managed. */
  readonly identity: readonly CompiledPolicy[];
  readonly boundary?: CompiledPolicy;
  /** Inline and managed session policies of the caller's session; together they form one limit. */
  readonly session?: readonly CompiledPolicy[];
  /** The resource's policy; a role's trust policy (kind 'trust') for sts:AssumeRole*. */
  readonly resource?: CompiledPolicy;
  /** One entry per level of the organization (root, OUs, account), each a list of SCPs. */
  readonly scps?: readonly (readonly CompiledPolicy[])[];
}

export type DecisionKind = 'allowed' | 'implicitDeny' | 'explicitDeny';
export type PolicyType = 'identity' | 'boundary' | 'session' | 'scp' | 'resource';

/** Which kind of policy denied, and whether by a Deny statement or by allowing nothing. */
export interface Denial {
  readonly policyType: PolicyType;
  readonly reason: 'explicit' | 'noAllow';
}

export interface Decision {
  readonly decision: DecisionKind;
  /**
   * The statements that decided: for allowed, every Allow statement that matched in the
   * policies that took part; for explicitDeny, every matching Deny; empty for implicitDeny.
   */
  readonly matched: readonly MatchedStatement[];
  readonly denial?: Denial;
  /**
   * Context keys that conditions (or policy variables) asked for and the request lacked. Complete
   * with { explain: true }; otherwise the ones met before evaluation could stop.
   */
  readonly missingContextKeys: readonly string[];
  /** With { explain: true }: why each statement did or did not match, and each policy type's verdict. */
  readonly explanation?: Explanation;
}

export interface EvaluateOptions {
  readonly explain?: boolean;
}

const NONE: readonly MatchedStatement[] = Object.freeze([]);
const NO_KEYS: readonly string[] = Object.freeze([]);

/** What one policy type said about the request; undefined while nothing matched. */
interface Tally {
  allows: MatchedStatement[] | undefined;
  denies: MatchedStatement[] | undefined;
  /** Resource policies: the strongest way a matching Allow named the caller. */
  allowedAs: PrincipalMatch;
}

function scan(policy: CompiledPolicy, scope: Scope, into: Tally | undefined, hasBoundary: boolean): Tally | undefined {
  const statements = policy.statementsFor(scope.request.action);
  for (let i = 0; i < statements.length; i++) {
    const statement = statements[i] as CompiledStatement;
    let named: PrincipalMatch = 'direct';
    if (statement.principal) {
      named = statement.principal(scope.request.principal, hasBoundary);
      if (named === 'none') continue;
    }
    if (!statement.resourceMatches(scope) || !statement.conditionsHold(scope)) continue;
    into ??= { allows: undefined, denies: undefined, allowedAs: 'none' };
    if (statement.effect === 'Deny') {
      if (into.denies) into.denies.push(statement.matched);
      else into.denies = [statement.matched];
    } else {
      if (into.allows) into.allows.push(statement.matched);
      else into.allows = [statement.matched];
      into.allowedAs = strongerMatch(into.allowedAs, named);
    }
  }
  return into;
}

function scanAll(policies: readonly CompiledPolicy[], scope: Scope, hasBoundary: boolean): Tally | undefined {
  let into: Tally | undefined;
  for (let i = 0; i < policies.length; i++) into = scan(policies[i] as CompiledPolicy, scope, into, hasBoundary);
  return into;
}

/** Principals that identity policies, boundaries and session policies belong to. */
function hasIdentitySide(principal: RequestPrincipal): boolean {
  return principal.type === 'IAMUser' || principal.type === 'AssumedRole' || principal.type === 'FederatedUser';
}

function principalAccount(principal: RequestPrincipal): string | undefined {
  switch (principal.type) {
    case 'Service':
    case 'Federated':
    case 'Anonymous':
      return undefined;
    default:
      return principal.accountId;
  }
}

/** The resource's account: given, else a 12-digit account field of the ARN, else the caller's. */
export function resourceAccountOf(request: AuthorizationRequest): string | undefined {
  if (request.resourceAccount !== undefined) return request.resourceAccount;
  const arn = request.resource;
  // arn:partition:service:region:account:... — the account field sits after the fourth colon.
  let colon = -1;
  for (let i = 0; i < 4; i++) {
    colon = arn.indexOf(':', colon + 1);
    if (colon === -1) return principalAccount(request.principal);
  }
  const end = arn.indexOf(':', colon + 1);
  if (end === colon + 13 && isDigits(arn, colon + 1, end)) return arn.slice(colon + 1, end);
  return principalAccount(request.principal);
}

/** Whether the resource belongs to another account than the caller's; the common same-account case without slicing. */
function isCrossAccount(request: AuthorizationRequest): boolean {
  const own = principalAccount(request.principal);
  if (request.resourceAccount !== undefined) return request.resourceAccount !== own;
  const arn = request.resource;
  let colon = -1;
  for (let i = 0; i < 4; i++) {
    colon = arn.indexOf(':', colon + 1);
    if (colon === -1) return false;
  }
  if (arn.charCodeAt(colon + 13) !== 58 || !isDigits(arn, colon + 1, colon + 13)) return false;
  return own === undefined || !arn.startsWith(own, colon + 1);
}

function isDigits(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const code = text.charCodeAt(i);
    if (code < 48 || code > 57) return false;
  }
  return true;
}

interface Tallies {
  /** Which limiting policy types the caller has at all (a tally is undefined when nothing matched). */
  readonly hasBoundary: boolean;
  readonly hasSession: boolean;
  readonly scps: readonly (Tally | undefined)[] | undefined;
  readonly resource: Tally | undefined;
  readonly identity: Tally | undefined;
  readonly boundary: Tally | undefined;
  readonly session: Tally | undefined;
}

export function evaluate(request: AuthorizationRequest, policies: PolicySet, options?: EvaluateOptions): Decision {
  const scope = new Scope(request);
  const principal = request.principal;
  const identitySide = hasIdentitySide(principal);
  const boundary = identitySide ? policies.boundary : undefined;
  const hasBoundary = boundary !== undefined;

  // SCPs limit the principals of member accounts, root included; not AWS services or
  // anonymous callers, which belong to no account.
  let scps: (Tally | undefined)[] | undefined;
  const levels = principalAccount(principal) !== undefined ? policies.scps : undefined;
  if (levels) {
    scps = [];
    for (let i = 0; i < levels.length; i++) scps.push(scanAll(levels[i] as readonly CompiledPolicy[], scope, hasBoundary));
  }
  const resource = policies.resource ? scanAll([policies.resource], scope, hasBoundary) : undefined;
  const identity = identitySide ? scanAll(policies.identity, scope, hasBoundary) : undefined;
  const bound = boundary ? scanAll([boundary], scope, hasBoundary) : undefined;
  const sessionPolicies = identitySide ? policies.session : undefined;
  const hasSession = sessionPolicies !== undefined && sessionPolicies.length > 0;
  const session = hasSession ? scanAll(sessionPolicies, scope, hasBoundary) : undefined;

  const verdict = decide(request, policies, { hasBoundary, hasSession, scps, resource, identity, boundary: bound, session });
  if (!options?.explain) {
    const missingContextKeys = scope.missing ? Object.freeze(scope.missing) : NO_KEYS;
    return verdict.denial
      ? { decision: verdict.decision, matched: verdict.matched, denial: verdict.denial, missingContextKeys }
      : { decision: verdict.decision, matched: verdict.matched, missingContextKeys };
  }
  const explanation = explainAll(policies, scope, hasBoundary);
  return { ...verdict, missingContextKeys: scope.missing ? Object.freeze([...scope.missing]) : NO_KEYS, explanation };
}

export type Verdict = Pick<Decision, 'decision' | 'matched' | 'denial'>;

const DENIED = new Map<PolicyType, Verdict>(
  (['identity', 'boundary', 'session', 'scp', 'resource'] as const).map((policyType) => [
    policyType,
    Object.freeze({ decision: 'implicitDeny', matched: NONE, denial: Object.freeze({ policyType, reason: 'noAllow' }) }),
  ]),
);

function denied(policyType: PolicyType): Verdict {
  return DENIED.get(policyType) as Verdict;
}

function explicitDeny(policyType: PolicyType, t: Tallies): Verdict {
  const matched: MatchedStatement[] = [];
  if (t.scps) for (const level of t.scps) if (level?.denies) matched.push(...level.denies);
  for (const found of [t.resource, t.identity, t.boundary, t.session]) if (found?.denies) matched.push(...found.denies);
  return { decision: 'explicitDeny', matched, denial: { policyType, reason: 'explicit' } };
}

/** Allowed, with every Allow statement that took part (the SCPs' first). */
function allowed(t: Tallies, first: readonly MatchedStatement[] | undefined, second?: readonly MatchedStatement[], third?: readonly MatchedStatement[], fourth?: readonly MatchedStatement[]): Verdict {
  // The usual case — one policy type decided, no SCPs — shares the tally's array as is.
  if (!t.scps && !second && !third && !fourth) return { decision: 'allowed', matched: first ?? NONE };
  const matched: MatchedStatement[] = [];
  if (t.scps) for (const level of t.scps) if (level?.allows) matched.push(...level.allows);
  for (const part of [first, second, third, fourth]) if (part) matched.push(...part);
  return { decision: 'allowed', matched };
}

function decide(request: AuthorizationRequest, policies: PolicySet, t: Tallies): Verdict {
  // 1. Explicit deny anywhere; reported in the order AWS evaluates the policy types.
  let scpDenies = false;
  let scpAllowsEverywhere = true;
  if (t.scps) {
    for (const level of t.scps) {
      if (level?.denies) scpDenies = true;
      if (!level?.allows) scpAllowsEverywhere = false;
    }
  }
  if (scpDenies) return explicitDeny('scp', t);
  if (t.resource?.denies) return explicitDeny('resource', t);
  if (t.identity?.denies) return explicitDeny('identity', t);
  if (t.boundary?.denies) return explicitDeny('boundary', t);
  if (t.session?.denies) return explicitDeny('session', t);

  // 2. Every SCP level must allow.
  if (!scpAllowsEverywhere) return denied('scp');

  const principal = request.principal;
  const resourceAllows = t.resource?.allows;
  const allowedAs = t.resource ? t.resource.allowedAs : 'none';

  // Callers with no identity side: only a resource-based policy can let them in.
  if (!hasIdentitySide(principal) && principal.type !== 'Root') return resourceAllows ? allowed(t, resourceAllows) : denied('resource');

  const crossAccount = isCrossAccount(request);
  const mustAllow = crossAccount || policies.resource?.kind === 'trust';
  if (mustAllow && !resourceAllows) return denied('resource');

  if (principal.type === 'Root') return allowed(t, resourceAllows);

  // 3. Same account: a resource policy naming the caller itself decides on its own.
  if (!crossAccount && allowedAs === 'direct') return allowed(t, resourceAllows);

  const boundaryOk = !t.hasBoundary || t.boundary?.allows !== undefined;
  const sessionOk = t.hasSession ? t.session?.allows !== undefined : principal.type !== 'FederatedUser';

  // Naming the role (or the user behind a federated session) skips the identity policies but
  // not the boundary or session policies.
  if (!crossAccount && (allowedAs === 'role' || allowedAs === 'federatingUser')) {
    if (!boundaryOk) return denied('boundary');
    if (!sessionOk) return denied('session');
    return allowed(t, resourceAllows, t.boundary?.allows, t.session?.allows);
  }

  // 4./5. The identity side.
  if (!t.identity?.allows) return denied('identity');
  if (!boundaryOk) return denied('boundary');
  if (!sessionOk) return denied('session');
  return allowed(t, t.identity.allows, t.boundary?.allows, t.session?.allows, resourceAllows);
}
