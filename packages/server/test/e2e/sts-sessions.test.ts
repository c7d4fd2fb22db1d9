import { CreateAccessKeyCommand, CreateUserCommand, DeleteAccessKeyCommand, DeleteUserCommand, ListUsersCommand } from '@aws-sdk/client-iam';
import { GetAccessKeyInfoCommand, GetCallerIdentityCommand, GetFederationTokenCommand, GetSessionTokenCommand, STSClient } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../support/backends.js';
import { startTestServer, TEST_ACCOUNT_ID, type TestServer } from '../support/server.js';

describe.each(await backends())('STS session credentials on %s', (backend) => {
  let t: TestServer;
  let sts: STSClient;
  const clients: { destroy(): void }[] = [];
  beforeAll(async () => {
    t = await startTestServer(backend);
    sts = t.sts();
  });
  afterAll(async () => {
    for (const c of clients) c.destroy();
    sts?.destroy();
    await t?.close();
  });

  async function session(durationSeconds?: number) {
    const { Credentials } = await sts.send(new GetSessionTokenCommand(durationSeconds ? { DurationSeconds: durationSeconds } : {}));
    return { accessKeyId: Credentials!.AccessKeyId!, secretAccessKey: Credentials!.SecretAccessKey!, sessionToken: Credentials!.SessionToken!, expiration: Credentials!.Expiration! };
  }

  it('issues ASIA credentials that act as the caller and expire when they say', async () => {
    const now = Date.now();
    const creds = await session(900);
    expect(creds.accessKeyId).toMatch(/^ASIA[A-Z2-7]{16}$/);
    expect(creds.secretAccessKey).toMatch(/^[A-Za-z0-9+/]{40}$/);
    expect(creds.expiration.getTime()).toBeGreaterThanOrEqual(now + 899_000);
    expect(creds.expiration.getTime()).toBeLessThanOrEqual(now + 901_000);
    const asSession = t.sts(creds);
    clients.push(asSession);
    expect(await asSession.send(new GetCallerIdentityCommand({}))).toMatchObject({ Account: TEST_ACCOUNT_ID, Arn: `arn:aws:iam::${TEST_ACCOUNT_ID}:user/admin` });
    expect((await sts.send(new GetAccessKeyInfoCommand({ AccessKeyId: creds.accessKeyId }))).Account).toBe(TEST_ACCOUNT_ID);

    // Move both clocks past the expiry, so the request is signed in time but the token is stale.
    const offset = creds.expiration.getTime() + 1000 - Date.now();
    t.setClock(() => new Date(Date.now() + offset));
    const later = new STSClient({ endpoint: t.server.url, region: 'us-east-1', credentials: creds, maxAttempts: 1, systemClockOffset: offset });
    clients.push(later);
    try {
      await expect(later.send(new GetCallerIdentityCommand({}))).rejects.toMatchObject({
        name: 'ExpiredToken',
        message: 'The security token included in the request is expired',
        $metadata: { httpStatusCode: 400 },
      });
    } finally {
      t.setClock(() => new Date());
    }
  });

  it('refuses a tampered or missing session token', async () => {
    const creds = await session();
    const flipped = creds.sessionToken.slice(0, -2) + (creds.sessionToken.endsWith('A=') ? 'B=' : 'A=');
    const tampered = t.sts({ ...creds, sessionToken: flipped });
    const missing = t.sts({ accessKeyId: creds.accessKeyId, secretAccessKey: creds.secretAccessKey });
    clients.push(tampered, missing);
    for (const client of [tampered, missing]) {
      await expect(client.send(new GetCallerIdentityCommand({}))).rejects.toMatchObject({
        name: 'InvalidClientTokenId',
        message: 'The security token included in the request is invalid.',
      });
    }
  });

  it('does not let session credentials without MFA call IAM or mint more sessions', async () => {
    const creds = await session();
    const iam = t.iam(creds);
    const asSession = t.sts(creds);
    clients.push(iam, asSession);
    await expect(iam.send(new ListUsersCommand({}))).rejects.toMatchObject({ name: 'AccessDenied', message: expect.stringContaining('need MFA') });
    await expect(asSession.send(new GetSessionTokenCommand({}))).rejects.toMatchObject({ name: 'AccessDenied' });
  });

  it('federates a user whose permissions are narrowed by the session policy', async () => {
    const policy = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'iam:ListUsers', Resource: '*' }] });
    const out = await sts.send(new GetFederationTokenCommand({ Name: 'partner', Policy: policy, DurationSeconds: 3600 }));
    expect(out.FederatedUser).toEqual({ FederatedUserId: `${TEST_ACCOUNT_ID}:partner`, Arn: `arn:aws:sts::${TEST_ACCOUNT_ID}:federated-user/partner` });
    expect(out.PackedPolicySize).toBeGreaterThan(0);
    const creds = { accessKeyId: out.Credentials!.AccessKeyId!, secretAccessKey: out.Credentials!.SecretAccessKey!, sessionToken: out.Credentials!.SessionToken! };
    const fedSts = t.sts(creds);
    const fedIam = t.iam(creds);
    clients.push(fedSts, fedIam);
    expect(await fedSts.send(new GetCallerIdentityCommand({}))).toMatchObject({ UserId: `${TEST_ACCOUNT_ID}:partner`, Arn: `arn:aws:sts::${TEST_ACCOUNT_ID}:federated-user/partner` });
    // Federated credentials call no IAM action at all, whatever their policies say (as in AWS).
    await expect(fedIam.send(new ListUsersCommand({}))).rejects.toMatchObject({
      name: 'AccessDenied',
      message: expect.stringContaining(`arn:aws:sts::${TEST_ACCOUNT_ID}:federated-user/partner is not authorized to perform: iam:ListUsers`),
    });
    await expect(fedSts.send(new GetSessionTokenCommand({}))).rejects.toMatchObject({ name: 'AccessDenied' });

    const bare = await sts.send(new GetFederationTokenCommand({ Name: 'bare' }));
    const bareIam = t.iam({ accessKeyId: bare.Credentials!.AccessKeyId!, secretAccessKey: bare.Credentials!.SecretAccessKey!, sessionToken: bare.Credentials!.SessionToken! });
    clients.push(bareIam);
    await expect(bareIam.send(new ListUsersCommand({}))).rejects.toMatchObject({ name: 'AccessDenied' });
    await expect(sts.send(new GetFederationTokenCommand({ Name: 'broken', Policy: '{"Statement":"nope"}' }))).rejects.toMatchObject({ name: 'MalformedPolicyDocumentException' });
  });

  it("ends a deleted user's sessions instead of letting them act as anyone else", async () => {
    const admin = t.iam();
    clients.push(admin);
    await admin.send(new CreateUserCommand({ UserName: 'leaver' }));
    const key = await admin.send(new CreateAccessKeyCommand({ UserName: 'leaver' }));
    const leaverSts = t.sts({ accessKeyId: key.AccessKey!.AccessKeyId!, secretAccessKey: key.AccessKey!.SecretAccessKey! });
    clients.push(leaverSts);
    const { Credentials: c } = await leaverSts.send(new GetSessionTokenCommand({}));
    const session = t.sts({ accessKeyId: c!.AccessKeyId!, secretAccessKey: c!.SecretAccessKey!, sessionToken: c!.SessionToken! });
    clients.push(session);
    expect((await session.send(new GetCallerIdentityCommand({}))).Arn).toBe(`arn:aws:iam::${TEST_ACCOUNT_ID}:user/leaver`);
    await admin.send(new DeleteAccessKeyCommand({ UserName: 'leaver', AccessKeyId: key.AccessKey!.AccessKeyId! }));
    await admin.send(new DeleteUserCommand({ UserName: 'leaver' }));
    await expect(session.send(new GetCallerIdentityCommand({}))).rejects.toMatchObject({ name: 'InvalidClientTokenId' });
  });

  it('keeps DurationSeconds within 900 and 129,600 seconds', async () => {
    await expect(sts.send(new GetSessionTokenCommand({ DurationSeconds: 899 }))).rejects.toMatchObject({ name: 'ValidationError' });
    await expect(sts.send(new GetSessionTokenCommand({ DurationSeconds: 129_601 }))).rejects.toMatchObject({ name: 'ValidationError' });
  });
});
