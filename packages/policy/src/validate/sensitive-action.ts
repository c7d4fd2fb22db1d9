// How broadly an Allow statement grants one sensitive action (iam:PassRole,
// iam:CreateServiceLinkedRole): named outright or through a wildcard or NotAction, on
// resources named by "*" or by NotResource. The pass-role and create-slr rules report the
// combinations Access Analyzer has a check for.

import { parseArn } from './analysis.js';
import { effectOf, type StatementView, type StringItem } from './document.js';
import type { Target } from './finding.js';
import { hasWildcard, patternRegExp } from './patterns.js';

export type ActionGrant = { how: 'named' | 'wildcard'; item: StringItem } | { how: 'not-action'; target: Target };
export type ResourceGrant = { how: 'star'; item: StringItem } | { how: 'not-resource'; target: Target };

/** How the Allow statement grants `action` (service:Name), if it does. */
export function grantOfAction(st: StatementView, action: string): ActionGrant | undefined {
  if (effectOf(st) !== 'Allow') return undefined;
  const service = action.slice(0, action.indexOf(':') + 1).toLowerCase();
  // Only entries of the action's service, or with a wildcard before the colon, can name it.
  const matches = (p: string) => {
    const colon = p.indexOf(':');
    if (colon !== -1 && !hasWildcard(p.slice(0, colon)) && p.slice(0, colon + 1).toLowerCase() !== service) return false;
    return patternRegExp(p, { ignoreCase: true, variables: false }).test(action);
  };
  if (st.action) {
    const named = st.action.items.find((i) => !hasWildcard(i.value) && i.value.toLowerCase() === action.toLowerCase());
    if (named) return { how: 'named', item: named };
    const wildcard = st.action.items.find((i) => hasWildcard(i.value) && matches(i.value));
    if (wildcard) return { how: 'wildcard', item: wildcard };
    return undefined;
  }
  if (st.notAction && !st.notAction.items.some((i) => matches(i.value))) return { how: 'not-action', target: { member: st.notAction.member } };
  return undefined;
}

/**
 * A resource entry that names every role: "*", or an IAM ARN whose resource is "*" or one
 * of `prefixes` followed by "*" (role/*).
 */
export function grantOfResources(st: StatementView, prefixes: readonly string[]): ResourceGrant | undefined {
  if (st.notResource) return { how: 'not-resource', target: { member: st.notResource.member } };
  const star = st.resource?.items.find((i) => {
    if (i.value === '*') return true;
    const arn = parseArn(i.value);
    if (arn.kind !== 'arn' || !(arn.service === 'iam' || arn.service === '*')) return false;
    return arn.resource === '*' || prefixes.some((p) => arn.resource === `${p}*`);
  });
  return star ? { how: 'star', item: star } : undefined;
}

export function hasConditionKey(st: StatementView, key: string): boolean {
  const k = key.toLowerCase();
  return st.condition?.blocks.some((b) => b.entries.some((e) => e.key.toLowerCase() === k)) ?? false;
}
