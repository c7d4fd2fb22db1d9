import {
  AttachGroupPolicyCommand,
  AttachUserPolicyCommand,
  CreateGroupCommand,
  CreatePolicyCommand,
  CreatePolicyVersionCommand,
  CreateUserCommand,
  DeletePolicyCommand,
  DeletePolicyVersionCommand,
  DeleteUserPermissionsBoundaryCommand,
  DeleteUserPolicyCommand,
  DetachUserPolicyCommand,
  GetAccountAuthorizationDetailsCommand,
  GetPolicyCommand,
  GetPolicyVersionCommand,
  GetUserCommand,
  GetUserPolicyCommand,
  ListAttachedGroupPoliciesCommand,
  ListAttachedUserPoliciesCommand,
  ListEntitiesForPolicyCommand,
  ListPoliciesCommand,
  ListPolicyTagsCommand,
  ListPolicyVersionsCommand,
  ListUserPoliciesCommand,
  PutGroupPolicyCommand,
  PutUserPermissionsBoundaryCommand,
  PutUserPolicyCommand,
  SetDefaultPolicyVersionCommand,
  TagPolicyCommand,
  type IAMClient,
} from '@aws-sdk/client-iam';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../support/backends.js';
import { startTestServer, TEST_ACCOUNT_ID, type TestServer } from '../support/server.js';

const doc = (action: string, resource = '*') => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: action, Resource: resource }] });
const READ_ONLY = 'arn:aws:iam::aws:policy/ReadOnlyAccess';

