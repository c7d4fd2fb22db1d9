import { describe, expect, it } from 'vitest';
import { findings, policy, validate } from '../helpers.js';

describe('null-with-if-exists', () => {
  it('reports NullIfExists', () => {
    const text = policy({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*', Condition: { NullIfExists: { 'aws:TokenIssueTime': 'true' } } });
    expect(findings(text, 'NULL_WITH_IF_EXISTS')[0]?.findingDetails).toBe('The Null condition operator cannot be used with the IfExists suffix. Update the operator or the suffix.');
    expect(validate(text).map((f) => f.issueCode)).not.toContain('INVALID_CONDITION_OPERATOR');
  });

  it('accepts Null', () => {
    expect(findings(policy({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*', Condition: { Null: { 'aws:TokenIssueTime': 'true' } } }), 'NULL_WITH_IF_EXISTS')).toEqual([]);
  });
});
