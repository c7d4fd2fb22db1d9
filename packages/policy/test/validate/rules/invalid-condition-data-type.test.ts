import { describe, expect, it } from 'vitest';
import { findings, policy } from '../helpers.js';

describe('invalid-condition-data-type', () => {
  it('reports values of mixed JSON types under one key', () => {
    const found = findings(policy({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*', Condition: { NumericLessThan: { 'aws:MultiFactorAuthAge': ['3600', 7200] } } }), 'INVALID_CONDITION_DATA_TYPE');
    expect(found[0]?.findingDetails).toMatch(/^The condition value data types do not match\./);
  });

  it('accepts values of one type', () => {
    expect(findings(policy({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*', Condition: { NumericLessThan: { 'aws:MultiFactorAuthAge': [3600, 7200] } } }), 'INVALID_CONDITION_DATA_TYPE')).toEqual([]);
  });
});
