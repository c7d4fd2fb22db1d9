// An action wildcard that matches no action of its service (s3:Gett*). Access Analyzer
// reports it as Error – Invalid action: the entry grants or denies nothing.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html

import { analyzeAction } from '../analysis.js';
import { getService } from '../catalog.js';
import { finding } from '../finding.js';
import { INVALID_ACTION } from './invalid-action.js';
import { actionItems, type Rule } from './rule.js';

export const actionWildcardMatchesNothing: Rule = {
  id: 'action-wildcard-matches-nothing',
  checks: [INVALID_ACTION],
  run({ policy }) {
    return policy.statements.flatMap((st) =>
      actionItems(st).flatMap((item) => {
        const ref = analyzeAction(item.value);
        if (ref.kind !== 'service' || !ref.wildcard || ref.matches.length > 0) return [];
        const name = getService(ref.service)?.name ?? ref.service;
        return [
          finding(
            INVALID_ACTION,
            `The action ${item.value} does not match any action of ${name}, so it has no effect. Update the wildcard to match the actions you mean.`,
            item.node,
          ),
        ];
      }),
    );
  },
};
