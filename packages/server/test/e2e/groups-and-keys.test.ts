import {
  AddUserToGroupCommand,
  CreateAccessKeyCommand,
  CreateGroupCommand,
  CreateUserCommand,
  DeleteAccessKeyCommand,
  DeleteGroupCommand,
  GetAccessKeyLastUsedCommand,
  GetGroupCommand,
  ListAccessKeysCommand,
  ListGroupsCommand,
  ListGroupsForUserCommand,
  ListUsersCommand,
  RemoveUserFromGroupCommand,
  UpdateAccessKeyCommand,
  UpdateGroupCommand,
  type IAMClient,
} from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../support/backends.js';
import { startTestServer, TEST_ACCOUNT_ID, type TestServer } from '../support/server.js';

describe.each(await backends())('groups and access keys on %s', (backend) => {
  let t: TestServer;
  let iam: IAMClient;
  beforeAll(async () => {
    t = await startTestServer(backend);
    iam = t.iam();
  });
  afterAll(async () => {
    iam?.destroy();
    await t?.close();
  });

  it('creates groups, adds members and lists both ways', async () => {
    const { Group } = await iam.send(new CreateGroupCommand({ GroupName: 'devs', Path: '/teams/' }));
    expect(Group?.GroupId).toMatch(/^AGPA[A-Z2-7]{17}$/);
    expect(Group?.Arn).toBe(`arn:aws:iam::${TEST_ACCOUNT_ID}:group/teams/devs`);
    await iam.send(new CreateUserCommand({ UserName: 'ann' }));
    await iam.send(new AddUserToGroupCommand({ GroupName: 'devs', UserName: 'ann' }));
    await iam.send(new AddUserToGroupCommand({ GroupName: 'devs', UserName: 'ann' }));
    const got = await iam.send(new GetGroupCommand({ GroupName: 'devs' }));
    expect(got.Users?.map((u) => u.UserName)).toEqual(['ann']);
    expect(got.IsTruncated).toBe(false);
    const forUser = await iam.send(new ListGroupsForUserCommand({ UserName: 'ann' }));
    expect(forUser.Groups?.map((g) => g.GroupName)).toEqual(['devs']);
    const all = await iam.send(new ListGroupsCommand({}));
    expect(all.Groups?.map((g) => g.GroupName)).toEqual(['Administrators', 'devs']);
  });

  it('refuses to delete a group with members, then deletes it once empty', async () => {
    await expect(iam.send(new DeleteGroupCommand({ GroupName: 'devs' }))).rejects.toMatchObject({
      name: 'DeleteConflictException',
      message: 'Cannot delete entity, must remove users from group first.',
    });
    await iam.send(new RemoveUserFromGroupCommand({ GroupName: 'devs', UserName: 'ann' }));
    await iam.send(new UpdateGroupCommand({ GroupName: 'devs', NewGroupName: 'developers' }));
    await iam.send(new DeleteGroupCommand({ GroupName: 'developers' }));
    await expect(iam.send(new GetGroupCommand({ GroupName: 'developers' }))).rejects.toMatchObject({
      name: 'NoSuchEntityException',
      message: 'The group with name developers cannot be found.',
    });
  });

  it('refuses the group of the administrators to be deleted while a policy is attached', async () => {
    await expect(iam.send(new DeleteGroupCommand({ GroupName: 'Administrators' }))).rejects.toMatchObject({ name: 'DeleteConflictException' });
  });

  it('creates at most two access keys, each usable, with the secret shown once', async () => {
    const first = await iam.send(new CreateAccessKeyCommand({ UserName: 'ann' }));
    expect(first.AccessKey?.AccessKeyId).toMatch(/^AKIA[A-Z2-7]{16}$/);
    expect(first.AccessKey?.SecretAccessKey).toMatch(/^[A-Za-z0-9+/]{40}$/);
    expect(first.AccessKey?.Status).toBe('Active');
    await iam.send(new CreateAccessKeyCommand({ UserName: 'ann' }));
    await expect(iam.send(new CreateAccessKeyCommand({ UserName: 'ann' }))).rejects.toMatchObject({
      name: 'LimitExceededException',
      message: 'Cannot exceed quota for AccessKeysPerUser: 2',
      $metadata: { httpStatusCode: 409 },
    });
    const listed = await iam.send(new ListAccessKeysCommand({ UserName: 'ann' }));
    expect(listed.AccessKeyMetadata).toHaveLength(2);
    expect(JSON.stringify(listed)).not.toContain(first.AccessKey!.SecretAccessKey!);

    const credentials = { accessKeyId: first.AccessKey!.AccessKeyId!, secretAccessKey: first.AccessKey!.SecretAccessKey! };
    const sts = t.sts(credentials);
    const me = await sts.send(new GetCallerIdentityCommand({}));
    expect(me).toMatchObject({ Account: TEST_ACCOUNT_ID, Arn: `arn:aws:iam::${TEST_ACCOUNT_ID}:user/ann` });
    expect(me.UserId).toMatch(/^AIDA/);

    const lastUsed = await iam.send(new GetAccessKeyLastUsedCommand({ AccessKeyId: credentials.accessKeyId }));
    expect(lastUsed.UserName).toBe('ann');
    expect(lastUsed.AccessKeyLastUsed).toMatchObject({ ServiceName: 'sts', Region: 'us-east-1' });
    expect(lastUsed.AccessKeyLastUsed?.LastUsedDate).toBeInstanceOf(Date);

    await iam.send(new UpdateAccessKeyCommand({ UserName: 'ann', AccessKeyId: credentials.accessKeyId, Status: 'Inactive' }));
    await expect(sts.send(new GetCallerIdentityCommand({}))).rejects.toMatchObject({
      name: 'InvalidClientTokenId',
      message: 'The security token included in the request is invalid.',
      $metadata: { httpStatusCode: 403 },
    });
    await iam.send(new DeleteAccessKeyCommand({ UserName: 'ann', AccessKeyId: credentials.accessKeyId }));
    await expect(iam.send(new DeleteAccessKeyCommand({ UserName: 'ann', AccessKeyId: credentials.accessKeyId }))).rejects.toMatchObject({
      name: 'NoSuchEntityException',
      message: `The Access Key with id ${credentials.accessKeyId} cannot be found.`,
    });
    sts.destroy();
  });

  it('denies a user outside the administrators every IAM call, in AWS words', async () => {
    await iam.send(new CreateUserCommand({ UserName: 'mallory' }));
    const key = await iam.send(new CreateAccessKeyCommand({ UserName: 'mallory' }));
    const asMallory = t.iam({ accessKeyId: key.AccessKey!.AccessKeyId!, secretAccessKey: key.AccessKey!.SecretAccessKey! });
    await expect(asMallory.send(new CreateUserCommand({ UserName: 'eve' }))).rejects.toMatchObject({
      name: 'AccessDenied',
      message: `User: arn:aws:iam::${TEST_ACCOUNT_ID}:user/mallory is not authorized to perform: iam:CreateUser on resource: arn:aws:iam::${TEST_ACCOUNT_ID}:user/eve because no identity-based policy allows the iam:CreateUser action`,
      $metadata: { httpStatusCode: 403 },
    });
    await expect(asMallory.send(new ListUsersCommand({}))).rejects.toMatchObject({ name: 'AccessDenied' });
    // Membership in Administrators grants everything.
    await iam.send(new AddUserToGroupCommand({ GroupName: 'Administrators', UserName: 'mallory' }));
    const users = await asMallory.send(new ListUsersCommand({}));
    expect(users.Users?.some((u) => u.UserName === 'mallory')).toBe(true);
    asMallory.destroy();
  });

  it('answers an unknown key like an inactive one', async () => {
    const stranger = t.iam({ accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' });
    await expect(stranger.send(new ListUsersCommand({}))).rejects.toMatchObject({
      name: 'InvalidClientTokenId',
      message: 'The security token included in the request is invalid.',
      $metadata: { httpStatusCode: 403 },
    });
    stranger.destroy();
  });

  it('rejects a request signed with the wrong secret', async () => {
    const wrong = t.iam({ accessKeyId: t.admin.accessKeyId, secretAccessKey: 'x'.repeat(40) });
    await expect(wrong.send(new ListUsersCommand({}))).rejects.toMatchObject({ name: 'SignatureDoesNotMatch', $metadata: { httpStatusCode: 403 } });
    wrong.destroy();
  });
});
