import { describe, expect, it } from 'vitest';
import { findings, policy, spanned } from '../helpers.js';

describe('redundant-resource', () => {
  it('reports ARNs a wildcard ARN of the same statement already matches (AWS example)', () => {
    const text = policy({
      Effect: 'Allow',
      Action: 'iam:GetRole',
      Resource: ['arn:aws:iam::111122223333:role/jane-admin', 'arn:aws:iam::111122223333:role/jane-s3only', 'arn:aws:iam::111122223333:role/jane*'],
    });
    const found = findings(text, 'REDUNDANT_RESOURCE');
    expect(found.map((f) => spanned(text, f))).toEqual(['"arn:aws:iam::111122223333:role/jane-admin"', '"arn:aws:iam::111122223333:role/jane-s3only"']);
    expect(found[0]?.findingType).toBe('SUGGESTION');
  });

  it('treats ARNs as case-sensitive and a policy variable as covering only itself', () => {
    const text = policy({ Effect: 'Allow', Action: 's3:GetObject', Resource: ['arn:aws:s3:::b/Jane*', 'arn:aws:s3:::b/jane', 'arn:aws:s3:::b/${aws:username}', 'arn:aws:s3:::b/alice'] });
    expect(findings(text, 'REDUNDANT_RESOURCE')).toEqual([]);
  });
});
