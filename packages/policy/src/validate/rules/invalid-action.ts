// Error – Invalid action: an Action or NotAction entry that is not service:action, or names
// an action the service does not have. Access Analyzer suggests the action meant
// ("The action s3:ListBuckets does not exist. Did you mean s3:ListAllMyBuckets?").
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html

import { analyzeAction } from '../analysis.js';
import { getService } from '../catalog.js';
import { awsCheck, finding } from '../finding.js';
import { closestMatch } from '../suggest.js';
import { actionItems, type Rule } from './rule.js';

export const INVALID_ACTION = awsCheck('ERROR', 'INVALID_ACTION');

export const invalidAction: Rule = {
  id: 'invalid-action',
  checks: [INVALID_ACTION],
  run({ policy }) {
    return policy.statements.flatMap((st) =>
      actionItems(st).flatMap((item) => {
        const ref = analyzeAction(item.value);
        if (ref.kind === 'bad-format') {
          return [
            finding(INVALID_ACTION, `The action ${JSON.stringify(item.value)} is not valid. Use the format service:action, such as s3:GetObject, or * for all actions.`, item.node),
          ];
        }
        if (ref.kind !== 'service' || ref.wildcard || ref.matches.length > 0) return [];
        const svc = getService(ref.service);
        const guess = svc ? closestMatch(ref.name, [...svc.actions.values()].map((a) => a.name)) : undefined;
        const hint = guess ? ` Did you mean ${ref.service}:${guess}?` : ` Use an action of ${svc?.name ?? ref.service}.`;
        return [finding(INVALID_ACTION, `The action ${item.value} does not exist.${hint}`, item.node)];
      }),
    );
  },
};
