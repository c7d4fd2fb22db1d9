import { describe, expect, it } from 'vitest';
import { findings, policy, validate } from '../helpers.js';

describe('unsupported-global-condition-key', () => {
  it('reports aws:ARN and names its replacements, instead of calling it unknown', () => {
    const text = policy({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*', Condition: { ArnEquals: { 'aws:arn': 'arn:aws:iam::123456789012:role/x' } } });
    expect(findings(text, 'UNSUPPORTED_GLOBAL_CONDITION_KEY')[0]?.findingDetails).toBe('The condition key aws:arn is not supported. Use aws:PrincipalArn or aws:SourceArn instead.');
    expect(validate(text).map((f) => f.issueCode)).not.toContain('INVALID_GLOBAL_CONDITION_KEY');
  });

  it('is silent for aws:PrincipalArn', () => {
    expect(findings(policy({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*', Condition: { ArnEquals: { 'aws:PrincipalArn': 'arn:aws:iam::123456789012:role/x' } } }), 'UNSUPPORTED_GLOBAL_CONDITION_KEY')).toEqual([]);
  });
});
