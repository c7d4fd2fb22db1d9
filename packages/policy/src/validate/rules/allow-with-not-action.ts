// Allow with NotAction (a Gatehouse check; Access Analyzer has none): the statement allows
// every action of every service except those listed, including actions AWS adds later.
// IAM's own guidance: "Be careful using NotAction and "Effect": "Allow" in the same
// statement ... as it could grant more permissions than intended".
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notaction.html

import { effectOf } from '../document.js';
import { finding, gatehouseCheck } from '../finding.js';
import type { Rule } from './rule.js';

const ALLOW_WITH_NOT_ACTION = gatehouseCheck(
  'SECURITY_WARNING',
  'ALLOW_WITH_NOT_ACTION',
  'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notaction.html',
);

export const allowWithNotAction: Rule = {
  id: 'allow-with-not-action',
  checks: [ALLOW_WITH_NOT_ACTION],
  run({ policy }) {
    return policy.statements.flatMap((st) => {
      if (effectOf(st) !== 'Allow' || !st.notAction) return [];
      return [
        finding(
          ALLOW_WITH_NOT_ACTION,
          'Using Allow with NotAction can be overly permissive: it allows every action of every service except those listed, including actions AWS adds later. We recommend that you list the allowed actions in Action instead, or use NotAction with Deny.',
          { member: st.notAction.member },
        ),
      ];
    });
  },
};
