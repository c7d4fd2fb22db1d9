import {
  AttachRolePolicyCommand,
  CreatePolicyCommand,
  CreateRoleCommand,
  CreateUserCommand,
  CreateAccessKeyCommand,
  DeletePolicyCommand,
  DeleteRoleCommand,
  DeleteRolePermissionsBoundaryCommand,
  DeleteRolePolicyCommand,
  DetachRolePolicyCommand,
  GetAccountAuthorizationDetailsCommand,
  GetAccountSummaryCommand,
  GetContextKeysForPrincipalPolicyCommand,
  GetPolicyCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  ListAttachedRolePoliciesCommand,
  ListEntitiesForPolicyCommand,
  ListPoliciesCommand,
  ListRolePoliciesCommand,
  ListRoleTagsCommand,
  ListRolesCommand,
  PutRolePermissionsBoundaryCommand,
  PutRolePolicyCommand,
  PutUserPolicyCommand,
  SimulatePrincipalPolicyCommand,
  TagRoleCommand,
  UntagRoleCommand,
  UpdateAssumeRolePolicyCommand,
  UpdateRoleCommand,
  UpdateRoleDescriptionCommand,
  type IAMClient,
} from '@aws-sdk/client-iam';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rolePoliciesOf } from '../../src/authz/identity-policies.js';
import { findRoleByArn, recordRoleUse } from '../../src/storage/repositories/roles.js';
import { backends } from '../support/backends.js';
import { startTestServer, TEST_ACCOUNT_ID, type TestServer } from '../support/server.js';

const arn = (rest: string) => `arn:aws:iam::${TEST_ACCOUNT_ID}:${rest}`;
const trust = (principal: unknown = { AWS: arn('root') }) =>
  JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: principal, Action: 'sts:AssumeRole' }] });
const allow = (action: string | string[], resource = '*') => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: action, Resource: resource }] });
const READ_ONLY = 'arn:aws:iam::aws:policy/ReadOnlyAccess';

