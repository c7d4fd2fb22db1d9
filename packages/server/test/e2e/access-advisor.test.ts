/**
 * Access Advisor through the AWS SDK: users, a group, a role used through AssumeRole and a
 * managed policy make calls (IAM and STS, and S3 through the authorize API); the last accessed
 * reports then say which allowed services each attempted, when, by whom and from where.
 */
import { createHash } from 'node:crypto';
import {
  AddUserToGroupCommand,
  AttachGroupPolicyCommand,
  AttachRolePolicyCommand,
  CreateAccessKeyCommand,
  CreateGroupCommand,
  CreatePolicyCommand,
  CreateRoleCommand,
  CreateUserCommand,
  DeleteUserCommand,
  GenerateServiceLastAccessedDetailsCommand,
  GetAccessKeyLastUsedCommand,
  GetServiceLastAccessedDetailsCommand,
  GetServiceLastAccessedDetailsWithEntitiesCommand,
  GetUserCommand,
  IAMClient,
  ListGroupsCommand,
  ListPoliciesGrantingServiceAccessCommand,
  ListRolesCommand,
  ListUsersCommand,
  PutGroupPolicyCommand,
  PutRolePolicyCommand,
  PutUserPolicyCommand,
  type GetServiceLastAccessedDetailsCommandOutput,
  type ServiceLastAccessed,
} from '@aws-sdk/client-iam';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { createAuthorizer, type Authorizer, type ForwardedRequest } from '@gatehouse/client';
import { Hash } from '@smithy/hash-node';
import { SignatureV4 } from '@smithy/signature-v4';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordPasswordUse } from '../../src/audit/access-advisor.js';
import { backends } from '../support/backends.js';
import { startTestServer, TEST_ACCOUNT_ID, type Credentials, type TestServer } from '../support/server.js';

const doc = (statement: object | object[]) => JSON.stringify({ Version: '2012-10-17', Statement: statement });
const allow = (action: string | string[], resource = '*') => ({ Effect: 'Allow', Action: action, Resource: resource });
const arn = (resource: string) => `arn:aws:iam::${TEST_ACCOUNT_ID}:${resource}`;
const DEV_TOOLS = arn('policy/DevTools');
const IAM_NAME = 'AWS Identity and Access Management (IAM)';
/** Reports give times to the second. */
const second = (ms: number) => new Date(Math.floor(ms / 1000) * 1000);
const sha256 = (data: string) => createHash('sha256').update(data).digest('hex');

