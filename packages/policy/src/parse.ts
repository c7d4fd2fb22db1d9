/**
 * Policy JSON → typed Policy, with IAM's MalformedPolicyDocument wording. Never throws.
 * Grammar: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html
 * Element rules: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements.html
 */
import { parseConditionOperator } from './conditions/operator-name.js';
import { isPolicyDate } from './dates.js';
import { IAM_MESSAGES, RANK, type PolicyParseError, type RankedError } from './parse-errors.js';
import type {
  Condition,
  Effect,
  Policy,
  PolicyKind,
  PolicyVersion,
  PrincipalElement,
  PrincipalValue,
  Statement,
  ValueList,
} from './types.js';

export type { PolicyParseError } from './parse-errors.js';

export type ParseResult = { readonly ok: true; readonly policy: Policy } | { readonly ok: false; readonly errors: readonly PolicyParseError[] };

export interface ParseOptions {
  /** Which elements are required or prohibited depends on where the policy is used. Default 'identity'. */
  readonly kind?: PolicyKind;
}

const TOP_LEVEL = new Set(['Version', 'Id', 'Statement']);
const STATEMENT_ELEMENTS = new Set(['Sid', 'Effect', 'Principal', 'NotPrincipal', 'Action', 'NotAction', 'Resource', 'NotResource', 'Condition']);
const PRINCIPAL_TYPES = ['AWS', 'Service', 'Federated', 'CanonicalUser'] as const;
const VERSIONS: readonly PolicyVersion[] = ['2012-10-17', '2008-10-17'];
/** Kinds that live on a resource and so must name who they apply to. */
const NAMES_PRINCIPAL: ReadonlySet<PolicyKind> = new Set(['resource', 'trust']);
/** IAM itself stores these, and IAM insists on alphanumeric Sids; S3 and Organizations do not. */
const IAM_STORED: ReadonlySet<PolicyKind> = new Set(['identity', 'boundary', 'session', 'trust']);

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export function parsePolicy(text: string, options: ParseOptions = {}): ParseResult {
  const kind = options.kind ?? 'identity';
  try {
    return new PolicyParser(kind).parse(text);
  } catch (error) {
    // Defence in depth: the parser is written not to throw, but a policy document is untrusted
    // input and a crash here would become a 500 at the edge.
    return { ok: false, errors: [{ path: '$', message: IAM_MESSAGES.syntax, detail: `The document could not be read: ${String(error)}` }] };
  }
}

class PolicyParser {
  private readonly errors: RankedError[] = [];

  constructor(private readonly kind: PolicyKind) {}

  parse(text: string): ParseResult {
    if (typeof text !== 'string') return this.fail('$', RANK.syntax, IAM_MESSAGES.syntax, 'The policy document must be a JSON string.');
    let json: Json;
    try {
      json = JSON.parse(text) as Json;
    } catch (error) {
      return this.fail('$', RANK.syntax, IAM_MESSAGES.syntax, `The policy document is not valid JSON: ${(error as Error).message}`);
    }
    if (!isObject(json)) return this.fail('$', RANK.syntax, IAM_MESSAGES.syntax, `The policy document must be a JSON object, not ${describe(json)}.`);

    for (const key of Object.keys(json)) {
      if (!TOP_LEVEL.has(key)) this.error(`$.${key}`, RANK.syntax, IAM_MESSAGES.syntax, `Unknown top-level element "${key}"; allowed are Version, Id and Statement.`);
    }
    const version = this.version(json);
    let id: string | undefined;
    if (Object.hasOwn(json, 'Id')) {
      if (typeof json.Id === 'string') id = json.Id;
      else this.error('$.Id', RANK.syntax, IAM_MESSAGES.syntax, `Id must be a string, not ${describe(json.Id ?? null)}.`);
    }
    const statements = this.statements(json);
    this.checkSids(statements);

    if (this.errors.length > 0) return { ok: false, errors: this.sortedErrors() };
    return {
      ok: true,
      policy: {
        kind: this.kind,
        version: version ?? '2008-10-17',
        versionGiven: version !== undefined,
        ...(id !== undefined ? { id } : {}),
        statements: statements.map((entry) => entry.statement),
      },
    };
  }

