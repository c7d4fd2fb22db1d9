// Error – Variable unsupported in version: policy variables arrived with the 2012-10-17
// language; under 2008-10-17, or with no Version at all, ${aws:username} is compared as the
// literal text "${aws:username}".
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html#policy-vars-infotouse

import { hasPolicyVariable } from '../analysis.js';
import { conditionTests } from '../condition-walk.js';
import { awsCheck, finding, type Finding } from '../finding.js';
import { resourceItems, type Rule } from './rule.js';

const VARIABLE_UNSUPPORTED_IN_VERSION = awsCheck('ERROR', 'VARIABLE_UNSUPPORTED_IN_VERSION');

export const variableUnsupportedInVersion: Rule = {
  id: 'variable-unsupported-in-version',
  checks: [VARIABLE_UNSUPPORTED_IN_VERSION],
  run({ policy }) {
    if (policy.root.kind !== 'object' || policy.version?.value === '2012-10-17') return [];
    // An invalid Version is reported by its own rule.
    if (policy.version && policy.version.value !== '2008-10-17') return [];
    const version = policy.version ? `The policy is version ${policy.version.value}, so` : 'The policy has no Version, so';
    const details = `To include variables in your policy, use the policy version 2012-10-17 or later. ${version} policy variables are read as literal text.`;
    const out: Finding[] = [];
    for (const st of policy.statements) {
      for (const item of resourceItems(st)) if (hasPolicyVariable(item.value)) out.push(finding(VARIABLE_UNSUPPORTED_IN_VERSION, details, item.node));
    }
    for (const { entry } of conditionTests(policy)) {
      for (const v of entry.values) if (hasPolicyVariable(v.text)) out.push(finding(VARIABLE_UNSUPPORTED_IN_VERSION, details, v.node));
    }
    return out;
  },
};
