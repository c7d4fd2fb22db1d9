import { describe, expect, it } from 'vitest';
import { findings, policy } from '../helpers.js';

describe('wildcard-in-service-name', () => {
  it('suggests naming the service in actions and resource ARNs', () => {
    const found = findings(policy({ Effect: 'Allow', Action: ['s3*:Get*', 'code*:List*'], Resource: 'arn:aws:*code*::111122223333:*' }), 'WILDCARD_IN_SERVICE_NAME');
    expect(found).toHaveLength(3);
    expect(found[0]).toMatchObject({ findingType: 'SUGGESTION' });
    expect(found[0]?.findingDetails).toMatch(/^Avoid using wildcards \(\*, \?\) in the service name/);
  });

  it('accepts "*" alone and wildcards after the service', () => {
    expect(findings(policy({ Effect: 'Allow', Action: ['*', 's3:*'], Resource: ['*', 'arn:aws:s3:::*', 'arn:aws:*'] }), 'WILDCARD_IN_SERVICE_NAME')).toEqual([]);
  });
});
