import { describe, expect, it } from 'vitest';
import { findings, policy } from '../helpers.js';

describe('action-wildcard-matches-nothing', () => {
  it('reports a wildcard that names no action of its service', () => {
    const found = findings(policy({ Effect: 'Allow', Action: ['s3:Gett*', 'iam:*Userz'], Resource: '*' }), 'INVALID_ACTION');
    expect(found.map((f) => f.findingDetails)).toEqual([
      'The action s3:Gett* does not match any action of Amazon S3, so it has no effect. Update the wildcard to match the actions you mean.',
      expect.stringMatching(/^The action iam:\*Userz does not match any action of /),
    ]);
  });

  it('accepts wildcards that match, with ? as well as *', () => {
    expect(findings(policy({ Effect: 'Allow', Action: ['s3:Get*', 'iam:?etUser', 'ec2:*'], Resource: '*' }), 'INVALID_ACTION')).toEqual([]);
  });
});
