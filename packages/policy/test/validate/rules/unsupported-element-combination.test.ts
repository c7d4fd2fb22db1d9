import { describe, expect, it } from 'vitest';
import { findings, policy, spanned } from '../helpers.js';

describe('unsupported-element-combination', () => {
  it('reports Action with NotAction and Resource with NotResource, pointing at the second of each pair', () => {
    const text = policy({ Effect: 'Allow', Action: 's3:*', NotAction: 'iam:*', Resource: '*', NotResource: 'arn:aws:s3:::b' });
    const found = findings(text, 'UNSUPPORTED_ELEMENT_COMBINATION');
    expect(found.map((f) => spanned(text, f))).toEqual(['"NotAction"', '"NotResource"']);
    expect(found[0]?.findingDetails).toBe('The policy elements Action and NotAction can not be used in the same statement. Remove one of these elements.');
  });

  it('reports Principal with NotPrincipal', () => {
    const text = policy({ Effect: 'Deny', Principal: '*', NotPrincipal: { AWS: '123456789012' }, Action: 's3:*', Resource: '*' });
    expect(findings(text, 'UNSUPPORTED_ELEMENT_COMBINATION', { policyType: 'RESOURCE_POLICY' })).toHaveLength(1);
  });

  it('accepts one of each pair', () => {
    expect(findings(policy({ Effect: 'Allow', Action: 's3:*', Resource: '*' }), 'UNSUPPORTED_ELEMENT_COMBINATION')).toEqual([]);
  });
});
