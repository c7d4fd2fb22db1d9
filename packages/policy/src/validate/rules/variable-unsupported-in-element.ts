// Error – Variable unsupported in element: IAM substitutes policy variables only in
// Resource, NotResource and condition values; in Action, NotAction, Principal or NotPrincipal
// a ${...} is literal text that matches nothing.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html#policy-vars-wheretouse

import { policyVariables } from '../analysis.js';
import type { StringItem } from '../document.js';
import { awsCheck, finding, type Finding } from '../finding.js';
import { actionItems, type Rule } from './rule.js';

const VARIABLE_UNSUPPORTED_IN_ELEMENT = awsCheck('ERROR', 'VARIABLE_UNSUPPORTED_IN_ELEMENT');

export const variableUnsupportedInElement: Rule = {
  id: 'variable-unsupported-in-element',
  checks: [VARIABLE_UNSUPPORTED_IN_ELEMENT],
  run({ policy }) {
    const out: Finding[] = [];
    const check = (item: StringItem, element: string) => {
      const v = policyVariables(item.value)[0];
      if (!v) return;
      out.push(
        finding(
          VARIABLE_UNSUPPORTED_IN_ELEMENT,
          `Policy variables are supported in the Resource and Condition elements. Remove the policy variable ${item.value.slice(v.index, v.index + v.length)} from the ${element} element.`,
          item.node,
        ),
      );
    };
    for (const st of policy.statements) {
      for (const item of actionItems(st)) check(item, st.action ? 'Action' : 'NotAction');
      for (const p of [st.principal, st.notPrincipal]) {
        for (const e of p?.entries ?? []) for (const item of e.items) check(item, p === st.principal ? 'Principal' : 'NotPrincipal');
      }
    }
    return out;
  },
};
