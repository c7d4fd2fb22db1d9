/**
 * fast-check generators for random policies and requests, drawn from a small alphabet of
 * actions, resources, keys, operators and wildcards so that matches are frequent enough to
 * exercise every rule.
 */
import fc from 'fast-check';
import type { AuthorizationRequest, ContextValue, PolicyKind, RequestPrincipal } from '../src/index.js';

export const A = '111111111111';
export const B = '222222222222';

export const PRINCIPALS: readonly RequestPrincipal[] = [
  { type: 'IAMUser', accountId: A, arn: `arn:aws:iam::${A}:user/bob`, userId: 'AIDAEXAMPLEBOB0000001', username: 'bob', tags: { team: 'red' } },
  { type: 'IAMUser', accountId: A, arn: `arn:aws:iam::${A}:user/alice`, userId: 'AIDAEXAMPLEALICE00001', username: 'alice' },
  { type: 'AssumedRole', accountId: A, arn: `arn:aws:sts::${A}:assumed-role/Dev/alice`, roleArn: `arn:aws:iam::${A}:role/Dev`, roleId: 'AROAEXAMPLEDEV0000001', sessionName: 'alice', tags: { team: 'blue' } },
  { type: 'FederatedUser', accountId: A, arn: `arn:aws:sts::${A}:federated-user/fed`, userArn: `arn:aws:iam::${A}:user/bob`, name: 'fed' },
  { type: 'Root', accountId: A },
  { type: 'IAMUser', accountId: B, arn: `arn:aws:iam::${B}:user/carol`, userId: 'AIDAEXAMPLECAROL00001', username: 'carol' },
  { type: 'AssumedRole', accountId: B, arn: `arn:aws:sts::${B}:assumed-role/Ops/s1`, roleArn: `arn:aws:iam::${B}:role/Ops`, roleId: 'AROAEXAMPLEOPS0000001', sessionName: 's1' },
  { type: 'Service', service: 'ec2.amazonaws.com' },
  { type: 'Anonymous' },
];

const ACTIONS = ['s3:GetObject', 's3:PutObject', 'iam:CreateUser', 'iam:GetUser', 'sts:AssumeRole', 'S3:getobject', 'kms:Decrypt'];
const RESOURCES = [
  'arn:aws:s3:::bucket/bob/file',
  'arn:aws:s3:::bucket/alice/x',
  'arn:aws:s3:::bucket/red/y',
  'arn:aws:s3:::other',
  `arn:aws:iam::${A}:user/bob`,
  `arn:aws:iam::${B}:user/carol`,
  `arn:aws:iam::${A}:role/Dev`,
  `arn:aws:kms:us-east-1:${B}:key/k1:alias`,
  '*',
];

const ACTION_PATTERNS = ['*', 's3:*', 's3:Get*', 's3:?etObject', 'iam:*User', 'IAM:getuser', 'iam:Create*', '*:GetObject', 'sts:AssumeRole', 's3:GetObject', 'kms:*'];
const RESOURCE_PATTERNS = [
  '*',
  'arn:aws:s3:::bucket/*',
  'arn:aws:s3:::bucket/${aws:username}/*',
  "arn:aws:s3:::bucket/${aws:PrincipalTag/team, 'none'}/*",
  `arn:aws:iam::${A}:user/*`,
  'arn:aws:iam::*:user/bob',
  `arn:aws:iam::${A}:user/\${aws:username}`,
  'arn:aws:s3:*',
  'arn:aws:*:*:*:*',
  'arn:aws:iam::?11111111111:user/*',
  'arn:aws:s3:::bucket/${*}',
  `arn:aws:kms:*:${B}:key/*`,
  'arn:aws:s3:::other',
  'arn:aws:s3:::bucket/*/file',
  'arn:aws:s3:::b?cket/bob/*',
];

interface Family {
  readonly operators: readonly string[];
  readonly keys: readonly string[];
  readonly values: readonly string[];
}

