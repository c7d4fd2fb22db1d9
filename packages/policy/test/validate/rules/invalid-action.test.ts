import { describe, expect, it } from 'vitest';
import { findings, policy, spanned } from '../helpers.js';

describe('invalid-action', () => {
  it('reports an action the service does not have, with a suggestion', () => {
    const text = policy({ Effect: 'Allow', Action: ['s3:GetObjekt', 'iam:CreateUsers'], Resource: '*' });
    const found = findings(text, 'INVALID_ACTION');
    expect(found.map((f) => f.findingDetails)).toEqual([
      'The action s3:GetObjekt does not exist. Did you mean s3:GetObject?',
      'The action iam:CreateUsers does not exist. Did you mean iam:CreateUser?',
    ]);
    expect(found.map((f) => spanned(text, f))).toEqual(['"s3:GetObjekt"', '"iam:CreateUsers"']);
    expect(found[0]?.findingType).toBe('ERROR');
  });

  it('reports an entry that is not service:action', () => {
    const found = findings(policy({ Effect: 'Allow', Action: ['GetObject', 's3:Get:Object', 's3: GetObject'], Resource: '*' }), 'INVALID_ACTION');
    expect(found).toHaveLength(3);
    expect(found[0]?.findingDetails).toContain('Use the format service:action');
  });

  it('checks NotAction too', () => {
    expect(findings(policy({ Effect: 'Deny', NotAction: 'iam:GetUsr', Resource: '*' }), 'INVALID_ACTION')).toHaveLength(1);
  });

  it('accepts real actions in any case, and "*"', () => {
    expect(findings(policy({ Effect: 'Allow', Action: ['s3:getobject', 'IAM:CreateUser', '*', 'sts:AssumeRole'], Resource: '*' }), 'INVALID_ACTION')).toEqual([]);
  });
});
