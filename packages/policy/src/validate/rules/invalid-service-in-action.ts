// Error – Invalid service in action: the service prefix of an Action or NotAction entry is
// not one AWS defines. https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html

import { analyzeAction } from '../analysis.js';
import { allServiceKeys } from '../catalog.js';
import { awsCheck, finding } from '../finding.js';
import { closestMatch } from '../suggest.js';
import { actionItems, type Rule } from './rule.js';

const INVALID_SERVICE_IN_ACTION = awsCheck('ERROR', 'INVALID_SERVICE_IN_ACTION');

const guesses = new Map<string, string | undefined>();

/** The known service closest to an unknown one; a policy often names a retired service many times. */
function guessService(service: string): string | undefined {
  if (!guesses.has(service)) {
    if (guesses.size > 1000) guesses.clear();
    guesses.set(service, closestMatch(service, allServiceKeys()));
  }
  return guesses.get(service);
}

export const invalidServiceInAction: Rule = {
  id: 'invalid-service-in-action',
  checks: [INVALID_SERVICE_IN_ACTION],
  run({ policy }) {
    return policy.statements.flatMap((st) =>
      actionItems(st).flatMap((item) => {
        const ref = analyzeAction(item.value);
        if (ref.kind !== 'unknown-service') return [];
        const guess = guessService(ref.service);
        const hint = guess ? ` Did you mean ${guess}:${ref.name}?` : ' Use a valid service prefix, such as s3 or iam.';
        return [finding(INVALID_SERVICE_IN_ACTION, `The service ${ref.service} specified in the action ${item.value} does not exist.${hint}`, item.node)];
      }),
    );
  },
};