describe.each(await backends())('roles on %s', (backend) => {
  let t: TestServer;
  let iam: IAMClient;
  let boundaryArn: string;
  const clients: { destroy(): void }[] = [];
  beforeAll(async () => {
    t = await startTestServer(backend);
    iam = t.iam();
    const { Policy } = await iam.send(new CreatePolicyCommand({ PolicyName: 'RoleBoundary', PolicyDocument: allow(['s3:*', 'iam:Get*']) }));
    boundaryArn = Policy!.Arn!;
  });
  afterAll(async () => {
    for (const c of clients) c.destroy();
    iam?.destroy();
    await t?.close();
  });

  it('creates a role with an AROA id, its path in the ARN, the trust policy URL-encoded and a one-hour default session', async () => {
    const { Role } = await iam.send(
      new CreateRoleCommand({ RoleName: 'deployer', Path: '/ci/', AssumeRolePolicyDocument: trust(), Description: 'ships builds', Tags: [{ Key: 'team', Value: 'core' }] }),
    );
    expect(Role?.RoleId).toMatch(/^AROA[A-Z2-7]{17}$/);
    expect(Role?.Arn).toBe(arn('role/ci/deployer'));
    expect(Role).toMatchObject({ RoleName: 'deployer', Path: '/ci/', Description: 'ships builds', MaxSessionDuration: 3600, Tags: [{ Key: 'team', Value: 'core' }] });
    expect(Role?.CreateDate).toBeInstanceOf(Date);
    expect(decodeURIComponent(Role!.AssumeRolePolicyDocument!)).toBe(trust());
  });

  it('creates a role with a boundary and a twelve-hour session', async () => {
    const { Role } = await iam.send(new CreateRoleCommand({ RoleName: 'bounded', AssumeRolePolicyDocument: trust(), MaxSessionDuration: 43200, PermissionsBoundary: boundaryArn }));
    expect(Role?.MaxSessionDuration).toBe(43200);
    expect(Role?.PermissionsBoundary).toEqual({ PermissionsBoundaryType: 'PermissionsBoundaryPolicy', PermissionsBoundaryArn: boundaryArn });
    await expect(
      iam.send(new CreateRoleCommand({ RoleName: 'bounded2', AssumeRolePolicyDocument: trust(), PermissionsBoundary: arn('policy/Nope') })),
    ).rejects.toMatchObject({ name: 'NoSuchEntityException', message: `Policy ${arn('policy/Nope')} does not exist or is not attachable.` });
  });

  it('rejects a second role whose name differs only by case', async () => {
    await expect(iam.send(new CreateRoleCommand({ RoleName: 'DEPLOYER', AssumeRolePolicyDocument: trust() }))).rejects.toMatchObject({
      name: 'EntityAlreadyExistsException',
      message: 'Role with name DEPLOYER already exists.',
      $metadata: { httpStatusCode: 409 },
    });
  });

  it('refuses a trust policy that is not one, with MalformedPolicyDocument', async () => {
    await expect(iam.send(new CreateRoleCommand({ RoleName: 'broken', AssumeRolePolicyDocument: '{not json' }))).rejects.toMatchObject({
      name: 'MalformedPolicyDocumentException',
      message: 'Syntax errors in policy.',
      $metadata: { httpStatusCode: 400 },
    });
    const withResource = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: arn('root') }, Action: 'sts:AssumeRole', Resource: '*' }] });
    await expect(iam.send(new CreateRoleCommand({ RoleName: 'broken', AssumeRolePolicyDocument: withResource }))).rejects.toMatchObject({
      name: 'MalformedPolicyDocumentException',
      message: 'Has prohibited field Resource',
    });
    await expect(iam.send(new CreateRoleCommand({ RoleName: 'broken', AssumeRolePolicyDocument: allow('sts:AssumeRole').replace(',"Resource":"*"', '') }))).rejects.toMatchObject({
      name: 'MalformedPolicyDocumentException',
      message: 'Missing required field Principal',
    });
    await expect(iam.send(new GetRoleCommand({ RoleName: 'broken' }))).rejects.toMatchObject({ name: 'NoSuchEntityException' });
  });

  it('refuses a trust policy over 2,048 characters without white space', async () => {
    const accounts = Array.from({ length: 200 }, (_, i) => String(100000000000 + i));
    const big = trust({ AWS: accounts });
    await expect(iam.send(new CreateRoleCommand({ RoleName: 'crowded', AssumeRolePolicyDocument: big }))).rejects.toMatchObject({
      name: 'LimitExceededException',
      message: 'Cannot exceed quota for ACLSizePerRole: 2048',
      $metadata: { httpStatusCode: 409 },
    });
    await expect(iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: 'deployer', PolicyDocument: big }))).rejects.toMatchObject({ name: 'LimitExceededException' });
    // White space does not count: a pretty-printed document of the same content fits.
    const roomy = JSON.stringify(JSON.parse(trust({ AWS: accounts.slice(0, 50) })), null, 8);
    expect(roomy.length).toBeGreaterThan(2048);
    await iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: 'deployer', PolicyDocument: roomy }));
    const { Role } = await iam.send(new GetRoleCommand({ RoleName: 'deployer' }));
    expect(decodeURIComponent(Role!.AssumeRolePolicyDocument!)).toBe(roomy);
  });

  it('answers ValidationError for a MaxSessionDuration outside 3,600 to 43,200 seconds', async () => {
    await expect(iam.send(new CreateRoleCommand({ RoleName: 'short', AssumeRolePolicyDocument: trust(), MaxSessionDuration: 900 }))).rejects.toMatchObject({
      name: 'ValidationError',
      message: "1 validation error detected: Value '900' at 'maxSessionDuration' failed to satisfy constraint: Member must have value greater than or equal to 3600",
      $metadata: { httpStatusCode: 400 },
    });
    await expect(iam.send(new UpdateRoleCommand({ RoleName: 'deployer', MaxSessionDuration: 43201 }))).rejects.toMatchObject({
      name: 'ValidationError',
      message: "1 validation error detected: Value '43201' at 'maxSessionDuration' failed to satisfy constraint: Member must have value less than or equal to 43200",
    });
  });

  it('gets a role with its tags, boundary and an empty RoleLastUsed, then the last use once recorded', async () => {
    const fresh = await iam.send(new GetRoleCommand({ RoleName: 'Deployer' }));
    expect(fresh.Role).toMatchObject({ RoleName: 'deployer', Tags: [{ Key: 'team', Value: 'core' }], RoleLastUsed: {} });
    expect(fresh.Role?.PermissionsBoundary).toBeUndefined();
    const used = new Date('2025-03-04T05:06:07.000Z');
    await recordRoleUse(t.testStore.store.db, fresh.Role!.RoleId!, used, 'eu-west-1');
    const { Role } = await iam.send(new GetRoleCommand({ RoleName: 'deployer' }));
    expect(Role?.RoleLastUsed).toEqual({ LastUsedDate: used, Region: 'eu-west-1' });
    const bounded = await iam.send(new GetRoleCommand({ RoleName: 'bounded' }));
    expect(bounded.Role?.PermissionsBoundary?.PermissionsBoundaryArn).toBe(boundaryArn);
  });

  it('answers NoSuchEntity for a role that does not exist', async () => {
    await expect(iam.send(new GetRoleCommand({ RoleName: 'nobody' }))).rejects.toMatchObject({
      name: 'NoSuchEntityException',
      message: 'The role with name nobody cannot be found.',
      $metadata: { httpStatusCode: 404 },
    });
    const calls: (() => Promise<unknown>)[] = [
      () => iam.send(new UpdateRoleCommand({ RoleName: 'nobody', Description: 'x' })),
      () => iam.send(new DeleteRoleCommand({ RoleName: 'nobody' })),
      () => iam.send(new ListRoleTagsCommand({ RoleName: 'nobody' })),
      () => iam.send(new PutRolePolicyCommand({ RoleName: 'nobody', PolicyName: 'p', PolicyDocument: allow('s3:GetObject') })),
      () => iam.send(new AttachRolePolicyCommand({ RoleName: 'nobody', PolicyArn: READ_ONLY })),
    ];
    for (const call of calls) {
      await expect(call()).rejects.toMatchObject({ name: 'NoSuchEntityException', message: 'The role with name nobody cannot be found.' });
    }
  });

  it('updates the description and session duration, leaving out what is not given', async () => {
    await iam.send(new UpdateRoleCommand({ RoleName: 'deployer', MaxSessionDuration: 7200 }));
    let { Role } = await iam.send(new GetRoleCommand({ RoleName: 'deployer' }));
    expect(Role).toMatchObject({ MaxSessionDuration: 7200, Description: 'ships builds' });
    await iam.send(new UpdateRoleCommand({ RoleName: 'deployer', Description: 'ships releases' }));
    ({ Role } = await iam.send(new GetRoleCommand({ RoleName: 'deployer' })));
    expect(Role).toMatchObject({ MaxSessionDuration: 7200, Description: 'ships releases' });
    const updated = await iam.send(new UpdateRoleDescriptionCommand({ RoleName: 'deployer', Description: 'ships everything' }));
    expect(updated.Role).toMatchObject({ RoleName: 'deployer', Description: 'ships everything', MaxSessionDuration: 7200 });
  });

  it('replaces the trust policy and refuses a malformed one', async () => {
    const service = trust({ Service: 'ec2.amazonaws.com' });
    await iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: 'deployer', PolicyDocument: service }));
    const { Role } = await iam.send(new GetRoleCommand({ RoleName: 'deployer' }));
    expect(decodeURIComponent(Role!.AssumeRolePolicyDocument!)).toBe(service);
    await expect(iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: 'deployer', PolicyDocument: allow('s3:*') }))).rejects.toMatchObject({
      name: 'MalformedPolicyDocumentException',
    });
  });

  it('lists roles by path prefix and pages, leaving out tags, boundary and last use', async () => {
    for (const name of ['alpha', 'beta', 'gamma']) await iam.send(new CreateRoleCommand({ RoleName: name, Path: '/svc/', AssumeRolePolicyDocument: trust() }));
    const ci = await iam.send(new ListRolesCommand({ PathPrefix: '/ci/' }));
    expect(ci.Roles?.map((r) => r.RoleName)).toEqual(['deployer']);
    expect(ci.Roles?.[0]).toMatchObject({ Description: 'ships everything', MaxSessionDuration: 7200 });
    expect(ci.Roles?.[0]?.Tags).toBeUndefined();
    expect(ci.Roles?.[0]?.RoleLastUsed).toBeUndefined();
    expect(decodeURIComponent(ci.Roles![0]!.AssumeRolePolicyDocument!)).toContain('ec2.amazonaws.com');
    const bounded = await iam.send(new ListRolesCommand({ PathPrefix: '/' }));
    expect(bounded.Roles?.find((r) => r.RoleName === 'bounded')?.PermissionsBoundary).toBeUndefined();

    const seen: string[] = [];
    let marker: string | undefined;
    let pages = 0;
    do {
      const page = await iam.send(new ListRolesCommand({ MaxItems: 2, Marker: marker }));
      pages += 1;
      seen.push(...page.Roles!.map((r) => r.RoleName!));
      expect(page.IsTruncated).toBe(page.Marker !== undefined);
      marker = page.Marker;
    } while (marker);
    expect(seen).toEqual(['alpha', 'beta', 'bounded', 'deployer', 'gamma']);
    expect(pages).toBe(3);
  });

  it('tags, overwrites without regard to case, lists and untags; at most 50 tags', async () => {
    await iam.send(new TagRoleCommand({ RoleName: 'alpha', Tags: [{ Key: 'a', Value: '1' }, { Key: 'b', Value: '2' }] }));
    await iam.send(new TagRoleCommand({ RoleName: 'alpha', Tags: [{ Key: 'A', Value: 'one' }] }));
    expect((await iam.send(new ListRoleTagsCommand({ RoleName: 'alpha' }))).Tags).toEqual([
      { Key: 'A', Value: 'one' },
      { Key: 'b', Value: '2' },
    ]);
    await iam.send(new UntagRoleCommand({ RoleName: 'alpha', TagKeys: ['a'] }));
    expect((await iam.send(new ListRoleTagsCommand({ RoleName: 'alpha' }))).Tags).toEqual([{ Key: 'b', Value: '2' }]);
    const many = Array.from({ length: 50 }, (_, i) => ({ Key: `k${i}`, Value: 'v' }));
    await expect(iam.send(new TagRoleCommand({ RoleName: 'alpha', Tags: many }))).rejects.toMatchObject({
      name: 'LimitExceededException',
      message: 'Cannot exceed quota for TagsPerRole: 50',
    });
    await expect(iam.send(new TagRoleCommand({ RoleName: 'alpha', Tags: [{ Key: 'aws:x', Value: '1' }] }))).rejects.toMatchObject({ name: 'InvalidInputException' });
  });

  it('sets and removes a permissions boundary, counted in the policy usage', async () => {
    await iam.send(new PutRolePermissionsBoundaryCommand({ RoleName: 'alpha', PermissionsBoundary: boundaryArn }));
    expect((await iam.send(new GetRoleCommand({ RoleName: 'alpha' }))).Role?.PermissionsBoundary?.PermissionsBoundaryArn).toBe(boundaryArn);
    // alpha and bounded both use it.
    expect((await iam.send(new GetPolicyCommand({ PolicyArn: boundaryArn }))).Policy?.PermissionsBoundaryUsageCount).toBe(2);
    const listed = await iam.send(new ListPoliciesCommand({ Scope: 'Local', PolicyUsageFilter: 'PermissionsBoundary' }));
    expect(listed.Policies?.map((p) => [p.Arn, p.PermissionsBoundaryUsageCount])).toEqual([[boundaryArn, 2]]);
    const entities = await iam.send(new ListEntitiesForPolicyCommand({ PolicyArn: boundaryArn, PolicyUsageFilter: 'PermissionsBoundary' }));
    expect(entities.PolicyRoles?.map((r) => r.RoleName)).toEqual(['alpha', 'bounded']);
    await expect(iam.send(new DeletePolicyCommand({ PolicyArn: boundaryArn }))).rejects.toMatchObject({
      name: 'DeleteConflictException',
      message: 'Cannot delete a policy attached to entities.',
    });
    await expect(iam.send(new PutRolePermissionsBoundaryCommand({ RoleName: 'alpha', PermissionsBoundary: arn('policy/Nope') }))).rejects.toMatchObject({
      name: 'NoSuchEntityException',
    });
    await iam.send(new DeleteRolePermissionsBoundaryCommand({ RoleName: 'alpha' }));
    expect((await iam.send(new GetRoleCommand({ RoleName: 'alpha' }))).Role?.PermissionsBoundary).toBeUndefined();
    // Removing a boundary that is not there changes nothing, as in IAM.
    await iam.send(new DeleteRolePermissionsBoundaryCommand({ RoleName: 'alpha' }));
    expect((await iam.send(new GetPolicyCommand({ PolicyArn: boundaryArn }))).Policy?.PermissionsBoundaryUsageCount).toBe(1);
  });

  it('attaches, lists and detaches managed policies; at most ten per role', async () => {
    await iam.send(new AttachRolePolicyCommand({ RoleName: 'beta', PolicyArn: READ_ONLY }));
    await iam.send(new AttachRolePolicyCommand({ RoleName: 'beta', PolicyArn: READ_ONLY }));
    expect((await iam.send(new ListAttachedRolePoliciesCommand({ RoleName: 'beta' }))).AttachedPolicies).toEqual([{ PolicyName: 'ReadOnlyAccess', PolicyArn: READ_ONLY }]);
    const { Policy } = await iam.send(new GetPolicyCommand({ PolicyArn: READ_ONLY }));
    expect(Policy?.AttachmentCount).toBe(1);
    const entities = await iam.send(new ListEntitiesForPolicyCommand({ PolicyArn: READ_ONLY, EntityFilter: 'Role' }));
    expect(entities.PolicyRoles).toEqual([{ RoleName: 'beta', RoleId: expect.stringMatching(/^AROA/) }]);
    expect(entities.PolicyUsers).toEqual([]);
    await expect(iam.send(new AttachRolePolicyCommand({ RoleName: 'beta', PolicyArn: arn('policy/Nope') }))).rejects.toMatchObject({ name: 'NoSuchEntityException' });

    await iam.send(new CreateRoleCommand({ RoleName: 'many', AssumeRolePolicyDocument: trust() }));
    const names = ['ReadOnlyAccess', 'job-function/ViewOnlyAccess', 'IAMReadOnlyAccess', 'AmazonS3ReadOnlyAccess', 'AmazonEC2ReadOnlyAccess', 'AWSCloudTrail_ReadOnlyAccess', 'SecurityAudit', 'AmazonSQSReadOnlyAccess', 'AmazonSNSReadOnlyAccess', 'AmazonDynamoDBReadOnlyAccess'];
    for (const name of names) await iam.send(new AttachRolePolicyCommand({ RoleName: 'many', PolicyArn: `arn:aws:iam::aws:policy/${name}` }));
    await expect(iam.send(new AttachRolePolicyCommand({ RoleName: 'many', PolicyArn: boundaryArn }))).rejects.toMatchObject({
      name: 'LimitExceededException',
      message: 'Cannot exceed quota for PoliciesPerRole: 10',
    });
    expect((await iam.send(new ListAttachedRolePoliciesCommand({ RoleName: 'many', MaxItems: 4 }))).IsTruncated).toBe(true);
    for (const name of names) await iam.send(new DetachRolePolicyCommand({ RoleName: 'many', PolicyArn: `arn:aws:iam::aws:policy/${name}` }));
    await expect(iam.send(new DetachRolePolicyCommand({ RoleName: 'many', PolicyArn: READ_ONLY }))).rejects.toMatchObject({
      name: 'NoSuchEntityException',
      message: `Policy ${READ_ONLY} was not found.`,
    });
  });

  it('stores inline policies within the 10,240-character aggregate and returns them URL-encoded', async () => {
    await iam.send(new PutRolePolicyCommand({ RoleName: 'gamma', PolicyName: 'read', PolicyDocument: allow('s3:GetObject') }));
    const got = await iam.send(new GetRolePolicyCommand({ RoleName: 'GAMMA', PolicyName: 'read' }));
    expect(got).toMatchObject({ RoleName: 'gamma', PolicyName: 'read', PolicyDocument: encodeURIComponent(allow('s3:GetObject')) });
    const half = allow(Array.from({ length: 330 }, (_, i) => `s3:Action${String(i).padStart(4, '0')}`));
    expect(half.length).toBeGreaterThan(5000);
    expect(half.length).toBeLessThan(6000);
    await iam.send(new PutRolePolicyCommand({ RoleName: 'gamma', PolicyName: 'half1', PolicyDocument: half }));
    await expect(iam.send(new PutRolePolicyCommand({ RoleName: 'gamma', PolicyName: 'half2', PolicyDocument: half }))).rejects.toMatchObject({
      name: 'LimitExceededException',
      message: 'Maximum policy size of 10240 bytes exceeded for role gamma',
    });
    // Replacing a policy counts its new size, not both.
    await iam.send(new PutRolePolicyCommand({ RoleName: 'gamma', PolicyName: 'half1', PolicyDocument: half }));
    expect((await iam.send(new ListRolePoliciesCommand({ RoleName: 'gamma' }))).PolicyNames).toEqual(['half1', 'read']);
    await expect(iam.send(new PutRolePolicyCommand({ RoleName: 'gamma', PolicyName: 'bad', PolicyDocument: trust() }))).rejects.toMatchObject({
      name: 'MalformedPolicyDocumentException',
      message: 'Policy document should not specify a principal.',
    });
    await iam.send(new DeleteRolePolicyCommand({ RoleName: 'gamma', PolicyName: 'half1' }));
    await expect(iam.send(new GetRolePolicyCommand({ RoleName: 'gamma', PolicyName: 'half1' }))).rejects.toMatchObject({
      name: 'NoSuchEntityException',
      message: 'The role policy with name half1 cannot be found.',
    });
    await expect(iam.send(new DeleteRolePolicyCommand({ RoleName: 'gamma', PolicyName: 'half1' }))).rejects.toMatchObject({ name: 'NoSuchEntityException' });
  });

  it('counts roles in the account summary and describes them in GetAccountAuthorizationDetails', async () => {
    const { SummaryMap } = await iam.send(new GetAccountSummaryCommand({}));
    expect(SummaryMap).toMatchObject({ Roles: 6, RolesQuota: 1000, RolePolicySizeQuota: 10240, AssumeRolePolicySizeQuota: 2048, AttachedPoliciesPerRoleQuota: 10 });
    const details = await iam.send(new GetAccountAuthorizationDetailsCommand({ Filter: ['Role'] }));
    expect(details.UserDetailList).toEqual([]);
    expect(details.RoleDetailList?.map((r) => r.RoleName)).toEqual(['alpha', 'beta', 'bounded', 'deployer', 'gamma', 'many']);
    const beta = details.RoleDetailList!.find((r) => r.RoleName === 'beta')!;
    expect(beta.AttachedManagedPolicies).toEqual([{ PolicyName: 'ReadOnlyAccess', PolicyArn: READ_ONLY }]);
    expect(beta.RoleLastUsed).toEqual({});
    expect(beta.InstanceProfileList).toEqual([]);
    expect(decodeURIComponent(beta.AssumeRolePolicyDocument!)).toBe(trust());
    const gamma = details.RoleDetailList!.find((r) => r.RoleName === 'gamma')!;
    expect(gamma.RolePolicyList).toEqual([{ PolicyName: 'read', PolicyDocument: encodeURIComponent(allow('s3:GetObject')) }]);
    const deployer = details.RoleDetailList!.find((r) => r.RoleName === 'deployer')!;
    expect(deployer).toMatchObject({ Path: '/ci/', Arn: arn('role/ci/deployer'), Tags: [{ Key: 'team', Value: 'core' }], RoleLastUsed: { Region: 'eu-west-1' } });
    const bounded = details.RoleDetailList!.find((r) => r.RoleName === 'bounded')!;
    expect(bounded.PermissionsBoundary?.PermissionsBoundaryArn).toBe(boundaryArn);
    // Paging runs across users, groups, roles and policies alike.
    const all = await iam.send(new GetAccountAuthorizationDetailsCommand({ MaxItems: 3 }));
    expect(all.IsTruncated).toBe(true);
  });

  it('simulates a role with its own policies and boundary', async () => {
    await iam.send(new PutRolePolicyCommand({ RoleName: 'bounded', PolicyName: 'wide', PolicyDocument: allow(['s3:GetObject', 'ec2:DescribeInstances']) }));
    const result = await iam.send(
      new SimulatePrincipalPolicyCommand({ PolicySourceArn: arn('role/bounded'), ActionNames: ['s3:GetObject', 'ec2:DescribeInstances', 'iam:CreateUser'] }),
    );
    expect(result.EvaluationResults?.map((r) => [r.EvalActionName, r.EvalDecision])).toEqual([
      ['s3:GetObject', 'allowed'],
      // The boundary allows only s3:* and iam:Get*.
      ['ec2:DescribeInstances', 'implicitDeny'],
      ['iam:CreateUser', 'implicitDeny'],
    ]);
    expect(result.EvaluationResults?.[0]?.MatchedStatements?.[0]).toMatchObject({ SourcePolicyId: 'wide', SourcePolicyType: 'role' });
    expect(result.EvaluationResults?.[1]?.PermissionsBoundaryDecisionDetail).toEqual({ AllowedByPermissionsBoundary: false });

    const managed = await iam.send(new SimulatePrincipalPolicyCommand({ PolicySourceArn: arn('role/svc/beta'), ActionNames: ['iam:ListUsers', 'iam:CreateUser'] }));
    expect(managed.EvaluationResults?.map((r) => r.EvalDecision)).toEqual(['allowed', 'implicitDeny']);

    await iam.send(new PutRolePolicyCommand({ RoleName: 'alpha', PolicyName: 'keyed', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*', Condition: { StringEquals: { 'aws:PrincipalTag/team': 'core' } } }] }) }));
    const keys = await iam.send(new GetContextKeysForPrincipalPolicyCommand({ PolicySourceArn: arn('role/svc/alpha') }));
    expect(keys.ContextKeyNames).toEqual(['aws:PrincipalTag/team']);
    await expect(iam.send(new SimulatePrincipalPolicyCommand({ PolicySourceArn: arn('role/ghost'), ActionNames: ['s3:GetObject'] }))).rejects.toMatchObject({
      name: 'NoSuchEntityException',
      message: 'The role with name ghost cannot be found.',
    });
  });

  it('authorizes role operations against the role path and iam:PermissionsBoundary', async () => {
    await iam.send(new CreateUserCommand({ UserName: 'delegate' }));
    const { AccessKey } = await iam.send(new CreateAccessKeyCommand({ UserName: 'delegate' }));
    const delegate = t.iam({ accessKeyId: AccessKey!.AccessKeyId!, secretAccessKey: AccessKey!.SecretAccessKey! });
    clients.push(delegate);
    await iam.send(
      new PutUserPolicyCommand({
        UserName: 'delegate',
        PolicyName: 'svc-roles',
        PolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            { Effect: 'Allow', Action: 'iam:GetRole', Resource: arn('role/svc/*') },
            { Effect: 'Allow', Action: ['iam:CreateRole', 'iam:PutRolePolicy'], Resource: '*', Condition: { StringEquals: { 'iam:PermissionsBoundary': boundaryArn } } },
          ],
        }),
      }),
    );
    expect((await delegate.send(new GetRoleCommand({ RoleName: 'gamma' }))).Role?.Arn).toBe(arn('role/svc/gamma'));
    await expect(delegate.send(new GetRoleCommand({ RoleName: 'deployer' }))).rejects.toMatchObject({
      name: 'AccessDenied',
      message: expect.stringContaining(`iam:GetRole on resource: ${arn('role/ci/deployer')}`),
    });
    await expect(delegate.send(new CreateRoleCommand({ RoleName: 'free', AssumeRolePolicyDocument: trust() }))).rejects.toMatchObject({ name: 'AccessDenied' });
    await delegate.send(new CreateRoleCommand({ RoleName: 'fenced', AssumeRolePolicyDocument: trust(), PermissionsBoundary: boundaryArn }));
    await delegate.send(new PutRolePolicyCommand({ RoleName: 'fenced', PolicyName: 'p', PolicyDocument: allow('s3:GetObject') }));
    await expect(delegate.send(new PutRolePolicyCommand({ RoleName: 'beta', PolicyName: 'p', PolicyDocument: allow('s3:GetObject') }))).rejects.toMatchObject({ name: 'AccessDenied' });
  });

  it('finds a role by its ARN, path included, and loads its policies for STS', async () => {
    await t.testStore.store.db.transaction().execute(async (tx) => {
      const role = await findRoleByArn(tx, arn('role/svc/Gamma'));
      expect(role?.name).toBe('gamma');
      expect(await findRoleByArn(tx, arn('role/gamma'))).toBeUndefined();
      expect(await findRoleByArn(tx, 'arn:aws:iam::999999999999:role/svc/gamma')).toBeUndefined();
      expect(await findRoleByArn(tx, arn('user/svc/gamma'))).toBeUndefined();
      const policies = await rolePoliciesOf(tx, role!.id);
      expect(policies.identity.map((p) => p.id)).toEqual(['inline:role/gamma/read']);
      expect(policies.boundary).toBeUndefined();
      const bounded = await rolePoliciesOf(tx, (await findRoleByArn(tx, arn('role/bounded')))!.id);
      expect(bounded.boundary).toMatchObject({ type: 'boundary', id: boundaryArn, name: 'RoleBoundary' });
      expect((await rolePoliciesOf(tx, 'AROANOSUCHROLE0000000')).identity).toEqual([]);
    });
  });

  it('refuses to delete a role that still holds policies, naming what must go first, then deletes it', async () => {
    await expect(iam.send(new DeleteRoleCommand({ RoleName: 'beta' }))).rejects.toMatchObject({
      name: 'DeleteConflictException',
      message: 'Cannot delete entity, must detach all policies first.',
      $metadata: { httpStatusCode: 409 },
    });
    await iam.send(new DetachRolePolicyCommand({ RoleName: 'beta', PolicyArn: READ_ONLY }));
    await iam.send(new PutRolePolicyCommand({ RoleName: 'beta', PolicyName: 'inline', PolicyDocument: allow('s3:GetObject') }));
    await expect(iam.send(new DeleteRoleCommand({ RoleName: 'beta' }))).rejects.toMatchObject({
      name: 'DeleteConflictException',
      message: 'Cannot delete entity, must delete policies first.',
    });
    await iam.send(new DeleteRolePolicyCommand({ RoleName: 'beta', PolicyName: 'inline' }));
    await iam.send(new DeleteRoleCommand({ RoleName: 'BETA' }));
    await expect(iam.send(new GetRoleCommand({ RoleName: 'beta' }))).rejects.toMatchObject({ name: 'NoSuchEntityException' });
    // A boundary does not hold a role back.
    await iam.send(new DeleteRolePolicyCommand({ RoleName: 'bounded', PolicyName: 'wide' }));
    await iam.send(new DeleteRoleCommand({ RoleName: 'bounded' }));
    // alpha, deployer, gamma, many and the delegate's fenced remain.
    expect((await iam.send(new GetAccountSummaryCommand({}))).SummaryMap?.Roles).toBe(5);
  });

  it('allows at most 1,000 roles in an account', async () => {
    const db = t.testStore.store.db;
    const existing = Number((await db.selectFrom('roles').select((eb) => eb.fn.countAll<string | number>().as('n')).executeTakeFirstOrThrow()).n);
    const filler = Array.from({ length: 1000 - existing }, (_, i) => ({
      id: `AROAFILLER${String(i).padStart(11, '0')}`,
      account_id: TEST_ACCOUNT_ID,
      name: `filler${i}`,
      name_key: `filler${i}`,
      path: '/filler/',
      assume_role_policy: trust(),
      description: null,
      max_session_duration: 3600,
      permissions_boundary_arn: null,
      created_at: new Date().toISOString(),
      last_used_at: null,
      last_used_region: null,
    }));
    for (let i = 0; i < filler.length; i += 200) await db.insertInto('roles').values(filler.slice(i, i + 200)).execute();
    await expect(iam.send(new CreateRoleCommand({ RoleName: 'one-too-many', AssumeRolePolicyDocument: trust() }))).rejects.toMatchObject({
      name: 'LimitExceededException',
      message: 'Cannot exceed quota for RolesPerAccount: 1000',
    });
    await db.deleteFrom('roles').where('path', '=', '/filler/').execute();
    await iam.send(new CreateRoleCommand({ RoleName: 'one-too-many', AssumeRolePolicyDocument: trust() }));
  });
});
