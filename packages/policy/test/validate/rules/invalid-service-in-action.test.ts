import { describe, expect, it } from 'vitest';
import { findings, policy, spanned } from '../helpers.js';

describe('invalid-service-in-action', () => {
  it('reports an unknown service prefix and suggests the closest one', () => {
    const text = policy({ Effect: 'Allow', Action: ['s4:GetObject', 'xyzzyplugh:Do'], Resource: '*' });
    const found = findings(text, 'INVALID_SERVICE_IN_ACTION');
    expect(found.map((f) => f.findingDetails)).toEqual([
      'The service s4 specified in the action s4:GetObject does not exist. Did you mean s3:GetObject?',
      'The service xyzzyplugh specified in the action xyzzyplugh:Do does not exist. Use a valid service prefix, such as s3 or iam.',
    ]);
    expect(spanned(text, found[0]!)).toBe('"s4:GetObject"');
  });

  it('accepts known services in any case, as IAM does', () => {
    expect(findings(policy({ Effect: 'Allow', Action: ['S3:GetObject', 'iam:*', 'ec2:Describe*'], Resource: '*' }), 'INVALID_SERVICE_IN_ACTION')).toEqual([]);
  });
});