describe.each(await backends())('Access Advisor on %s', (backend) => {
  let t: TestServer;
  let iam: IAMClient;
  const clients: { destroy(): void }[] = [];
  let authorizer: Authorizer;
  const ids: Record<string, string> = {};
  const keys: Record<string, Credentials> = {};
  /** When each step of the activity happened, by the server's clock (a few minutes from now, within SigV4's skew). */
  const at: Record<string, number> = {};

  function iamAs(credentials: Credentials, region = 'us-east-1'): IAMClient {
    const client = new IAMClient({ endpoint: t.server.url, region, credentials, maxAttempts: 1 });
    clients.push(client);
    return client;
  }
  function stsAs(credentials: Credentials, region = 'us-east-1'): STSClient {
    const client = new STSClient({ endpoint: t.server.url, region, credentials, maxAttempts: 1 });
    clients.push(client);
    return client;
  }
  async function user(name: string, policy?: object[]): Promise<void> {
    const { User } = await iam.send(new CreateUserCommand({ UserName: name }));
    ids[name] = User!.UserId!;
    if (policy) await iam.send(new PutUserPolicyCommand({ UserName: name, PolicyName: `${name}-inline`, PolicyDocument: doc(policy) }));
    const { AccessKey } = await iam.send(new CreateAccessKeyCommand({ UserName: name }));
    keys[name] = { accessKeyId: AccessKey!.AccessKeyId!, secretAccessKey: AccessKey!.SecretAccessKey! };
  }
  /** Runs one step of the activity with the server's clock at `ms`. */
  async function step<T>(name: string, ms: number, action: () => Promise<T>): Promise<T> {
    at[name] = ms;
    t.setClock(() => new Date(ms));
    try {
      return await action();
    } finally {
      t.setClock(() => new Date());
    }
  }
  /** A request to S3 as the SDK's S3 client signs it, in the form a service forwards it. */
  async function s3Request(credentials: Credentials, method: string, key: string): Promise<ForwardedRequest> {
    const signer = new SignatureV4({ service: 's3', region: 'eu-central-1', credentials, sha256: Hash.bind(null, 'sha256'), uriEscapePath: false, applyChecksum: true });
    const signed = await signer.sign({ method, protocol: 'https:', hostname: 'photos.s3.example', path: `/${key}`, query: {}, headers: { host: 'photos.s3.example' }, body: '' });
    return { method, path: signed.path, query: '', headers: Object.entries(signed.headers), payloadHash: sha256('') };
  }

  async function generate(entityArn: string, granularity?: 'SERVICE_LEVEL' | 'ACTION_LEVEL', client = iam): Promise<string> {
    const { JobId } = await client.send(new GenerateServiceLastAccessedDetailsCommand({ Arn: entityArn, ...(granularity ? { Granularity: granularity } : {}) }));
    expect(JobId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    return JobId!;
  }
  async function report(entityArn: string, granularity?: 'SERVICE_LEVEL' | 'ACTION_LEVEL'): Promise<GetServiceLastAccessedDetailsCommandOutput> {
    return iam.send(new GetServiceLastAccessedDetailsCommand({ JobId: await generate(entityArn, granularity) }));
  }
  const service = (r: GetServiceLastAccessedDetailsCommandOutput, ns: string): ServiceLastAccessed => {
    const found = r.ServicesLastAccessed?.find((s) => s.ServiceNamespace === ns);
    expect(found, `service ${ns} in the report`).toBeDefined();
    return found!;
  };

  beforeAll(async () => {
    t = await startTestServer(backend);
    iam = t.iam();
    clients.push(iam);
    authorizer = createAuthorizer({ endpoint: t.server.url, credentials: { accessKeyId: t.admin.accessKeyId, secretAccessKey: t.admin.secretAccessKey } });

    // DevTools (customer managed) is attached to the group devs and the role app-role.
    await iam.send(new CreatePolicyCommand({ PolicyName: 'DevTools', PolicyDocument: doc([allow(['iam:ListGroups', 'iam:GetGroup', 'dynamodb:GetItem'])]) }));
    await iam.send(new CreateGroupCommand({ GroupName: 'devs' }));
    await iam.send(new PutGroupPolicyCommand({ GroupName: 'devs', PolicyName: 'devs-inline', PolicyDocument: doc([allow(['sts:AssumeRole', 's3:GetObject'])]) }));
    await iam.send(new AttachGroupPolicyCommand({ GroupName: 'devs', PolicyArn: DEV_TOOLS }));
    await user('alice', [allow(['iam:ListUsers', 'iam:GetUser', 'ec2:DescribeInstances'])]);
    await user('bob');
    await user('auditor', [
      allow(['iam:GenerateServiceLastAccessedDetails', 'iam:GetServiceLastAccessedDetails', 'iam:GetServiceLastAccessedDetailsWithEntities', 'iam:ListPoliciesGrantingServiceAccess']),
    ]);
    for (const name of ['alice', 'bob']) await iam.send(new AddUserToGroupCommand({ GroupName: 'devs', UserName: name }));
    const { Role } = await iam.send(
      new CreateRoleCommand({ RoleName: 'app-role', AssumeRolePolicyDocument: doc({ Effect: 'Allow', Principal: { AWS: arn('root') }, Action: 'sts:AssumeRole' }) }),
    );
    ids['app-role'] = Role!.RoleId!;
    await iam.send(new PutRolePolicyCommand({ RoleName: 'app-role', PolicyName: 'app-inline', PolicyDocument: doc([allow('iam:ListRoles')]) }));
    await iam.send(new AttachRolePolicyCommand({ RoleName: 'app-role', PolicyArn: DEV_TOOLS }));

    // The activity, each step at its own time (ms within the second, to see reports keep the second).
    const base = Math.floor(Date.now() / 1000) * 1000 - 4 * 60_000;
    await step('alice-list-users', base + 250, () => iamAs(keys.alice!).send(new ListUsersCommand({})));
    await step('alice-get-user', base + 30_250, () => iamAs(keys.alice!, 'eu-west-1').send(new GetUserCommand({ UserName: 'alice' })));
    await step('bob-list-groups', base + 60_250, () => iamAs(keys.bob!).send(new ListGroupsCommand({})));
    const session = await step('alice-assume-role', base + 90_250, () =>
      stsAs(keys.alice!).send(new AssumeRoleCommand({ RoleArn: arn('role/app-role'), RoleSessionName: 'deploy' })),
    );
    const roleCredentials = { accessKeyId: session.Credentials!.AccessKeyId!, secretAccessKey: session.Credentials!.SecretAccessKey!, sessionToken: session.Credentials!.SessionToken! };
    await step('role-list-roles', base + 120_250, () => iamAs(roleCredentials, 'ap-southeast-2').send(new ListRolesCommand({})));
    // S3 through the authorize API: one allowed attempt, then one denied (which counts too).
    const get = await step('alice-s3-get', base + 150_250, async () =>
      authorizer.authorize({ request: await s3Request(keys.alice!, 'GET', 'cat.jpg'), action: 's3:GetObject', resource: 'arn:aws:s3:::photos/cat.jpg' }),
    );
    expect(get).toMatchObject({ authenticated: true, decision: 'allowed' });
    const del = await step('alice-s3-delete', base + 180_250, async () =>
      authorizer.authorize({ request: await s3Request(keys.alice!, 'DELETE', 'cat.jpg'), action: 's3:DeleteObject', resource: 'arn:aws:s3:::photos/cat.jpg' }),
    );
    expect(del).toMatchObject({ authenticated: true, decision: 'implicitDeny' });
  });
  afterAll(async () => {
    authorizer?.close();
    for (const c of clients) c.destroy();
    await t?.close();
  });

  it("reports a user's allowed services, when each was last attempted, by whom and from where", async () => {
    const before = Date.now();
    const r = await report(arn('user/alice'));
    expect(r).toMatchObject({ JobStatus: 'COMPLETED', JobType: 'SERVICE_LEVEL', IsTruncated: false });
    expect(r.JobCreationDate!.getTime()).toBeGreaterThanOrEqual(second(before).getTime());
    expect(r.JobCompletionDate!.getTime()).toBeGreaterThanOrEqual(r.JobCreationDate!.getTime());
    // Its own inline policy (iam, ec2), its group's inline policy (s3, sts) and DevTools (iam, dynamodb).
    expect(r.ServicesLastAccessed!.map((s) => s.ServiceNamespace)).toEqual(['dynamodb', 'ec2', 'iam', 's3', 'sts']);
    expect(service(r, 'iam')).toEqual({
      ServiceName: IAM_NAME,
      ServiceNamespace: 'iam',
      LastAuthenticated: second(at['alice-get-user']!),
      LastAuthenticatedEntity: arn('user/alice'),
      LastAuthenticatedRegion: 'eu-west-1',
      TotalAuthenticatedEntities: 1,
    });
    expect(service(r, 'sts')).toMatchObject({ ServiceName: 'AWS Security Token Service', LastAuthenticated: second(at['alice-assume-role']!), LastAuthenticatedRegion: 'us-east-1' });
    // The denied DeleteObject is the last attempt at S3.
    expect(service(r, 's3')).toMatchObject({ ServiceName: 'Amazon S3', LastAuthenticated: second(at['alice-s3-delete']!), LastAuthenticatedRegion: 'eu-central-1', TotalAuthenticatedEntities: 1 });
    // Allowed but never attempted: listed, without an attempt.
    expect(service(r, 'ec2')).toEqual({ ServiceName: 'Amazon EC2', ServiceNamespace: 'ec2', TotalAuthenticatedEntities: 0 });
    expect(service(r, 'dynamodb')).toEqual({ ServiceName: 'Amazon DynamoDB', ServiceNamespace: 'dynamodb', TotalAuthenticatedEntities: 0 });
    expect(r.ServicesLastAccessed!.some((s) => s.TrackedActionsLastAccessed)).toBe(false);
  });

  it('adds, at ACTION_LEVEL, the allowed actions of each attempted service with their own last attempt', async () => {
    const r = await report(arn('user/alice'), 'ACTION_LEVEL');
    expect(r.JobType).toBe('ACTION_LEVEL');
    expect(service(r, 'iam').TrackedActionsLastAccessed).toEqual([
      { ActionName: 'GetGroup' },
      { ActionName: 'GetUser', LastAccessedEntity: arn('user/alice'), LastAccessedTime: second(at['alice-get-user']!), LastAccessedRegion: 'eu-west-1' },
      { ActionName: 'ListGroups' },
      { ActionName: 'ListUsers', LastAccessedEntity: arn('user/alice'), LastAccessedTime: second(at['alice-list-users']!), LastAccessedRegion: 'us-east-1' },
    ]);
    // s3:DeleteObject was attempted but is not allowed, so it is no tracked action of this report.
    expect(service(r, 's3').TrackedActionsLastAccessed).toEqual([
      { ActionName: 'GetObject', LastAccessedEntity: arn('user/alice'), LastAccessedTime: second(at['alice-s3-get']!), LastAccessedRegion: 'eu-central-1' },
    ]);
    expect(service(r, 'sts').TrackedActionsLastAccessed).toEqual([
      { ActionName: 'AssumeRole', LastAccessedEntity: arn('user/alice'), LastAccessedTime: second(at['alice-assume-role']!), LastAccessedRegion: 'us-east-1' },
    ]);
    expect(service(r, 'ec2').TrackedActionsLastAccessed).toBeUndefined();
  });

  it("reports a group over its members, and lists them with GetServiceLastAccessedDetailsWithEntities", async () => {
    const jobId = await generate(arn('group/devs'));
    const r = await iam.send(new GetServiceLastAccessedDetailsCommand({ JobId: jobId }));
    // Only the group's own policies: alice's ec2 permission is hers, not the group's.
    expect(r.ServicesLastAccessed!.map((s) => s.ServiceNamespace)).toEqual(['dynamodb', 'iam', 's3', 'sts']);
    expect(service(r, 'iam')).toMatchObject({
      LastAuthenticated: second(at['bob-list-groups']!),
      LastAuthenticatedEntity: arn('user/bob'),
      LastAuthenticatedRegion: 'us-east-1',
      TotalAuthenticatedEntities: 2,
    });
    expect(service(r, 'sts')).toMatchObject({ LastAuthenticatedEntity: arn('user/alice'), TotalAuthenticatedEntities: 1 });

    const iamEntities = await iam.send(new GetServiceLastAccessedDetailsWithEntitiesCommand({ JobId: jobId, ServiceNamespace: 'iam' }));
    expect(iamEntities).toMatchObject({ JobStatus: 'COMPLETED', IsTruncated: false, JobCreationDate: r.JobCreationDate, JobCompletionDate: r.JobCompletionDate });
    expect(iamEntities.EntityDetailsList).toEqual([
      { EntityInfo: { Arn: arn('user/bob'), Name: 'bob', Type: 'USER', Id: ids.bob, Path: '/' }, LastAuthenticated: second(at['bob-list-groups']!) },
      { EntityInfo: { Arn: arn('user/alice'), Name: 'alice', Type: 'USER', Id: ids.alice, Path: '/' }, LastAuthenticated: second(at['alice-get-user']!) },
    ]);
    // Members who never attempted the service are listed too, without a time.
    const dynamo = await iam.send(new GetServiceLastAccessedDetailsWithEntitiesCommand({ JobId: jobId, ServiceNamespace: 'dynamodb' }));
    expect(dynamo.EntityDetailsList!.map((e) => [e.EntityInfo!.Name, e.LastAuthenticated])).toEqual([
      ['alice', undefined],
      ['bob', undefined],
    ]);
    // A service the group is not allowed has no entities.
    const ec2 = await iam.send(new GetServiceLastAccessedDetailsWithEntitiesCommand({ JobId: jobId, ServiceNamespace: 'ec2' }));
    expect(ec2.EntityDetailsList).toEqual([]);

    const first = await iam.send(new GetServiceLastAccessedDetailsWithEntitiesCommand({ JobId: jobId, ServiceNamespace: 'IAM', MaxItems: 1 }));
    expect(first.EntityDetailsList!.map((e) => e.EntityInfo!.Name)).toEqual(['bob']);
    expect(first.IsTruncated).toBe(true);
    const rest = await iam.send(new GetServiceLastAccessedDetailsWithEntitiesCommand({ JobId: jobId, ServiceNamespace: 'iam', MaxItems: 1, Marker: first.Marker! }));
    expect(rest.EntityDetailsList!.map((e) => e.EntityInfo!.Name)).toEqual(['alice']);
    expect(rest.IsTruncated).toBe(false);
  });

  it('counts a role session for the role, named by the role ARN', async () => {
    const jobId = await generate(arn('role/app-role'), 'ACTION_LEVEL');
    const r = await iam.send(new GetServiceLastAccessedDetailsCommand({ JobId: jobId }));
    expect(r.ServicesLastAccessed!.map((s) => s.ServiceNamespace)).toEqual(['dynamodb', 'iam']);
    expect(service(r, 'iam')).toEqual({
      ServiceName: IAM_NAME,
      ServiceNamespace: 'iam',
      LastAuthenticated: second(at['role-list-roles']!),
      LastAuthenticatedEntity: arn('role/app-role'),
      LastAuthenticatedRegion: 'ap-southeast-2',
      TotalAuthenticatedEntities: 1,
      TrackedActionsLastAccessed: [
        { ActionName: 'GetGroup' },
        { ActionName: 'ListGroups' },
        { ActionName: 'ListRoles', LastAccessedEntity: arn('role/app-role'), LastAccessedTime: second(at['role-list-roles']!), LastAccessedRegion: 'ap-southeast-2' },
      ],
    });
    const entities = await iam.send(new GetServiceLastAccessedDetailsWithEntitiesCommand({ JobId: jobId, ServiceNamespace: 'iam' }));
    expect(entities.EntityDetailsList).toEqual([
      { EntityInfo: { Arn: arn('role/app-role'), Name: 'app-role', Type: 'ROLE', Id: ids['app-role'], Path: '/' }, LastAuthenticated: second(at['role-list-roles']!) },
    ]);
  });

  it('reports a managed policy over every user and role that has it, directly or through a group', async () => {
    const jobId = await generate(DEV_TOOLS, 'ACTION_LEVEL');
    const r = await iam.send(new GetServiceLastAccessedDetailsCommand({ JobId: jobId }));
    expect(r.ServicesLastAccessed!.map((s) => s.ServiceNamespace)).toEqual(['dynamodb', 'iam']);
    expect(service(r, 'iam')).toMatchObject({
      LastAuthenticated: second(at['role-list-roles']!),
      LastAuthenticatedEntity: arn('role/app-role'),
      TotalAuthenticatedEntities: 3,
      TrackedActionsLastAccessed: [{ ActionName: 'GetGroup' }, { ActionName: 'ListGroups', LastAccessedEntity: arn('user/bob'), LastAccessedTime: second(at['bob-list-groups']!) }],
    });
    expect(service(r, 'dynamodb')).toEqual({ ServiceName: 'Amazon DynamoDB', ServiceNamespace: 'dynamodb', TotalAuthenticatedEntities: 0 });
    const entities = await iam.send(new GetServiceLastAccessedDetailsWithEntitiesCommand({ JobId: jobId, ServiceNamespace: 'iam' }));
    expect(entities.EntityDetailsList!.map((e) => [e.EntityInfo!.Type, e.EntityInfo!.Name])).toEqual([
      ['ROLE', 'app-role'],
      ['USER', 'bob'],
      ['USER', 'alice'],
    ]);
    // An AWS managed policy: AdministratorAccess, held by the bootstrap admin through Administrators.
    const adminJob = await generate('arn:aws:iam::aws:policy/AdministratorAccess');
    const firstPage = await iam.send(new GetServiceLastAccessedDetailsCommand({ JobId: adminJob }));
    expect(firstPage.ServicesLastAccessed).toHaveLength(100);
    expect(firstPage.IsTruncated).toBe(true);
    const admin = await iam.send(new GetServiceLastAccessedDetailsCommand({ JobId: adminJob, MaxItems: 1000 }));
    expect(admin.ServicesLastAccessed!.length).toBeGreaterThan(300);
    expect(admin.IsTruncated).toBe(false);
    expect(service(admin, 'iam')).toMatchObject({ LastAuthenticatedEntity: arn('user/admin'), TotalAuthenticatedEntities: 1 });
  });

  it('pages the services with MaxItems and Marker', async () => {
    const jobId = await generate(arn('user/alice'));
    const seen: string[] = [];
    let marker: string | undefined;
    let pages = 0;
    do {
      const page = await iam.send(new GetServiceLastAccessedDetailsCommand({ JobId: jobId, MaxItems: 2, ...(marker ? { Marker: marker } : {}) }));
      seen.push(...page.ServicesLastAccessed!.map((s) => s.ServiceNamespace!));
      expect(page.ServicesLastAccessed!.length).toBeLessThanOrEqual(2);
      marker = page.IsTruncated ? page.Marker : undefined;
      if (page.IsTruncated) expect(page.Marker).toBeTruthy();
      pages++;
    } while (marker);
    expect(pages).toBe(3);
    expect(seen).toEqual(['dynamodb', 'ec2', 'iam', 's3', 'sts']);
    await expect(iam.send(new GetServiceLastAccessedDetailsCommand({ JobId: jobId, Marker: 'not-a-marker' }))).rejects.toMatchObject({ name: 'InvalidInputException' });
  });

  it('lists the policies granting each service, for a user (with its groups), a group and a role', async () => {
    const forAlice = await iam.send(new ListPoliciesGrantingServiceAccessCommand({ Arn: arn('user/alice'), ServiceNamespaces: ['iam', 's3', 'ec2', 'kms'] }));
    expect(forAlice).toMatchObject({ IsTruncated: false });
    expect(forAlice.PoliciesGrantingServiceAccess).toEqual([
      {
        ServiceNamespace: 'iam',
        Policies: [
          { PolicyName: 'DevTools', PolicyType: 'MANAGED', PolicyArn: DEV_TOOLS },
          { PolicyName: 'alice-inline', PolicyType: 'INLINE', EntityType: 'USER', EntityName: 'alice' },
        ],
      },
      { ServiceNamespace: 's3', Policies: [{ PolicyName: 'devs-inline', PolicyType: 'INLINE', EntityType: 'GROUP', EntityName: 'devs' }] },
      { ServiceNamespace: 'ec2', Policies: [{ PolicyName: 'alice-inline', PolicyType: 'INLINE', EntityType: 'USER', EntityName: 'alice' }] },
      { ServiceNamespace: 'kms', Policies: [] },
    ]);
    // A group's list holds only its own policies.
    const forDevs = await iam.send(new ListPoliciesGrantingServiceAccessCommand({ Arn: arn('group/devs'), ServiceNamespaces: ['ec2', 'iam'] }));
    expect(forDevs.PoliciesGrantingServiceAccess).toEqual([
      { ServiceNamespace: 'ec2', Policies: [] },
      { ServiceNamespace: 'iam', Policies: [{ PolicyName: 'DevTools', PolicyType: 'MANAGED', PolicyArn: DEV_TOOLS }] },
    ]);
    const forRole = await iam.send(new ListPoliciesGrantingServiceAccessCommand({ Arn: arn('role/app-role'), ServiceNamespaces: ['iam'] }));
    expect(forRole.PoliciesGrantingServiceAccess![0]!.Policies).toEqual([
      { PolicyName: 'DevTools', PolicyType: 'MANAGED', PolicyArn: DEV_TOOLS },
      { PolicyName: 'app-inline', PolicyType: 'INLINE', EntityType: 'ROLE', EntityName: 'app-role' },
    ]);
    const forAdmin = await iam.send(new ListPoliciesGrantingServiceAccessCommand({ Arn: arn('user/admin'), ServiceNamespaces: ['s3'] }));
    expect(forAdmin.PoliciesGrantingServiceAccess![0]!.Policies).toEqual([
      { PolicyName: 'AdministratorAccess', PolicyType: 'MANAGED', PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' },
    ]);
    await expect(iam.send(new ListPoliciesGrantingServiceAccessCommand({ Arn: DEV_TOOLS, ServiceNamespaces: ['iam'] }))).rejects.toMatchObject({
      name: 'InvalidInputException',
      message: expect.stringContaining(`ARN ${DEV_TOOLS} is not valid.`),
    });
  });

  it("answers bad ARNs, missing entities and other callers' jobs with IAM's errors", async () => {
    for (const bad of [arn('instance-profile/web'), 'arn:aws:s3:::photos-bucket', arn('user/')]) {
      await expect(iam.send(new GenerateServiceLastAccessedDetailsCommand({ Arn: bad }))).rejects.toMatchObject({
        name: 'InvalidInputException',
        $metadata: { httpStatusCode: 400 },
        message: expect.stringContaining(`ARN ${bad} is not valid.`),
      });
    }
    const missing: [string, string][] = [
      [arn('user/ghost'), 'The user with name ghost cannot be found.'],
      [arn('user/other/alice'), 'The user with name alice cannot be found.'],
      [arn('group/nobody'), 'The group with name nobody cannot be found.'],
      [arn('role/nothing'), 'The role with name nothing cannot be found.'],
      [arn('policy/Missing'), `Policy ${arn('policy/Missing')} does not exist or is not attachable.`],
    ];
    for (const [entityArn, message] of missing) {
      await expect(iam.send(new GenerateServiceLastAccessedDetailsCommand({ Arn: entityArn })), entityArn).rejects.toMatchObject({
        name: 'NoSuchEntityException',
        $metadata: { httpStatusCode: 404 },
        message,
      });
    }
    // Another account's entity is another account's resource: no policy of its grants access.
    await expect(iam.send(new GenerateServiceLastAccessedDetailsCommand({ Arn: 'arn:aws:iam::210987654321:user/alice' }))).rejects.toMatchObject({
      name: 'AccessDenied',
      message: expect.stringContaining('on resource: arn:aws:iam::210987654321:user/alice'),
    });
    await expect(iam.send(new GenerateServiceLastAccessedDetailsCommand({ Arn: arn('user/alice'), Granularity: 'HOURLY' as 'ACTION_LEVEL' }))).rejects.toMatchObject({
      name: 'ValidationError',
    });
    const tooMany = Array.from({ length: 201 }, (_, i) => `svc${i}`);
    await expect(iam.send(new ListPoliciesGrantingServiceAccessCommand({ Arn: arn('user/alice'), ServiceNamespaces: tooMany }))).rejects.toMatchObject({ name: 'ValidationError' });
    await expect(iam.send(new ListPoliciesGrantingServiceAccessCommand({ Arn: arn('user/alice'), ServiceNamespaces: ['s3!'] }))).rejects.toMatchObject({ name: 'ValidationError' });
    await expect(iam.send(new GetServiceLastAccessedDetailsCommand({ JobId: '00000000-0000-4000-8000-000000000000' }))).rejects.toMatchObject({
      name: 'NoSuchEntityException',
      message: expect.stringContaining('No report with JobId 00000000-0000-4000-8000-000000000000'),
    });

    // A report is the generating caller's alone.
    const auditor = iamAs(keys.auditor!);
    const jobId = await generate(arn('user/bob'), undefined, auditor);
    const own = await auditor.send(new GetServiceLastAccessedDetailsCommand({ JobId: jobId }));
    expect(own.ServicesLastAccessed!.map((s) => s.ServiceNamespace)).toEqual(['dynamodb', 'iam', 's3', 'sts']);
    await expect(iam.send(new GetServiceLastAccessedDetailsCommand({ JobId: jobId }))).rejects.toMatchObject({ name: 'NoSuchEntityException' });
    await expect(iam.send(new GetServiceLastAccessedDetailsWithEntitiesCommand({ JobId: jobId, ServiceNamespace: 'iam' }))).rejects.toMatchObject({ name: 'NoSuchEntityException' });
  });

  it('requires iam:GenerateServiceLastAccessedDetails on the entity and iam:ListPoliciesGrantingServiceAccess on the identity', async () => {
    const bob = iamAs(keys.bob!);
    await expect(bob.send(new GenerateServiceLastAccessedDetailsCommand({ Arn: arn('user/alice') }))).rejects.toMatchObject({
      name: 'AccessDenied',
      message: expect.stringContaining(`User: ${arn('user/bob')} is not authorized to perform: iam:GenerateServiceLastAccessedDetails on resource: ${arn('user/alice')}`),
    });
    await expect(bob.send(new ListPoliciesGrantingServiceAccessCommand({ Arn: arn('group/devs'), ServiceNamespaces: ['iam'] }))).rejects.toMatchObject({
      name: 'AccessDenied',
      message: expect.stringContaining(`iam:ListPoliciesGrantingServiceAccess on resource: ${arn('group/devs')}`),
    });
    await expect(bob.send(new GetServiceLastAccessedDetailsCommand({ JobId: '00000000-0000-4000-8000-000000000000' }))).rejects.toMatchObject({
      name: 'AccessDenied',
      message: expect.stringContaining('iam:GetServiceLastAccessedDetails on resource: *'),
    });
  });

  it("keeps an access key's last use to the exact second, with its service and region", async () => {
    await user('carol');
    const base = Math.floor(Date.now() / 1000) * 1000 + 60_000;
    await step('carol-1', base + 500, () => stsAs(keys.carol!).send(new GetCallerIdentityCommand({})));
    let { AccessKeyLastUsed } = await iam.send(new GetAccessKeyLastUsedCommand({ AccessKeyId: keys.carol!.accessKeyId }));
    expect(AccessKeyLastUsed).toEqual({ LastUsedDate: new Date(base), ServiceName: 'sts', Region: 'us-east-1' });
    // 700 ms later, same service and region, in the next second: the second reported is the new one.
    await step('carol-2', base + 1200, () => stsAs(keys.carol!).send(new GetCallerIdentityCommand({})));
    ({ AccessKeyLastUsed } = await iam.send(new GetAccessKeyLastUsedCommand({ AccessKeyId: keys.carol!.accessKeyId })));
    expect(AccessKeyLastUsed).toEqual({ LastUsedDate: new Date(base + 1000), ServiceName: 'sts', Region: 'us-east-1' });
    await step('carol-3', base + 1900, () => stsAs(keys.carol!, 'eu-west-1').send(new GetCallerIdentityCommand({})));
    ({ AccessKeyLastUsed } = await iam.send(new GetAccessKeyLastUsedCommand({ AccessKeyId: keys.carol!.accessKeyId })));
    expect(AccessKeyLastUsed).toEqual({ LastUsedDate: new Date(base + 1000), ServiceName: 'sts', Region: 'eu-west-1' });
    await step('carol-4', base + 2100, () => iamAs(keys.carol!, 'eu-west-1').send(new ListUsersCommand({})).catch((e: Error) => e));
    ({ AccessKeyLastUsed } = await iam.send(new GetAccessKeyLastUsedCommand({ AccessKeyId: keys.carol!.accessKeyId })));
    // A refused call is still a use of the key.
    expect(AccessKeyLastUsed).toEqual({ LastUsedDate: new Date(base + 2000), ServiceName: 'iam', Region: 'eu-west-1' });
  });

  it('keeps the password last used to the second', async () => {
    await recordPasswordUse(t.testStore.store.db, ids.bob!, new Date('2025-02-03T04:05:06.789Z'));
    const { User } = await iam.send(new GetUserCommand({ UserName: 'bob' }));
    expect(User!.PasswordLastUsed).toEqual(new Date('2025-02-03T04:05:06.000Z'));
  });

  it('counts a refused IAM call as an attempt, like an allowed one', async () => {
    // bob may list groups (devs' DevTools) but not delete users; the attempt still counts.
    // (A few seconds ahead: earlier tests' refused calls by bob count too.)
    const attempt = Math.floor(Date.now() / 1000) * 1000 + 5_250;
    await step('bob-delete-user', attempt, () => expect(iamAs(keys.bob!, 'eu-north-1').send(new DeleteUserCommand({ UserName: 'alice' }))).rejects.toMatchObject({ name: 'AccessDenied' }));
    const r = await report(arn('user/bob'));
    expect(service(r, 'iam')).toMatchObject({ LastAuthenticated: second(attempt), LastAuthenticatedRegion: 'eu-north-1', LastAuthenticatedEntity: arn('user/bob') });
  });
});
