import {
  AddRoleToInstanceProfileCommand,
  CreateInstanceProfileCommand,
  CreateRoleCommand,
  DeleteInstanceProfileCommand,
  DeleteRoleCommand,
  GetAccountAuthorizationDetailsCommand,
  GetAccountSummaryCommand,
  GetInstanceProfileCommand,
  ListInstanceProfileTagsCommand,
  ListInstanceProfilesCommand,
  ListInstanceProfilesForRoleCommand,
  RemoveRoleFromInstanceProfileCommand,
  TagInstanceProfileCommand,
  UntagInstanceProfileCommand,
  type IAMClient,
} from '@aws-sdk/client-iam';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../support/backends.js';
import { startTestServer, TEST_ACCOUNT_ID, type TestServer } from '../support/server.js';

const arn = (rest: string) => `arn:aws:iam::${TEST_ACCOUNT_ID}:${rest}`;
const ec2Trust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] });

describe.each(await backends())('instance profiles on %s', (backend) => {
  let t: TestServer;
  let iam: IAMClient;
  beforeAll(async () => {
    t = await startTestServer(backend);
    iam = t.iam();
    await iam.send(new CreateRoleCommand({ RoleName: 'web', Path: '/app/', AssumeRolePolicyDocument: ec2Trust, Description: 'web servers' }));
    await iam.send(new CreateRoleCommand({ RoleName: 'worker', AssumeRolePolicyDocument: ec2Trust }));
  });
  afterAll(async () => {
    iam?.destroy();
    await t?.close();
  });

  it('creates an instance profile with an AIPA id, its path in the ARN and tags', async () => {
    const { InstanceProfile } = await iam.send(new CreateInstanceProfileCommand({ InstanceProfileName: 'web-profile', Path: '/app/', Tags: [{ Key: 'tier', Value: 'web' }] }));
    expect(InstanceProfile?.InstanceProfileId).toMatch(/^AIPA[A-Z2-7]{17}$/);
    expect(InstanceProfile).toMatchObject({
      InstanceProfileName: 'web-profile',
      Path: '/app/',
      Arn: arn('instance-profile/app/web-profile'),
      Roles: [],
      Tags: [{ Key: 'tier', Value: 'web' }],
    });
    expect(InstanceProfile?.CreateDate).toBeInstanceOf(Date);
    await iam.send(new CreateInstanceProfileCommand({ InstanceProfileName: 'spare' }));
  });

  it('rejects a second instance profile whose name differs only by case', async () => {
    await expect(iam.send(new CreateInstanceProfileCommand({ InstanceProfileName: 'WEB-PROFILE' }))).rejects.toMatchObject({
      name: 'EntityAlreadyExistsException',
      message: 'Instance Profile WEB-PROFILE already exists.',
      $metadata: { httpStatusCode: 409 },
    });
  });

  it('answers NoSuchEntity for an instance profile that does not exist', async () => {
    await expect(iam.send(new GetInstanceProfileCommand({ InstanceProfileName: 'nope' }))).rejects.toMatchObject({
      name: 'NoSuchEntityException',
      message: 'Instance Profile nope cannot be found.',
      $metadata: { httpStatusCode: 404 },
    });
    await expect(iam.send(new DeleteInstanceProfileCommand({ InstanceProfileName: 'nope' }))).rejects.toMatchObject({ name: 'NoSuchEntityException' });
    await expect(iam.send(new AddRoleToInstanceProfileCommand({ InstanceProfileName: 'nope', RoleName: 'web' }))).rejects.toMatchObject({
      name: 'NoSuchEntityException',
      message: 'Instance Profile nope cannot be found.',
    });
    await expect(iam.send(new AddRoleToInstanceProfileCommand({ InstanceProfileName: 'web-profile', RoleName: 'ghost' }))).rejects.toMatchObject({
      name: 'NoSuchEntityException',
      message: 'The role with name ghost cannot be found.',
    });
  });

  it('adds a role and shows it in the profile, in its role shape', async () => {
    await iam.send(new AddRoleToInstanceProfileCommand({ InstanceProfileName: 'web-profile', RoleName: 'WEB' }));
    const { InstanceProfile } = await iam.send(new GetInstanceProfileCommand({ InstanceProfileName: 'Web-Profile' }));
    expect(InstanceProfile?.Tags).toEqual([{ Key: 'tier', Value: 'web' }]);
    expect(InstanceProfile?.Roles).toHaveLength(1);
    const role = InstanceProfile!.Roles![0]!;
    expect(role).toMatchObject({ RoleName: 'web', Path: '/app/', Arn: arn('role/app/web'), Description: 'web servers', MaxSessionDuration: 3600 });
    expect(role.RoleId).toMatch(/^AROA/);
    expect(decodeURIComponent(role.AssumeRolePolicyDocument!)).toBe(ec2Trust);
  });

  it('holds one role per instance profile: a second role, or the same again, is LimitExceeded', async () => {
    await expect(iam.send(new AddRoleToInstanceProfileCommand({ InstanceProfileName: 'web-profile', RoleName: 'worker' }))).rejects.toMatchObject({
      name: 'LimitExceededException',
      message: 'Cannot exceed quota for InstanceSessionsPerInstanceProfile: 1',
      $metadata: { httpStatusCode: 409 },
    });
    await expect(iam.send(new AddRoleToInstanceProfileCommand({ InstanceProfileName: 'web-profile', RoleName: 'web' }))).rejects.toMatchObject({
      name: 'LimitExceededException',
    });
    // A role may be in several profiles.
    await iam.send(new AddRoleToInstanceProfileCommand({ InstanceProfileName: 'spare', RoleName: 'web' }));
  });

  it('lists the profiles of a role, and all profiles by path prefix with paging', async () => {
    const forWeb = await iam.send(new ListInstanceProfilesForRoleCommand({ RoleName: 'web' }));
    expect(forWeb.InstanceProfiles?.map((p) => p.InstanceProfileName)).toEqual(['spare', 'web-profile']);
    expect(forWeb.InstanceProfiles?.[1]?.Roles?.map((r) => r.RoleName)).toEqual(['web']);
    expect((await iam.send(new ListInstanceProfilesForRoleCommand({ RoleName: 'worker' }))).InstanceProfiles).toEqual([]);
    await expect(iam.send(new ListInstanceProfilesForRoleCommand({ RoleName: 'ghost' }))).rejects.toMatchObject({ name: 'NoSuchEntityException' });

    const app = await iam.send(new ListInstanceProfilesCommand({ PathPrefix: '/app/' }));
    expect(app.InstanceProfiles?.map((p) => p.InstanceProfileName)).toEqual(['web-profile']);
    // Lists leave out tags, as IAM does.
    expect(app.InstanceProfiles?.[0]?.Tags).toBeUndefined();
    await iam.send(new CreateInstanceProfileCommand({ InstanceProfileName: 'batch' }));
    const first = await iam.send(new ListInstanceProfilesCommand({ MaxItems: 2 }));
    expect(first.InstanceProfiles?.map((p) => p.InstanceProfileName)).toEqual(['batch', 'spare']);
    expect(first.IsTruncated).toBe(true);
    const rest = await iam.send(new ListInstanceProfilesCommand({ MaxItems: 2, Marker: first.Marker }));
    expect(rest.InstanceProfiles?.map((p) => p.InstanceProfileName)).toEqual(['web-profile']);
    expect(rest.IsTruncated).toBe(false);
  });

  it('tags, lists and untags an instance profile', async () => {
    await iam.send(new TagInstanceProfileCommand({ InstanceProfileName: 'batch', Tags: [{ Key: 'a', Value: '1' }, { Key: 'b', Value: '2' }] }));
    await iam.send(new UntagInstanceProfileCommand({ InstanceProfileName: 'batch', TagKeys: ['A'] }));
    expect((await iam.send(new ListInstanceProfileTagsCommand({ InstanceProfileName: 'batch' }))).Tags).toEqual([{ Key: 'b', Value: '2' }]);
    const many = Array.from({ length: 50 }, (_, i) => ({ Key: `k${i}`, Value: 'v' }));
    await expect(iam.send(new TagInstanceProfileCommand({ InstanceProfileName: 'batch', Tags: many }))).rejects.toMatchObject({
      name: 'LimitExceededException',
      message: 'Cannot exceed quota for TagsPerInstanceProfile: 50',
    });
  });

  it('counts instance profiles in the account summary and shows them in the role details', async () => {
    const { SummaryMap } = await iam.send(new GetAccountSummaryCommand({}));
    expect(SummaryMap).toMatchObject({ InstanceProfiles: 3, InstanceProfilesQuota: 1000, Roles: 2 });
    const details = await iam.send(new GetAccountAuthorizationDetailsCommand({ Filter: ['Role'] }));
    const web = details.RoleDetailList?.find((r) => r.RoleName === 'web');
    expect(web?.InstanceProfileList?.map((p) => [p.InstanceProfileName, p.Arn, p.Roles?.map((r) => r.RoleName)])).toEqual([
      ['spare', arn('instance-profile/spare'), ['web']],
      ['web-profile', arn('instance-profile/app/web-profile'), ['web']],
    ]);
  });

  it('refuses to delete a profile holding a role, or a role in a profile, then removes and deletes', async () => {
    await expect(iam.send(new DeleteInstanceProfileCommand({ InstanceProfileName: 'web-profile' }))).rejects.toMatchObject({
      name: 'DeleteConflictException',
      message: 'Cannot delete entity, must remove roles from instance profile first.',
      $metadata: { httpStatusCode: 409 },
    });
    await expect(iam.send(new DeleteRoleCommand({ RoleName: 'web' }))).rejects.toMatchObject({
      name: 'DeleteConflictException',
      message: 'Cannot delete entity, must remove roles from instance profile first.',
    });
    await iam.send(new RemoveRoleFromInstanceProfileCommand({ InstanceProfileName: 'web-profile', RoleName: 'web' }));
    await expect(iam.send(new RemoveRoleFromInstanceProfileCommand({ InstanceProfileName: 'web-profile', RoleName: 'web' }))).rejects.toMatchObject({
      name: 'NoSuchEntityException',
      message: 'The role with name web cannot be found in instance profile web-profile.',
    });
    // The profile is free for another role now.
    await iam.send(new AddRoleToInstanceProfileCommand({ InstanceProfileName: 'web-profile', RoleName: 'worker' }));
    await iam.send(new RemoveRoleFromInstanceProfileCommand({ InstanceProfileName: 'web-profile', RoleName: 'worker' }));
    await iam.send(new DeleteInstanceProfileCommand({ InstanceProfileName: 'web-profile' }));
    await expect(iam.send(new GetInstanceProfileCommand({ InstanceProfileName: 'web-profile' }))).rejects.toMatchObject({ name: 'NoSuchEntityException' });
    await iam.send(new RemoveRoleFromInstanceProfileCommand({ InstanceProfileName: 'spare', RoleName: 'web' }));
    await iam.send(new DeleteRoleCommand({ RoleName: 'web' }));
    expect((await iam.send(new GetAccountSummaryCommand({}))).SummaryMap).toMatchObject({ InstanceProfiles: 2, Roles: 1 });
  });

  it('allows at most 1,000 instance profiles in an account', async () => {
    const db = t.testStore.store.db;
    const existing = Number((await db.selectFrom('instance_profiles').select((eb) => eb.fn.countAll<string | number>().as('n')).executeTakeFirstOrThrow()).n);
    const filler = Array.from({ length: 1000 - existing }, (_, i) => ({
      id: `AIPAFILLER${String(i).padStart(11, '0')}`,
      account_id: TEST_ACCOUNT_ID,
      name: `filler${i}`,
      name_key: `filler${i}`,
      path: '/filler/',
      created_at: new Date().toISOString(),
    }));
    for (let i = 0; i < filler.length; i += 200) await db.insertInto('instance_profiles').values(filler.slice(i, i + 200)).execute();
    await expect(iam.send(new CreateInstanceProfileCommand({ InstanceProfileName: 'one-too-many' }))).rejects.toMatchObject({
      name: 'LimitExceededException',
      message: 'Cannot exceed quota for InstanceProfilesPerAccount: 1000',
    });
    await db.deleteFrom('instance_profiles').where('path', '=', '/filler/').execute();
    await iam.send(new CreateInstanceProfileCommand({ InstanceProfileName: 'one-too-many' }));
  });
});
