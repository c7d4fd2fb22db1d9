import { describe, expect, it } from 'vitest';
import { findings, policy } from '../helpers.js';

describe('allow-with-not-action', () => {
  it('is a security warning on Allow with NotAction', () => {
    const found = findings(policy({ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' }), 'ALLOW_WITH_NOT_ACTION');
    expect(found).toHaveLength(1);
    expect(found[0]?.findingType).toBe('SECURITY_WARNING');
    expect(found[0]?.findingDetails).toMatch(/^Using Allow with NotAction can be overly permissive/);
  });

  it('accepts Deny with NotAction, the usual guard-rail form', () => {
    expect(findings(policy({ Effect: 'Deny', NotAction: ['iam:*', 'sts:*'], Resource: '*' }), 'ALLOW_WITH_NOT_ACTION')).toEqual([]);
  });
});
