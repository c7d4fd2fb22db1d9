import { describe, expect, it } from 'vitest';
import { findings, SCP } from '../helpers.js';

const sized = (n: number) => ({
  Version: '2012-10-17',
  Statement: Array.from({ length: n }, (_, i) => ({ Effect: 'Allow', Action: 's3:GetObject', Resource: `arn:aws:s3:::bucket-number-${i}/*` })),
});

describe('policy-size', () => {
  it('warns when an identity policy exceeds 6,144 characters without whitespace', () => {
    const found = findings(sized(120), 'POLICY_SIZE_EXCEEDS_IDENTITY_POLICY_QUOTA');
    expect(found[0]?.findingType).toBe('WARNING');
    expect(found[0]?.findingDetails).toMatch(/^The \d+ characters in the identity policy, excluding whitespace, exceed the 6144 character maximum/);
  });

  it('reports an SCP over 5,120 characters as an error', () => {
    expect(findings(sized(100), 'POLICY_SIZE_EXCEEDS_SCP_QUOTA', SCP)[0]?.findingType).toBe('ERROR');
  });

  it('does not count whitespace', () => {
    // About 5,300 characters compact, far more pretty-printed.
    expect(findings(sized(60), 'POLICY_SIZE_EXCEEDS_IDENTITY_POLICY_QUOTA')).toEqual([]);
  });
});
