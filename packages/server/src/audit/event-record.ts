import type { Shape, StructureShape } from '../protocol/model.js';
import { lowerFirst } from '../protocol/validate.js';
import { principalUserId, type Principal } from '../principal.js';

/**
 * One event in CloudTrail's record format, the fields in CloudTrail's order.
 * https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-record-contents.html
 */
export interface CloudTrailRecord {
  eventVersion: string;
  userIdentity: UserIdentity;
  eventTime: string;
  eventSource: string;
  eventName: string;
  awsRegion: string;
  sourceIPAddress: string;
  userAgent: string;
  errorCode?: string;
  errorMessage?: string;
  requestParameters: Record<string, unknown> | null;
  responseElements: Record<string, unknown> | null;
  additionalEventData?: Record<string, unknown>;
  requestID: string;
  eventID: string;
  readOnly: boolean;
  /** only for calls another service made on the user's behalf through the authorize API */
  resources?: { ARN: string; accountId?: string; type?: string }[];
  /** AwsServiceEvent: something Gatehouse itself observed, not a call (digests.ts's alarm) */
  eventType: 'AwsApiCall' | 'AwsConsoleSignIn' | 'AwsServiceEvent';
  managementEvent: boolean;
  recipientAccountId: string;
  /** what a service event is about, in the service's own terms */
  serviceEventDetails?: Record<string, unknown>;
  eventCategory: 'Management' | 'Data';
}

/**
 * https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-user-identity.html
 */
export interface UserIdentity {
  /** AWSService: the service itself acted (its service events), named by invokedBy */
  type: 'Root' | 'IAMUser' | 'AssumedRole' | 'FederatedUser' | 'WebIdentityUser' | 'AWSService';
  invokedBy?: string;
  /** absent only for a failed console sign-in as a user who does not exist */
  principalId?: string;
  arn?: string;
  accountId?: string;
  accessKeyId?: string;
  userName?: string;
  identityProvider?: string;
  sessionContext?: {
    sessionIssuer?: { type: 'Role' | 'IAMUser' | 'Root'; principalId: string; arn: string; accountId: string; userName: string };
    webIdFederationData?: Record<string, never>;
    attributes: { creationDate: string; mfaAuthenticated: 'true' | 'false' };
    sourceIdentity?: string;
  };
}

// CloudTrail's eventVersion when these fields were last extended (eventCategory, tlsDetails…).
export const EVENT_VERSION = '1.10';

/** What CloudTrail writes in place of a secret it will not record. */
export const HIDDEN = 'HIDDEN_DUE_TO_SECURITY_REASONS';

/** CloudTrail's time format: ISO 8601 to the second, UTC. */
export function eventTimeOf(at: Date): string {
  return at.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Who made the request, as CloudTrail's userIdentity element names them. */
export function userIdentityOf(p: Principal): UserIdentity {
  const base = { principalId: principalUserId(p), arn: p.arn, accountId: p.accountId, ...(p.accessKeyId ? { accessKeyId: p.accessKeyId } : {}) };
  const session = p.session;
  // A console session has no access key; like the console's temporary credentials in AWS, its
  // records say when it began and whether MFA was used.
  const signIn = p.type === 'Root' || p.type === 'IAMUser' ? p.console : undefined;
  const began = session ? { at: session.issuedAt, mfa: session.mfaAuthenticatedAt } : signIn ? { at: signIn.signedInAt, mfa: signIn.mfaAuthenticatedAt } : undefined;
  const attributes = began ? { creationDate: eventTimeOf(began.at), mfaAuthenticated: began.mfa ? ('true' as const) : ('false' as const) } : undefined;
  const sourceIdentity = session?.sourceIdentity ? { sourceIdentity: session.sourceIdentity } : {};
  switch (p.type) {
    case 'Root':
      return { type: 'Root', ...base, ...(attributes ? { sessionContext: { attributes, ...sourceIdentity } } : {}) };
    case 'IAMUser':
      return { type: 'IAMUser', ...base, userName: p.user.name, ...(attributes ? { sessionContext: { attributes, ...sourceIdentity } } : {}) };
    case 'FederatedUser':
      return {
        type: 'FederatedUser',
        ...base,
        sessionContext: {
          sessionIssuer: { type: 'IAMUser', principalId: p.user.id, arn: `arn:aws:iam::${p.accountId}:user${p.user.path}${p.user.name}`, accountId: p.accountId, userName: p.user.name },
          webIdFederationData: {},
          attributes: attributes!,
          ...sourceIdentity,
        },
      };
    case 'AssumedRole':
      return {
        type: 'AssumedRole',
        ...base,
        sessionContext: {
          sessionIssuer: { type: 'Role', principalId: p.role.id, arn: p.role.arn, accountId: p.accountId, userName: p.role.name },
          webIdFederationData: {},
          attributes: attributes!,
          ...sourceIdentity,
        },
      };
  }
}

/**
 * The name LookupEvents matches Username against: the user's name, "root", or the session's
 * own name for role and federated sessions (what the CloudTrail console shows as User name).
 */
export function usernameOf(identity: UserIdentity): string | null {
  switch (identity.type) {
    case 'Root':
      return 'root';
    case 'IAMUser':
      return identity.userName ?? null;
    case 'AssumedRole':
    case 'FederatedUser': {
      const arn = identity.arn ?? '';
      return arn.slice(arn.lastIndexOf('/') + 1) || null;
    }
    case 'WebIdentityUser':
      return identity.userName ?? null;
    case 'AWSService':
      return null;
  }
}

// Members that carry secrets or one-time codes whose shapes the models do not mark sensitive.
const SECRET_MEMBERS = new Set(['AuthenticationCode1', 'AuthenticationCode2', 'TokenCode', 'SessionToken', 'OldPassword', 'NewPassword', 'Password', 'WebIdentityToken', 'SAMLAssertion']);

/**
 * A typed request or response as CloudTrail records it: member names in lower camel case
 * (userName, policyArn), times as ISO 8601, secrets replaced by HIDDEN_DUE_TO_SECURITY_REASONS,
 * binary content (QR codes, report bodies) left out.
 */
export function recordedShape(shape: StructureShape | undefined, value: unknown): Record<string, unknown> | null {
  if (!shape || value === null || typeof value !== 'object') return null;
  const out = recorded(shape, value);
  return out && typeof out === 'object' && Object.keys(out).length > 0 ? (out as Record<string, unknown>) : null;
}

function recorded(shape: Shape, value: unknown): unknown {
  if (value === undefined || value === null) return undefined;
  if (shape.sensitive) return HIDDEN;
  switch (shape.type) {
    case 'structure': {
      if (typeof value !== 'object') return undefined;
      const out: Record<string, unknown> = {};
      for (const m of shape.members) {
        const v = (value as Record<string, unknown>)[m.name];
        if (v === undefined) continue;
        const written = SECRET_MEMBERS.has(m.name) ? HIDDEN : recorded(m.shape, v);
        if (written !== undefined) out[lowerFirst(m.name)] = written;
      }
      return out;
    }
    case 'list':
      return Array.isArray(value) ? value.map((v) => recorded(shape.member.shape, v)).filter((v) => v !== undefined) : undefined;
    case 'map': {
      if (typeof value !== 'object') return undefined;
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value)) out[k] = recorded(shape.value.shape, v);
      return out;
    }
    case 'timestamp':
      return value instanceof Date ? eventTimeOf(value) : value;
    case 'blob':
      return undefined;
    default:
      return value;
  }
}