  private version(json: { [key: string]: Json }): PolicyVersion | undefined {
    if (!Object.hasOwn(json, 'Version')) return undefined;
    const value = json.Version ?? null;
    if (typeof value === 'string' && (VERSIONS as readonly string[]).includes(value)) return value as PolicyVersion;
    this.error('$.Version', RANK.syntax, IAM_MESSAGES.syntax, `Unsupported policy version ${JSON.stringify(value)}; Version must be "2012-10-17" or "2008-10-17".`);
    return undefined;
  }

  private statements(json: { [key: string]: Json }): { statement: Statement; path: string }[] {
    if (!Object.hasOwn(json, 'Statement')) {
      this.error('$', RANK.syntax, IAM_MESSAGES.syntax, 'The policy has no Statement element.');
      return [];
    }
    const raw = json.Statement ?? null;
    const list: { value: Json; path: string }[] = Array.isArray(raw)
      ? raw.map((value, index) => ({ value, path: `$.Statement[${index}]` }))
      : [{ value: raw, path: '$.Statement' }];
    if (list.length === 0) this.error('$.Statement', RANK.syntax, IAM_MESSAGES.syntax, 'Statement is an empty list; a policy needs at least one statement.');
    const out: { statement: Statement; path: string }[] = [];
    for (const { value, path } of list) {
      const statement = this.statement(value, path);
      if (statement) out.push({ statement, path });
    }
    return out;
  }

  private statement(value: Json, path: string): Statement | undefined {
    if (!isObject(value)) {
      this.error(path, RANK.syntax, IAM_MESSAGES.syntax, `A statement must be a JSON object, not ${describe(value)}.`);
      return undefined;
    }
    for (const key of Object.keys(value)) {
      if (!STATEMENT_ELEMENTS.has(key)) {
        this.error(`${path}.${key}`, RANK.syntax, IAM_MESSAGES.syntax, `Unknown statement element "${key}"; allowed are ${[...STATEMENT_ELEMENTS].join(', ')}.`);
      }
    }
    const sid = this.sid(value, path);
    const effect = this.effect(value, path);
    const principal = this.principal(value, path);
    const action = this.action(value, path);
    const resource = this.resource(value, path);
    const conditions = this.conditions(value, path);
    if (effect === undefined || action === undefined || conditions === undefined) return undefined;
    return {
      ...(sid !== undefined ? { sid } : {}),
      effect,
      ...(principal !== undefined ? { principal } : {}),
      action,
      ...(resource !== undefined ? { resource } : {}),
      conditions,
    };
  }

  private sid(statement: { [key: string]: Json }, path: string): string | undefined {
    if (!Object.hasOwn(statement, 'Sid')) return undefined;
    const sid = statement.Sid ?? null;
    if (typeof sid !== 'string') {
      this.error(`${path}.Sid`, RANK.syntax, IAM_MESSAGES.syntax, `Sid must be a string, not ${describe(sid)}.`);
      return undefined;
    }
    if (IAM_STORED.has(this.kind) && !/^[0-9A-Za-z]*$/.test(sid)) {
      this.error(`${path}.Sid`, RANK.sid, IAM_MESSAGES.sidNotAlphanumeric, `Sid ${JSON.stringify(sid)} contains characters other than A-Z, a-z and 0-9.`);
    }
    return sid;
  }

  private effect(statement: { [key: string]: Json }, path: string): Effect | undefined {
    const effect = statement.Effect;
    if (!Object.hasOwn(statement, 'Effect') || effect === undefined) {
      this.error(path, RANK.syntax, IAM_MESSAGES.syntax, 'The statement has no Effect; it must be "Allow" or "Deny".');
      return undefined;
    }
    if (effect === 'Allow' || effect === 'Deny') return effect;
    if (typeof effect === 'string' && (effect.toLowerCase() === 'allow' || effect.toLowerCase() === 'deny')) {
      // IAM's first pass accepts any case, its legacy parser then rejects anything but the exact words.
      this.error(`${path}.Effect`, RANK.legacyParsing, IAM_MESSAGES.legacyParsing, `Effect ${JSON.stringify(effect)} must be written exactly "Allow" or "Deny".`);
      return effect.toLowerCase() === 'allow' ? 'Allow' : 'Deny';
    }
    this.error(`${path}.Effect`, RANK.syntax, IAM_MESSAGES.syntax, `Effect must be "Allow" or "Deny", not ${describe(effect)}.`);
    return undefined;
  }

