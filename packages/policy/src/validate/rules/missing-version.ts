// General warning – Missing version: without a Version element the policy is read with the
// 2008-10-17 grammar, in which policy variables are plain text.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_version.html

import { awsCheck, finding } from '../finding.js';
import type { Rule } from './rule.js';

const MISSING_VERSION = awsCheck('WARNING', 'MISSING_VERSION');

export const missingVersion: Rule = {
  id: 'missing-version',
  checks: [MISSING_VERSION],
  run({ policy }) {
    if (policy.root.kind !== 'object' || policy.members.has('Version')) return [];
    return [
      finding(
        MISSING_VERSION,
        'We recommend that you specify the Version element to help you with debugging permission issues. Add "Version": "2012-10-17" before the Statement element.',
        policy.root,
      ),
    ];
  },
};
