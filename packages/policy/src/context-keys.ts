/**
 * The context keys a policy reads, in conditions and in policy variables, as
 * GetContextKeysForPrincipalPolicy / GetContextKeysForCustomPolicy list them.
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetContextKeysForCustomPolicy.html
 */
import type { Policy } from './types.js';
import { tokenize, variableKeys } from './variables.js';

export function contextKeysOf(policy: Policy): string[] {
  const keys = new Map<string, string>();
  const add = (key: string) => {
    if (!keys.has(key.toLowerCase())) keys.set(key.toLowerCase(), key);
  };
  const variables = policy.version === '2012-10-17';
  for (const statement of policy.statements) {
    for (const condition of statement.conditions) {
      add(condition.key);
      if (variables) for (const value of condition.values) variableKeys(tokenize(value, { wildcards: false, variables })).forEach(add);
    }
    if (variables) for (const resource of statement.resource?.values ?? []) variableKeys(tokenize(resource, { wildcards: false, variables })).forEach(add);
  }
  return [...keys.values()];
}
