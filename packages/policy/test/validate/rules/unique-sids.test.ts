import { describe, expect, it } from 'vitest';
import { findings, policy, RESOURCE, spanned } from '../helpers.js';

describe('unique-sids', () => {
  const text = policy({ Sid: 'Read', Effect: 'Allow', Action: 's3:GetObject', Resource: '*', Principal: '*' }, { Sid: 'Read', Effect: 'Allow', Action: 's3:ListBucket', Resource: '*', Principal: '*' });

  it('requires unique Sids in an identity policy, pointing at the duplicate and the first', () => {
    const found = findings(text, 'UNIQUE_SIDS_REQUIRED');
    expect(found).toHaveLength(1);
    expect(found[0]?.findingType).toBe('ERROR');
    expect(found[0]?.locations.map((l) => l.path)).toEqual([
      [{ value: 'Statement' }, { index: 1 }, { value: 'Sid' }],
      [{ value: 'Statement' }, { index: 0 }, { value: 'Sid' }],
    ]);
    expect(spanned(text, found[0]!)).toBe('"Read"');
  });

  it('recommends unique Sids in other resource policies', () => {
    expect(findings(text, 'UNIQUE_SIDS_RECOMMENDED', RESOURCE)[0]?.findingType).toBe('WARNING');
    expect(findings(text, 'UNIQUE_SIDS_REQUIRED', { policyType: 'RESOURCE_POLICY', resourceType: 'AWS::IAM::AssumeRolePolicyDocument' })).toHaveLength(1);
  });

  it('accepts distinct Sids and statements without one', () => {
    expect(findings(policy({ Sid: 'A', Effect: 'Allow', Action: '*', Resource: '*' }, { Effect: 'Allow', Action: '*', Resource: '*' }, { Effect: 'Deny', Action: 'iam:*', Resource: '*' }), 'UNIQUE_SIDS_REQUIRED')).toEqual([]);
  });
});
