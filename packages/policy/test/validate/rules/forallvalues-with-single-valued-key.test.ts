import { describe, expect, it } from 'vitest';
import { findings, policy } from '../helpers.js';

describe('forallvalues-with-single-valued-key', () => {
  it('is a security warning on ForAllValues with a single-valued key', () => {
    const found = findings(policy({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*', Condition: { 'ForAllValues:StringEquals': { 'aws:PrincipalTag/team': 'a' } } }), 'FORALLVALUES_WITH_SINGLE_VALUED_KEY');
    expect(found[0]?.findingType).toBe('SECURITY_WARNING');
    expect(found[0]?.findingDetails).toBe(
      'Using ForAllValues qualifier with the single-valued condition key aws:PrincipalTag/team can be overly permissive. We recommend that you remove ForAllValues: and use StringEquals.',
    );
  });

  it('accepts ForAllValues with a multivalued key', () => {
    expect(findings(policy({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*', Condition: { 'ForAllValues:StringEquals': { 'aws:TagKeys': 'a' } } }), 'FORALLVALUES_WITH_SINGLE_VALUED_KEY')).toEqual([]);
  });
});
