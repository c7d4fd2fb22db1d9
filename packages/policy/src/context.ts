/**
 * Condition context keys: names compare case-insensitively ("aws:CurrentTime is equivalent to
 * AWS:currenttime"), some keys are multivalued, and the principal's own keys (aws:username,
 * aws:userid, aws:PrincipalArn, ...) follow from the principal when the caller did not set them.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html#principaltable
 */
import type { ContextValue, RequestContext, RequestPrincipal } from './request.js';

/** A key as a policy names it, precomputed for lookup. */
export interface ContextKey {
  /** As written in the policy. */
  readonly name: string;
  readonly lower: string;
  /** AWS's spelling when the key is a known global key; tried first, since callers use it. */
  readonly canonical: string;
}

/** Global keys in AWS's spelling, so that a policy's `aws:sourceip` finds the caller's `aws:SourceIp` at once. */
const GLOBAL_KEYS = [
  'aws:CalledVia',
  'aws:CalledViaFirst',
  'aws:CalledViaLast',
  'aws:CurrentTime',
  'aws:EpochTime',
  'aws:FederatedProvider',
  'aws:MultiFactorAuthAge',
  'aws:MultiFactorAuthPresent',
  'aws:PrincipalAccount',
  'aws:PrincipalArn',
  'aws:PrincipalIsAWSService',
  'aws:PrincipalOrgID',
  'aws:PrincipalOrgPaths',
  'aws:PrincipalServiceName',
  'aws:PrincipalServiceNamesList',
  'aws:PrincipalType',
  'aws:RequestedRegion',
  'aws:ResourceAccount',
  'aws:ResourceOrgID',
  'aws:ResourceOrgPaths',
  'aws:SecureTransport',
  'aws:SourceAccount',
  'aws:SourceArn',
  'aws:SourceIp',
  'aws:SourceOrgID',
  'aws:SourceOrgPaths',
  'aws:SourceVpc',
  'aws:SourceVpce',
  'aws:TagKeys',
  'aws:TokenIssueTime',
  'aws:UserAgent',
  'aws:userid',
  'aws:username',
  'aws:ViaAWSService',
  'iam:AWSServiceName',
  'iam:OrganizationsPolicyId',
  'iam:PassedToService',
  'iam:PermissionsBoundary',
  'iam:PolicyARN',
  'sts:ExternalId',
  'sts:RoleSessionName',
  'sts:SourceIdentity',
  'sts:TransitiveTagKeys',
];
const CANONICAL = new Map(GLOBAL_KEYS.map((key) => [key.toLowerCase(), key]));
const TAG_PREFIXES = ['aws:PrincipalTag/', 'aws:RequestTag/', 'aws:ResourceTag/', 'iam:ResourceTag/'];

/**
 * Keys whose request value is a set: the AWS documentation gives them the ArrayOf... type.
 * A scalar given for one of them is read as a set of one, and an operator without
 * ForAnyValue/ForAllValues never matches them.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html
 */
const MULTIVALUED = new Set(
  ['aws:TagKeys', 'aws:CalledVia', 'aws:PrincipalServiceNamesList', 'aws:PrincipalOrgPaths', 'aws:ResourceOrgPaths', 'aws:SourceOrgPaths', 'sts:TransitiveTagKeys'].map((key) =>
    key.toLowerCase(),
  ),
);

export function contextKey(name: string): ContextKey {
  const lower = name.toLowerCase();
  let canonical = CANONICAL.get(lower) ?? name;
  for (const prefix of TAG_PREFIXES) {
    if (lower.startsWith(prefix.toLowerCase())) canonical = prefix + name.slice(prefix.length);
  }
  return { name, lower, canonical };
}

export function isMultivaluedKey(key: ContextKey): boolean {
  return MULTIVALUED.has(key.lower);
}

/**
 * Reads keys for one request: the caller's context first (exact spelling, then any spelling),
 * then what the principal itself implies.
 */
export class ContextReader {
  private lowered: Map<string, ContextValue> | undefined;

  constructor(
    private readonly context: RequestContext | undefined,
    private readonly principal: RequestPrincipal,
  ) {}

  get(key: ContextKey): ContextValue | undefined {
    const context = this.context;
    if (context) {
      const exact = context[key.canonical];
      if (exact !== undefined) return exact;
    }
    const implied = principalKey(this.principal, key.lower);
    if (implied !== undefined) return implied;
    if (!context) return undefined;
    return this.lowercased().get(key.lower);
  }

  private lowercased(): Map<string, ContextValue> {
    if (!this.lowered) {
      this.lowered = new Map();
      for (const [name, value] of Object.entries(this.context ?? {})) {
        if (value !== undefined) this.lowered.set(name.toLowerCase(), value);
      }
    }
    return this.lowered;
  }
}

const PRINCIPAL_TYPE = { Root: 'Account', IAMUser: 'User', AssumedRole: 'AssumedRole', FederatedUser: 'FederatedUser' } as const;

/**
 * The keys AWS derives from the principal, per the table of principal key values:
 * aws:username only for IAM users; aws:userid is the user id, role-id:session-name, the
 * account id for the root, account:name for a federated user; aws:PrincipalArn is the role ARN
 * (not the session ARN) for a role session.
 */
function principalKey(principal: RequestPrincipal, lower: string): ContextValue | undefined {
  if (principal.type === 'Anonymous') return lower === 'aws:userid' ? 'anonymous' : undefined;
  if (principal.type === 'Service') {
    if (lower === 'aws:principalisawsservice') return true;
    if (lower === 'aws:principalservicename') return principal.service;
    return undefined;
  }
  if (principal.type === 'Federated') return undefined;
  switch (lower) {
    case 'aws:principalaccount':
      return principal.accountId;
    case 'aws:principalisawsservice':
      return false;
    case 'aws:principaltype':
      return PRINCIPAL_TYPE[principal.type];
    case 'aws:principalarn':
      if (principal.type === 'Root') return principal.arn ?? `arn:aws:iam::${principal.accountId}:root`;
      return principal.type === 'AssumedRole' ? principal.roleArn : principal.arn;
    case 'aws:username':
      return principal.type === 'IAMUser' ? principal.username : undefined;
    case 'aws:userid':
      if (principal.type === 'IAMUser') return principal.userId;
      if (principal.type === 'AssumedRole') return `${principal.roleId}:${principal.sessionName}`;
      if (principal.type === 'FederatedUser') return `${principal.accountId}:${principal.name}`;
      return principal.accountId;
  }
  if (lower.startsWith('aws:principaltag/') && principal.type !== 'Root') {
    const tags = principal.tags;
    if (!tags) return undefined;
    const wanted = lower.slice('aws:principaltag/'.length);
    for (const [name, value] of Object.entries(tags)) if (name.toLowerCase() === wanted) return value;
  }
  return undefined;
}

/** The text a scalar stands for in string comparisons and policy variables. */
export function scalarText(value: ContextValue): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean' || typeof value === 'number') return String(value);
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value.toISOString();
  return undefined;
}
