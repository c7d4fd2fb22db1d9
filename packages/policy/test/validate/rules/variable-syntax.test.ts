import { describe, expect, it } from 'vitest';
import { policy, validate } from '../helpers.js';

const CODES = ['MISSING_BRACE_IN_VARIABLE', 'EMPTY_VARIABLE', 'UNSUPPORTED_SPACE_IN_VARIABLE', 'MISSING_QUOTE_IN_VARIABLE'];
const variableFindings = (resource: string) => validate(policy({ Effect: 'Allow', Action: 's3:GetObject', Resource: resource })).filter((f) => CODES.includes(f.issueCode));

describe('variable-syntax', () => {
  it('reports each malformed variable with its own code', () => {
    expect(variableFindings('arn:aws:s3:::b/${aws:username/*').map((f) => f.issueCode)).toEqual(['MISSING_BRACE_IN_VARIABLE']);
    expect(variableFindings('arn:aws:s3:::b/${}/*').map((f) => f.issueCode)).toEqual(['EMPTY_VARIABLE']);
    expect(variableFindings('arn:aws:s3:::b/${aws:user name}/*').map((f) => f.issueCode)).toEqual(['UNSUPPORTED_SPACE_IN_VARIABLE']);
    expect(variableFindings('arn:aws:s3:::b/${aws:username, anonymous}/*').map((f) => f.findingDetails)).toEqual([
      "The policy variable default value in ${aws:username, anonymous} must begin and end with a single quote. Add the missing quote.",
    ]);
  });

  it('checks condition values too', () => {
    const text = policy({ Effect: 'Allow', Action: 's3:ListBucket', Resource: 'arn:aws:s3:::b', Condition: { StringLike: { 's3:prefix': 'home/${aws:username' } } });
    expect(validate(text).map((f) => f.issueCode)).toContain('MISSING_BRACE_IN_VARIABLE');
  });

  it('accepts variables, defaults and escapes', () => {
    expect(variableFindings("arn:aws:s3:::b/${aws:username}/${aws:PrincipalTag/team, 'none'}/${*}${?}${$}")).toEqual([]);
  });
});