  private principal(statement: { [key: string]: Json }, path: string): PrincipalElement | undefined {
    const hasPrincipal = Object.hasOwn(statement, 'Principal');
    const hasNot = Object.hasOwn(statement, 'NotPrincipal');
    if (hasPrincipal && hasNot) {
      this.error(path, RANK.syntax, IAM_MESSAGES.syntax, 'A statement cannot have both Principal and NotPrincipal.');
      return undefined;
    }
    if (!hasPrincipal && !hasNot) {
      if (NAMES_PRINCIPAL.has(this.kind)) {
        this.error(path, RANK.principalPlacement, IAM_MESSAGES.principalRequired, `A ${this.kind} policy statement must name a Principal or NotPrincipal.`);
      }
      return undefined;
    }
    const element = hasPrincipal ? 'Principal' : 'NotPrincipal';
    const elementPath = `${path}.${element}`;
    if (!NAMES_PRINCIPAL.has(this.kind)) {
      this.error(elementPath, RANK.principalPlacement, IAM_MESSAGES.principalProhibited, `${element} is not allowed in a${this.kind === 'identity' ? 'n' : ''} ${this.kind} policy; the principal is the identity the policy is attached to.`);
      return undefined;
    }
    const value = this.principalValue(statement[element] ?? null, elementPath);
    return value ? { negated: hasNot, value } : undefined;
  }

  private principalValue(raw: Json, path: string): PrincipalValue | undefined {
    if (raw === '*') return { wildcard: true };
    if (!isObject(raw)) {
      if (typeof raw === 'string') this.error(path, RANK.principalValue, IAM_MESSAGES.invalidPrincipal('', raw), `Principal ${JSON.stringify(raw)} must be "*" or an object such as {"AWS": "arn:aws:iam::123456789012:root"}.`);
      else this.error(path, RANK.syntax, IAM_MESSAGES.syntax, `Principal must be "*" or an object, not ${describe(raw)}.`);
      return undefined;
    }
    const lists: Record<(typeof PRINCIPAL_TYPES)[number], string[]> = { AWS: [], Service: [], Federated: [], CanonicalUser: [] };
    for (const key of Object.keys(raw)) {
      if (!(PRINCIPAL_TYPES as readonly string[]).includes(key)) {
        this.error(`${path}.${key}`, RANK.syntax, IAM_MESSAGES.syntax, `Unknown principal type "${key}"; use AWS, Service, Federated or CanonicalUser.`);
        continue;
      }
      const values = this.stringList(raw[key] ?? null, `${path}.${key}`);
      if (!values) continue;
      for (const [index, value] of values.entries()) {
        if (key === 'AWS' && !isValidAwsPrincipal(value)) {
          this.error(`${path}.${key}[${index}]`, RANK.principalValue, IAM_MESSAGES.invalidPrincipal(key, value), `${JSON.stringify(value)} is not an AWS principal: use "*", a 12-digit account id, or the ARN of an account root, user, role, assumed-role session or federated user, without wildcards.`);
        }
      }
      lists[key as (typeof PRINCIPAL_TYPES)[number]].push(...values);
    }
    if (Object.keys(raw).length === 0) {
      this.error(path, RANK.syntax, IAM_MESSAGES.syntax, 'The principal object is empty.');
      return undefined;
    }
    return { wildcard: false, ...lists };
  }

  private action(statement: { [key: string]: Json }, path: string): ValueList | undefined {
    const list = this.exclusiveList(statement, path, 'Action', 'NotAction');
    if (list === null) return undefined;
    if (list === undefined || list.values.length === 0) {
      this.error(path, RANK.actions, IAM_MESSAGES.missingActions, 'The statement needs a non-empty Action or NotAction.');
      return { negated: false, values: [] };
    }
    const element = list.negated ? 'NotAction' : 'Action';
    for (const [index, action] of list.values.entries()) this.checkAction(action, `${path}.${element}[${index}]`);
    return list;
  }

