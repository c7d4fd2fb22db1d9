import { describe, expect, it } from 'vitest';
import { findings, policy } from '../helpers.js';

describe('invalid-condition-multiple-boolean', () => {
  it('reports Bool with both true and false', () => {
    const found = findings(policy({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*', Condition: { Bool: { 'aws:SecureTransport': ['true', 'false'] } } }), 'INVALID_CONDITION_MULTIPLE_BOOLEAN');
    expect(found[0]?.findingDetails).toBe('The condition key aws:SecureTransport does not support multiple Boolean values. Use a single Boolean value.');
  });

  it('accepts one Boolean value, even repeated', () => {
    expect(findings(policy({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*', Condition: { Bool: { 'aws:SecureTransport': ['true', 'TRUE'] } } }), 'INVALID_CONDITION_MULTIPLE_BOOLEAN')).toEqual([]);
  });
});
