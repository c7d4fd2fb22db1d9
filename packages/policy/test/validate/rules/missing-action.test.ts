import { describe, expect, it } from 'vitest';
import { findings, policy } from '../helpers.js';

describe('missing-action', () => {
  it('reports a statement with neither Action nor NotAction', () => {
    const found = findings(policy({ Effect: 'Allow', Resource: '*' }), 'MISSING_ACTION');
    expect(found[0]?.findingDetails).toBe('Add an Action or NotAction element to the policy statement.');
  });

  it('accepts NotAction instead of Action', () => {
    expect(findings(policy({ Effect: 'Deny', NotAction: 'iam:*', Resource: '*' }), 'MISSING_ACTION')).toEqual([]);
  });
});
