// Error – Unsupported action in policy: a resource policy grants only actions on the resource
// it is attached to, so an S3 bucket policy names S3 actions and a role trust policy names
// the sts:AssumeRole family. Applies when the caller says which resource the policy is for.
// https://docs.aws.amazon.com/access-analyzer/latest/APIReference/API_ValidatePolicy.html

import { analyzeAction } from '../analysis.js';
import { allServiceKeys } from '../catalog.js';
import { awsCheck, finding, type Finding } from '../finding.js';
import { patternRegExp } from '../patterns.js';
import { RESOURCE_POLICY_TYPES, type ResourcePolicyType } from '../resource-policy-types.js';
import type { Rule } from './rule.js';

const UNSUPPORTED_ACTION_IN_POLICY = awsCheck('ERROR', 'UNSUPPORTED_ACTION_IN_POLICY');

/** Does the entry name at least one action the resource type's policy may hold? */
function supported(value: string, type: ResourcePolicyType): boolean {
  const ref = analyzeAction(value);
  if (ref.kind === 'all' || ref.kind === 'bad-format' || ref.kind === 'unknown-service') return true;
  const re = patternRegExp(value, { ignoreCase: true, variables: false });
  if (type.actions) return type.actions.some((a) => re.test(a));
  const services = type.services ?? [];
  if (ref.kind === 'service-wildcard') {
    const svcRe = patternRegExp(ref.service, { ignoreCase: true, variables: false });
    return services.some((s) => svcRe.test(s)) || !allServiceKeys().some((s) => svcRe.test(s));
  }
  return services.includes(ref.service);
}

export const unsupportedActionInPolicy: Rule = {
  id: 'unsupported-action-in-policy',
  checks: [UNSUPPORTED_ACTION_IN_POLICY],
  run({ policy, options }) {
    if (options.policyType !== 'RESOURCE_POLICY' || !options.resourceType) return [];
    const type = RESOURCE_POLICY_TYPES[options.resourceType];
    if (!type) return [];
    const allowed = type.actions ? type.actions.join(', ') : `actions of ${type.services?.join(', ')}`;
    const out: Finding[] = [];
    for (const st of policy.statements) {
      for (const item of st.action?.items ?? []) {
        if (supported(item.value, type)) continue;
        out.push(
          finding(
            UNSUPPORTED_ACTION_IN_POLICY,
            `The action ${item.value} is not supported for the resource-based policy attached to the resource type ${type.label}. Use ${allowed}.`,
            item.node,
          ),
        );
      }
    }
    return out;
  },
};