  private checkAction(action: string, path: string): void {
    if (action === '*') return;
    const parts = action.split(':');
    if (parts.length === 1) {
      this.error(path, RANK.actionFormat, IAM_MESSAGES.missingVendor, `Action ${JSON.stringify(action)} needs a service prefix, e.g. "iam:${action}".`);
    } else if (parts.length > 2) {
      this.error(path, RANK.actionFormat, IAM_MESSAGES.tooManyColons, `Action ${JSON.stringify(action)} has more than one colon.`);
    } else if (!/^[A-Za-z0-9\-.*?]+$/.test(parts[0] ?? '')) {
      this.error(path, RANK.actionFormat, IAM_MESSAGES.invalidVendor(parts[0] ?? ''), `The service prefix of ${JSON.stringify(action)} may contain only letters, digits, "-" and ".".`);
    }
  }

  private resource(statement: { [key: string]: Json }, path: string): ValueList | undefined {
    const list = this.exclusiveList(statement, path, 'Resource', 'NotResource');
    if (list === null) return undefined;
    if (this.kind === 'trust') {
      // A role trust policy is about the role itself; IAM rejects any Resource in it.
      if (list !== undefined) this.error(`${path}.${list.negated ? 'NotResource' : 'Resource'}`, RANK.principalPlacement, IAM_MESSAGES.resourceProhibited, 'A role trust policy applies to the role itself and must not name a Resource.');
      return undefined;
    }
    if (list === undefined || list.values.length === 0) {
      this.error(path, RANK.resources, IAM_MESSAGES.missingResources, 'The statement needs a non-empty Resource or NotResource.');
      return { negated: false, values: [] };
    }
    const element = list.negated ? 'NotResource' : 'Resource';
    for (const [index, resource] of list.values.entries()) {
      if (resource !== '*' && !resource.includes(':')) {
        this.error(`${path}.${element}[${index}]`, RANK.resourceFormat, IAM_MESSAGES.resourceNotArn(resource), `Resource ${JSON.stringify(resource)} must be an ARN such as "arn:aws:iam::123456789012:user/bob", or "*".`);
      }
    }
    return list;
  }

  /** undefined: neither present; null: an error was recorded. */
  private exclusiveList(statement: { [key: string]: Json }, path: string, positive: string, negative: string): ValueList | undefined | null {
    const hasPositive = Object.hasOwn(statement, positive);
    const hasNegative = Object.hasOwn(statement, negative);
    if (hasPositive && hasNegative) {
      this.error(path, RANK.syntax, IAM_MESSAGES.syntax, `A statement cannot have both ${positive} and ${negative}.`);
      return null;
    }
    if (!hasPositive && !hasNegative) return undefined;
    const element = hasPositive ? positive : negative;
    const values = this.stringList(statement[element] ?? null, `${path}.${element}`);
    return values ? { negated: hasNegative, values } : null;
  }

  private stringList(raw: Json, path: string): string[] | undefined {
    if (typeof raw === 'string') return [raw];
    if (Array.isArray(raw) && raw.every((item): item is string => typeof item === 'string')) return raw;
    this.error(path, RANK.syntax, IAM_MESSAGES.syntax, `Expected a string or a list of strings, not ${describe(raw)}.`);
    return undefined;
  }

