// Error – Unsupported resource ARN in policy: a resource policy can name only the resource it
// is attached to ("The resource ARN is not supported for the resource-based policy attached
// to resource type S3 Bucket."), and a role trust policy names no resource at all: the role
// is the resource. Applies when the caller says which resource the policy is for.
// https://docs.aws.amazon.com/access-analyzer/latest/APIReference/API_ValidatePolicy.html

import { resourceMeetsFormat } from '../arn-match.js';
import { awsCheck, finding, type Finding } from '../finding.js';
import { RESOURCE_POLICY_TYPES } from '../resource-policy-types.js';
import type { Rule } from './rule.js';

const UNSUPPORTED_RESOURCE_ARN_IN_POLICY = awsCheck('ERROR', 'UNSUPPORTED_RESOURCE_ARN_IN_POLICY');

export const unsupportedResourceArnInPolicy: Rule = {
  id: 'unsupported-resource-arn-in-policy',
  checks: [UNSUPPORTED_RESOURCE_ARN_IN_POLICY],
  run({ policy, options }) {
    if (options.policyType !== 'RESOURCE_POLICY' || !options.resourceType) return [];
    const type = RESOURCE_POLICY_TYPES[options.resourceType];
    if (!type) return [];
    const out: Finding[] = [];
    for (const st of policy.statements) {
      for (const list of [st.resource, st.notResource]) {
        if (!list) continue;
        const formats = type.resourceFormats;
        if (!formats) {
          out.push(
            finding(
              UNSUPPORTED_RESOURCE_ARN_IN_POLICY,
              `The ${list.member.key} element is not supported in a ${type.label}: the role it is attached to is the resource. Remove the ${list.member.key} element.`,
              { member: list.member },
            ),
          );
          continue;
        }
        for (const item of list.items) {
          if (item.value !== '*' && formats.some((f) => resourceMeetsFormat(item.value, f))) continue;
          out.push(
            finding(
              UNSUPPORTED_RESOURCE_ARN_IN_POLICY,
              `The resource ARN ${item.value} is not supported for the resource-based policy attached to resource type ${type.label}. Use an ARN of the form ${formats.join(' or ')}.`,
              item.node,
            ),
          );
        }
      }
    }
    return out;
  },
};
