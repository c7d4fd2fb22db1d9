import {
  AddUserToGroupCommand,
  AttachUserPolicyCommand,
  CreateAccessKeyCommand,
  CreateGroupCommand,
  CreatePolicyCommand,
  CreateUserCommand,
  GetUserCommand,
  ListUsersCommand,
  PutUserPermissionsBoundaryCommand,
  PutUserPolicyCommand,
  type IAMClient,
} from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../support/backends.js';
import { startTestServer, TEST_ACCOUNT_ID, type TestServer } from '../support/server.js';

const arn = (rest: string) => `arn:aws:iam::${TEST_ACCOUNT_ID}:${rest}`;

describe.each(await backends())('policy enforcement on %s', (backend) => {
  let t: TestServer;
  let iam: IAMClient;
  const clients: { destroy(): void }[] = [];
  beforeAll(async () => {
    t = await startTestServer(backend);
    iam = t.iam();
  });
  afterAll(async () => {
    for (const c of clients) c.destroy();
    iam?.destroy();
    await t?.close();
  });

  /** A new user with the given setup, and an IAM client signed with its own key. */
  async function userClient(name: string, path = '/'): Promise<IAMClient> {
    await iam.send(new CreateUserCommand({ UserName: name, Path: path }));
    const { AccessKey } = await iam.send(new CreateAccessKeyCommand({ UserName: name }));
    const client = t.iam({ accessKeyId: AccessKey!.AccessKeyId!, secretAccessKey: AccessKey!.SecretAccessKey! });
    clients.push(client);
    return client;
  }

  it('lets a ReadOnlyAccess user list but not create', async () => {
    const reader = await userClient('reader');
    await iam.send(new AttachUserPolicyCommand({ UserName: 'reader', PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }));
    const users = await reader.send(new ListUsersCommand({}));
    expect(users.Users?.map((u) => u.UserName)).toContain('reader');
    await expect(reader.send(new CreateUserCommand({ UserName: 'sneaky' }))).rejects.toMatchObject({
      name: 'AccessDenied',
      message: `User: ${arn('user/reader')} is not authorized to perform: iam:CreateUser on resource: ${arn('user/sneaky')} because no identity-based policy allows the iam:CreateUser action`,
    });
  });

  it('holds an explicit deny with a condition over an allow', async () => {
    const ops = await userClient('ops');
    await iam.send(new CreateGroupCommand({ GroupName: 'ops-admins' }));
    await iam.send(new AddUserToGroupCommand({ GroupName: 'ops-admins', UserName: 'ops' }));
    await iam.send(new AttachUserPolicyCommand({ UserName: 'ops', PolicyArn: 'arn:aws:iam::aws:policy/IAMFullAccess' }));
    await iam.send(
      new PutUserPolicyCommand({
        UserName: 'ops',
        PolicyName: 'no-prod-users',
        PolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Deny', Action: 'iam:CreateUser', Resource: '*', Condition: { StringEquals: { 'aws:RequestTag/env': 'prod' } } }],
        }),
      }),
    );
    await ops.send(new CreateUserCommand({ UserName: 'dev-user', Tags: [{ Key: 'env', Value: 'dev' }] }));
    await expect(ops.send(new CreateUserCommand({ UserName: 'prod-user', Tags: [{ Key: 'env', Value: 'prod' }] }))).rejects.toMatchObject({
      name: 'AccessDenied',
      message: `User: ${arn('user/ops')} is not authorized to perform: iam:CreateUser on resource: ${arn('user/prod-user')} with an explicit deny in an identity-based policy`,
    });
    await expect(iam.send(new GetUserCommand({ UserName: 'prod-user' }))).rejects.toMatchObject({ name: 'NoSuchEntityException' });
  });

  it('limits an administrator with a permissions boundary', async () => {
    const bounded = await userClient('bounded');
    await iam.send(new AttachUserPolicyCommand({ UserName: 'bounded', PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' }));
    const { Policy } = await iam.send(
      new CreatePolicyCommand({
        PolicyName: 'read-iam-only',
        PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['iam:Get*', 'iam:List*'], Resource: '*' }] }),
      }),
    );
    await iam.send(new PutUserPermissionsBoundaryCommand({ UserName: 'bounded', PermissionsBoundary: Policy!.Arn! }));
    await bounded.send(new ListUsersCommand({}));
    await expect(bounded.send(new CreateUserCommand({ UserName: 'nope' }))).rejects.toMatchObject({
      name: 'AccessDenied',
      message: `User: ${arn('user/bounded')} is not authorized to perform: iam:CreateUser on resource: ${arn('user/nope')} because no permissions boundary allows the iam:CreateUser action`,
    });
  });

  it('matches resources by the entity path and policy variables', async () => {
    const self = await userClient('selfie', '/engineering/');
    await iam.send(new CreateUserCommand({ UserName: 'eng-peer', Path: '/engineering/' }));
    await iam.send(new CreateUserCommand({ UserName: 'sales-peer', Path: '/sales/' }));
    await iam.send(
      new PutUserPolicyCommand({
        UserName: 'selfie',
        PolicyName: 'engineering-and-self',
        PolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            { Effect: 'Allow', Action: 'iam:GetUser', Resource: arn('user/engineering/*') },
            { Effect: 'Allow', Action: 'iam:ListAccessKeys', Resource: arn('user/*/${aws:username}') },
          ],
        }),
      }),
    );
    expect((await self.send(new GetUserCommand({ UserName: 'eng-peer' }))).User?.UserName).toBe('eng-peer');
    await expect(self.send(new GetUserCommand({ UserName: 'sales-peer' }))).rejects.toMatchObject({ name: 'AccessDenied' });
    const { ListAccessKeysCommand } = await import('@aws-sdk/client-iam');
    expect((await self.send(new ListAccessKeysCommand({}))).AccessKeyMetadata).toHaveLength(1);
    await expect(self.send(new ListAccessKeysCommand({ UserName: 'eng-peer' }))).rejects.toMatchObject({ name: 'AccessDenied' });
  });

  it('lets anyone ask who they are, with no policy at all', async () => {
    await iam.send(new CreateUserCommand({ UserName: 'nobody-special' }));
    const { AccessKey } = await iam.send(new CreateAccessKeyCommand({ UserName: 'nobody-special' }));
    const sts = t.sts({ accessKeyId: AccessKey!.AccessKeyId!, secretAccessKey: AccessKey!.SecretAccessKey! });
    clients.push(sts);
    expect((await sts.send(new GetCallerIdentityCommand({}))).Arn).toBe(arn('user/nobody-special'));
  });
});
