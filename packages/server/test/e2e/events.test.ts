import { createHash } from 'node:crypto';
import { LookupEventsCommand, type CloudTrailClient, type Event } from '@aws-sdk/client-cloudtrail';
import {
  CreateAccessKeyCommand,
  CreateLoginProfileCommand,
  CreateUserCommand,
  GetUserCommand,
  ListUsersCommand,
  PutUserPolicyCommand,
  type IAMClient,
} from '@aws-sdk/client-iam';
import { AssumeRoleCommand, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { CreateRoleCommand } from '@aws-sdk/client-iam';
import { createAuthorizer, type ForwardedRequest } from '@gatehouse/client';
import { Hash } from '@smithy/hash-node';
import { SignatureV4 } from '@smithy/signature-v4';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../support/backends.js';
import { startTestServer, TEST_ACCOUNT_ID, type TestServer } from '../support/server.js';

interface Recorded {
  eventVersion: string;
  userIdentity: { type: string; principalId: string; arn: string; accountId: string; accessKeyId?: string; userName?: string; sessionContext?: { sessionIssuer?: { type: string; userName: string }; attributes: { mfaAuthenticated: string } } };
  eventTime: string;
  eventSource: string;
  eventName: string;
  awsRegion: string;
  sourceIPAddress: string;
  userAgent: string;
  requestParameters: Record<string, unknown> | null;
  responseElements: Record<string, unknown> | null;
  errorCode?: string;
  errorMessage?: string;
  requestID: string;
  eventID: string;
  readOnly: boolean;
  eventType: string;
  managementEvent: boolean;
  recipientAccountId: string;
}

const recordOf = (e: Event): Recorded => JSON.parse(e.CloudTrailEvent!) as Recorded;

describe.each(await backends())('event history through CloudTrail LookupEvents on %s', (backend) => {
  let t: TestServer;
  let iam: IAMClient;
  let trail: CloudTrailClient;
  let alice: { accessKeyId: string; secretAccessKey: string };

  const lookup = async (key?: string, value?: string, extra: { MaxResults?: number; NextToken?: string; StartTime?: Date; EndTime?: Date } = {}) =>
    trail.send(new LookupEventsCommand({ ...(key ? { LookupAttributes: [{ AttributeKey: key as 'Username', AttributeValue: value! }] } : {}), ...extra }));

  beforeAll(async () => {
    t = await startTestServer(backend);
    iam = t.iam();
    trail = t.cloudtrail();
    await iam.send(new CreateUserCommand({ UserName: 'alice' }));
    await iam.send(new CreateLoginProfileCommand({ UserName: 'alice', Password: 'Correct-Horse-9-battery' }));
    const { AccessKey } = await iam.send(new CreateAccessKeyCommand({ UserName: 'alice' }));
    alice = { accessKeyId: AccessKey!.AccessKeyId!, secretAccessKey: AccessKey!.SecretAccessKey! };
    await iam.send(new PutUserPolicyCommand({ UserName: 'alice', PolicyName: 'read', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['iam:GetUser', 'sts:AssumeRole'], Resource: '*' }] }) }));
  });
  afterAll(async () => {
    iam?.destroy();
    trail?.destroy();
    await t?.close();
  });

  it('records a write with its parameters and response, secrets removed', async () => {
    const { Events } = await lookup('EventName', 'CreateAccessKey');
    expect(Events).toHaveLength(1);
    const e = Events![0]!;
    expect(e).toMatchObject({ EventName: 'CreateAccessKey', EventSource: 'iam.amazonaws.com', ReadOnly: 'false', Username: 'admin', AccessKeyId: t.admin.accessKeyId });
    expect(e.Resources).toEqual(expect.arrayContaining([{ ResourceType: 'AWS::IAM::User', ResourceName: 'alice' }, { ResourceType: 'AWS::IAM::AccessKey', ResourceName: alice.accessKeyId }]));
    const r = recordOf(e);
    expect(r).toMatchObject({
      eventVersion: '1.10',
      userIdentity: { type: 'IAMUser', userName: 'admin', accountId: TEST_ACCOUNT_ID, accessKeyId: t.admin.accessKeyId, arn: `arn:aws:iam::${TEST_ACCOUNT_ID}:user/admin` },
      eventSource: 'iam.amazonaws.com',
      eventName: 'CreateAccessKey',
      awsRegion: 'us-east-1',
      sourceIPAddress: '127.0.0.1',
      requestParameters: { userName: 'alice' },
      responseElements: { accessKey: { userName: 'alice', accessKeyId: alice.accessKeyId, status: 'Active' } },
      readOnly: false,
      eventType: 'AwsApiCall',
      managementEvent: true,
      recipientAccountId: TEST_ACCOUNT_ID,
    });
    expect(r.userAgent).toContain('aws-sdk-js');
    expect(r.eventTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(e.CloudTrailEvent).not.toContain(alice.secretAccessKey);
    expect((r.responseElements as { accessKey: Record<string, unknown> }).accessKey.secretAccessKey).toBe('HIDDEN_DUE_TO_SECURITY_REASONS');

    const [profile] = (await lookup('EventName', 'CreateLoginProfile')).Events!;
    expect(profile!.CloudTrailEvent).not.toContain('Correct-Horse-9-battery');
    expect(recordOf(profile!).requestParameters).toMatchObject({ userName: 'alice', password: 'HIDDEN_DUE_TO_SECURITY_REASONS' });
  });

  it('records reads without a response, denials with their error, and STS sessions', async () => {
    const asAlice = t.iam(alice);
    await asAlice.send(new GetUserCommand({}));
    await expect(asAlice.send(new ListUsersCommand({}))).rejects.toMatchObject({ name: 'AccessDenied' });
    await expect(asAlice.send(new GetUserCommand({ UserName: 'nobody' }))).rejects.toMatchObject({ name: 'NoSuchEntityException' });
    asAlice.destroy();

    const { Events } = await lookup('Username', 'alice');
    const names = Events!.map((e) => e.EventName);
    expect(names.slice(0, 3)).toEqual(['GetUser', 'ListUsers', 'GetUser']);
    const [missing, denied, read] = Events!.map(recordOf);
    expect(read).toMatchObject({ eventName: 'GetUser', readOnly: true, responseElements: null, requestParameters: null, userIdentity: { type: 'IAMUser', userName: 'alice', accessKeyId: alice.accessKeyId } });
    expect(read!.errorCode).toBeUndefined();
    expect(denied).toMatchObject({ eventName: 'ListUsers', errorCode: 'AccessDenied', responseElements: null });
    expect(denied!.errorMessage).toContain('is not authorized to perform: iam:ListUsers');
    expect(missing).toMatchObject({ eventName: 'GetUser', errorCode: 'NoSuchEntityException', requestParameters: { userName: 'nobody' } });

    await iam.send(
      new CreateRoleCommand({
        RoleName: 'auditor',
        AssumeRolePolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${TEST_ACCOUNT_ID}:root` }, Action: 'sts:AssumeRole' }] }),
      }),
    );
    const sts = t.sts(alice);
    const { Credentials } = await sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${TEST_ACCOUNT_ID}:role/auditor`, RoleSessionName: 'night-shift' }));
    sts.destroy();
    const asRole = t.sts({ accessKeyId: Credentials!.AccessKeyId!, secretAccessKey: Credentials!.SecretAccessKey!, sessionToken: Credentials!.SessionToken! });
    await asRole.send(new GetCallerIdentityCommand({}));
    asRole.destroy();

    const [assume] = (await lookup('EventName', 'AssumeRole')).Events!;
    const assumed = recordOf(assume!);
    expect(assumed).toMatchObject({ eventSource: 'sts.amazonaws.com', readOnly: true, requestParameters: { roleArn: `arn:aws:iam::${TEST_ACCOUNT_ID}:role/auditor`, roleSessionName: 'night-shift' } });
    expect(assume!.CloudTrailEvent).not.toContain(Credentials!.SecretAccessKey!);
    expect(assume!.CloudTrailEvent).not.toContain(Credentials!.SessionToken!);

    const [who] = (await lookup('AccessKeyId', Credentials!.AccessKeyId!)).Events!;
    expect(who!.Username).toBe('night-shift');
    expect(recordOf(who!).userIdentity).toMatchObject({
      type: 'AssumedRole',
      arn: `arn:aws:sts::${TEST_ACCOUNT_ID}:assumed-role/auditor/night-shift`,
      sessionContext: { sessionIssuer: { type: 'Role', userName: 'auditor' }, attributes: { mfaAuthenticated: 'false' } },
    });
  });

  it('filters by every lookup attribute and pages newest first', async () => {
    const [created] = (await lookup('EventName', 'CreateUser')).Events!;
    expect((await lookup('EventId', created!.EventId!)).Events!.map((e) => e.EventId)).toEqual([created!.EventId]);
    expect((await lookup('ResourceName', 'alice')).Events!.length).toBeGreaterThanOrEqual(4);
    expect((await lookup('ResourceType', 'AWS::IAM::Role')).Events!.map((e) => e.EventName)).toContain('CreateRole');
    expect((await lookup('ReadOnly', 'false')).Events!.every((e) => e.ReadOnly === 'false')).toBe(true);
    expect((await lookup('EventSource', 'sts.amazonaws.com')).Events!.every((e) => e.EventSource === 'sts.amazonaws.com')).toBe(true);

    const all = (await lookup()).Events!;
    const times = all.map((e) => e.EventTime!.getTime());
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    const seen: string[] = [];
    let token: string | undefined;
    do {
      const page = await lookup(undefined, undefined, { MaxResults: 3, ...(token ? { NextToken: token } : {}) });
      expect(page.Events!.length).toBeLessThanOrEqual(3);
      seen.push(...page.Events!.map((e) => e.EventId!));
      token = page.NextToken;
    } while (token);
    // LookupEvents is itself recorded, so newer events appear as we page; the older ones do not move.
    expect(seen).toEqual(expect.arrayContaining(all.slice(2).map((e) => e.EventId!)));
    expect(new Set(seen).size).toBe(seen.length);

    const future = new Date(Date.now() + 3_600_000);
    expect((await lookup(undefined, undefined, { StartTime: future })).Events).toEqual([]);
  });

  it('answers bad lookups with CloudTrail errors', async () => {
    await expect(
      trail.send(new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: 'Username', AttributeValue: 'a' }, { AttributeKey: 'EventName', AttributeValue: 'b' }] })),
    ).rejects.toMatchObject({ name: 'InvalidLookupAttributesException' });
    await expect(lookup(undefined, undefined, { StartTime: new Date(2_000_000_000_000), EndTime: new Date(1_000_000_000_000) })).rejects.toMatchObject({ name: 'InvalidTimeRangeException' });
    await expect(lookup(undefined, undefined, { NextToken: 'nonsense' })).rejects.toMatchObject({ name: 'InvalidNextTokenException' });
    await expect(lookup('ReadOnly', 'maybe')).rejects.toMatchObject({ name: 'InvalidLookupAttributesException' });
    await expect(lookup(undefined, undefined, { MaxResults: 51 })).rejects.toMatchObject({ name: 'ValidationException' });
    const asAlice = t.cloudtrail(alice);
    await expect(asAlice.send(new LookupEventsCommand({}))).rejects.toMatchObject({ name: 'AccessDeniedException' });
    asAlice.destroy();
    const [denied] = (await lookup('EventSource', 'cloudtrail.amazonaws.com')).Events!.filter((e) => e.Username === 'alice');
    expect(recordOf(denied!)).toMatchObject({ eventName: 'LookupEvents', errorCode: 'AccessDeniedException' });
  });

  it('records calls other services authorize through the authorize API, in the end user\'s history', async () => {
    const authorizer = createAuthorizer({ endpoint: t.server.url, credentials: { accessKeyId: t.admin.accessKeyId, secretAccessKey: t.admin.secretAccessKey } });
    const signer = new SignatureV4({ service: 's3', region: 'eu-central-1', credentials: alice, sha256: Hash.bind(null, 'sha256'), uriEscapePath: false, applyChecksum: true });
    const signed = await signer.sign({ method: 'GET', protocol: 'https:', hostname: 'photos.s3.example', path: '/cat.jpg', query: {}, headers: { host: 'photos.s3.example', 'user-agent': 'photo-app/1.0' }, body: '' });
    const request: ForwardedRequest = { method: 'GET', path: signed.path, query: '', headers: Object.entries(signed.headers), payloadHash: createHash('sha256').update('').digest('hex') };
    const answer = await authorizer.authorize({ request, action: 's3:GetObject', resource: 'arn:aws:s3:::photos/cat.jpg', context: { 'aws:SourceIp': '203.0.113.7' } });
    authorizer.close();
    expect(answer).toMatchObject({ authenticated: true, decision: 'implicitDeny' });

    const [e] = (await lookup('EventSource', 's3.amazonaws.com')).Events!;
    expect(e).toMatchObject({ EventName: 'GetObject', Username: 'alice', AccessKeyId: alice.accessKeyId, ReadOnly: 'true', Resources: [{ ResourceType: 'Unknown', ResourceName: 'arn:aws:s3:::photos/cat.jpg' }] });
    expect(recordOf(e!)).toMatchObject({
      eventSource: 's3.amazonaws.com',
      awsRegion: 'eu-central-1',
      sourceIPAddress: '203.0.113.7',
      userAgent: 'photo-app/1.0',
      errorCode: 'AccessDenied',
      userIdentity: { type: 'IAMUser', userName: 'alice' },
      additionalEventData: { authorizedFor: `arn:aws:iam::${TEST_ACCOUNT_ID}:user/admin` },
    });
  });
});
