/**
 * The typed form of an AWS policy document, as parsePolicy produces it. Only what the JSON
 * grammar allows is representable: Action xor NotAction, Resource xor NotResource, Principal xor
 * NotPrincipal, Effect exactly Allow or Deny.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html
 */

/** Where a policy sits decides which elements it must and must not have. */
export type PolicyKind = 'identity' | 'resource' | 'trust' | 'boundary' | 'session' | 'scp';

/**
 * 2012-10-17 is the current language; 2008-10-17 (also what a document without Version gets)
 * has no policy variables: `${aws:username}` is literal text there.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_version.html
 */
export type PolicyVersion = '2012-10-17' | '2008-10-17';

export type Effect = 'Allow' | 'Deny';

export interface Policy {
  readonly kind: PolicyKind;
  readonly version: PolicyVersion;
  /** False when the document had no Version element (2008-10-17 semantics then apply). */
  readonly versionGiven: boolean;
  readonly id?: string;
  readonly statements: readonly Statement[];
}

/** A list element that is either the listed values or every value except them. */
export interface ValueList {
  readonly negated: boolean;
  readonly values: readonly string[];
}

/** `"Principal": "*"` or the object form; every list is normalised to an array. */
export type PrincipalValue =
  | { readonly wildcard: true }
  | {
      readonly wildcard: false;
      readonly AWS: readonly string[];
      readonly Service: readonly string[];
      readonly Federated: readonly string[];
      readonly CanonicalUser: readonly string[];
    };

export interface PrincipalElement {
  /** true for NotPrincipal */
  readonly negated: boolean;
  readonly value: PrincipalValue;
}

export const SET_QUALIFIERS = ['ForAnyValue', 'ForAllValues'] as const;
export type SetQualifier = (typeof SET_QUALIFIERS)[number];

export const BASE_OPERATORS = [
  'StringEquals',
  'StringNotEquals',
  'StringEqualsIgnoreCase',
  'StringNotEqualsIgnoreCase',
  'StringLike',
  'StringNotLike',
  'NumericEquals',
  'NumericNotEquals',
  'NumericLessThan',
  'NumericLessThanEquals',
  'NumericGreaterThan',
  'NumericGreaterThanEquals',
  'DateEquals',
  'DateNotEquals',
  'DateLessThan',
  'DateLessThanEquals',
  'DateGreaterThan',
  'DateGreaterThanEquals',
  'Bool',
  'BinaryEquals',
  'IpAddress',
  'NotIpAddress',
  'ArnEquals',
  'ArnLike',
  'ArnNotEquals',
  'ArnNotLike',
  'Null',
] as const;
export type BaseOperator = (typeof BASE_OPERATORS)[number];

/** `ForAllValues:StringLikeIfExists` → { set: 'ForAllValues', base: 'StringLike', ifExists: true } */
export interface ConditionOperator {
  /** As written in the policy. */
  readonly name: string;
  readonly base: BaseOperator;
  readonly set?: SetQualifier;
  readonly ifExists: boolean;
}

/** One operator/key pair of a Condition block with its values (ORed). */
export interface Condition {
  readonly operator: ConditionOperator;
  /** As written; condition key names compare case-insensitively. */
  readonly key: string;
  /** JSON numbers and booleans become their JSON text, as IAM stores them. */
  readonly values: readonly string[];
}

export interface Statement {
  readonly sid?: string;
  readonly effect: Effect;
  readonly principal?: PrincipalElement;
  readonly action: ValueList;
  /** Absent only in trust policies, where Resource is prohibited. */
  readonly resource?: ValueList;
  readonly conditions: readonly Condition[];
}

/** Names a policy in decisions and explanations. */
export interface PolicySource {
  readonly type: 'identity' | 'resource' | 'boundary' | 'session' | 'scp';
  /** A policy ARN, or 'inline:user/bob/PolicyName' for an inline policy. */
  readonly id: string;
  readonly name?: string;
}