describe.each(await backends())('policies on %s', (backend) => {
  let t: TestServer;
  let iam: IAMClient;
  let policyArn: string;
  beforeAll(async () => {
    t = await startTestServer(backend);
    iam = t.iam();
    await iam.send(new CreateUserCommand({ UserName: 'pia' }));
    await iam.send(new CreateGroupCommand({ GroupName: 'auditors' }));
  });
  afterAll(async () => {
    iam?.destroy();
    await t?.close();
  });

  it('creates a customer managed policy with AWS-shaped id and ARN', async () => {
    const { Policy } = await iam.send(new CreatePolicyCommand({ PolicyName: 'ReadUsers', Path: '/team/', PolicyDocument: doc('iam:GetUser'), Description: 'read users', Tags: [{ Key: 'k', Value: 'v' }] }));
    expect(Policy).toMatchObject({ PolicyName: 'ReadUsers', Path: '/team/', DefaultVersionId: 'v1', AttachmentCount: 0, IsAttachable: true, Description: 'read users' });
    expect(Policy?.PolicyId).toMatch(/^ANPA[A-Z2-7]{17}$/);
    expect(Policy?.Arn).toBe(`arn:aws:iam::${TEST_ACCOUNT_ID}:policy/team/ReadUsers`);
    policyArn = Policy!.Arn!;
    await expect(iam.send(new CreatePolicyCommand({ PolicyName: 'readusers', PolicyDocument: doc('iam:GetUser') }))).rejects.toMatchObject({ name: 'EntityAlreadyExistsException' });
    expect((await iam.send(new ListPolicyTagsCommand({ PolicyArn: policyArn }))).Tags).toEqual([{ Key: 'k', Value: 'v' }]);
  });

  it('refuses a document that is not a policy', async () => {
    await expect(iam.send(new CreatePolicyCommand({ PolicyName: 'Broken', PolicyDocument: '{not json' }))).rejects.toMatchObject({
      name: 'MalformedPolicyDocumentException',
      $metadata: { httpStatusCode: 400 },
    });
  });

  it("lists AWS's managed policies, job-function ones included, and the account's own", async () => {
    const local = await iam.send(new ListPoliciesCommand({ Scope: 'Local' }));
    expect(local.Policies?.map((p) => p.PolicyName)).toEqual(['ReadUsers']);
    const jobs = await iam.send(new ListPoliciesCommand({ Scope: 'AWS', PathPrefix: '/job-function/' }));
    expect(jobs.Policies?.map((p) => p.PolicyName)).toContain('ViewOnlyAccess');
    const { Policy } = await iam.send(new GetPolicyCommand({ PolicyArn: READ_ONLY }));
    expect(Policy?.PolicyName).toBe('ReadOnlyAccess');
    const version = await iam.send(new GetPolicyVersionCommand({ PolicyArn: READ_ONLY, VersionId: Policy!.DefaultVersionId! }));
    expect(JSON.parse(decodeURIComponent(version.PolicyVersion!.Document!)).Statement.length).toBeGreaterThan(0);

    const pages: string[] = [];
    let marker: string | undefined;
    do {
      const page = await iam.send(new ListPoliciesCommand({ Scope: 'AWS', MaxItems: 500, Marker: marker }));
      pages.push(...page.Policies!.map((p) => p.Arn!));
      marker = page.Marker;
    } while (marker);
    expect(pages.length).toBeGreaterThan(1000);
    expect(new Set(pages).size).toBe(pages.length);
    await expect(iam.send(new CreatePolicyVersionCommand({ PolicyArn: READ_ONLY, PolicyDocument: doc('*') }))).rejects.toMatchObject({ name: 'AccessDenied' });
  });

  it('keeps at most five versions and refuses to delete the default one', async () => {
    for (let i = 2; i <= 5; i++) {
      const { PolicyVersion } = await iam.send(new CreatePolicyVersionCommand({ PolicyArn: policyArn, PolicyDocument: doc(`iam:Get${i}`), SetAsDefault: i === 5 }));
      expect(PolicyVersion?.VersionId).toBe(`v${i}`);
    }
    await expect(iam.send(new CreatePolicyVersionCommand({ PolicyArn: policyArn, PolicyDocument: doc('iam:X') }))).rejects.toMatchObject({
      name: 'LimitExceededException',
      message: 'A managed policy can have up to 5 versions. Before you create a new version, you must delete an existing version.',
    });
    const listed = await iam.send(new ListPolicyVersionsCommand({ PolicyArn: policyArn }));
    expect(listed.Versions?.map((v) => [v.VersionId, v.IsDefaultVersion])).toEqual([
      ['v5', true],
      ['v4', false],
      ['v3', false],
      ['v2', false],
      ['v1', false],
    ]);
    await expect(iam.send(new DeletePolicyVersionCommand({ PolicyArn: policyArn, VersionId: 'v5' }))).rejects.toMatchObject({ name: 'DeleteConflictException' });
    await iam.send(new SetDefaultPolicyVersionCommand({ PolicyArn: policyArn, VersionId: 'v1' }));
    for (const v of ['v2', 'v3', 'v4', 'v5']) await iam.send(new DeletePolicyVersionCommand({ PolicyArn: policyArn, VersionId: v }));
    const v1 = await iam.send(new GetPolicyVersionCommand({ PolicyArn: policyArn, VersionId: 'v1' }));
    expect(decodeURIComponent(v1.PolicyVersion!.Document!)).toBe(doc('iam:GetUser'));
  });

  it('attaches to users and groups, counts, lists entities, and refuses to delete while attached', async () => {
    await iam.send(new AttachUserPolicyCommand({ UserName: 'pia', PolicyArn: policyArn }));
    await iam.send(new AttachUserPolicyCommand({ UserName: 'pia', PolicyArn: READ_ONLY }));
    await iam.send(new AttachGroupPolicyCommand({ GroupName: 'auditors', PolicyArn: policyArn }));
    expect((await iam.send(new ListAttachedUserPoliciesCommand({ UserName: 'pia' }))).AttachedPolicies).toEqual([
      { PolicyName: 'ReadOnlyAccess', PolicyArn: READ_ONLY },
      { PolicyName: 'ReadUsers', PolicyArn: policyArn },
    ]);
    expect((await iam.send(new ListAttachedGroupPoliciesCommand({ GroupName: 'auditors' }))).AttachedPolicies).toHaveLength(1);
    expect((await iam.send(new GetPolicyCommand({ PolicyArn: policyArn }))).Policy?.AttachmentCount).toBe(2);
    const entities = await iam.send(new ListEntitiesForPolicyCommand({ PolicyArn: policyArn }));
    expect(entities.PolicyUsers?.map((u) => u.UserName)).toEqual(['pia']);
    expect(entities.PolicyGroups?.map((g) => g.GroupName)).toEqual(['auditors']);
    await expect(iam.send(new DeletePolicyCommand({ PolicyArn: policyArn }))).rejects.toMatchObject({
      name: 'DeleteConflictException',
      message: 'Cannot delete a policy attached to entities.',
    });
    await iam.send(new DetachUserPolicyCommand({ UserName: 'pia', PolicyArn: policyArn }));
    await expect(iam.send(new DetachUserPolicyCommand({ UserName: 'pia', PolicyArn: policyArn }))).rejects.toMatchObject({ name: 'NoSuchEntityException' });
  });

  it('allows at most ten managed policies per user', async () => {
    await iam.send(new CreateUserCommand({ UserName: 'many' }));
    const names = ['ReadOnlyAccess', 'ViewOnlyAccess', 'IAMReadOnlyAccess', 'AmazonS3ReadOnlyAccess', 'AmazonEC2ReadOnlyAccess', 'AWSCloudTrail_ReadOnlyAccess', 'SecurityAudit', 'AmazonSQSReadOnlyAccess', 'AmazonSNSReadOnlyAccess', 'AmazonDynamoDBReadOnlyAccess'];
    for (const name of names) await iam.send(new AttachUserPolicyCommand({ UserName: 'many', PolicyArn: `arn:aws:iam::aws:policy/${name === 'ViewOnlyAccess' ? 'job-function/' : ''}${name}` }));
    await expect(iam.send(new AttachUserPolicyCommand({ UserName: 'many', PolicyArn: policyArn }))).rejects.toMatchObject({
      name: 'LimitExceededException',
      message: 'Cannot exceed quota for PoliciesPerUser: 10',
    });
  });

  it('stores inline policies within the size quota and returns them URL-encoded', async () => {
    await iam.send(new PutUserPolicyCommand({ UserName: 'pia', PolicyName: 'inline', PolicyDocument: doc('iam:ListUsers') }));
    const got = await iam.send(new GetUserPolicyCommand({ UserName: 'pia', PolicyName: 'inline' }));
    expect(got.PolicyDocument).toBe(encodeURIComponent(doc('iam:ListUsers')));
    expect((await iam.send(new ListUserPoliciesCommand({ UserName: 'pia' }))).PolicyNames).toEqual(['inline']);
    const big = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: Array.from({ length: 150 }, (_, i) => `iam:Action${i}`), Resource: '*' }] });
    await expect(iam.send(new PutUserPolicyCommand({ UserName: 'pia', PolicyName: 'big', PolicyDocument: big }))).rejects.toMatchObject({
      name: 'LimitExceededException',
      message: 'Maximum policy size of 2048 bytes exceeded for user pia',
    });
    await iam.send(new PutGroupPolicyCommand({ GroupName: 'auditors', PolicyName: 'big', PolicyDocument: big }));
    await iam.send(new DeleteUserPolicyCommand({ UserName: 'pia', PolicyName: 'inline' }));
    await expect(iam.send(new GetUserPolicyCommand({ UserName: 'pia', PolicyName: 'inline' }))).rejects.toMatchObject({
      name: 'NoSuchEntityException',
      message: 'The user policy with name inline cannot be found.',
    });
  });

  it('sets and removes a permissions boundary', async () => {
    await iam.send(new PutUserPermissionsBoundaryCommand({ UserName: 'pia', PermissionsBoundary: policyArn }));
    expect((await iam.send(new GetUserCommand({ UserName: 'pia' }))).User?.PermissionsBoundary).toEqual({ PermissionsBoundaryType: 'PermissionsBoundaryPolicy', PermissionsBoundaryArn: policyArn });
    expect((await iam.send(new GetPolicyCommand({ PolicyArn: policyArn }))).Policy?.PermissionsBoundaryUsageCount).toBe(1);
    const onlyBoundaries = await iam.send(new ListPoliciesCommand({ Scope: 'Local', PolicyUsageFilter: 'PermissionsBoundary' }));
    expect(onlyBoundaries.Policies?.map((p) => p.Arn)).toEqual([policyArn]);
    await iam.send(new DeleteUserPermissionsBoundaryCommand({ UserName: 'pia' }));
    expect((await iam.send(new GetUserCommand({ UserName: 'pia' }))).User?.PermissionsBoundary).toBeUndefined();
  });

  it('describes the whole account in GetAccountAuthorizationDetails', async () => {
    await iam.send(new TagPolicyCommand({ PolicyArn: policyArn, Tags: [{ Key: 'k2', Value: 'v2' }] }));
    const details = await iam.send(new GetAccountAuthorizationDetailsCommand({}));
    const pia = details.UserDetailList?.find((u) => u.UserName === 'pia');
    expect(pia?.AttachedManagedPolicies).toEqual([{ PolicyName: 'ReadOnlyAccess', PolicyArn: READ_ONLY }]);
    const auditors = details.GroupDetailList?.find((g) => g.GroupName === 'auditors');
    expect(auditors?.GroupPolicyList?.map((p) => p.PolicyName)).toEqual(['big']);
    const local = details.Policies?.find((p) => p.Arn === policyArn);
    expect(local?.PolicyVersionList).toHaveLength(1);
    expect(details.Policies?.some((p) => p.Arn === READ_ONLY)).toBe(true);
    expect(details.Policies?.some((p) => p.Arn === 'arn:aws:iam::aws:policy/PowerUserAccess')).toBe(false);
  });
});
