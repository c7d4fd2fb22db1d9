/**
 * ArnEquals, ArnLike and their negations: "each of the six colon-delimited components of the
 * ARN is checked separately and each can include multi-character match wildcards (*) or
 * single-character match wildcards (?)" — ArnEquals and ArnLike behave the same. Variables are
 * allowed in values.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_ARN
 */
import { compileArnPattern, splitArn } from '../arn.js';
import type { ValueTest } from './value-test.js';

export function arnTest(values: readonly string[], variables: boolean, strict: boolean): ValueTest {
  const patterns = values.map((value) => compileArnPattern(value, variables));
  return (value, resolve) => {
    if (typeof value !== 'string') return undefined;
    const parts = splitArn(value);
    // A request value that is not an ARN cannot be compared with an ARN pattern.
    if (!parts) return undefined;
    let unresolved = false;
    for (const pattern of patterns) {
      const matched = pattern.match(value, parts, resolve);
      if (matched === true) return true;
      if (matched === undefined) unresolved = true;
    }
    return unresolved && strict ? undefined : false;
  };
}
