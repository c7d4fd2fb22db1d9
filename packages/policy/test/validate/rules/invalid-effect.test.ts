import { describe, expect, it } from 'vitest';
import { findings, policy } from '../helpers.js';

describe('invalid-effect', () => {
  it('reports an Effect other than Allow or Deny, including a case slip', () => {
    const found = findings(policy({ Effect: 'allow', Action: '*', Resource: '*' }, { Effect: 'Permit', Action: '*', Resource: '*' }), 'INVALID_EFFECT');
    expect(found.map((f) => f.findingDetails)).toEqual(['The effect allow is not valid. Use Allow or Deny.', 'The effect Permit is not valid. Use Allow or Deny.']);
  });

  it('accepts Allow and Deny', () => {
    expect(findings(policy({ Effect: 'Allow', Action: '*', Resource: '*' }, { Effect: 'Deny', Action: 'iam:*', Resource: '*' }), 'INVALID_EFFECT')).toEqual([]);
  });
});
