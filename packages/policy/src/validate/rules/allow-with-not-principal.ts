// Security warning – Allow with NotPrincipal: allowing everyone except some principals can
// grant access to anonymous users. https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notprincipal.html

import { effectOf } from '../document.js';
import { awsCheck, finding } from '../finding.js';
import type { Rule } from './rule.js';

const ALLOW_WITH_NOT_PRINCIPAL = awsCheck('SECURITY_WARNING', 'ALLOW_WITH_NOT_PRINCIPAL');

export const allowWithNotPrincipal: Rule = {
  id: 'allow-with-not-principal',
  checks: [ALLOW_WITH_NOT_PRINCIPAL],
  run({ policy }) {
    return policy.statements.flatMap((st) => {
      if (effectOf(st) !== 'Allow' || !st.notPrincipal) return [];
      return [
        finding(
          ALLOW_WITH_NOT_PRINCIPAL,
          'Using Allow with NotPrincipal can be overly permissive. We recommend that you use Principal instead.',
          { member: st.notPrincipal.member },
        ),
      ];
    });
  },
};
