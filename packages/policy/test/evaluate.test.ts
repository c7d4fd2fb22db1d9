import { describe, expect, it } from 'vitest';
import {
  accessDeniedMessage,
  compilePolicy,
  contextKeysOf,
  denialReason,
  evaluate,
  explainStatement,
  parsePolicy,
  type AuthorizationRequest,
  type PolicyKind,
  type PolicySource,
} from '../src/index.js';

function compiled(document: unknown, source: PolicySource, kind: PolicyKind = source.type === 'resource' ? 'resource' : source.type) {
  const result = parsePolicy(JSON.stringify(document), { kind });
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return compilePolicy(result.policy, source);
}

const bob: AuthorizationRequest['principal'] = { type: 'IAMUser', accountId: '111122223333', arn: 'arn:aws:iam::111122223333:user/bob', userId: 'AIDAEXAMPLEBOB0000001', username: 'bob' };
const request = (action: string, resource: string, context: AuthorizationRequest['context'] = {}): AuthorizationRequest => ({ principal: bob, action, resource, context });

const admin = compiled({ Version: '2012-10-17', Statement: [{ Sid: 'All', Effect: 'Allow', Action: '*', Resource: '*' }] }, { type: 'identity', id: 'arn:aws:iam::aws:policy/AdministratorAccess', name: 'AdministratorAccess' });
const boundary = compiled({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['iam:Get*', 'iam:List*'], Resource: '*' }] }, { type: 'boundary', id: 'arn:aws:iam::111122223333:policy/ReadOnlyBoundary' });
const mfa = compiled(
  {
    Version: '2012-10-17',
    Statement: [{ Sid: 'DenyWithoutMfa', Effect: 'Deny', NotAction: 'iam:ChangePassword', Resource: '*', Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } } }],
  },
  { type: 'identity', id: 'inline:user/bob/RequireMfa' },
);

