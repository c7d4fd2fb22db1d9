import { CreateAccessKeyCommand, CreateRoleCommand, CreateUserCommand, ListAccessKeysCommand, ListUsersCommand, PutRolePolicyCommand, PutUserPolicyCommand, type IAMClient } from '@aws-sdk/client-iam';
import { AssumeRoleCommand, GetCallerIdentityCommand, type STSClient } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccount } from '../../src/bootstrap.js';
import { revokeOlderSessions } from '../../src/iam/roles/revoke-sessions.js';
import { systemRandom } from '../../src/crypto/random.js';
import { backends } from '../support/backends.js';
import { startTestServer, TEST_ACCOUNT_ID, type Credentials, type TestServer } from '../support/server.js';

const OTHER_ACCOUNT_ID = '210987654321';
const doc = (statement: object | object[]) => JSON.stringify({ Version: '2012-10-17', Statement: statement });
const allow = (action: string | string[], resource = '*') => ({ Effect: 'Allow', Action: action, Resource: resource });
const roleArn = (account: string, name: string) => `arn:aws:iam::${account}:role/${name}`;

describe.each(await backends())('AssumeRole on %s', (backend) => {
  let t: TestServer;
  let iam: IAMClient;
  let otherIam: IAMClient;
  const clients: { destroy(): void }[] = [];

  /** A user of account A with its own key, and optionally an inline policy. */
  async function user(name: string, policy?: object[]): Promise<Credentials> {
    await iam.send(new CreateUserCommand({ UserName: name }));
    if (policy) await iam.send(new PutUserPolicyCommand({ UserName: name, PolicyName: 'p', PolicyDocument: doc(policy) }));
    const { AccessKey } = await iam.send(new CreateAccessKeyCommand({ UserName: name }));
    return { accessKeyId: AccessKey!.AccessKeyId!, secretAccessKey: AccessKey!.SecretAccessKey! };
  }
  function sts(credentials: Credentials): STSClient {
    const client = t.sts(credentials);
    clients.push(client);
    return client;
  }
  async function assume(credentials: Credentials, input: ConstructorParameters<typeof AssumeRoleCommand>[0]) {
    const { Credentials: c, AssumedRoleUser } = await sts(credentials).send(new AssumeRoleCommand(input));
    return { credentials: { accessKeyId: c!.AccessKeyId!, secretAccessKey: c!.SecretAccessKey!, sessionToken: c!.SessionToken! }, user: AssumedRoleUser!, expiration: c!.Expiration! };
  }

  beforeAll(async () => {
    t = await startTestServer(backend);
    iam = t.iam();
    const other = await createAccount(t.testStore.store, { accountId: OTHER_ACCOUNT_ID, now: new Date(), random: systemRandom, secrets: t.secrets });
    otherIam = t.iam({ accessKeyId: other.accessKeyId, secretAccessKey: other.secretAccessKey });
    await iam.send(
      new CreateRoleCommand({
        RoleName: 'deployer',
        MaxSessionDuration: 7200,
        AssumeRolePolicyDocument: doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${TEST_ACCOUNT_ID}:root` }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'sts:ExternalId': 'open-sesame' } } }),
      }),
    );
    await iam.send(new PutRolePolicyCommand({ RoleName: 'deployer', PolicyName: 'list', PolicyDocument: doc([allow(['iam:ListUsers', 'iam:GetUser']), allow('sts:AssumeRole')]) }));
    await iam.send(new CreateRoleCommand({ RoleName: 'chained', AssumeRolePolicyDocument: doc({ Effect: 'Allow', Principal: { AWS: roleArn(TEST_ACCOUNT_ID, 'deployer') }, Action: 'sts:AssumeRole' }) }));
    await otherIam.send(new CreateRoleCommand({ RoleName: 'partner-access', AssumeRolePolicyDocument: doc({ Effect: 'Allow', Principal: { AWS: TEST_ACCOUNT_ID }, Action: 'sts:AssumeRole' }) }));
    await otherIam.send(new PutRolePolicyCommand({ RoleName: 'partner-access', PolicyName: 'list', PolicyDocument: doc([allow('iam:ListUsers')]) }));
  });
  afterAll(async () => {
    for (const c of clients) c.destroy();
    iam?.destroy();
    otherIam?.destroy();
    await t?.close();
  });

  it("assumes a role whose trust policy and the caller's policy allow it, with the right ExternalId", async () => {
    const dev = await user('dev', [allow('sts:AssumeRole', roleArn(TEST_ACCOUNT_ID, 'deployer'))]);
    const session = await assume(dev, { RoleArn: roleArn(TEST_ACCOUNT_ID, 'deployer'), RoleSessionName: 'release-1', ExternalId: 'open-sesame' });
    expect(session.credentials.accessKeyId).toMatch(/^ASIA/);
    expect(session.user.Arn).toBe(`arn:aws:sts::${TEST_ACCOUNT_ID}:assumed-role/deployer/release-1`);
    expect(session.user.AssumedRoleId).toMatch(/^AROA[A-Z2-7]{17}:release-1$/);
    expect(await sts(session.credentials).send(new GetCallerIdentityCommand({}))).toMatchObject({ Arn: session.user.Arn, UserId: session.user.AssumedRoleId });

    const roleIam = t.iam(session.credentials);
    clients.push(roleIam);
    expect((await roleIam.send(new ListUsersCommand({}))).Users?.length).toBeGreaterThan(0);
    await expect(roleIam.send(new CreateUserCommand({ UserName: 'nope' }))).rejects.toMatchObject({
      name: 'AccessDenied',
      message: expect.stringContaining(`User: arn:aws:sts::${TEST_ACCOUNT_ID}:assumed-role/deployer/release-1 is not authorized to perform: iam:CreateUser`),
    });
  });

  it('refuses a wrong ExternalId and a caller whose own policy does not allow sts:AssumeRole', async () => {
    const dev2 = await user('dev2', [allow('sts:AssumeRole')]);
    await expect(assume(dev2, { RoleArn: roleArn(TEST_ACCOUNT_ID, 'deployer'), RoleSessionName: 'ss', ExternalId: 'guess' })).rejects.toMatchObject({ name: 'AccessDenied' });
    const nobody = await user('nobody');
    await expect(assume(nobody, { RoleArn: roleArn(TEST_ACCOUNT_ID, 'deployer'), RoleSessionName: 'ss', ExternalId: 'open-sesame' })).rejects.toMatchObject({ name: 'AccessDenied' });
    await expect(assume(dev2, { RoleArn: roleArn(TEST_ACCOUNT_ID, 'no-such-role'), RoleSessionName: 'ss' })).rejects.toMatchObject({ name: 'AccessDenied' });
  });

  it("needs sts:TagSession for session tags, and never hands a role session the root user's keys", async () => {
    await iam.send(
      new CreateRoleCommand({
        RoleName: 'keymaker',
        AssumeRolePolicyDocument: doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${TEST_ACCOUNT_ID}:root` }, Action: 'sts:AssumeRole' }),
      }),
    );
    await iam.send(new PutRolePolicyCommand({ RoleName: 'keymaker', PolicyName: 'keys', PolicyDocument: doc([allow(['iam:CreateAccessKey', 'iam:ListAccessKeys'])]) }));
    const tagger = await user('tagger', [allow(['sts:AssumeRole', 'sts:TagSession'])]);
    // The trust policy allows sts:AssumeRole only, so tags are refused.
    await expect(assume(tagger, { RoleArn: roleArn(TEST_ACCOUNT_ID, 'keymaker'), RoleSessionName: 'tagged', Tags: [{ Key: 'team', Value: 'admin' }] })).rejects.toMatchObject({
      name: 'AccessDenied',
      message: expect.stringContaining('sts:TagSession'),
    });
    const session = await assume(tagger, { RoleArn: roleArn(TEST_ACCOUNT_ID, 'keymaker'), RoleSessionName: 'plain' });
    const roleIam = t.iam(session.credentials);
    clients.push(roleIam);
    await expect(roleIam.send(new CreateAccessKeyCommand({}))).rejects.toMatchObject({ name: 'ValidationError', message: 'Must specify userName when calling with non-User credentials' });
    await expect(roleIam.send(new ListAccessKeysCommand({}))).rejects.toMatchObject({ name: 'ValidationError' });
  });

  it('narrows a session with a session policy', async () => {
    const dev3 = await user('dev3', [allow('sts:AssumeRole')]);
    const session = await assume(dev3, { RoleArn: roleArn(TEST_ACCOUNT_ID, 'deployer'), RoleSessionName: 'narrow', ExternalId: 'open-sesame', Policy: doc([allow('iam:GetUser')]) });
    const roleIam = t.iam(session.credentials);
    clients.push(roleIam);
    await expect(roleIam.send(new ListUsersCommand({}))).rejects.toMatchObject({ name: 'AccessDenied', message: expect.stringContaining('session policy') });
  });

  it('limits DurationSeconds to the role maximum, and to one hour when chaining', async () => {
    const dev4 = await user('dev4', [allow('sts:AssumeRole')]);
    await expect(assume(dev4, { RoleArn: roleArn(TEST_ACCOUNT_ID, 'deployer'), RoleSessionName: 'long', ExternalId: 'open-sesame', DurationSeconds: 7201 })).rejects.toMatchObject({ name: 'ValidationError' });
    const first = await assume(dev4, { RoleArn: roleArn(TEST_ACCOUNT_ID, 'deployer'), RoleSessionName: 'hop1', ExternalId: 'open-sesame', DurationSeconds: 7200 });
    await expect(assume(first.credentials, { RoleArn: roleArn(TEST_ACCOUNT_ID, 'chained'), RoleSessionName: 'hop2', DurationSeconds: 3601 })).rejects.toMatchObject({
      name: 'ValidationError',
      message: expect.stringContaining('role chaining'),
    });
    const second = await assume(first.credentials, { RoleArn: roleArn(TEST_ACCOUNT_ID, 'chained'), RoleSessionName: 'hop2', DurationSeconds: 3600 });
    expect(second.user.Arn).toBe(`arn:aws:sts::${TEST_ACCOUNT_ID}:assumed-role/chained/hop2`);
  });

  it("revokes a role's older sessions and leaves newer ones working", async () => {
    const dev5 = await user('dev5', [allow('sts:AssumeRole')]);
    const input = { RoleArn: roleArn(TEST_ACCOUNT_ID, 'deployer'), RoleSessionName: 'before', ExternalId: 'open-sesame' };
    const older = await assume(dev5, input);
    const olderIam = t.iam(older.credentials);
    clients.push(olderIam);
    await olderIam.send(new ListUsersCommand({}));
    // Token issue times have one-second resolution, as in AWS.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    await revokeOlderSessions(t.testStore.store, TEST_ACCOUNT_ID, 'deployer', new Date());
    await expect(olderIam.send(new ListUsersCommand({}))).rejects.toMatchObject({ name: 'AccessDenied', message: expect.stringContaining('explicit deny') });
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const newer = await assume(dev5, { ...input, RoleSessionName: 'after' });
    const newerIam = t.iam(newer.credentials);
    clients.push(newerIam);
    expect((await newerIam.send(new ListUsersCommand({}))).Users?.length).toBeGreaterThan(0);
  });

  it('delegates across accounts only when both sides allow', async () => {
    const allowed = await user('crosser', [allow('sts:AssumeRole', roleArn(OTHER_ACCOUNT_ID, 'partner-access'))]);
    const session = await assume(allowed, { RoleArn: roleArn(OTHER_ACCOUNT_ID, 'partner-access'), RoleSessionName: 'xx' });
    expect(session.user.Arn).toBe(`arn:aws:sts::${OTHER_ACCOUNT_ID}:assumed-role/partner-access/xx`);
    expect((await sts(session.credentials).send(new GetCallerIdentityCommand({}))).Account).toBe(OTHER_ACCOUNT_ID);
    const inOther = t.iam(session.credentials);
    clients.push(inOther);
    const users = await inOther.send(new ListUsersCommand({}));
    expect(users.Users?.map((u) => u.UserName)).toEqual(['admin']);

    // The trust policy allows account A, but this user's own policies do not allow the call.
    const stranger = await user('stranger');
    await expect(assume(stranger, { RoleArn: roleArn(OTHER_ACCOUNT_ID, 'partner-access'), RoleSessionName: 'xx' })).rejects.toMatchObject({ name: 'AccessDenied' });
    // The caller allows it, but the other account's trust policy does not name account A.
    await otherIam.send(new CreateRoleCommand({ RoleName: 'closed', AssumeRolePolicyDocument: doc({ Effect: 'Allow', Principal: { AWS: OTHER_ACCOUNT_ID }, Action: 'sts:AssumeRole' }) }));
    const eager = await user('eager', [allow('sts:AssumeRole')]);
    await expect(assume(eager, { RoleArn: roleArn(OTHER_ACCOUNT_ID, 'closed'), RoleSessionName: 'xx' })).rejects.toMatchObject({ name: 'AccessDenied' });
  });
});
