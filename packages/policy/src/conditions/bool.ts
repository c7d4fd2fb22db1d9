/**
 * Bool compares true/false; BinaryEquals compares base64 text byte for byte.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_Boolean
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_BinaryEquals
 */
import type { ContextScalar } from '../request.js';
import type { ValueTest } from './value-test.js';

function readBool(text: string): boolean | undefined {
  const lower = text.toLowerCase();
  return lower === 'true' ? true : lower === 'false' ? false : undefined;
}

export function requestBool(value: ContextScalar): boolean | undefined {
  if (typeof value === 'boolean') return value;
  return typeof value === 'string' ? readBool(value) : undefined;
}

export function boolTest(values: readonly string[]): ValueTest {
  const wanted = values.map(readBool);
  const acceptsTrue = wanted.includes(true);
  const acceptsFalse = wanted.includes(false);
  return (value) => {
    const bool = requestBool(value);
    if (bool === undefined) return undefined;
    return bool ? acceptsTrue : acceptsFalse;
  };
}

export function binaryTest(values: readonly string[]): ValueTest {
  const set = new Set(values);
  return (value) => (typeof value === 'string' ? set.has(value) : undefined);
}
