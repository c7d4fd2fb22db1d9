import { describe, expect, it } from 'vitest';
import { findings, policy, RESOURCE, validate } from '../helpers.js';

describe('empty-array', () => {
  it('suggests filling in empty Action and Resource arrays', () => {
    const text = policy({ Effect: 'Allow', Action: [], Resource: [] });
    expect(findings(text, 'EMPTY_ARRAY_ACTION')[0]?.findingDetails).toBe('This statement includes no actions and does not affect the policy. Specify actions.');
    expect(findings(text, 'EMPTY_ARRAY_RESOURCE')[0]?.findingDetails).toBe('This statement includes no resources and does not affect the policy. Specify resources.');
  });

  it('suggests filling in an empty principal object or principal array', () => {
    const text = policy({ Effect: 'Allow', Principal: {}, Action: 's3:GetObject', Resource: '*' }, { Effect: 'Allow', Principal: { AWS: [] }, Action: 's3:GetObject', Resource: '*' });
    expect(findings(text, 'EMPTY_OBJECT_PRINCIPAL', RESOURCE)).toHaveLength(1);
    expect(findings(text, 'EMPTY_ARRAY_PRINCIPAL', RESOURCE)).toHaveLength(1);
  });

  it('is silent for filled-in elements', () => {
    const codes = validate(policy({ Effect: 'Allow', Action: ['s3:GetObject'], Resource: ['*'] })).map((f) => f.issueCode);
    expect(codes.filter((c) => c.startsWith('EMPTY_'))).toEqual([]);
  });
});
