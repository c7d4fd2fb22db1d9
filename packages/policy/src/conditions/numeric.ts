/**
 * Numeric and date operators share one shape: parse every policy value once, read the request
 * value as a number, compare. Values that do not parse never match.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_Numeric
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_Date
 */
import { parsePolicyDate } from '../dates.js';
import type { ContextScalar } from '../request.js';
import type { ValueTest } from './value-test.js';

export type Comparison = 'eq' | 'lt' | 'lte' | 'gt' | 'gte';

const NUMBER = /^\s*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?\s*$/;

export function parseNumber(text: string): number | undefined {
  if (!NUMBER.test(text)) return undefined;
  const value = Number(text);
  return Number.isFinite(value) ? value : undefined;
}

export function requestNumber(value: ContextScalar): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  return typeof value === 'string' ? parseNumber(value) : undefined;
}

/** A date request value: a Date, ISO 8601 text, or epoch seconds (aws:EpochTime is a number). */
export function requestDate(value: ContextScalar): number | undefined {
  if (value instanceof Date) {
    const ms = value.getTime();
    return Number.isNaN(ms) ? undefined : ms;
  }
  if (typeof value === 'number') return Number.isFinite(value) ? value * 1000 : undefined;
  return typeof value === 'string' ? parsePolicyDate(value) : undefined;
}

export function numericTest(comparison: Comparison, values: readonly string[]): ValueTest {
  return compareTest(comparison, values, parseNumber, requestNumber);
}

export function dateTest(comparison: Comparison, values: readonly string[]): ValueTest {
  return compareTest(comparison, values, parsePolicyDate, requestDate);
}

function compareTest(
  comparison: Comparison,
  values: readonly string[],
  parsePolicyValue: (text: string) => number | undefined,
  readRequest: (value: ContextScalar) => number | undefined,
): ValueTest {
  const bounds = values.map(parsePolicyValue).filter((bound): bound is number => bound !== undefined);
  const compare = COMPARE[comparison];
  return (value) => {
    const number = readRequest(value);
    if (number === undefined) return undefined;
    for (const bound of bounds) if (compare(number, bound)) return true;
    return false;
  };
}

const COMPARE: Record<Comparison, (request: number, policy: number) => boolean> = {
  eq: (a, b) => a === b,
  lt: (a, b) => a < b,
  lte: (a, b) => a <= b,
  gt: (a, b) => a > b,
  gte: (a, b) => a >= b,
};
