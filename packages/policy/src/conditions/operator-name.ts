/**
 * Splits a condition operator name into its set qualifier, base operator and IfExists suffix.
 * Names compare case-insensitively; Null takes neither qualifier nor suffix since it already
 * tests presence.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
 */
import { BASE_OPERATORS, SET_QUALIFIERS, type BaseOperator, type ConditionOperator, type SetQualifier } from '../types.js';

const BASE_BY_LOWER = new Map<string, BaseOperator>(BASE_OPERATORS.map((name) => [name.toLowerCase(), name]));
const SET_BY_LOWER = new Map<string, SetQualifier>(SET_QUALIFIERS.map((name) => [name.toLowerCase(), name]));

export function parseConditionOperator(name: string): ConditionOperator | undefined {
  let rest = name;
  let set: SetQualifier | undefined;
  const colon = rest.indexOf(':');
  if (colon !== -1) {
    set = SET_BY_LOWER.get(rest.slice(0, colon).toLowerCase());
    if (!set) return undefined;
    rest = rest.slice(colon + 1);
  }
  let ifExists = false;
  if (rest.toLowerCase().endsWith('ifexists')) {
    ifExists = true;
    rest = rest.slice(0, -'IfExists'.length);
  }
  const base = BASE_BY_LOWER.get(rest.toLowerCase());
  if (!base) return undefined;
  if (base === 'Null' && (set || ifExists)) return undefined;
  return { name, base, ...(set ? { set } : {}), ifExists };
}
