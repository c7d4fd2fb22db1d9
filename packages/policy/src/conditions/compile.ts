/**
 * One condition (operator, key, values) compiled to a closure.
 *
 * The rules, from the condition operator and multivalued-key pages:
 * - several values for one key are ORed; for a negated operator (StringNotEquals, ...) they are
 *   NORed: the request value must match none of them;
 * - a key missing from the request makes a condition false, a negated one true, an ...IfExists
 *   one true; Null tests presence itself;
 * - ForAnyValue: true when some request value matches (false when the key is missing or empty);
 *   ForAllValues: true when every request value matches (true when missing or empty);
 *   with a negated operator "matches" means "matches none of the policy values";
 * - a multivalued key without ForAnyValue/ForAllValues matches nothing: multivalued keys
 *   "require a condition set operator".
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-logic-multiple-context-keys-or-values.html
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition_examples-multi-valued-context-keys.html
 */
import { contextKey, isMultivaluedKey, type ContextKey } from '../context.js';
import type { ContextScalar, ContextValue } from '../request.js';
import type { Scope } from '../scope.js';
import type { BaseOperator, Condition } from '../types.js';
import { arnTest } from './arn.js';
import { binaryTest, boolTest } from './bool.js';
import { ipTest } from './ip.js';
import { dateTest, numericTest } from './numeric.js';
import { stringTest } from './string.js';
import type { ValueTest } from './value-test.js';

export interface CompiledCondition {
  readonly condition: Condition;
  readonly key: ContextKey;
  test(scope: Scope): boolean;
}

/** Operators that match when the request value matches none of the policy values. */
const NEGATED: ReadonlySet<BaseOperator> = new Set([
  'StringNotEquals',
  'StringNotEqualsIgnoreCase',
  'StringNotLike',
  'NumericNotEquals',
  'DateNotEquals',
  'NotIpAddress',
  'ArnNotEquals',
  'ArnNotLike',
]);

export function isNegated(base: BaseOperator): boolean {
  return NEGATED.has(base);
}

/**
 * Variables apply only to string and ARN operators: "You can't use a policy variable with
 * other operators, such as Numeric, Date, Boolean, Binary, IP Address, or Null operators."
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html#policy-vars-conditionelement
 */
function valueTest(base: BaseOperator, values: readonly string[], variables: boolean): ValueTest {
  const strict = NEGATED.has(base);
  switch (base) {
    case 'StringEquals':
    case 'StringNotEquals':
      return stringTest('equals', values, variables, strict);
    case 'StringEqualsIgnoreCase':
    case 'StringNotEqualsIgnoreCase':
      return stringTest('ignoreCase', values, variables, strict);
    case 'StringLike':
    case 'StringNotLike':
      return stringTest('like', values, variables, strict);
    case 'NumericEquals':
    case 'NumericNotEquals':
      return numericTest('eq', values);
    case 'NumericLessThan':
      return numericTest('lt', values);
    case 'NumericLessThanEquals':
      return numericTest('lte', values);
    case 'NumericGreaterThan':
      return numericTest('gt', values);
    case 'NumericGreaterThanEquals':
      return numericTest('gte', values);
    case 'DateEquals':
    case 'DateNotEquals':
      return dateTest('eq', values);
    case 'DateLessThan':
      return dateTest('lt', values);
    case 'DateLessThanEquals':
      return dateTest('lte', values);
    case 'DateGreaterThan':
      return dateTest('gt', values);
    case 'DateGreaterThanEquals':
      return dateTest('gte', values);
    case 'Bool':
      return boolTest(values);
    case 'BinaryEquals':
      return binaryTest(values);
    case 'IpAddress':
    case 'NotIpAddress':
      return ipTest(values);
    case 'ArnEquals':
    case 'ArnLike':
    case 'ArnNotEquals':
    case 'ArnNotLike':
      return arnTest(values, variables, strict);
    case 'Null':
      throw new Error('Null is compiled separately');
  }
}

/** An empty set is "a null dataset": it counts as absent everywhere. */
function isAbsent(value: ContextValue | undefined): value is undefined {
  return value === undefined || (Array.isArray(value) && value.length === 0);
}

export function compileCondition(condition: Condition, variables: boolean): CompiledCondition {
  const key = contextKey(condition.key);
  const { base, set, ifExists } = condition.operator;

  if (base === 'Null') {
    // "Null": {"key": "true"} holds when the key is absent, "false" when it is present.
    const lowered = condition.values.map((value) => value.toLowerCase());
    const whenAbsent = lowered.includes('true');
    const whenPresent = lowered.includes('false');
    return {
      condition,
      key,
      test(scope) {
        const absent = isAbsent(scope.get(key));
        if (absent) scope.noteMissing(condition.key);
        return absent ? whenAbsent : whenPresent;
      },
    };
  }

  const negated = NEGATED.has(base);
  const anyMatches = valueTest(base, condition.values, variables);
  const multivalued = isMultivaluedKey(key);
  const whenMissing = ifExists || set === 'ForAllValues' || (set === undefined && negated);
  const one = (value: ContextScalar, scope: Scope): boolean => {
    const matched = anyMatches(value, scope);
    if (matched === undefined) return false;
    return negated ? !matched : matched;
  };

  return {
    condition,
    key,
    test(scope) {
      const value = scope.get(key);
      if (isAbsent(value)) {
        scope.noteMissing(condition.key);
        return whenMissing;
      }
      if (set === undefined) {
        if (multivalued || Array.isArray(value)) return false;
        return one(value as ContextScalar, scope);
      }
      if (!Array.isArray(value)) return one(value as ContextScalar, scope);
      const values = value as readonly ContextScalar[];
      if (set === 'ForAnyValue') {
        for (const item of values) if (one(item, scope)) return true;
        return false;
      }
      for (const item of values) if (!one(item, scope)) return false;
      return true;
    },
  };
}
