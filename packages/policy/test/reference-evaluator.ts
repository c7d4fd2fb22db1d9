/**
 * A plain, slow, obviously-correct evaluator used only by the property tests: it reads the
 * parsed policy directly, builds a regular expression for every comparison, and follows the
 * AWS pages step by step. The compiled engine must agree with it on every generated request.
 * Sources: see packages/policy/src/evaluate.ts and the pages cited next to each rule below.
 */
import type { AuthorizationRequest, ContextScalar, ContextValue, Policy, RequestPrincipal, Statement } from '../src/index.js';

export interface ReferencePolicies {
  readonly identity: readonly Policy[];
  readonly boundary?: Policy;
  readonly session?: readonly Policy[];
  readonly resource?: Policy;
  readonly scps?: readonly (readonly Policy[])[];
}

export type ReferenceType = 'identity' | 'boundary' | 'session' | 'scp' | 'resource';

export interface ReferenceDecision {
  readonly decision: 'allowed' | 'implicitDeny' | 'explicitDeny';
  readonly denial?: { readonly policyType: ReferenceType; readonly reason: 'explicit' | 'noAllow' };
}

const MULTIVALUED = ['aws:tagkeys', 'aws:calledvia', 'aws:principalservicenameslist', 'aws:principalorgpaths', 'aws:resourceorgpaths', 'aws:sourceorgpaths', 'sts:transitivetagkeys'];

// ---------------------------------------------------------------- context

function principalValue(p: RequestPrincipal, key: string): ContextValue | undefined {
  if (p.type === 'Anonymous') return key === 'aws:userid' ? 'anonymous' : undefined;
  if (p.type === 'Service') return key === 'aws:principalisawsservice' ? true : key === 'aws:principalservicename' ? p.service : undefined;
  if (p.type === 'Federated') return undefined;
  if (key === 'aws:principalaccount') return p.accountId;
  if (key === 'aws:principalisawsservice') return false;
  if (key === 'aws:principaltype') return p.type === 'Root' ? 'Account' : p.type === 'IAMUser' ? 'User' : p.type;
  if (key === 'aws:principalarn') return p.type === 'Root' ? (p.arn ?? `arn:aws:iam::${p.accountId}:root`) : p.type === 'AssumedRole' ? p.roleArn : p.arn;
  if (key === 'aws:username') return p.type === 'IAMUser' ? p.username : undefined;
  if (key === 'aws:userid') {
    if (p.type === 'IAMUser') return p.userId;
    if (p.type === 'AssumedRole') return p.roleId + ':' + p.sessionName;
    if (p.type === 'FederatedUser') return p.accountId + ':' + p.name;
    return p.accountId;
  }
  if (key.startsWith('aws:principaltag/') && p.type !== 'Root' && p.tags) {
    const tag = Object.keys(p.tags).find((name) => name.toLowerCase() === key.slice('aws:principaltag/'.length));
    return tag === undefined ? undefined : p.tags[tag];
  }
  return undefined;
}

/** The caller's context (generated contexts use AWS's spelling), then what the principal implies. */
function lookup(req: AuthorizationRequest, key: string): ContextValue | undefined {
  const lower = key.toLowerCase();
  const context = req.context ?? {};
  const name = Object.keys(context).find((candidate) => candidate.toLowerCase() === lower && context[candidate] !== undefined);
  if (name !== undefined) return context[name];
  return principalValue(req.principal, lower);
}

function text(value: ContextScalar): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return Number.isNaN(value.getTime()) ? undefined : value.toISOString();
}

// ---------------------------------------------------------------- variables and wildcards

const UNRESOLVED = Symbol('unresolved');