describe('evaluate', () => {
  it('names the statements that allowed, from every policy type that took part', () => {
    const decision = evaluate(request('iam:GetUser', 'arn:aws:iam::111122223333:user/alice'), { identity: [admin], boundary });
    expect(decision.decision).toBe('allowed');
    expect(decision.matched.map((m) => [m.source.id, m.statementIndex, m.sid])).toEqual([
      ['arn:aws:iam::aws:policy/AdministratorAccess', 0, 'All'],
      ['arn:aws:iam::111122223333:policy/ReadOnlyBoundary', 0, undefined],
    ]);
    expect(decision.denial).toBeUndefined();
  });

  it('says which policy type failed to allow, in AWS\'s words', () => {
    const decision = evaluate(request('iam:CreateUser', 'arn:aws:iam::111122223333:user/alice'), { identity: [admin], boundary });
    expect(decision).toMatchObject({ decision: 'implicitDeny', matched: [], denial: { policyType: 'boundary', reason: 'noAllow' } });
    expect(denialReason(decision, 'iam:CreateUser')).toBe('because no permissions boundary allows the iam:CreateUser action');
    expect(accessDeniedMessage(bob.arn, 'iam:CreateUser', 'arn:aws:iam::111122223333:user/alice', decision)).toBe(
      'User: arn:aws:iam::111122223333:user/bob is not authorized to perform: iam:CreateUser on resource: arn:aws:iam::111122223333:user/alice because no permissions boundary allows the iam:CreateUser action',
    );
    expect(denialReason(evaluate(request('iam:CreateUser', '*'), { identity: [] }), 'iam:CreateUser')).toBe('because no identity-based policy allows the iam:CreateUser action');
  });

  it('reports an explicit deny with the denying statement and AWS\'s words', () => {
    const decision = evaluate(request('s3:GetObject', 'arn:aws:s3:::b/k'), { identity: [admin, mfa] });
    expect(decision.decision).toBe('explicitDeny');
    expect(decision.matched).toEqual([{ source: mfa.source, sid: 'DenyWithoutMfa', statementIndex: 0, effect: 'Deny' }]);
    expect(denialReason(decision, 's3:GetObject')).toBe('with an explicit deny in an identity-based policy');
    expect(denialReason({ denial: { policyType: 'scp', reason: 'explicit' } }, 'x')).toBe('with an explicit deny in a service control policy');
    expect(denialReason({ denial: { policyType: 'session', reason: 'noAllow' } }, 'x:Y')).toBe('because no session policy allows the x:Y action');
    expect(denialReason({}, 'x')).toBeUndefined();
  });

  it('lists the context keys conditions asked for and the request lacked', () => {
    const decision = evaluate(request('s3:GetObject', 'arn:aws:s3:::b/k'), { identity: [admin, mfa] });
    expect(decision.missingContextKeys).toEqual(['aws:MultiFactorAuthPresent']);
    expect(evaluate(request('s3:GetObject', 'arn:aws:s3:::b/k', { 'aws:MultiFactorAuthPresent': true }), { identity: [admin, mfa] }).missingContextKeys).toEqual([]);
  });

  it('explains on request, statement by statement', () => {
    const decision = evaluate(request('iam:CreateUser', 'arn:aws:iam::111122223333:user/alice', { 'aws:MultiFactorAuthPresent': true }), { identity: [admin, mfa], boundary }, { explain: true });
    expect(decision.explanation?.policyTypes).toEqual({ identity: 'allowed', boundary: 'noAllow' });
    const boundaryStatement = decision.explanation?.statements.find((s) => s.source.type === 'boundary');
    expect(boundaryStatement).toMatchObject({ applies: false, action: false, resource: true, reason: 'Action does not match iam:CreateUser' });
    const mfaStatement = decision.explanation?.statements.find((s) => s.sid === 'DenyWithoutMfa');
    expect(mfaStatement).toMatchObject({ applies: false, action: true, conditions: [{ key: 'aws:MultiFactorAuthPresent', matched: false, requestValue: true }] });
    expect(mfaStatement?.reason).toBe('Condition BoolIfExists on aws:MultiFactorAuthPresent is not met');
  });

  it('explains why one statement does not match', () => {
    const bucket = compiled(
      { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:user/alice' }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' }] },
      { type: 'resource', id: 'arn:aws:s3:::b' },
    );
    expect(explainStatement(bucket, 0, request('s3:GetObject', 'arn:aws:s3:::b/k'))).toMatchObject({ applies: false, action: true, resource: true, principal: 'none', reason: 'Principal does not match the caller' });
    expect(explainStatement(bucket, 0, request('s3:GetObject', 'arn:aws:s3:::c/k')).reason).toBe('Resource does not match arn:aws:s3:::c/k');
    expect(() => explainStatement(bucket, 3, request('s3:GetObject', 'x'))).toThrow(RangeError);
  });

  it('reads the time from the request context, never the clock', () => {
    const window = compiled({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*', Condition: { DateLessThan: { 'aws:CurrentTime': '2020-01-01T00:00:00Z' } } }] }, { type: 'identity', id: 'p' });
    expect(evaluate(request('s3:GetObject', '*', { 'aws:CurrentTime': new Date('2019-06-01T00:00:00Z') }), { identity: [window] }).decision).toBe('allowed');
    expect(evaluate(request('s3:GetObject', '*'), { identity: [window] }).decision).toBe('implicitDeny');
  });

  it('finds the candidate statements by service, whatever the case of the action', () => {
    const many = compiled(
      {
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Action: 'ec2:*', Resource: '*' },
          { Effect: 'Allow', Action: 'IAM:Get*', Resource: '*' },
          { Effect: 'Deny', NotAction: 's3:*', Resource: 'arn:aws:iam::*:user/root-like' },
          { Effect: 'Allow', Action: '*:GetUser', Resource: '*' },
        ],
      },
      { type: 'identity', id: 'many' },
    );
    expect(many.statementsFor('iam:getuser').map((s) => s.index)).toEqual([1, 2, 3]);
    expect(many.statementsFor('IAM:GETUSER').map((s) => s.index)).toEqual([1, 2, 3]);
    expect(many.statementsFor('ec2:RunInstances').map((s) => s.index)).toEqual([0, 2]);
    expect(many.statementsFor('s3:GetObject').map((s) => s.index)).toEqual([]);
    expect(many.statementsFor('nocolon').map((s) => s.index)).toEqual([2]);
  });
});

describe('contextKeysOf', () => {
  it('lists condition keys and variables once each', () => {
    const parsed = parsePolicy(
      JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Action: 's3:*', Resource: 'arn:aws:s3:::b/${aws:username}/*', Condition: { StringLike: { 's3:prefix': '${aws:PrincipalTag/team}/*' }, Bool: { 'aws:SecureTransport': 'true' } } },
          { Effect: 'Deny', Action: 's3:*', Resource: '*', Condition: { Bool: { 'AWS:SecureTransport': 'false' } } },
        ],
      }),
    );
    expect(parsed.ok && contextKeysOf(parsed.policy)).toEqual(['s3:prefix', 'aws:PrincipalTag/team', 'aws:SecureTransport', 'aws:username']);
  });
});
