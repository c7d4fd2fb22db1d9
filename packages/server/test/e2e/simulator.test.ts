import {
  CreateAccessKeyCommand,
  CreateUserCommand,
  DeleteUserCommand,
  GetContextKeysForCustomPolicyCommand,
  GetContextKeysForPrincipalPolicyCommand,
  ListUsersCommand,
  PutUserPolicyCommand,
  SimulateCustomPolicyCommand,
  SimulatePrincipalPolicyCommand,
  type IAMClient,
} from '@aws-sdk/client-iam';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../support/backends.js';
import { startTestServer, TEST_ACCOUNT_ID, type TestServer } from '../support/server.js';

const policy = JSON.stringify(
  {
    Version: '2012-10-17',
    Statement: [
      { Sid: 'List', Effect: 'Allow', Action: 'iam:ListUsers', Resource: '*' },
      { Sid: 'NoDelete', Effect: 'Deny', Action: 'iam:DeleteUser', Resource: '*' },
      { Sid: 'DeleteAllowedElsewhere', Effect: 'Allow', Action: 'iam:DeleteUser', Resource: '*' },
    ],
  },
  null,
  2,
);

describe.each(await backends())('the policy simulator on %s', (backend) => {
  let t: TestServer;
  let iam: IAMClient;
  let asSim: IAMClient;
  beforeAll(async () => {
    t = await startTestServer(backend);
    iam = t.iam();
    await iam.send(new CreateUserCommand({ UserName: 'sim' }));
    await iam.send(new PutUserPolicyCommand({ UserName: 'sim', PolicyName: 'sim-policy', PolicyDocument: policy }));
    const { AccessKey } = await iam.send(new CreateAccessKeyCommand({ UserName: 'sim' }));
    asSim = t.iam({ accessKeyId: AccessKey!.AccessKeyId!, secretAccessKey: AccessKey!.SecretAccessKey! });
  });
  afterAll(async () => {
    asSim?.destroy();
    iam?.destroy();
    await t?.close();
  });

  it("answers what enforcement does for the same requests, with the deciding statements' positions", async () => {
    const { EvaluationResults } = await iam.send(
      new SimulatePrincipalPolicyCommand({ PolicySourceArn: `arn:aws:iam::${TEST_ACCOUNT_ID}:user/sim`, ActionNames: ['iam:ListUsers', 'iam:CreateUser', 'iam:DeleteUser'] }),
    );
    const decisions = Object.fromEntries(EvaluationResults!.map((r) => [r.EvalActionName, r.EvalDecision]));
    expect(decisions).toEqual({ 'iam:ListUsers': 'allowed', 'iam:CreateUser': 'implicitDeny', 'iam:DeleteUser': 'explicitDeny' });

    const list = EvaluationResults!.find((r) => r.EvalActionName === 'iam:ListUsers');
    // The first statement starts on line 4, column 5 of the pretty-printed document.
    expect(list?.MatchedStatements).toEqual([{ SourcePolicyId: 'sim-policy', SourcePolicyType: 'user', StartPosition: { Line: 4, Column: 5 }, EndPosition: { Line: 9, Column: 5 } }]);

    // Enforcement, through the user's own credentials, agrees on each.
    await asSim.send(new ListUsersCommand({}));
    await expect(asSim.send(new CreateUserCommand({ UserName: 'x' }))).rejects.toMatchObject({ name: 'AccessDenied', message: expect.stringContaining('because no identity-based policy allows') });
    await expect(asSim.send(new DeleteUserCommand({ UserName: 'sim' }))).rejects.toMatchObject({ name: 'AccessDenied', message: expect.stringContaining('with an explicit deny in an identity-based policy') });
  });

  it('simulates custom policies with context entries and reports missing context values', async () => {
    const custom = JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::bucket/*', Condition: { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } } }],
    });
    const inside = await iam.send(
      new SimulateCustomPolicyCommand({
        PolicyInputList: [custom],
        ActionNames: ['s3:GetObject'],
        ResourceArns: ['arn:aws:s3:::bucket/a.txt'],
        ContextEntries: [{ ContextKeyName: 'aws:SourceIp', ContextKeyType: 'ip', ContextKeyValues: ['10.1.2.3'] }],
      }),
    );
    expect(inside.EvaluationResults?.[0]).toMatchObject({ EvalDecision: 'allowed', EvalResourceName: 'arn:aws:s3:::bucket/a.txt', MatchedStatements: [{ SourcePolicyId: 'PolicyInputList.1', SourcePolicyType: 'none' }] });
    const missing = await iam.send(new SimulateCustomPolicyCommand({ PolicyInputList: [custom], ActionNames: ['s3:GetObject'], ResourceArns: ['arn:aws:s3:::bucket/a.txt'] }));
    expect(missing.EvaluationResults?.[0]).toMatchObject({ EvalDecision: 'implicitDeny', MissingContextValues: ['aws:SourceIp'] });
    const keys = await iam.send(new GetContextKeysForCustomPolicyCommand({ PolicyInputList: [custom] }));
    expect(keys.ContextKeyNames).toEqual(['aws:SourceIp']);
    const principalKeys = await iam.send(new GetContextKeysForPrincipalPolicyCommand({ PolicySourceArn: `arn:aws:iam::${TEST_ACCOUNT_ID}:user/sim`, PolicyInputList: [custom] }));
    expect(principalKeys.ContextKeyNames).toEqual(['aws:SourceIp']);
  });

  it('reports what a permissions boundary decided', async () => {
    const boundary = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'iam:Get*', Resource: '*' }] });
    const { EvaluationResults } = await iam.send(
      new SimulatePrincipalPolicyCommand({ PolicySourceArn: `arn:aws:iam::${TEST_ACCOUNT_ID}:user/sim`, ActionNames: ['iam:ListUsers'], PermissionsBoundaryPolicyInputList: [boundary] }),
    );
    expect(EvaluationResults?.[0]).toMatchObject({ EvalDecision: 'implicitDeny', PermissionsBoundaryDecisionDetail: { AllowedByPermissionsBoundary: false } });
  });

  it('refuses a malformed input policy', async () => {
    await expect(iam.send(new SimulateCustomPolicyCommand({ PolicyInputList: ['{"Statement": 7}'], ActionNames: ['iam:GetUser'] }))).rejects.toMatchObject({ name: 'MalformedPolicyDocumentException' });
  });
});
