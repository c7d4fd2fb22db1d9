import { describe, expect, it } from 'vitest';
import { parsePolicy, type PolicyKind } from '../src/index.js';

const statement = (extra: Record<string, unknown> = {}) => ({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*', ...extra });
const doc = (...statements: unknown[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements });

function firstError(text: string, kind: PolicyKind = 'identity') {
  const result = parsePolicy(text, { kind });
  if (result.ok) throw new Error('expected a parse error');
  return result.errors[0];
}

describe('parsePolicy', () => {
  it('reads the typed form of a valid identity policy', () => {
    const result = parsePolicy(doc(statement({ Sid: 'Read', Condition: { 'ForAnyValue:StringLikeIfExists': { 'aws:TagKeys': ['a*', 1, true] } } })));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const [s] = result.policy.statements;
    expect(result.policy.version).toBe('2012-10-17');
    expect(s?.sid).toBe('Read');
    expect(s?.action).toEqual({ negated: false, values: ['s3:GetObject'] });
    expect(s?.conditions[0]?.operator).toEqual({ name: 'ForAnyValue:StringLikeIfExists', base: 'StringLike', set: 'ForAnyValue', ifExists: true });
    expect(s?.conditions[0]?.values).toEqual(['a*', '1', 'true']);
  });

  it('gives a document without Version 2008-10-17 semantics', () => {
    const result = parsePolicy(JSON.stringify({ Statement: statement() }));
    expect(result.ok && result.policy.version).toBe('2008-10-17');
    expect(result.ok && result.policy.versionGiven).toBe(false);
  });

  it('answers "Syntax errors in policy." for text that is not JSON', () => {
    expect(firstError('{"Version":')).toMatchObject({ path: '$', message: 'Syntax errors in policy.' });
  });

  it('answers "Syntax errors in policy." for an unknown version, saying which versions exist', () => {
    const error = firstError(JSON.stringify({ Version: '2013-01-01', Statement: statement() }));
    expect(error).toMatchObject({ path: '$.Version', message: 'Syntax errors in policy.' });
    expect(error?.detail).toContain('"2012-10-17"');
  });

  it('rejects a Principal in an identity policy with IAM\'s wording', () => {
    expect(firstError(doc(statement({ Principal: '*' })))).toMatchObject({ path: '$.Statement[0].Principal', message: 'Policy document should not specify a principal.' });
  });

  it('requires a Principal in a resource policy', () => {
    expect(firstError(doc(statement()), 'resource')).toMatchObject({ path: '$.Statement[0]', message: 'Missing required field Principal' });
  });

  it('prohibits a Resource in a role trust policy', () => {
    const error = firstError(doc(statement({ Principal: { AWS: '111122223333' } })), 'trust');
    expect(error).toMatchObject({ message: 'Has prohibited field Resource' });
  });

  it('accepts a trust policy without Resource', () => {
    expect(parsePolicy(JSON.stringify({ Version: '2012-10-17', Statement: { Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' } }), { kind: 'trust' }).ok).toBe(true);
  });

  it('requires actions and resources', () => {
    expect(firstError(doc({ Effect: 'Allow', Resource: '*' }))?.message).toBe('Policy statement must contain actions.');
    expect(firstError(doc({ Effect: 'Allow', Action: 's3:*' }))?.message).toBe('Policy statement must contain resources.');
    expect(firstError(doc({ Effect: 'Allow', Action: [], Resource: '*' }))?.message).toBe('Policy statement must contain actions.');
  });

  it('requires unique statement ids', () => {
    expect(firstError(doc(statement({ Sid: 'A' }), statement({ Sid: 'A' })))).toMatchObject({ path: '$.Statement[1].Sid', message: 'Statement IDs (SID) in a single policy must be unique.' });
  });

  it('requires alphanumeric statement ids in IAM policies, not in resource policies', () => {
    expect(firstError(doc(statement({ Sid: 'has space' })))?.message).toMatch(/^Statement IDs \(SID\) must be alpha-numeric/);
    expect(parsePolicy(doc(statement({ Sid: 'has space', Principal: '*' })), { kind: 'resource' }).ok).toBe(true);
  });

  it('names an unknown condition operator as IAM does', () => {
    expect(firstError(doc(statement({ Condition: { StringEqualz: { 'aws:username': 'bob' } } })))).toMatchObject({ message: 'Invalid Condition type : StringEqualz' });
  });

  it('reports a wrongly cased Effect as a legacy parsing failure', () => {
    expect(firstError(doc(statement({ Effect: 'allow' })))?.message).toBe('The policy failed legacy parsing');
  });

  it('reports a bad date value as a legacy parsing failure', () => {
    expect(firstError(doc(statement({ Condition: { DateGreaterThan: { 'aws:CurrentTime': 'yesterday' } } })))?.message).toBe('The policy failed legacy parsing');
  });

  it('requires a vendor prefix on actions', () => {
    expect(firstError(doc(statement({ Action: 'GetObject' })))?.message).toBe('Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.');
    expect(firstError(doc(statement({ Action: 's3:Get:Object' })))?.message).toBe('Actions/Condition can contain only one colon.');
  });

  it('requires resources in ARN format', () => {
    expect(firstError(doc(statement({ Resource: 'bucket' })))?.message).toBe('Resource bucket must be in ARN format or "*".');
  });

  it('rejects partial wildcards in AWS principals', () => {
    expect(firstError(doc(statement({ Principal: { AWS: 'arn:aws:iam::111122223333:user/*' } })), 'resource')?.message).toBe('Invalid principal in policy: "AWS":"arn:aws:iam::111122223333:user/*"');
  });

  it('rejects both Action and NotAction in one statement', () => {
    expect(firstError(doc(statement({ NotAction: 'iam:*' })))?.message).toBe('Syntax errors in policy.');
  });

  it('lists every problem, the one IAM reports first', () => {
    const result = parsePolicy(doc(statement({ Sid: 'A', Action: 'GetObject' }), statement({ Sid: 'A', Principal: '*' })));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.map((e) => e.message)).toEqual([
      'Policy document should not specify a principal.',
      'Statement IDs (SID) in a single policy must be unique.',
      'Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.',
    ]);
  });

  it('applies the identity rules to boundaries, session policies and SCPs', () => {
    for (const kind of ['boundary', 'session', 'scp'] as const) expect(firstError(doc(statement({ Principal: '*' })), kind)?.message).toBe('Policy document should not specify a principal.');
  });
});