/** Replaces ${...} in a pattern; wildcards outside variables become regex, inside stay literal. */
function patternToRegex(pattern: string, req: AuthorizationRequest, variables: boolean, wildcards: boolean, flags = ''): RegExp | typeof UNRESOLVED {
  let source = '';
  let i = 0;
  while (i < pattern.length) {
    if (variables && pattern.startsWith('${', i) && pattern.indexOf('}', i + 2) !== -1) {
      const end = pattern.indexOf('}', i + 2);
      const inner = pattern.slice(i + 2, end);
      const value = resolveVariable(inner, req);
      if (value === null) {
        source += escape(pattern[i] as string);
        i++;
        continue;
      }
      if (value === UNRESOLVED) return UNRESOLVED;
      source += escape(value);
      i = end + 1;
      continue;
    }
    const char = pattern[i] as string;
    source += wildcards && char === '*' ? '.*' : wildcards && char === '?' ? '.' : escape(char);
    i++;
  }
  return new RegExp(`^${source}$`, flags + 's');
}

/** The pattern's text with its variables replaced (no wildcards). */
function substitute(pattern: string, req: AuthorizationRequest, variables: boolean): string | typeof UNRESOLVED {
  if (!variables) return pattern;
  let out = '';
  let i = 0;
  while (i < pattern.length) {
    const end = pattern.startsWith('${', i) ? pattern.indexOf('}', i + 2) : -1;
    if (end !== -1) {
      const value = resolveVariable(pattern.slice(i + 2, end), req);
      if (value === UNRESOLVED) return UNRESOLVED;
      if (value !== null) {
        out += value;
        i = end + 1;
        continue;
      }
    }
    out += pattern[i];
    i++;
  }
  return out;
}

/** null: not a variable (the text stays literal); UNRESOLVED: a variable without value. */
function resolveVariable(inner: string, req: AuthorizationRequest): string | null | typeof UNRESOLVED {
  if (inner === '*' || inner === '?' || inner === '$') return inner;
  const comma = inner.indexOf(',');
  const key = (comma === -1 ? inner : inner.slice(0, comma)).trim();
  const fallback = comma === -1 ? undefined : /^'(.*)'$/s.exec(inner.slice(comma + 1).trim())?.[1];
  if (!key || (comma !== -1 && fallback === undefined)) return null;
  const value = lookup(req, key);
  if (value !== undefined && !Array.isArray(value) && !MULTIVALUED.includes(key.toLowerCase())) {
    const t = text(value as ContextScalar);
    if (t !== undefined) return t;
  }
  return fallback !== undefined ? fallback : UNRESOLVED;
}

function escape(char: string): string {
  return char.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

// ---------------------------------------------------------------- ARNs

function splitSix(arn: string): string[] | undefined {
  const parts = arn.split(':');
  if (parts.length < 6) return undefined;
  return [...parts.slice(0, 5), parts.slice(5).join(':')];
}

/** Pattern parts, splitting at colons outside ${...}. */
function splitPattern(pattern: string): string[] {
  const parts: string[] = [];
  let current = '';
  let inside = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i] as string;
    if (c === '$' && pattern[i + 1] === '{') inside = true;
    if (c === '}') inside = false;
    if (c === ':' && !inside && parts.length < 5) {
      parts.push(current);
      current = '';
    } else current += c;
  }
  parts.push(current);
  return parts;
}

/** true / false / UNRESOLVED. https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html */
function arnMatches(pattern: string, value: string, req: AuthorizationRequest, variables: boolean): boolean | typeof UNRESOLVED {
  if (pattern === '*') return true;
  const parts = splitPattern(pattern);
  if (parts.length < 6) {
    if (!(parts[parts.length - 1] ?? '').endsWith('*')) return false;
    while (parts.length < 6) parts.push('*');
  }
  // A variable without a value fails the pattern whatever the value compared with it.
  const resourceRe = patternToRegex(parts[5] as string, req, variables, true);
  if (resourceRe === UNRESOLVED) return UNRESOLVED;
  const target = splitSix(value);
  if (!target) return false;
  for (let i = 0; i < 5; i++) {
    const re = patternToRegex(parts[i] as string, req, false, true);
    if (re === UNRESOLVED || !re.test(target[i] as string)) return false;
  }
  return resourceRe.test(target[5] as string);
}

