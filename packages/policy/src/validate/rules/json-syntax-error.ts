// Error – Json syntax error: the document is not JSON.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html#access-analyzer-reference-policy-checks-error-json-syntax-error

import { awsCheck, type Finding } from '../finding.js';
import type { JsonSyntaxError } from '../json-with-positions.js';

export const JSON_SYNTAX_ERROR = awsCheck('ERROR', 'JSON_SYNTAX_ERROR');

/** Not a rule over the view: without a parse there is no view. The validator calls this instead. */
export function jsonSyntaxErrorFinding(error: JsonSyntaxError): Finding {
  const { line, column, offset } = error.position;
  return {
    findingType: JSON_SYNTAX_ERROR.findingType,
    issueCode: JSON_SYNTAX_ERROR.issueCode,
    findingDetails: `Fix the JSON syntax error at index ${offset} line ${line} column ${column}: ${error.message}.`,
    learnMoreLink: JSON_SYNTAX_ERROR.learnMoreLink,
    locations: [{ path: [], span: { start: error.position, end: error.position } }],
  };
}
