import { describe, expect, it } from 'vitest';
import { findings, policy } from '../helpers.js';

const st = (Condition: object) => policy({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*', Condition });

describe('empty-condition', () => {
  it('suggests removing an empty Condition or operator block', () => {
    expect(findings(st({}), 'EMPTY_OBJECT_CONDITION')[0]?.findingDetails).toMatch(/^This condition block is empty and it does not affect the policy/);
    expect(findings(st({ StringEquals: {} }), 'EMPTY_OBJECT_CONDITION')).toHaveLength(1);
  });

  it('tells apart what an empty value list does with each operator form', () => {
    expect(findings(st({ StringEquals: { 'aws:PrincipalTag/team': [] } }), 'EMPTY_ARRAY_CONDITION')[0]?.findingDetails).toBe(
      'There are no values for the condition key aws:PrincipalTag/team and it does not affect the policy. Specify conditions.',
    );
    expect(findings(st({ 'ForAllValues:StringEquals': { 'aws:TagKeys': [] } }), 'EMPTY_ARRAY_CONDITION_FORALLVALUES')).toHaveLength(1);
    expect(findings(st({ 'ForAnyValue:StringEquals': { 'aws:TagKeys': [] } }), 'EMPTY_ARRAY_CONDITION_FORANYVALUE')).toHaveLength(1);
    expect(findings(st({ StringEqualsIfExists: { 'aws:PrincipalTag/team': [] } }), 'EMPTY_ARRAY_CONDITION_IFEXISTS')).toHaveLength(1);
  });

  it('is silent for conditions with values', () => {
    const text = st({ StringEquals: { 'aws:PrincipalTag/team': ['a'] } });
    expect(findings(text, 'EMPTY_ARRAY_CONDITION')).toEqual([]);
    expect(findings(text, 'EMPTY_OBJECT_CONDITION')).toEqual([]);
  });
});
