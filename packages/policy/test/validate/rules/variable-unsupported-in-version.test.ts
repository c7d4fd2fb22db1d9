import { describe, expect, it } from 'vitest';
import { findings } from '../helpers.js';

const doc = (version?: string) => ({
  ...(version ? { Version: version } : {}),
  Statement: { Effect: 'Allow', Action: 's3:ListBucket', Resource: 'arn:aws:s3:::b', Condition: { StringLike: { 's3:prefix': 'home/${aws:username}/*' } } },
});

describe('variable-unsupported-in-version', () => {
  it('reports a policy variable in a 2008-10-17 policy, and in one without Version', () => {
    expect(findings(doc('2008-10-17'), 'VARIABLE_UNSUPPORTED_IN_VERSION')[0]?.findingDetails).toBe(
      'To include variables in your policy, use the policy version 2012-10-17 or later. The policy is version 2008-10-17, so policy variables are read as literal text.',
    );
    expect(findings(doc(), 'VARIABLE_UNSUPPORTED_IN_VERSION')).toHaveLength(1);
  });

  it('accepts variables in a 2012-10-17 policy', () => {
    expect(findings(doc('2012-10-17'), 'VARIABLE_UNSUPPORTED_IN_VERSION')).toEqual([]);
  });
});
