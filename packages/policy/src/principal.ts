/**
 * Principal and NotPrincipal in resource-based and trust policies.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notprincipal.html
 *
 * How a statement names the caller matters for same-account evaluation, so a match says how:
 * - 'direct': the caller itself — its user ARN, its session ARN, its federated-user ARN, or
 *   "*" ("for IAM users and role principals within your account, no other permissions are
 *   required"). Not limited by implicit denies in identity policies, boundaries or session
 *   policies.
 * - 'role': the role a session belongs to; limited by the boundary and session policies.
 * - 'federatingUser': the IAM user behind a GetFederationToken session; limited likewise.
 * - 'account': the caller's account (account id or root ARN). This "delegates authority to
 *   the account": the caller's identity-based policies must also allow.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html#policy-eval-denyallow
 */
import type { RequestPrincipal } from './request.js';
import type { Effect, PrincipalElement } from './types.js';

export type PrincipalMatch = 'none' | 'account' | 'role' | 'federatingUser' | 'direct';

const STRENGTH: Record<PrincipalMatch, number> = { none: 0, account: 1, role: 2, federatingUser: 2, direct: 3 };

export function strongerMatch(a: PrincipalMatch, b: PrincipalMatch): PrincipalMatch {
  return STRENGTH[b] > STRENGTH[a] ? b : a;
}

export type PrincipalMatcher = (principal: RequestPrincipal, hasBoundary: boolean) => PrincipalMatch;

interface Names {
  readonly everything: boolean;
  readonly anyAws: boolean;
  readonly accounts: ReadonlySet<string>;
  readonly arns: ReadonlySet<string>;
  readonly ids: ReadonlySet<string>;
  readonly services: ReadonlySet<string>;
  readonly federated: ReadonlySet<string>;
}

const ROOT_ARN = /^arn:aws[a-z-]*:iam::(\d{12}):root$/;

function names(element: PrincipalElement): Names {
  const value = element.value;
  if (value.wildcard) {
    return { everything: true, anyAws: true, accounts: new Set(), arns: new Set(), ids: new Set(), services: new Set(), federated: new Set() };
  }
  const accounts = new Set<string>();
  const arns = new Set<string>();
  const ids = new Set<string>();
  for (const entry of value.AWS) {
    const root = ROOT_ARN.exec(entry);
    if (/^\d{12}$/.test(entry)) accounts.add(entry);
    else if (root) accounts.add(root[1] as string);
    else if (entry.startsWith('arn:')) arns.add(entry);
    else ids.add(entry);
  }
  return {
    everything: false,
    anyAws: value.AWS.includes('*'),
    accounts,
    arns,
    ids,
    services: new Set(value.Service),
    federated: new Set(value.Federated),
  };
}

export function compilePrincipal(element: PrincipalElement, effect: Effect): PrincipalMatcher {
  const named = names(element);
  if (!element.negated) return (principal) => matchPrincipal(named, principal);
  return (principal, hasBoundary) => {
    // "The NotPrincipal element with a Deny effect will always deny any IAM principal that has
    // a permissions boundary policy attached, regardless of the values specified."
    // https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html
    if (effect === 'Deny' && hasBoundary && isIamPrincipal(principal)) return 'direct';
    const listed = named.everything ? [true] : chain(principal).map((member) => member(named));
    // AWS may evaluate the account, then the role, then the session each as a principal, so a
    // Deny spares the caller only when every one of them is listed, and an Allow reaches it
    // only when none is ("you must also specify the account ARN of the not-denied principal").
    const applies = effect === 'Deny' ? listed.length === 0 || listed.includes(false) : !listed.includes(true);
    return applies ? 'direct' : 'none';
  };
}

function isIamPrincipal(principal: RequestPrincipal): boolean {
  return principal.type === 'IAMUser' || principal.type === 'AssumedRole';
}

function matchPrincipal(named: Names, principal: RequestPrincipal): PrincipalMatch {
  if (named.everything) return 'direct';
  switch (principal.type) {
    case 'Service':
      return named.services.has(principal.service) ? 'direct' : 'none';
    case 'Federated':
      return named.federated.has(principal.provider) ? 'direct' : 'none';
    case 'Anonymous':
      return named.anyAws ? 'direct' : 'none';
    case 'IAMUser':
      if (named.anyAws || named.arns.has(principal.arn) || named.ids.has(principal.userId)) return 'direct';
      break;
    case 'AssumedRole':
      if (named.anyAws || named.arns.has(principal.arn)) return 'direct';
      if (named.arns.has(principal.roleArn) || named.ids.has(principal.roleId)) return 'role';
      break;
    case 'FederatedUser':
      if (named.anyAws || named.arns.has(principal.arn)) return 'direct';
      if (principal.userArn !== undefined && named.arns.has(principal.userArn)) return 'federatingUser';
      break;
    case 'Root':
      if (named.anyAws) return 'direct';
      break;
  }
  return named.accounts.has(principal.accountId) ? 'account' : 'none';
}

type Member = (named: Names) => boolean;

/** The principals AWS may evaluate for one caller, outermost first. */
function chain(principal: RequestPrincipal): Member[] {
  switch (principal.type) {
    case 'Service':
      return [(named) => named.services.has(principal.service)];
    case 'Federated':
      return [(named) => named.federated.has(principal.provider)];
    case 'Anonymous':
      return [(named) => named.anyAws];
    case 'Root':
      return [account(principal.accountId)];
    case 'IAMUser':
      return [account(principal.accountId), (named) => named.anyAws || named.arns.has(principal.arn) || named.ids.has(principal.userId)];
    case 'AssumedRole':
      return [
        account(principal.accountId),
        (named) => named.anyAws || named.arns.has(principal.roleArn) || named.ids.has(principal.roleId),
        (named) => named.anyAws || named.arns.has(principal.arn),
      ];
    case 'FederatedUser':
      return [account(principal.accountId), (named) => named.anyAws || named.arns.has(principal.arn)];
  }
}

function account(accountId: string): Member {
  return (named) => named.anyAws || named.accounts.has(accountId);
}
