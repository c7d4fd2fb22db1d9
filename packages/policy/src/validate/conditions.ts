// Condition operators as the IAM condition operator reference defines them
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html),
// with the set operators ForAllValues:/ForAnyValue: of
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html.
// Operator names are case-sensitive: IAM rejects "stringEquals" with
// "MalformedPolicyDocument: Invalid Condition type : stringEquals".

import type { ConditionKeyType } from './catalog.js';

export type OperatorFamily = 'String' | 'Numeric' | 'Date' | 'Bool' | 'Binary' | 'IpAddress' | 'Arn' | 'Null';

const OPERATORS: Record<string, OperatorFamily> = {
  StringEquals: 'String',
  StringNotEquals: 'String',
  StringEqualsIgnoreCase: 'String',
  StringNotEqualsIgnoreCase: 'String',
  StringLike: 'String',
  StringNotLike: 'String',
  NumericEquals: 'Numeric',
  NumericNotEquals: 'Numeric',
  NumericLessThan: 'Numeric',
  NumericLessThanEquals: 'Numeric',
  NumericGreaterThan: 'Numeric',
  NumericGreaterThanEquals: 'Numeric',
  DateEquals: 'Date',
  DateNotEquals: 'Date',
  DateLessThan: 'Date',
  DateLessThanEquals: 'Date',
  DateGreaterThan: 'Date',
  DateGreaterThanEquals: 'Date',
  Bool: 'Bool',
  BinaryEquals: 'Binary',
  IpAddress: 'IpAddress',
  NotIpAddress: 'IpAddress',
  ArnEquals: 'Arn',
  ArnLike: 'Arn',
  ArnNotEquals: 'Arn',
  ArnNotLike: 'Arn',
  Null: 'Null',
};

export const OPERATOR_NAMES: readonly string[] = Object.keys(OPERATORS);

export type Qualifier = 'ForAllValues' | 'ForAnyValue';

export interface ParsedOperator {
  raw: string;
  qualifier?: Qualifier;
  /** The operator without qualifier and IfExists, e.g. StringEquals. */
  base: string;
  ifExists: boolean;
  /** Undefined when the base operator does not exist. */
  family?: OperatorFamily;
}

const parseCache = new Map<string, ParsedOperator>();

export function parseOperator(raw: string): ParsedOperator {
  const cached = parseCache.get(raw);
  if (cached) return cached;
  let rest = raw;
  let qualifier: Qualifier | undefined;
  for (const q of ['ForAllValues', 'ForAnyValue'] as const) {
    if (rest.startsWith(`${q}:`)) {
      qualifier = q;
      rest = rest.slice(q.length + 1);
    }
  }
  let ifExists = false;
  if (rest.endsWith('IfExists') && rest !== 'IfExists') {
    ifExists = true;
    rest = rest.slice(0, -'IfExists'.length);
  }
  const family = Object.hasOwn(OPERATORS, rest) ? OPERATORS[rest] : undefined;
  const parsed: ParsedOperator = { raw, base: rest, ifExists, ...(qualifier ? { qualifier } : {}), ...(family ? { family } : {}) };
  if (parseCache.size > 2000) parseCache.clear();
  parseCache.set(raw, parsed);
  return parsed;
}

/** Like operators, which read * and ? in values as wildcards. */
export function isLikeOperator(base: string): boolean {
  return base === 'StringLike' || base === 'StringNotLike' || base === 'ArnLike' || base === 'ArnNotLike';
}

export function isMultivalued(type: ConditionKeyType): boolean {
  return type.startsWith('ArrayOf');
}

/** The type of one value of the key: ArrayOfString → String. */
export function scalarType(type: ConditionKeyType): string {
  return type.startsWith('ArrayOf') ? type.slice('ArrayOf'.length) : type;
}

/** The operator families AWS allows for a key of this type, the first one recommended. */
export function familiesForKeyType(type: ConditionKeyType): OperatorFamily[] {
  switch (scalarType(type)) {
    // A string key may hold an ARN (kms:EncryptionContext:aws:s3:arn), which ArnLike reads.
    case 'String':
      return ['String', 'Arn'];
    // ARN keys take ARN operators, and string operators compare them as text.
    case 'ARN':
      return ['Arn', 'String'];
    case 'Numeric':
      return ['Numeric'];
    // aws:EpochTime is a date that may be written as seconds since the epoch.
    case 'Date':
      return ['Date', 'Numeric'];
    case 'Bool':
      return ['Bool'];
    case 'IPAddress':
      return ['IpAddress'];
    case 'Binary':
      return ['Binary'];
    default:
      return ['String'];
  }
}

/** How AWS names an operator type in TYPE_MISMATCH: "Use the operator type Numeric ...". */
export function familyLabel(family: OperatorFamily): string {
  return family === 'Bool' ? 'Boolean' : family === 'Arn' ? 'ARN' : family;
}
