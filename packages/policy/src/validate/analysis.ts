// Reading the values inside a statement: what an Action entry names, what an ARN's fields
// are. Pure functions of one string, cached, so every rule can ask again for free.

import { type ActionInfo, getService, serviceExists } from './catalog.js';
import { hasWildcard, patternRegExp } from './patterns.js';

export type ActionRef =
  /** "*": every action of every service. */
  | { kind: 'all' }
  /** Not of the form service:action. */
  | { kind: 'bad-format' }
  /** A wildcard in the service prefix (s3*:Get*); not expanded. */
  | { kind: 'service-wildcard'; service: string; name: string }
  | { kind: 'unknown-service'; service: string; name: string }
  /**
   * A known service. `matches` are the actions the entry names: one for a plain action
   * that exists, none for one that does not, any number for a wildcard.
   */
  | { kind: 'service'; service: string; name: string; wildcard: boolean; matches: readonly ActionInfo[] };

const actionCache = new Map<string, ActionRef>();

/** Reads an Action/NotAction entry. Action names are case-insensitive. */
export function analyzeAction(value: string): ActionRef {
  const cached = actionCache.get(value);
  if (cached) return cached;
  const ref = analyzeActionUncached(value);
  if (actionCache.size > 10_000) actionCache.clear();
  actionCache.set(value, ref);
  return ref;
}

function analyzeActionUncached(value: string): ActionRef {
  if (value === '*') return { kind: 'all' };
  const colon = value.indexOf(':');
  if (colon <= 0 || colon === value.length - 1 || value.indexOf(':', colon + 1) !== -1 || /\s/.test(value)) {
    return { kind: 'bad-format' };
  }
  const service = value.slice(0, colon);
  const name = value.slice(colon + 1);
  if (hasWildcard(service)) return { kind: 'service-wildcard', service, name };
  if (!serviceExists(service)) return { kind: 'unknown-service', service, name };
  const svc = getService(service);
  if (!svc) return { kind: 'unknown-service', service, name };
  if (!hasWildcard(name)) {
    const a = svc.actions.get(name.toLowerCase());
    return { kind: 'service', service: svc.key, name, wildcard: false, matches: a ? [a] : [] };
  }
  const re = patternRegExp(name, { ignoreCase: true, variables: false });
  const matches: ActionInfo[] = [];
  for (const a of svc.actions.values()) if (re.test(a.name)) matches.push(a);
  return { kind: 'service', service: svc.key, name, wildcard: true, matches };
}

/** Does the Action/NotAction entry `pattern` match the action service:name? */
export function actionMatches(pattern: string, action: ActionInfo): boolean {
  return patternRegExp(pattern, { ignoreCase: true, variables: false }).test(`${action.service}:${action.name}`);
}

export function actionId(a: ActionInfo): string {
  return `${a.service}:${a.name}`;
}

// --- ARNs ------------------------------------------------------------------------------------

export type ArnRef =
  | { kind: 'star' }
  | { kind: 'no-prefix' }
  | { kind: 'missing-fields'; count: number }
  | { kind: 'arn'; partition: string; service: string; region: string; account: string; resource: string };

/**
 * Splits arn:partition:service:region:account:resource; the resource part may itself
 * contain colons. https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html
 */
const arnCache = new Map<string, ArnRef>();

export function parseArn(value: string): ArnRef {
  const cached = arnCache.get(value);
  if (cached) return cached;
  const ref = parseArnUncached(value);
  if (arnCache.size > 10_000) arnCache.clear();
  arnCache.set(value, ref);
  return ref;
}

function parseArnUncached(value: string): ArnRef {
  if (value === '*') return { kind: 'star' };
  if (!value.startsWith('arn:')) return { kind: 'no-prefix' };
  // Split at the first five colons, skipping those inside policy variables (${aws:username}).
  const fields: string[] = [];
  let start = 0;
  let depth = 0;
  for (let i = 0; i < value.length && fields.length < 5; i++) {
    const c = value[i];
    if (c === '$' && value[i + 1] === '{') {
      depth++;
      i++;
    } else if (c === '}' && depth > 0) depth--;
    else if (c === ':' && depth === 0) {
      fields.push(value.slice(start, i));
      start = i + 1;
    }
  }
  if (fields.length < 5) return { kind: 'missing-fields', count: fields.length + 1 };
  return {
    kind: 'arn',
    partition: fields[1] as string,
    service: fields[2] as string,
    region: fields[3] as string,
    account: fields[4] as string,
    resource: value.slice(start),
  };
}

/** The policy variables ${...} in a string, with their offsets in it; escapes excluded. */
export function policyVariables(value: string): { name: string; index: number; length: number }[] {
  const out: { name: string; index: number; length: number }[] = [];
  let i = value.indexOf('${');
  while (i !== -1) {
    const close = value.indexOf('}', i + 2);
    if (close === -1) break;
    const name = value.slice(i + 2, close);
    if (name !== '*' && name !== '?' && name !== '$') out.push({ name, index: i, length: close + 1 - i });
    i = value.indexOf('${', close + 1);
  }
  return out;
}

export function hasPolicyVariable(value: string): boolean {
  return policyVariables(value).length > 0;
}