// ---------------------------------------------------------------- conditions

const NEGATED = ['StringNotEquals', 'StringNotEqualsIgnoreCase', 'StringNotLike', 'NumericNotEquals', 'DateNotEquals', 'NotIpAddress', 'ArnNotEquals', 'ArnNotLike'];

function toNumber(v: ContextScalar): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (typeof v === 'string' && /^\s*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?\s*$/.test(v)) return Number(v);
  return undefined;
}

function policyDate(s: string): number | undefined {
  if (/^\d+$/.test(s)) return Number(s) * 1000;
  if (!/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?$/.test(s)) return undefined;
  const withZone = /T/.test(s) && !/(Z|[+-]\d{2}:\d{2})$/.test(s) ? s + 'Z' : s;
  const ms = Date.parse(withZone);
  return Number.isNaN(ms) ? undefined : ms;
}

function toDate(v: ContextScalar): number | undefined {
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? undefined : v.getTime();
  if (typeof v === 'number') return v * 1000;
  return typeof v === 'string' ? policyDate(v) : undefined;
}

function ipBits(address: string): string | undefined {
  let a = address.trim();
  const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(a);
  if (v4) {
    const bytes = v4.slice(1).map(Number);
    if (bytes.some((b) => b > 255)) return undefined;
    return bytes.map((b) => b.toString(2).padStart(8, '0')).join('');
  }
  if (!a.includes(':')) return undefined;
  const dotted = /^(.*:)(\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3})$/.exec(a);
  if (dotted) {
    const bits = ipBits(dotted[2] as string);
    if (!bits) return undefined;
    a = (dotted[1] as string) + parseInt(bits.slice(0, 16), 2).toString(16) + ':' + parseInt(bits.slice(16), 2).toString(16);
  }
  const halves = a.split('::');
  if (halves.length > 2) return undefined;
  const groups = (s: string) => (s === '' ? [] : s.split(':'));
  const left = groups(halves[0] as string);
  const right = halves.length === 2 ? groups(halves[1] as string) : [];
  if ([...left, ...right].some((g) => !/^[0-9a-fA-F]{1,4}$/.test(g))) return undefined;
  const fill = halves.length === 2 ? 8 - left.length - right.length : 0;
  if (fill < (halves.length === 2 ? 1 : 0) || left.length + right.length + fill !== 8) return undefined;
  const all = [...left, ...Array(fill).fill('0'), ...right];
  const bits = all.map((g) => parseInt(g, 16).toString(2).padStart(16, '0')).join('');
  // IPv4-mapped IPv6 reads as IPv4.
  return bits.startsWith('0'.repeat(80) + '1'.repeat(16)) ? bits.slice(96) : bits;
}

function inCidr(address: string, cidr: string): boolean {
  const [base, prefixText] = cidr.split('/');
  const a = ipBits(address);
  const b = ipBits(base ?? '');
  if (!a || !b || a.length !== b.length) return false;
  const prefix = prefixText === undefined ? b.length : /^\d+$/.test(prefixText.trim()) ? Number(prefixText) : NaN;
  if (!(prefix >= 0 && prefix <= b.length)) return false;
  return a.slice(0, prefix) === b.slice(0, prefix);
}

