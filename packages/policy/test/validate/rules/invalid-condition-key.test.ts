import { describe, expect, it } from 'vitest';
import { findings, policy, spanned, validate } from '../helpers.js';

const st = (Condition: object) => policy({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*', Condition });

describe('invalid-condition-key', () => {
  it('reports an unknown global key with the key meant', () => {
    const text = st({ StringEquals: { 'aws:SourceIpAddress': '1.2.3.4', 'aws:PrincipleTag/team': 'a' } });
    const found = findings(text, 'INVALID_GLOBAL_CONDITION_KEY');
    expect(found.map((f) => f.findingDetails)).toEqual([
      expect.stringMatching(/^The condition key aws:SourceIpAddress does not exist\. Use a valid condition key\./),
      'The condition key aws:PrincipleTag/team does not exist. Use a valid condition key.',
    ]);
    expect(spanned(text, found[0]!)).toBe('"aws:SourceIpAddress"');
  });

  it('reports an unknown service key with the key meant, and an unknown service prefix', () => {
    expect(findings(st({ StringEquals: { 's3:prefx': 'home/' } }), 'INVALID_SERVICE_CONDITION_KEY')[0]?.findingDetails).toBe(
      'The condition key s3:prefx does not exist in the service s3. Use a valid condition key. Did you mean s3:prefix?',
    );
    expect(findings(st({ StringEquals: { 'nosuchsvc:thing': 'a' } }), 'INVALID_SERVICE')[0]?.findingDetails).toBe(
      'The service nosuchsvc in the condition key nosuchsvc:thing does not exist. Use a valid service name.',
    );
    expect(findings(st({ StringEquals: { SourceIp: 'a' } }), 'INVALID_CONDITION_KEY_FORMAT')).toHaveLength(1);
  });

  it('accepts keys in any case, tag keys, service keys with variables, and identity provider keys', () => {
    const text = st({
      StringEquals: {
        'AWS:SOURCEIP': '1.2.3.4',
        'aws:PrincipalTag/team': 'a',
        'aws:RequestTag/Cost-Center': 'a',
        's3:prefix': 'home/',
        'ec2:ResourceTag/Name': 'a',
        's3:ExistingObjectTag/classification': 'a',
        'saml:aud': 'https://signin.aws.amazon.com/saml',
        'token.actions.githubusercontent.com:sub': 'repo:org/repo:*',
        'oidc.eks.us-east-1.amazonaws.com/id/ABC:sub': 'system:serviceaccount:ns:sa',
        'iam:PassedToService': 'ec2.amazonaws.com',
        'secretsmanager:ResourceTag/Owner': 'a',
      },
    });
    const codes = validate(text).map((f) => f.issueCode);
    for (const c of ['INVALID_GLOBAL_CONDITION_KEY', 'INVALID_SERVICE_CONDITION_KEY', 'INVALID_SERVICE', 'INVALID_CONDITION_KEY_FORMAT']) expect(codes).not.toContain(c);
  });
});
