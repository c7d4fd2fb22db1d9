import { describe, expect, it } from 'vitest';
import { findings } from '../helpers.js';

describe('missing-version', () => {
  it('warns when the policy has no Version', () => {
    const found = findings({ Statement: { Effect: 'Allow', Action: 's3:GetObject', Resource: '*' } }, 'MISSING_VERSION');
    expect(found).toHaveLength(1);
    expect(found[0]?.findingType).toBe('WARNING');
    expect(found[0]?.findingDetails).toContain('We recommend that you specify the Version element');
  });

  it('is silent when Version is present', () => {
    expect(findings({ Version: '2008-10-17', Statement: { Effect: 'Allow', Action: 's3:GetObject', Resource: '*' } }, 'MISSING_VERSION')).toEqual([]);
  });
});