/** Does one request value match one policy value? undefined when they cannot be compared. */
function oneMatch(op: string, requestValue: ContextScalar, policyValue: string, req: AuthorizationRequest, variables: boolean): boolean | undefined | typeof UNRESOLVED {
  const base = op.replace(/^Not(?=IpAddress)/, '').replace('Not', '');
  if (base.startsWith('String')) {
    const t = text(requestValue);
    if (t === undefined) return undefined;
    if (base === 'StringLike') {
      const re = patternToRegex(policyValue, req, variables, true);
      return re === UNRESOLVED ? UNRESOLVED : re.test(t);
    }
    const expected = substitute(policyValue, req, variables);
    if (expected === UNRESOLVED) return UNRESOLVED;
    return base === 'StringEqualsIgnoreCase' ? expected.toLowerCase() === t.toLowerCase() : expected === t;
  }
  if (base.startsWith('Numeric')) {
    const r = toNumber(requestValue);
    if (r === undefined) return undefined;
    const p = toNumber(policyValue);
    if (p === undefined) return false;
    return compare(base.slice('Numeric'.length), r, p);
  }
  if (base.startsWith('Date')) {
    const r = toDate(requestValue);
    if (r === undefined) return undefined;
    const p = policyDate(policyValue);
    if (p === undefined) return false;
    return compare(base.slice('Date'.length), r, p);
  }
  if (base === 'Bool') {
    const r = typeof requestValue === 'boolean' ? requestValue : typeof requestValue === 'string' && /^(true|false)$/i.test(requestValue) ? requestValue.toLowerCase() === 'true' : undefined;
    if (r === undefined) return undefined;
    return policyValue.toLowerCase() === String(r);
  }
  if (base === 'BinaryEquals') return typeof requestValue === 'string' ? requestValue === policyValue : undefined;
  if (base === 'IpAddress') {
    if (typeof requestValue !== 'string' || !ipBits(requestValue)) return undefined;
    return inCidr(requestValue, policyValue);
  }
  if (base.startsWith('Arn')) {
    if (typeof requestValue !== 'string' || !splitSix(requestValue)) return undefined;
    return arnMatches(policyValue, requestValue, req, variables);
  }
  throw new Error(`reference: unknown operator ${op}`);
}

function compare(kind: string, a: number, b: number): boolean {
  switch (kind) {
    case 'Equals':
      return a === b;
    case 'LessThan':
      return a < b;
    case 'LessThanEquals':
      return a <= b;
    case 'GreaterThan':
      return a > b;
    case 'GreaterThanEquals':
      return a >= b;
  }
  throw new Error(kind);
}

/**
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html
 */
function conditionHolds(condition: Statement['conditions'][number], req: AuthorizationRequest, variables: boolean): boolean {
  const { base, set, ifExists } = condition.operator;
  const raw = lookup(req, condition.key);
  const absent = raw === undefined || (Array.isArray(raw) && raw.length === 0);
  if (base === 'Null') {
    const lowered = condition.values.map((v) => v.toLowerCase());
    return absent ? lowered.includes('true') : lowered.includes('false');
  }
  const negated = NEGATED.includes(base);
  if (absent) {
    if (ifExists) return true;
    if (set === 'ForAllValues') return true;
    if (set === 'ForAnyValue') return false;
    return negated;
  }
  const variablesHere = variables && (base.startsWith('String') || base.startsWith('Arn'));
  const valueOk = (v: ContextScalar): boolean => {
    const results = condition.values.map((pv) => oneMatch(base, v, pv, req, variablesHere));
    if (results.includes(undefined)) return false;
    if (negated) {
      // NOR over the policy values; an unresolved variable makes the comparison invalid.
      if (results.includes(UNRESOLVED)) return false;
      return !results.includes(true);
    }
    return results.includes(true);
  };
  const isMulti = Array.isArray(raw) || MULTIVALUED.includes(condition.key.toLowerCase());
  const list: ContextScalar[] = Array.isArray(raw) ? [...(raw as ContextScalar[])] : [raw as ContextScalar];
  if (!set) return isMulti ? false : valueOk(list[0] as ContextScalar);
  return set === 'ForAnyValue' ? list.some(valueOk) : list.every(valueOk);
}

// ---------------------------------------------------------------- principals

type Kind = 'none' | 'account' | 'role' | 'federatingUser' | 'direct';
const RANK: Record<Kind, number> = { none: 0, account: 1, role: 2, federatingUser: 2, direct: 3 };