const FAMILIES: readonly Family[] = [
  {
    operators: ['StringEquals', 'StringNotEquals', 'StringEqualsIgnoreCase', 'StringNotEqualsIgnoreCase', 'StringLike', 'StringNotLike'],
    keys: ['aws:username', 'aws:PrincipalTag/team', 's3:prefix', 'aws:RequestedRegion', 'AWS:USERNAME', 'aws:userid'],
    values: ['bob', 'Bob', 'b*', 'red', '${aws:username}', 'us-*', 'us-east-1', '${aws:PrincipalTag/team}', '?ob', '', 'home/${aws:username}/*', "${aws:nope, 'bob'}", '${aws:nope}', 'AIDA*', '${*}'],
  },
  {
    operators: ['StringEquals', 'StringLike', 'StringNotEquals', 'StringNotLike'],
    keys: ['aws:TagKeys', 'aws:CalledVia'],
    values: ['team', 'cost*', 'env', 'athena.amazonaws.com', '${aws:username}'],
  },
  {
    operators: ['NumericEquals', 'NumericNotEquals', 'NumericLessThan', 'NumericLessThanEquals', 'NumericGreaterThan', 'NumericGreaterThanEquals'],
    keys: ['aws:MultiFactorAuthAge', 's3:max-keys', 'aws:EpochTime'],
    values: ['0', '3600', '100.5', '-1', 'abc', '1717243200'],
  },
  {
    operators: ['DateEquals', 'DateNotEquals', 'DateLessThan', 'DateLessThanEquals', 'DateGreaterThan', 'DateGreaterThanEquals'],
    keys: ['aws:CurrentTime', 'aws:EpochTime', 'aws:TokenIssueTime'],
    values: ['2024-01-01T00:00:00Z', '2025-06-01', '1704067200', '2024-06-01T14:00:00+02:00', '2024-06-01T12:00:00Z'],
  },
  { operators: ['Bool'], keys: ['aws:SecureTransport', 'aws:MultiFactorAuthPresent', 'aws:PrincipalIsAWSService'], values: ['true', 'false', 'TRUE', 'yes'] },
  { operators: ['IpAddress', 'NotIpAddress'], keys: ['aws:SourceIp'], values: ['10.0.0.0/8', '192.168.1.1', '2001:db8::/32', '0.0.0.0/0', 'bad', '10.1.2.3/32', '::/0'] },
  {
    operators: ['ArnEquals', 'ArnLike', 'ArnNotEquals', 'ArnNotLike'],
    keys: ['aws:PrincipalArn', 'aws:SourceArn'],
    values: [`arn:aws:iam::${A}:user/*`, 'arn:aws:iam::*:role/Dev', `arn:aws:iam::${A}:user/\${aws:username}`, 'arn:aws:s3:*', `arn:aws:iam::${A}:root`],
  },
  { operators: ['BinaryEquals'], keys: ['test:Bin'], values: ['QUJD', 'QUJE'] },
  { operators: ['Null'], keys: ['aws:SourceIp', 'aws:TagKeys', 'aws:username', 'aws:TokenIssueTime'], values: ['true', 'false'] },
];

const CONTEXT_CHOICES: Record<string, readonly ContextValue[]> = {
  'aws:SourceIp': ['10.1.2.3', '192.168.1.1', '2001:db8::5', '::ffff:10.9.9.9', '8.8.8.8'],
  'aws:SecureTransport': [true, false, 'true'],
  'aws:MultiFactorAuthPresent': [true, false],
  'aws:MultiFactorAuthAge': [0, 100, '5000', 'x'],
  'aws:CurrentTime': ['2024-06-01T12:00:00Z', new Date('2025-06-01T00:00:00Z'), '2023-12-31T23:59:59Z'],
  'aws:EpochTime': [1717243200, 1704067200],
  'aws:TokenIssueTime': ['2024-01-01T00:00:00Z'],
  's3:prefix': ['bob/', 'home/bob/x', 'alice', 'Bob'],
  'aws:RequestedRegion': ['us-east-1', 'eu-west-1'],
  'aws:TagKeys': [[], ['team'], ['team', 'cost-center'], 'env', ['env', 'team']],
  'aws:CalledVia': [['athena.amazonaws.com'], 'athena.amazonaws.com'],
  'aws:SourceArn': [`arn:aws:iam::${A}:user/bob`, 'notanarn', `arn:aws:iam::${B}:role/Dev`],
  'test:Bin': ['QUJD'],
  'aws:PrincipalTag/team': ['blue'],
  's3:max-keys': [10, '3600'],
};

const conditionArb = fc
  .constantFrom(...FAMILIES)
  .chain((family) =>
    fc.record({
      operator: fc.constantFrom(...family.operators),
      set: family.operators[0] === 'Null' ? fc.constant('') : fc.constantFrom('', '', '', 'ForAnyValue:', 'ForAllValues:'),
      ifExists: family.operators[0] === 'Null' ? fc.constant(false) : fc.boolean(),
      key: fc.constantFrom(...family.keys),
      values: fc.array(fc.constantFrom(...family.values), { minLength: 1, maxLength: 3 }),
    }),
  );

