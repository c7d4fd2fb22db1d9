import {
  CreateUserCommand,
  DeleteUserCommand,
  GetUserCommand,
  ListUserTagsCommand,
  ListUsersCommand,
  TagUserCommand,
  UntagUserCommand,
  UpdateUserCommand,
  CreateLoginProfileCommand,
  CreateAccessKeyCommand,
  AddUserToGroupCommand,
  CreateGroupCommand,
  type IAMClient,
} from '@aws-sdk/client-iam';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../support/backends.js';
import { startTestServer, TEST_ACCOUNT_ID, type TestServer } from '../support/server.js';

describe.each(await backends())('users on %s', (backend) => {
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

  it('creates a user with AWS-shaped id, ARN, path and tags', async () => {
    const { User } = await iam.send(new CreateUserCommand({ UserName: 'alice', Path: '/engineering/', Tags: [{ Key: 'team', Value: 'core' }] }));
    expect(User?.UserName).toBe('alice');
    expect(User?.UserId).toMatch(/^AIDA[A-Z2-7]{17}$/);
    expect(User?.Arn).toBe(`arn:aws:iam::${TEST_ACCOUNT_ID}:user/engineering/alice`);
    expect(User?.Path).toBe('/engineering/');
    expect(User?.CreateDate).toBeInstanceOf(Date);
    expect(User?.Tags).toEqual([{ Key: 'team', Value: 'core' }]);
  });

  it('rejects a second user whose name differs only by case', async () => {
    await expect(iam.send(new CreateUserCommand({ UserName: 'ALICE' }))).rejects.toMatchObject({
      name: 'EntityAlreadyExistsException',
      message: 'User with name ALICE already exists.',
      $metadata: { httpStatusCode: 409 },
    });
  });

  it('gets a user by name, and the caller without a name', async () => {
    const { User } = await iam.send(new GetUserCommand({ UserName: 'alice' }));
    expect(User?.Tags).toEqual([{ Key: 'team', Value: 'core' }]);
    const me = await iam.send(new GetUserCommand({}));
    expect(me.User?.UserName).toBe('admin');
  });

  it('answers NoSuchEntity for a user that does not exist', async () => {
    await expect(iam.send(new GetUserCommand({ UserName: 'nobody' }))).rejects.toMatchObject({
      name: 'NoSuchEntityException',
      message: 'The user with name nobody cannot be found.',
      $metadata: { httpStatusCode: 404 },
    });
  });

  it('rejects an invalid user name with AWS validation wording', async () => {
    await expect(iam.send(new CreateUserCommand({ UserName: 'bad name!' }))).rejects.toMatchObject({
      name: 'ValidationError',
      message: expect.stringContaining("Value 'bad name!' at 'userName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]+"),
      $metadata: { httpStatusCode: 400 },
    });
  });

  it('lists users with a path prefix and pages with Marker and MaxItems', async () => {
    for (const name of ['bob', 'carol', 'dave']) await iam.send(new CreateUserCommand({ UserName: name }));
    const eng = await iam.send(new ListUsersCommand({ PathPrefix: '/engineering/' }));
    expect(eng.Users?.map((u) => u.UserName)).toEqual(['alice']);

    const seen: string[] = [];
    let marker: string | undefined;
    let pages = 0;
    do {
      const page = await iam.send(new ListUsersCommand({ MaxItems: 2, Marker: marker }));
      pages += 1;
      seen.push(...(page.Users ?? []).map((u) => u.UserName!));
      expect(page.IsTruncated).toBe(page.Marker !== undefined);
      marker = page.Marker;
    } while (marker);
    expect(seen).toEqual(['admin', 'alice', 'bob', 'carol', 'dave']);
    expect(pages).toBe(3);
  });

  it('renames and moves a user', async () => {
    await iam.send(new UpdateUserCommand({ UserName: 'dave', NewUserName: 'david', NewPath: '/ops/' }));
    const { User } = await iam.send(new GetUserCommand({ UserName: 'david' }));
    expect(User?.Arn).toBe(`arn:aws:iam::${TEST_ACCOUNT_ID}:user/ops/david`);
    await expect(iam.send(new UpdateUserCommand({ UserName: 'david', NewUserName: 'Bob' }))).rejects.toMatchObject({ name: 'EntityAlreadyExistsException' });
  });

  it('tags, overwrites, lists and untags', async () => {
    await iam.send(new TagUserCommand({ UserName: 'bob', Tags: [{ Key: 'a', Value: '1' }, { Key: 'b', Value: '2' }] }));
    await iam.send(new TagUserCommand({ UserName: 'bob', Tags: [{ Key: 'A', Value: 'one' }] }));
    expect((await iam.send(new ListUserTagsCommand({ UserName: 'bob' }))).Tags).toEqual([
      { Key: 'A', Value: 'one' },
      { Key: 'b', Value: '2' },
    ]);
    await iam.send(new UntagUserCommand({ UserName: 'bob', TagKeys: ['a'] }));
    expect((await iam.send(new ListUserTagsCommand({ UserName: 'bob' }))).Tags).toEqual([{ Key: 'b', Value: '2' }]);
  });

  it('refuses reserved aws: tag keys and more than 50 tags', async () => {
    await expect(iam.send(new TagUserCommand({ UserName: 'bob', Tags: [{ Key: 'aws:x', Value: '1' }] }))).rejects.toMatchObject({ name: 'InvalidInputException' });
    const many = Array.from({ length: 50 }, (_, i) => ({ Key: `k${i}`, Value: 'v' }));
    await expect(iam.send(new TagUserCommand({ UserName: 'bob', Tags: many }))).rejects.toMatchObject({ name: 'LimitExceededException' });
    // The failed call changed nothing.
    expect((await iam.send(new ListUserTagsCommand({ UserName: 'bob' }))).Tags).toEqual([{ Key: 'b', Value: '2' }]);
  });

  it('refuses to delete a user that still has a login profile, keys or groups, then deletes it', async () => {
    await iam.send(new CreateUserCommand({ UserName: 'erin' }));
    await iam.send(new CreateLoginProfileCommand({ UserName: 'erin', Password: 'Correct-Horse-9' }));
    await expect(iam.send(new DeleteUserCommand({ UserName: 'erin' }))).rejects.toMatchObject({
      name: 'DeleteConflictException',
      message: 'Cannot delete entity, must delete login profile first.',
      $metadata: { httpStatusCode: 409 },
    });
    await iam.send(new CreateUserCommand({ UserName: 'frank' }));
    await iam.send(new CreateAccessKeyCommand({ UserName: 'frank' }));
    await expect(iam.send(new DeleteUserCommand({ UserName: 'frank' }))).rejects.toMatchObject({ message: 'Cannot delete entity, must delete access keys first.' });
    await iam.send(new CreateUserCommand({ UserName: 'grace' }));
    await iam.send(new CreateGroupCommand({ GroupName: 'readers' }));
    await iam.send(new AddUserToGroupCommand({ GroupName: 'readers', UserName: 'grace' }));
    await expect(iam.send(new DeleteUserCommand({ UserName: 'grace' }))).rejects.toMatchObject({ name: 'DeleteConflictException' });

    await iam.send(new DeleteUserCommand({ UserName: 'carol' }));
    await expect(iam.send(new GetUserCommand({ UserName: 'carol' }))).rejects.toMatchObject({ name: 'NoSuchEntityException' });
  });
});
