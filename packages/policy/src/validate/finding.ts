// The shape of a finding, as IAM Access Analyzer's ValidatePolicy returns it
// (https://docs.aws.amazon.com/access-analyzer/latest/APIReference/API_ValidatePolicyFinding.html),
// so that a client written against Access Analyzer reads ours unchanged.

import type { JsonMember, JsonNode, PathElement, Span } from './json-with-positions.js';

export type { PathElement, Position, Span } from './json-with-positions.js';

/** Access Analyzer's four finding types, most severe first. */
export type FindingType = 'ERROR' | 'SECURITY_WARNING' | 'WARNING' | 'SUGGESTION';

export interface Location {
  path: PathElement[];
  span: Span;
}

export interface Finding {
  findingType: FindingType;
  /** AWS's issue code, e.g. INVALID_ACTION; Gatehouse's own checks use codes AWS does not. */
  issueCode: string;
  findingDetails: string;
  learnMoreLink: string;
  locations: Location[];
}

export type ValidatePolicyType = 'IDENTITY_POLICY' | 'RESOURCE_POLICY' | 'SERVICE_CONTROL_POLICY' | 'RESOURCE_CONTROL_POLICY';

export interface ValidatePolicyOptions {
  policyType: ValidatePolicyType;
  /**
   * The resource the resource policy is attached to, as Access Analyzer's
   * validatePolicyResourceType: AWS::S3::Bucket, AWS::S3::AccessPoint,
   * AWS::S3::MultiRegionAccessPoint, AWS::S3ObjectLambda::AccessPoint,
   * AWS::IAM::AssumeRolePolicyDocument, AWS::DynamoDB::Table. Only for RESOURCE_POLICY.
   */
  resourceType?: string;
}

const CHECK_REFERENCE = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html';

const ANCHOR_KIND: Record<FindingType, string> = {
  ERROR: 'error',
  SECURITY_WARNING: 'security-warning',
  WARNING: 'general-warning',
  SUGGESTION: 'suggestion',
};

/** A check: its code, its finding type and where to learn more. */
export interface CheckDefinition {
  issueCode: string;
  findingType: FindingType;
  learnMoreLink: string;
}

/**
 * Defines one of AWS's checks. Its "Learn more" link is the policy check reference with the
 * check's anchor, which AWS derives from the finding type and the issue code
 * (INVALID_ACTION → #access-analyzer-reference-policy-checks-error-invalid-action).
 */
export function awsCheck(findingType: FindingType, issueCode: string): CheckDefinition {
  const slug = issueCode.toLowerCase().replace(/_/g, '-');
  return {
    issueCode,
    findingType,
    learnMoreLink: `${CHECK_REFERENCE}#access-analyzer-reference-policy-checks-${ANCHOR_KIND[findingType]}-${slug}`,
  };
}

/** Defines a Gatehouse check that AWS does not have, linking to the IAM page it follows. */
export function gatehouseCheck(findingType: FindingType, issueCode: string, learnMoreLink: string): CheckDefinition {
  return { issueCode, findingType, learnMoreLink };
}

/** Something a finding can point at: a JSON node, or the name of an object member. */
export type Target = JsonNode | { member: JsonMember } | Location;

export function locationOf(target: Target): Location {
  if ('member' in target) return { path: target.member.keyPath, span: target.member.keySpan };
  if ('kind' in target) return { path: target.path, span: target.span };
  return target;
}

export function finding(check: CheckDefinition, findingDetails: string, ...targets: Target[]): Finding {
  return {
    findingType: check.findingType,
    issueCode: check.issueCode,
    findingDetails,
    learnMoreLink: check.learnMoreLink,
    locations: targets.map(locationOf),
  };
}

const SEVERITY: Record<FindingType, number> = { ERROR: 0, SECURITY_WARNING: 1, WARNING: 2, SUGGESTION: 3 };

/** Orders findings by where they point, then by severity, so the console can list them as it reads. */
export function compareFindings(a: Finding, b: Finding): number {
  const ao = a.locations[0]?.span.start.offset ?? -1;
  const bo = b.locations[0]?.span.start.offset ?? -1;
  if (ao !== bo) return ao - bo;
  return SEVERITY[a.findingType] - SEVERITY[b.findingType];
}
