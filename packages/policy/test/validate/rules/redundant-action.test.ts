import { describe, expect, it } from 'vitest';
import { findings, policy, spanned } from '../helpers.js';

describe('redundant-action', () => {
  it('reports an action a wildcard of the same statement already names (AWS example)', () => {
    const text = policy({ Effect: 'Allow', Action: ['iam:Get*', 'iam:List*', 'iam:GetCredentialReport'], Resource: '*' });
    const found = findings(text, 'REDUNDANT_ACTION');
    expect(found).toHaveLength(1);
    expect(spanned(text, found[0]!)).toBe('"iam:GetCredentialReport"');
    expect(found[0]?.findingDetails).toBe(
      'The iam:GetCredentialReport action(s) are redundant because they provide similar permissions to iam:Get*. Update the policy to remove the redundant action such as: iam:GetCredentialReport.',
    );
  });

  it('keeps an entry only partly covered (iam:*CredentialReport also names GenerateCredentialReport)', () => {
    expect(findings(policy({ Effect: 'Allow', Action: ['iam:Get*', 'iam:*CredentialReport'], Resource: '*' }), 'REDUNDANT_ACTION')).toEqual([]);
  });

  it('sees coverage by several entries together, over the known actions', () => {
    const found = findings(policy({ Effect: 'Allow', Action: ['iam:Get*', 'iam:Generate*', 'iam:*CredentialReport'], Resource: '*' }), 'REDUNDANT_ACTION');
    expect(found.map((f) => f.findingDetails)).toEqual([expect.stringContaining('iam:*CredentialReport action(s) are redundant')]);
  });

  it('reports the later of two equal entries once, whatever their case', () => {
    const text = policy({ Effect: 'Allow', Action: ['s3:GetObject', 's3:getobject'], Resource: '*' });
    const found = findings(text, 'REDUNDANT_ACTION');
    expect(found.map((f) => spanned(text, f))).toEqual(['"s3:getobject"']);
  });

  it('reports everything beside "*"', () => {
    expect(findings(policy({ Effect: 'Allow', Action: ['*', 's3:GetObject', 'ec2:*'], Resource: '*' }), 'REDUNDANT_ACTION')).toHaveLength(2);
  });
});
