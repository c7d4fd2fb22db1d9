// Allow with NotResource (a Gatehouse check; Access Analyzer has none): the statement allows
// its actions on every resource except those listed, in every account and service, including
// resources created later. IAM: "be careful using NotResource and "Effect": "Allow" ...".
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notresource.html

import { effectOf } from '../document.js';
import { finding, gatehouseCheck } from '../finding.js';
import type { Rule } from './rule.js';

const ALLOW_WITH_NOT_RESOURCE = gatehouseCheck(
  'SECURITY_WARNING',
  'ALLOW_WITH_NOT_RESOURCE',
  'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notresource.html',
);

export const allowWithNotResource: Rule = {
  id: 'allow-with-not-resource',
  checks: [ALLOW_WITH_NOT_RESOURCE],
  run({ policy }) {
    return policy.statements.flatMap((st) => {
      if (effectOf(st) !== 'Allow' || !st.notResource) return [];
      return [
        finding(
          ALLOW_WITH_NOT_RESOURCE,
          'Using Allow with NotResource can be overly permissive: it allows the actions on every resource except those listed, in any account, including resources created later. We recommend that you list the allowed resources in Resource instead, or use NotResource with Deny.',
          { member: st.notResource.member },
        ),
      ];
    });
  },
};