const READ_PREFIXES = /^(Get|List|Describe|Lookup|Simulate|Decode|Head)/;

/**
 * Whether CloudTrail marks a call read-only. STS's credential calls count as reads: they
 * change nothing in the account (CloudTrail records AssumeRole with readOnly true).
 */
export function isReadOnly(eventSource: string, eventName: string): boolean {
  if (eventSource === 'sts.amazonaws.com') return true;
  return READ_PREFIXES.test(eventName);
}

// The request parameters that name a resource, and the type CloudTrail's event history gives it.
// https://docs.aws.amazon.com/awscloudtrail/latest/userguide/view-cloudtrail-events-console.html#filtering-cloudtrail-events
const RESOURCE_MEMBERS: Record<string, string> = {
  userName: 'AWS::IAM::User',
  groupName: 'AWS::IAM::Group',
  roleName: 'AWS::IAM::Role',
  roleArn: 'AWS::IAM::Role',
  policyArn: 'AWS::IAM::Policy',
  policyName: 'AWS::IAM::Policy',
  accessKeyId: 'AWS::IAM::AccessKey',
  instanceProfileName: 'AWS::IAM::InstanceProfile',
  serialNumber: 'AWS::IAM::MFADevice',
  virtualMFADeviceName: 'AWS::IAM::MFADevice',
  openIDConnectProviderArn: 'AWS::IAM::OIDCProvider',
  accountAlias: 'AWS::IAM::AccountAlias',
};

export interface EventResource {
  type: string;
  name: string;
}

/**
 * The resources an event names, for LookupEvents: from its request parameters, what a write
 * returned (a new access key's id, a new policy's ARN), and for calls recorded through the
 * authorize API, the resource the service acted on. Derived from the record alone, so
 * verify-events can recompute it.
 */
export function resourcesOf(record: CloudTrailRecord): EventResource[] {
  const found: EventResource[] = [];
  const add = (type: string, name: unknown) => {
    if (typeof name !== 'string' || name === '') return;
    if (!found.some((r) => r.type === type && r.name === name)) found.push({ type, name });
  };
  const scan = (params: Record<string, unknown> | null | undefined) => {
    if (!params) return;
    for (const [key, type] of Object.entries(RESOURCE_MEMBERS)) add(type, params[key]);
  };
  scan(record.requestParameters);
  if (record.responseElements) {
    for (const v of Object.values(record.responseElements)) {
      if (v && typeof v === 'object' && !Array.isArray(v)) scan(v as Record<string, unknown>);
    }
  }
  for (const r of record.resources ?? []) add(r.type ?? 'Unknown', r.ARN);
  return found;
}