  private conditions(statement: { [key: string]: Json }, path: string): Condition[] | undefined {
    if (!Object.hasOwn(statement, 'Condition')) return [];
    const block = statement.Condition ?? null;
    const blockPath = `${path}.Condition`;
    if (!isObject(block)) {
      this.error(blockPath, RANK.syntax, IAM_MESSAGES.syntax, `Condition must be an object of operators, not ${describe(block)}.`);
      return undefined;
    }
    const out: Condition[] = [];
    let valid = true;
    for (const [operatorName, keys] of Object.entries(block)) {
      const operatorPath = `${blockPath}.${operatorName}`;
      if (!isObject(keys)) {
        this.error(operatorPath, RANK.syntax, IAM_MESSAGES.syntax, `The value of ${operatorName} must be an object of condition keys, not ${describe(keys)}.`);
        valid = false;
        continue;
      }
      const operator = parseConditionOperator(operatorName);
      if (!operator) {
        this.error(operatorPath, RANK.conditionType, IAM_MESSAGES.invalidConditionType(operatorName), `${JSON.stringify(operatorName)} is not a condition operator; see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html`);
        valid = false;
        continue;
      }
      for (const [key, rawValues] of Object.entries(keys)) {
        const keyPath = `${operatorPath}.${key}`;
        const values = conditionValues(rawValues);
        if (!values) {
          this.error(keyPath, RANK.syntax, IAM_MESSAGES.syntax, `Condition values must be a string, number or boolean, or a list of them; got ${describe(rawValues)}.`);
          valid = false;
          continue;
        }
        if (!key.includes(':')) {
          this.error(keyPath, RANK.actionFormat, IAM_MESSAGES.missingVendor, `Condition key ${JSON.stringify(key)} needs a prefix, e.g. "aws:${key}".`);
        }
        if (operator.base.startsWith('Date')) {
          for (const [index, value] of values.entries()) {
            if (!isPolicyDate(value)) {
              this.error(`${keyPath}[${index}]`, RANK.legacyParsing, IAM_MESSAGES.legacyParsing, `${JSON.stringify(value)} is not a date: use ISO 8601 ("2025-01-31T12:00:00Z") or epoch seconds.`);
            }
          }
        }
        out.push({ operator, key, values });
      }
    }
    return valid ? out : undefined;
  }

  private checkSids(statements: readonly { statement: Statement; path: string }[]): void {
    const seen = new Set<string>();
    for (const { statement, path } of statements) {
      // IAM lets several statements omit Sid or leave it empty; only named ones must differ.
      if (!statement.sid) continue;
      if (seen.has(statement.sid)) this.error(`${path}.Sid`, RANK.sid, IAM_MESSAGES.duplicateSid, `Sid ${JSON.stringify(statement.sid)} is used by more than one statement.`);
      seen.add(statement.sid);
    }
  }

  private error(path: string, rank: number, message: string, detail: string): void {
    this.errors.push({ path, rank, message, detail });
  }

  private fail(path: string, rank: number, message: string, detail: string): ParseResult {
    this.error(path, rank, message, detail);
    return { ok: false, errors: this.sortedErrors() };
  }

  private sortedErrors(): PolicyParseError[] {
    return this.errors
      .map((error, order) => ({ error, order }))
      .sort((a, b) => a.error.rank - b.error.rank || a.order - b.order)
      .map(({ error }) => ({ path: error.path, message: error.message, detail: error.detail }));
  }
}

function isObject(value: Json | undefined): value is { [key: string]: Json } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: Json): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${JSON.stringify(value)}`;
}

/** IAM stores a JSON number or boolean condition value as its text. */
function conditionValues(raw: Json | undefined): string[] | undefined {
  const scalar = (value: Json): string | undefined =>
    typeof value === 'string' ? value : typeof value === 'number' || typeof value === 'boolean' ? JSON.stringify(value) : undefined;
  if (Array.isArray(raw)) {
    const out: string[] = [];
    for (const item of raw) {
      const text = scalar(item);
      if (text === undefined) return undefined;
      out.push(text);
    }
    return out;
  }
  const text = raw === undefined ? undefined : scalar(raw);
  return text === undefined ? undefined : [text];
}

/**
 * An AWS principal IAM accepts: "*", an account id, or an ARN naming a root, user, role,
 * assumed-role session or federated user — never a partial wildcard — or a unique id (AIDA…,
 * AROA…) that IAM shows when the named identity was deleted.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html
 */
function isValidAwsPrincipal(value: string): boolean {
  if (value === '*' || /^\d{12}$/.test(value) || /^A[A-Z0-9]{15,127}$/.test(value)) return true;
  if (value.includes('*') || value.includes('?')) return false;
  return /^arn:aws[a-z-]*:(iam::\d{12}:(root|user\/.+|role\/.+)|sts::\d{12}:(assumed-role\/[^/]+\/.+|federated-user\/.+))$/.test(value);
}
