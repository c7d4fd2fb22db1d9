// Suggestion – Wildcard in service name: a wildcard in the service part of an action
// (s3*:Get*) or of a resource ARN (arn:aws:*code*::...) can match services added later.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html#access-analyzer-reference-policy-checks-suggestion-wildcard-in-service-name

import { analyzeAction, parseArn } from '../analysis.js';
import { awsCheck, finding, type Finding } from '../finding.js';
import { hasWildcard } from '../patterns.js';
import { actionItems, resourceItems, type Rule } from './rule.js';

const WILDCARD_IN_SERVICE_NAME = awsCheck('SUGGESTION', 'WILDCARD_IN_SERVICE_NAME');

const DETAILS = 'Avoid using wildcards (*, ?) in the service name because it might grant unintended access to other AWS services with similar names.';

export const wildcardInServiceName: Rule = {
  id: 'wildcard-in-service-name',
  checks: [WILDCARD_IN_SERVICE_NAME],
  run({ policy }) {
    const out: Finding[] = [];
    for (const st of policy.statements) {
      for (const item of actionItems(st)) {
        const ref = analyzeAction(item.value);
        if (ref.kind === 'service-wildcard') out.push(finding(WILDCARD_IN_SERVICE_NAME, `${DETAILS} Name the service in ${item.value}.`, item.node));
      }
      for (const item of resourceItems(st)) {
        const arn = parseArn(item.value);
        if (arn.kind === 'arn' && arn.service !== '*' && hasWildcard(arn.service)) {
          out.push(finding(WILDCARD_IN_SERVICE_NAME, `${DETAILS} Name the service in ${item.value}.`, item.node));
        }
      }
    }
    return out;
  },
};
