// Error – Data type mismatch: an element holds the wrong kind of JSON value, such as a
// number for Effect or an object for Action. The policy grammar gives each element's type:
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html

import { awsCheck, finding } from '../finding.js';
import type { Rule } from './rule.js';

const DATA_TYPE_MISMATCH = awsCheck('ERROR', 'DATA_TYPE_MISMATCH');

export const dataTypeMismatch: Rule = {
  id: 'data-type-mismatch',
  checks: [DATA_TYPE_MISMATCH],
  run({ policy }) {
    return policy.typeMismatches.map((m) =>
      finding(DATA_TYPE_MISMATCH, `The text does not match the expected JSON data type ${m.expected}.`, m.node),
    );
  },
};
