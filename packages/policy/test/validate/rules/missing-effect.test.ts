import { describe, expect, it } from 'vitest';
import { findings, policy } from '../helpers.js';

describe('missing-effect', () => {
  it('reports a statement without Effect, pointing at the statement', () => {
    const found = findings(policy({ Action: '*', Resource: '*' }), 'MISSING_EFFECT');
    expect(found).toHaveLength(1);
    expect(found[0]?.locations[0]?.path).toEqual([{ value: 'Statement' }, { index: 0 }]);
    expect(found[0]?.findingDetails).toBe('Add an Effect element to the policy statement with a value of Allow or Deny.');
  });

  it('is silent when Effect is present, even if invalid', () => {
    expect(findings(policy({ Effect: 'allow', Action: '*', Resource: '*' }), 'MISSING_EFFECT')).toEqual([]);
  });
});