const principalElementArb = fc.oneof(
  fc.constant('*' as const),
  fc.record({
    AWS: fc.array(
      fc.constantFrom('*', A, B, `arn:aws:iam::${A}:root`, `arn:aws:iam::${A}:user/bob`, `arn:aws:iam::${A}:role/Dev`, `arn:aws:sts::${A}:assumed-role/Dev/alice`, `arn:aws:sts::${A}:federated-user/fed`, `arn:aws:iam::${B}:user/carol`, 'AIDAEXAMPLEBOB0000001'),
      { minLength: 1, maxLength: 3 },
    ),
  }),
  fc.record({ Service: fc.constantFrom('ec2.amazonaws.com', 'lambda.amazonaws.com') }),
);

function statementArb(kind: PolicyKind) {
  const withPrincipal = kind === 'resource' || kind === 'trust';
  return fc
    .record({
      effect: fc.constantFrom('Allow', 'Allow', 'Deny'),
      notAction: fc.boolean(),
      actions: fc.array(fc.constantFrom(...ACTION_PATTERNS), { minLength: 1, maxLength: 3 }),
      notResource: fc.boolean(),
      resources: fc.array(fc.constantFrom(...RESOURCE_PATTERNS), { minLength: 1, maxLength: 3 }),
      notPrincipal: fc.integer({ min: 0, max: 5 }).map((n) => n === 0),
      principal: principalElementArb,
      conditions: fc.array(conditionArb, { maxLength: 3 }),
    })
    .map((s) => {
      const statement: Record<string, unknown> = { Effect: s.effect };
      statement[s.notAction && s.effect === 'Deny' ? 'NotAction' : 'Action'] = s.actions;
      if (kind !== 'trust') statement[s.notResource && s.actions.length > 0 ? 'NotResource' : 'Resource'] = s.resources;
      if (withPrincipal) statement[s.notPrincipal ? 'NotPrincipal' : 'Principal'] = s.principal;
      const condition: Record<string, Record<string, string[]>> = {};
      for (const c of s.conditions) {
        const name = `${c.set}${c.operator}${c.ifExists ? 'IfExists' : ''}`;
        (condition[name] ??= {})[c.key] = c.values;
      }
      if (s.conditions.length > 0) statement.Condition = condition;
      return statement;
    });
}

export function policyDocumentArb(kind: PolicyKind) {
  return fc
    .record({ version: fc.constantFrom('2012-10-17', '2012-10-17', '2012-10-17', '2008-10-17', undefined), statements: fc.array(statementArb(kind), { minLength: 1, maxLength: 4 }) })
    .map(({ version, statements }) => ({ ...(version ? { Version: version } : {}), Statement: statements }));
}

export const requestArb: fc.Arbitrary<AuthorizationRequest> = fc
  .record({
    principal: fc.constantFrom(...PRINCIPALS),
    action: fc.constantFrom(...ACTIONS),
    resource: fc.constantFrom(...RESOURCES),
    resourceAccount: fc.constantFrom(undefined, undefined, undefined, A, B),
    keys: fc.subarray(Object.keys(CONTEXT_CHOICES)),
    picks: fc.array(fc.nat(), { minLength: Object.keys(CONTEXT_CHOICES).length, maxLength: Object.keys(CONTEXT_CHOICES).length }),
  })
  .map(({ principal, action, resource, resourceAccount, keys, picks }) => {
    const context: Record<string, ContextValue> = {};
    keys.forEach((key, i) => {
      const choices = CONTEXT_CHOICES[key] as readonly ContextValue[];
      context[key] = choices[(picks[i] ?? 0) % choices.length] as ContextValue;
    });
    return { principal, action, resource, ...(resourceAccount ? { resourceAccount } : {}), context };
  });

export const policySetArb = fc.record({
  identity: fc.array(policyDocumentArb('identity'), { maxLength: 3 }),
  boundary: fc.option(policyDocumentArb('boundary'), { nil: undefined }),
  session: fc.option(fc.array(policyDocumentArb('session'), { minLength: 1, maxLength: 2 }), { nil: undefined }),
  resource: fc.option(fc.constantFrom<PolicyKind>('resource', 'trust').chain((kind) => policyDocumentArb(kind).map((document) => ({ kind, document }))), { nil: undefined }),
  scps: fc.option(fc.array(fc.array(policyDocumentArb('scp'), { minLength: 1, maxLength: 2 }), { minLength: 1, maxLength: 2 }), { nil: undefined }),
});