function listed(p: Statement['principal'] & object): { aws: string[]; service: string[]; federated: string[]; all: boolean } {
  if (p.value.wildcard) return { aws: [], service: [], federated: [], all: true };
  return { aws: [...p.value.AWS], service: [...p.value.Service], federated: [...p.value.Federated], all: false };
}

function accountOf(entry: string): string | undefined {
  if (/^\d{12}$/.test(entry)) return entry;
  return /^arn:aws[a-z-]*:iam::(\d{12}):root$/.exec(entry)?.[1];
}

/** https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html */
function principalKind(statement: Statement, p: RequestPrincipal, hasBoundary: boolean): Kind {
  const element = statement.principal;
  if (!element) return 'direct';
  const l = listed(element);
  const awsHas = (value: string | undefined) => value !== undefined && (l.all || l.aws.includes('*') || l.aws.includes(value));
  const accountListed = (account: string) => l.all || l.aws.includes('*') || l.aws.some((entry) => accountOf(entry) === account);
  if (element.negated) {
    // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notprincipal.html
    if (statement.effect === 'Deny' && hasBoundary && (p.type === 'IAMUser' || p.type === 'AssumedRole')) return 'direct';
    let chain: boolean[];
    if (p.type === 'Service') chain = [l.all || l.service.includes(p.service)];
    else if (p.type === 'Federated') chain = [l.all || l.federated.includes(p.provider)];
    else if (p.type === 'Anonymous') chain = [l.all || l.aws.includes('*')];
    else if (p.type === 'Root') chain = [accountListed(p.accountId)];
    else if (p.type === 'IAMUser') chain = [accountListed(p.accountId), awsHas(p.arn) || awsHas(p.userId)];
    else if (p.type === 'AssumedRole') chain = [accountListed(p.accountId), awsHas(p.roleArn) || awsHas(p.roleId), awsHas(p.arn)];
    else chain = [accountListed(p.accountId), awsHas(p.arn)];
    const applies = statement.effect === 'Deny' ? chain.includes(false) : !chain.includes(true);
    return applies ? 'direct' : 'none';
  }
  if (l.all) return 'direct';
  if (p.type === 'Service') return l.service.includes(p.service) ? 'direct' : 'none';
  if (p.type === 'Federated') return l.federated.includes(p.provider) ? 'direct' : 'none';
  if (p.type === 'Anonymous') return l.aws.includes('*') ? 'direct' : 'none';
  if (l.aws.includes('*')) return 'direct';
  if (p.type === 'IAMUser' && (l.aws.includes(p.arn) || l.aws.includes(p.userId))) return 'direct';
  if ((p.type === 'AssumedRole' || p.type === 'FederatedUser') && l.aws.includes(p.arn)) return 'direct';
  if (p.type === 'AssumedRole' && (l.aws.includes(p.roleArn) || l.aws.includes(p.roleId))) return 'role';
  if (p.type === 'FederatedUser' && p.userArn !== undefined && l.aws.includes(p.userArn)) return 'federatingUser';
  return l.aws.some((entry) => accountOf(entry) === p.accountId) ? 'account' : 'none';
}

// ---------------------------------------------------------------- statements and policies

function statementApplies(statement: Statement, policy: Policy, req: AuthorizationRequest, hasBoundary: boolean): Kind {
  const variables = policy.version === '2012-10-17';
  const actionHit = statement.action.values.some((pattern) => (patternToRegex(pattern, req, false, true, 'i') as RegExp).test(req.action));
  if (actionHit === statement.action.negated) return 'none';
  if (statement.resource) {
    const results = statement.resource.values.map((pattern) => arnMatches(pattern, req.resource, req, variables));
    const ok = statement.resource.negated ? results.every((r) => r === false) : results.includes(true);
    if (!ok) return 'none';
  }
  const kind = principalKind(statement, req.principal, hasBoundary);
  if (kind === 'none') return 'none';
  if (!statement.conditions.every((c) => conditionHolds(c, req, variables))) return 'none';
  return kind;
}

