import { describe, expect, it } from 'vitest';
import { describeTrust, oidcIssuer, trustPolicy } from './trust-policy';

const statement = (doc: string) => (JSON.parse(doc) as { Statement: Record<string, unknown>[] }).Statement[0];

describe('trustPolicy', () => {
  it('trusts this account, with MFA required when asked', () => {
    expect(statement(trustPolicy({ kind: 'this-account', accountId: '111122223333', requireMfa: true }))).toEqual({
      Effect: 'Allow',
      Principal: { AWS: 'arn:aws:iam::111122223333:root' },
      Action: 'sts:AssumeRole',
      Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } },
    });
  });

  it('trusts another account with an external ID and no condition block when nothing is required', () => {
    expect(statement(trustPolicy({ kind: 'other-account', accountId: '444455556666', externalId: 'ext-1', requireMfa: false }))).toEqual({
      Effect: 'Allow',
      Principal: { AWS: 'arn:aws:iam::444455556666:root' },
      Action: 'sts:AssumeRole',
      Condition: { StringEquals: { 'sts:ExternalId': 'ext-1' } },
    });
    expect(statement(trustPolicy({ kind: 'other-account', accountId: '444455556666', requireMfa: false }))).not.toHaveProperty('Condition');
  });

  it('trusts EC2 for a workload role', () => {
    expect(statement(trustPolicy({ kind: 'ec2' }))).toEqual({ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' });
  });

  it('trusts an OIDC provider for web identity, limited to an audience by the issuer:aud key', () => {
    const arn = 'arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com';
    expect(oidcIssuer(arn)).toBe('token.actions.githubusercontent.com');
    expect(statement(trustPolicy({ kind: 'oidc', providerArn: arn, audience: 'sts.amazonaws.com' }))).toEqual({
      Effect: 'Allow',
      Principal: { Federated: arn },
      Action: 'sts:AssumeRoleWithWebIdentity',
      Condition: { StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com' } },
    });
  });
});

describe('describeTrust', () => {
  it('names accounts, services and providers in a few words', () => {
    expect(describeTrust(trustPolicy({ kind: 'other-account', accountId: '444455556666', requireMfa: false }))).toBe('Account 444455556666');
    expect(describeTrust(trustPolicy({ kind: 'ec2' }))).toBe('AWS service: ec2');
    expect(describeTrust(trustPolicy({ kind: 'oidc', providerArn: 'arn:aws:iam::1:oidc-provider/issuer.example.com/path' }))).toBe('Identity provider: issuer.example.com/path');
  });

  it('says so when the document cannot be read', () => {
    expect(describeTrust('{')).toBe('Unreadable trust policy');
  });
});
