import { describe, expect, it } from 'vitest';
import { findings, policy } from '../helpers.js';

describe('invalid-variable-for-operator', () => {
  it('reports a policy variable under a numeric or date operator', () => {
    const found = findings(policy({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*', Condition: { NumericLessThan: { 's3:max-keys': '${aws:PrincipalTag/limit}' } } }), 'INVALID_VARIABLE_FOR_OPERATOR');
    expect(found[0]?.findingDetails).toMatch(/^Policy variables can only be used with String and ARN operators\./);
  });

  it('accepts variables under string and ARN operators', () => {
    const text = policy({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*', Condition: { StringEquals: { 's3:prefix': 'home/${aws:username}/' }, ArnLike: { 'aws:SourceArn': 'arn:aws:sns:*:${aws:PrincipalAccount}:*' } } });
    expect(findings(text, 'INVALID_VARIABLE_FOR_OPERATOR')).toEqual([]);
  });
});
