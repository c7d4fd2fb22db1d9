import { LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import { CreateUserCommand, GetUserCommand, ListUsersCommand } from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../support/backends.js';
import { startTestServer, TEST_ACCOUNT_ID, type TestServer } from '../support/server.js';
import { ConsoleBrowser } from './console-client.js';
import { consoleUser, latestEvent, PASSWORD, RELAXED_GUARD } from './setup.js';

describe.each(await backends())('the console proxy to IAM, STS and CloudTrail on %s', (backend) => {
  let t: TestServer;
  let alice: ConsoleBrowser;

  beforeAll(async () => {
    t = await startTestServer(backend, { console: RELAXED_GUARD });
    await consoleUser(t, 'alice', { admin: true });
    await consoleUser(t, 'nemo');
    alice = new ConsoleBrowser(t.server.url);
    await alice.signIn({ account: TEST_ACCOUNT_ID, userName: 'alice', password: PASSWORD });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('runs IAM calls as the signed-in user and records them with that user, without an access key', async () => {
    const iam = alice.iam();
    const { User } = await iam.send(new CreateUserCommand({ UserName: 'made-in-console', Tags: [{ Key: 'team', Value: 'web' }] }));
    expect(User).toMatchObject({ UserName: 'made-in-console', Arn: `arn:aws:iam::${TEST_ACCOUNT_ID}:user/made-in-console` });
    const record = await latestEvent(t, 'CreateUser');
    expect(record).toMatchObject({
      eventSource: 'iam.amazonaws.com',
      sourceIPAddress: '127.0.0.1',
      requestParameters: { userName: 'made-in-console' },
      userIdentity: { type: 'IAMUser', arn: `arn:aws:iam::${TEST_ACCOUNT_ID}:user/alice`, userName: 'alice', sessionContext: { attributes: { mfaAuthenticated: 'false' } } },
    });
    expect(record!.userIdentity).not.toHaveProperty('accessKeyId');
    // Wrong input comes back as the SDK's usual exception.
    await expect(iam.send(new CreateUserCommand({ UserName: 'bad name!' }))).rejects.toMatchObject({ name: 'ValidationError', $metadata: { httpStatusCode: 400 } });
    iam.destroy();
  });

  it('answers STS as the signed-in user', async () => {
    const sts = alice.sts();
    const me = await sts.send(new GetCallerIdentityCommand({}));
    expect(me).toMatchObject({ Account: TEST_ACCOUNT_ID, Arn: `arn:aws:iam::${TEST_ACCOUNT_ID}:user/alice`, UserId: expect.stringMatching(/^AIDA/) });
    sts.destroy();
  });

  it('refuses by policy what the signed-in user may not do', async () => {
    const nemo = new ConsoleBrowser(t.server.url);
    await nemo.signIn({ account: TEST_ACCOUNT_ID, userName: 'nemo', password: PASSWORD });
    const iam = nemo.iam();
    await expect(iam.send(new ListUsersCommand({}))).rejects.toMatchObject({
      name: 'AccessDenied',
      message: expect.stringContaining(`User: arn:aws:iam::${TEST_ACCOUNT_ID}:user/nemo is not authorized to perform: iam:ListUsers`),
      $metadata: { httpStatusCode: 403 },
    });
    // GetUser on oneself is no exception in IAM either.
    await expect(iam.send(new GetUserCommand({}))).rejects.toMatchObject({ name: 'AccessDenied' });
    iam.destroy();
    expect(await latestEvent(t, 'ListUsers')).toMatchObject({ userIdentity: { userName: 'nemo' }, errorCode: 'AccessDenied' });
  });

  it('looks events up through CloudTrail, the JSON protocol', async () => {
    const trail = alice.cloudtrail();
    const { Events } = await trail.send(new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: 'ResourceName', AttributeValue: 'made-in-console' }] }));
    expect(Events?.map((e) => e.EventName)).toContain('CreateUser');
    expect(Events?.find((e) => e.EventName === 'CreateUser')?.Username).toBe('alice');
    trail.destroy();
  });

  it('lets the root user in with everything', async () => {
    const root = new ConsoleBrowser(t.server.url);
    await root.signIn({ email: t.admin.rootEmail, password: t.admin.rootPassword });
    const iam = root.iam();
    const { Users } = await iam.send(new ListUsersCommand({}));
    expect(Users?.map((u) => u.UserName)).toEqual(expect.arrayContaining(['alice', 'nemo']));
    iam.destroy();
    expect(await latestEvent(t, 'ListUsers')).toMatchObject({ userIdentity: { type: 'Root', arn: `arn:aws:iam::${TEST_ACCOUNT_ID}:root` } });
  });

  it('refuses a call without the CSRF header or without a session, in the service\'s own error shape', async () => {
    const noCsrf = new ConsoleBrowser(t.server.url);
    await noCsrf.signIn({ account: TEST_ACCOUNT_ID, userName: 'alice', password: PASSWORD });
    noCsrf.csrfToken = undefined;
    const iam = noCsrf.iam();
    await expect(iam.send(new ListUsersCommand({}))).rejects.toMatchObject({ name: 'InvalidCsrfToken', $metadata: { httpStatusCode: 403 } });
    iam.destroy();
    const trail = noCsrf.cloudtrail();
    await expect(trail.send(new LookupEventsCommand({}))).rejects.toMatchObject({ name: 'InvalidCsrfToken', $metadata: { httpStatusCode: 403 } });
    trail.destroy();

    const stranger = new ConsoleBrowser(t.server.url).iam();
    await expect(stranger.send(new ListUsersCommand({}))).rejects.toMatchObject({ name: 'NotSignedIn', $metadata: { httpStatusCode: 401 } });
    stranger.destroy();
    // A state-changing GET never reaches IAM through the console.
    const get = await alice.request('GET', '/console-api/aws/iam?Action=CreateUser&UserName=via-get');
    expect(get.status).toBe(405);
    expect(get.text).toContain('<Code>MethodNotAllowed</Code>');
  });

  it('serves the Security Status checklist as the signed-in user', async () => {
    const status = await alice.request('GET', '/console-api/security-status');
    expect(status.status).toBe(200);
    expect(status.body.checks).toEqual(expect.arrayContaining([expect.objectContaining({ id: expect.any(String), status: expect.stringMatching(/^(pass|fail)$/) })]));
    const nemo = new ConsoleBrowser(t.server.url);
    await nemo.signIn({ account: TEST_ACCOUNT_ID, userName: 'nemo', password: PASSWORD });
    const refused = await nemo.request('GET', '/console-api/security-status');
    expect(refused.status).toBe(403);
    expect(refused.body.message).toContain('is not authorized to perform');
  });
});
