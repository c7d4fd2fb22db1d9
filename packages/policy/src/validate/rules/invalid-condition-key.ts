// Unknown condition keys: Error – Invalid condition key format (not service:key), Invalid
// global condition key (an aws: key that does not exist), Invalid service (a prefix no
// service has) and Invalid service condition key (a key the service does not define). A
// condition on a key that never appears in the request context is absent, so the test
// silently fails (or, with IfExists, silently passes).
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html
// https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html

import { conditionKeyNames, globalConditionKeyNames } from '../catalog.js';
import { conditionKey, conditionTests } from '../condition-walk.js';
import { awsCheck, finding, type Finding } from '../finding.js';
import { closestMatch } from '../suggest.js';
import type { Rule } from './rule.js';

const INVALID_CONDITION_KEY_FORMAT = awsCheck('ERROR', 'INVALID_CONDITION_KEY_FORMAT');
const INVALID_GLOBAL_CONDITION_KEY = awsCheck('ERROR', 'INVALID_GLOBAL_CONDITION_KEY');
const INVALID_SERVICE = awsCheck('ERROR', 'INVALID_SERVICE');
const INVALID_SERVICE_CONDITION_KEY = awsCheck('ERROR', 'INVALID_SERVICE_CONDITION_KEY');

/** Reported as UNSUPPORTED_GLOBAL_CONDITION_KEY by its own rule. */
export const RETIRED_GLOBAL_KEYS = ['aws:arn'];

function didYouMean(key: string, names: readonly string[]): string {
  // Compare the part after the prefix: aws:SourceIP vs aws:SourceIp is a case slip, not a typo.
  const guess = closestMatch(key, names);
  return guess ? ` Did you mean ${guess}?` : '';
}

export const invalidConditionKey: Rule = {
  id: 'invalid-condition-key',
  checks: [INVALID_CONDITION_KEY_FORMAT, INVALID_GLOBAL_CONDITION_KEY, INVALID_SERVICE, INVALID_SERVICE_CONDITION_KEY],
  run({ policy }) {
    const out: Finding[] = [];
    for (const { entry } of conditionTests(policy)) {
      const key = entry.key;
      const target = { member: entry.member };
      const found = conditionKey(key);
      switch (found.kind) {
        case 'bad-format':
          out.push(finding(INVALID_CONDITION_KEY_FORMAT, `The condition key format ${key} is not valid. Use the format service:keyname, such as aws:SourceIp.`, target));
          break;
        case 'unknown-global':
          if (RETIRED_GLOBAL_KEYS.includes(key.toLowerCase())) break;
          out.push(finding(INVALID_GLOBAL_CONDITION_KEY, `The condition key ${key} does not exist. Use a valid condition key.${didYouMean(key, globalConditionKeyNames())}`, target));
          break;
        case 'unknown-service':
          out.push(finding(INVALID_SERVICE, `The service ${found.prefix} in the condition key ${key} does not exist. Use a valid service name.`, target));
          break;
        case 'unknown-key':
          out.push(
            finding(
              INVALID_SERVICE_CONDITION_KEY,
              `The condition key ${key} does not exist in the service ${found.service}. Use a valid condition key.${didYouMean(key, conditionKeyNames(found.service))}`,
              target,
            ),
          );
          break;
        default:
          break;
      }
    }
    return out;
  },
};