interface Verdict {
  allow: boolean;
  deny: boolean;
  bestAllow: Kind;
}

function judge(policies: readonly Policy[], req: AuthorizationRequest, hasBoundary: boolean): Verdict {
  const verdict: Verdict = { allow: false, deny: false, bestAllow: 'none' };
  for (const policy of policies) {
    for (const statement of policy.statements) {
      const kind = statementApplies(statement, policy, req, hasBoundary);
      if (kind === 'none') continue;
      if (statement.effect === 'Deny') verdict.deny = true;
      else {
        verdict.allow = true;
        if (RANK[kind] > RANK[verdict.bestAllow]) verdict.bestAllow = kind;
      }
    }
  }
  return verdict;
}

function accountOfPrincipal(p: RequestPrincipal): string | undefined {
  return p.type === 'Service' || p.type === 'Federated' || p.type === 'Anonymous' ? undefined : p.accountId;
}

function resourceAccount(req: AuthorizationRequest): string | undefined {
  if (req.resourceAccount !== undefined) return req.resourceAccount;
  const account = req.resource.split(':')[4];
  return account !== undefined && /^\d{12}$/.test(account) ? account : accountOfPrincipal(req.principal);
}

/** https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html */
export function referenceEvaluate(req: AuthorizationRequest, policies: ReferencePolicies): ReferenceDecision {
  const p = req.principal;
  const isIdentity = p.type === 'IAMUser' || p.type === 'AssumedRole' || p.type === 'FederatedUser';
  const hasBoundary = isIdentity && policies.boundary !== undefined;
  const inAccount = accountOfPrincipal(p) !== undefined;

  const scpLevels = inAccount && policies.scps ? policies.scps.map((level) => judge(level, req, hasBoundary)) : [];
  const resource = policies.resource ? judge([policies.resource], req, hasBoundary) : undefined;
  const identity = isIdentity ? judge(policies.identity, req, hasBoundary) : undefined;
  const boundary = hasBoundary ? judge([policies.boundary as Policy], req, hasBoundary) : undefined;
  const session = isIdentity && policies.session && policies.session.length > 0 ? judge(policies.session, req, hasBoundary) : undefined;

  const explicit = (policyType: ReferenceType): ReferenceDecision => ({ decision: 'explicitDeny', denial: { policyType, reason: 'explicit' } });
  const implicit = (policyType: ReferenceType): ReferenceDecision => ({ decision: 'implicitDeny', denial: { policyType, reason: 'noAllow' } });
  const allow: ReferenceDecision = { decision: 'allowed' };

  if (scpLevels.some((v) => v.deny)) return explicit('scp');
  if (resource?.deny) return explicit('resource');
  if (identity?.deny) return explicit('identity');
  if (boundary?.deny) return explicit('boundary');
  if (session?.deny) return explicit('session');
  if (scpLevels.some((v) => !v.allow)) return implicit('scp');

  if (!isIdentity && p.type !== 'Root') return resource?.allow ? allow : implicit('resource');
  const cross = resourceAccount(req) !== accountOfPrincipal(p);
  if ((cross || policies.resource?.kind === 'trust') && !resource?.allow) return implicit('resource');
  if (p.type === 'Root') return allow;

  const best = resource?.bestAllow ?? 'none';
  if (!cross && best === 'direct') return allow;
  const boundaryOk = !boundary || boundary.allow;
  const sessionOk = session ? session.allow : p.type !== 'FederatedUser';
  if (!cross && (best === 'role' || best === 'federatingUser')) {
    if (!boundaryOk) return implicit('boundary');
    if (!sessionOk) return implicit('session');
    return allow;
  }
  if (!identity?.allow) return implicit('identity');
  if (!boundaryOk) return implicit('boundary');
  if (!sessionOk) return implicit('session');
  return allow;
}
