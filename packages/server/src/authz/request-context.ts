import { principalUserId, type Principal } from '../principal.js';

// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-principaltype
const PRINCIPAL_TYPES: Record<Principal['type'], string> = { Root: 'Account', IAMUser: 'User', FederatedUser: 'FederatedUser', AssumedRole: 'AssumedRole' };

/** Facts about the HTTP request that become global condition keys. */
export interface RequestFacts {
  now: Date;
  sourceIp: string;
  secureTransport: boolean;
  /** the region the request was signed for */
  region: string;
  principalTags: readonly { Key: string; Value: string }[];
}

export type ContextValues = Record<string, string | string[]>;

/**
 * The global condition keys AWS sets for a request made with long-term credentials.
 * aws:MultiFactorAuthPresent, aws:MultiFactorAuthAge and aws:TokenIssueTime are absent for
 * long-term access keys, as AWS documents, and set for temporary credentials.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html
 */
export function globalContext(principal: Principal, facts: RequestFacts): ContextValues {
  const context: ContextValues = {
    'aws:CurrentTime': facts.now.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    'aws:EpochTime': String(Math.floor(facts.now.getTime() / 1000)),
    'aws:SecureTransport': String(facts.secureTransport),
    'aws:PrincipalArn': principal.arn,
    'aws:PrincipalAccount': principal.accountId,
    'aws:PrincipalType': PRINCIPAL_TYPES[principal.type],
    'aws:RequestedRegion': facts.region,
    'aws:ViaAWSService': 'false',
  };
  // An IPv4-mapped IPv6 address is the IPv4 client it stands for.
  if (facts.sourceIp) context['aws:SourceIp'] = facts.sourceIp.startsWith('::ffff:') ? facts.sourceIp.slice(7) : facts.sourceIp;
  // Temporary credentials carry when they were issued and whether MFA was proved for them.
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-multifactorauthpresent
  const session = principal.session;
  if (session) {
    context['aws:TokenIssueTime'] = session.issuedAt.toISOString().replace(/\.\d{3}Z$/, 'Z');
    context['aws:MultiFactorAuthPresent'] = String(session.mfaAuthenticatedAt !== undefined);
    if (session.mfaAuthenticatedAt) context['aws:MultiFactorAuthAge'] = String(Math.max(0, Math.floor((facts.now.getTime() - session.mfaAuthenticatedAt.getTime()) / 1000)));
    if (session.sourceIdentity) context['aws:SourceIdentity'] = session.sourceIdentity;
  }
  // A console session is temporary credentials in AWS (the console signs with them), so the
  // same keys apply: when it began, and whether MFA was proved at sign-in.
  const signIn = principal.type === 'Root' || principal.type === 'IAMUser' ? principal.console : undefined;
  if (signIn && !session) {
    context['aws:TokenIssueTime'] = signIn.signedInAt.toISOString().replace(/\.\d{3}Z$/, 'Z');
    context['aws:MultiFactorAuthPresent'] = String(signIn.mfaAuthenticatedAt !== undefined);
    if (signIn.mfaAuthenticatedAt) context['aws:MultiFactorAuthAge'] = String(Math.max(0, Math.floor((facts.now.getTime() - signIn.mfaAuthenticatedAt.getTime()) / 1000)));
  }
  context['aws:userid'] = principalUserId(principal);
  if (principal.type === 'IAMUser') context['aws:username'] = principal.user.name;
  for (const tag of facts.principalTags) context[`aws:PrincipalTag/${tag.Key}`] = tag.Value;
  return context;
}
