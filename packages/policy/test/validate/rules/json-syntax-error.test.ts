import { describe, expect, it } from 'vitest';
import { validate } from '../helpers.js';

describe('json-syntax-error', () => {
  it('answers text that is not JSON with one error in AWS wording, at the error', () => {
    const found = validate('{"Version": "2012-10-17",, }');
    expect(found).toEqual([
      {
        findingType: 'ERROR',
        issueCode: 'JSON_SYNTAX_ERROR',
        findingDetails: "Fix the JSON syntax error at index 25 line 1 column 25: expected a member name in double quotes but found ','.",
        learnMoreLink: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html#access-analyzer-reference-policy-checks-error-json-syntax-error',
        locations: [{ path: [], span: { start: { line: 1, column: 25, offset: 25 }, end: { line: 1, column: 25, offset: 25 } } }],
      },
    ]);
  });

  it('reports nothing else about a document it cannot read', () => {
    expect(validate('{"Statement": [').map((f) => f.issueCode)).toEqual(['JSON_SYNTAX_ERROR']);
  });
});
