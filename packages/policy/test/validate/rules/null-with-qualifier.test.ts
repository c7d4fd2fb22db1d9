import { describe, expect, it } from 'vitest';
import { findings, policy } from '../helpers.js';

describe('null-with-qualifier', () => {
  it('suggests dropping ForAllValues or ForAnyValue from Null', () => {
    const found = findings(policy({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*', Condition: { 'ForAllValues:Null': { 'aws:TagKeys': 'false' } } }), 'NULL_WITH_QUALIFIER');
    expect(found[0]?.findingType).toBe('SUGGESTION');
    expect(found[0]?.findingDetails).toContain('Use Null without ForAllValues:.');
  });

  it('is silent for Null alone', () => {
    expect(findings(policy({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*', Condition: { Null: { 'aws:TagKeys': 'false' } } }), 'NULL_WITH_QUALIFIER')).toEqual([]);
  });
});
