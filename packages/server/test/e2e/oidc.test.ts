import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  AddClientIDToOpenIDConnectProviderCommand,
  CreateOpenIDConnectProviderCommand,
  CreateRoleCommand,
  DeleteOpenIDConnectProviderCommand,
  GetOpenIDConnectProviderCommand,
  ListOpenIDConnectProvidersCommand,
  ListOpenIDConnectProviderTagsCommand,
  ListUsersCommand,
  PutRolePolicyCommand,
  RemoveClientIDFromOpenIDConnectProviderCommand,
  TagOpenIDConnectProviderCommand,
  UntagOpenIDConnectProviderCommand,
  UpdateOpenIDConnectProviderThumbprintCommand,
  type IAMClient,
} from '@aws-sdk/client-iam';
import { LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import { AssumeRoleWithWebIdentityCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWTPayload } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../support/backends.js';
import { startTestServer, TEST_ACCOUNT_ID, type TestServer } from '../support/server.js';

const CLIENT_ID = 'gatehouse-ci';
const SUBJECT = 'repo:acme/app:ref:refs/heads/main';
const doc = (statement: object | object[]) => JSON.stringify({ Version: '2012-10-17', Statement: statement });

/** A tiny OIDC issuer on a free loopback port: a discovery document and a JWKS of one key. */
async function startIssuer() {
  const { publicKey, privateKey } = await generateKeyPair('RS256');
  const jwk = { ...(await exportJWK(publicKey)), kid: 'key-1', alg: 'RS256', use: 'sig' };
  let url = '';
  const server: Server = createServer((req, res) => {
    const body =
      req.url === '/.well-known/openid-configuration' ? { issuer: url, jwks_uri: `${url}/jwks`, id_token_signing_alg_values_supported: ['RS256'] } : req.url === '/jwks' ? { keys: [jwk] } : undefined;
    res.writeHead(body ? 200 : 404, { 'content-type': 'application/json' }).end(JSON.stringify(body ?? {}));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    privateKey,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

async function sign(key: CryptoKey, claims: JWTPayload, options: { kid?: string; expiresIn?: string | number } = {}): Promise<string> {
  const jwt = new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: options.kid ?? 'key-1' }).setIssuedAt();
  return jwt.setExpirationTime(options.expiresIn ?? '10m').sign(key);
}

describe.each(await backends())('OIDC federation on %s', (backend) => {
  let t: TestServer;
  let iam: IAMClient;
  let anonymousSts: STSClient;
  let issuer: Awaited<ReturnType<typeof startIssuer>>;
  let providerKey: string;
  let providerArn: string;
  const roleArn = `arn:aws:iam::${TEST_ACCOUNT_ID}:role/ci-deployer`;
  const clients: { destroy(): void }[] = [];

  const token = (claims: JWTPayload = {}, options?: Parameters<typeof sign>[2]) => sign(issuer.privateKey, { iss: issuer.url, aud: CLIENT_ID, sub: SUBJECT, ...claims }, options);
  const assume = (webIdentityToken: string, extra: Partial<ConstructorParameters<typeof AssumeRoleWithWebIdentityCommand>[0]> = {}) =>
    anonymousSts.send(new AssumeRoleWithWebIdentityCommand({ RoleArn: roleArn, RoleSessionName: 'run-1', WebIdentityToken: webIdentityToken, ...extra }));

  beforeAll(async () => {
    issuer = await startIssuer();
    t = await startTestServer(backend);
    iam = t.iam();
    // No credentials at all: the SDK signs nothing for AssumeRoleWithWebIdentity.
    anonymousSts = new STSClient({ endpoint: t.server.url, region: 'us-east-1', maxAttempts: 1 });
    const created = await iam.send(new CreateOpenIDConnectProviderCommand({ Url: issuer.url, ClientIDList: [CLIENT_ID] }));
    providerArn = created.OpenIDConnectProviderArn!;
    providerKey = issuer.url.replace('http://', '');
    await iam.send(
      new CreateRoleCommand({
        RoleName: 'ci-deployer',
        AssumeRolePolicyDocument: doc({
          Effect: 'Allow',
          Principal: { Federated: providerArn },
          Action: 'sts:AssumeRoleWithWebIdentity',
          Condition: { StringEquals: { [`${providerKey}:aud`]: CLIENT_ID, [`${providerKey}:sub`]: SUBJECT } },
        }),
      }),
    );
    await iam.send(new PutRolePolicyCommand({ RoleName: 'ci-deployer', PolicyName: 'list', PolicyDocument: doc({ Effect: 'Allow', Action: 'iam:ListUsers', Resource: '*' }) }));
  });
  afterAll(async () => {
    for (const c of clients) c.destroy();
    anonymousSts?.destroy();
    iam?.destroy();
    await t?.close();
    await issuer?.close();
  });

  it('assumes a role with a token from a registered issuer, and the credentials work', async () => {
    const out = await assume(await token());
    expect(providerArn).toBe(`arn:aws:iam::${TEST_ACCOUNT_ID}:oidc-provider/${providerKey}`);
    expect(out).toMatchObject({
      SubjectFromWebIdentityToken: SUBJECT,
      Provider: issuer.url,
      Audience: CLIENT_ID,
      AssumedRoleUser: { Arn: `arn:aws:sts::${TEST_ACCOUNT_ID}:assumed-role/ci-deployer/run-1`, AssumedRoleId: expect.stringMatching(/^AROA[A-Z2-7]{17}:run-1$/) },
    });
    const c = out.Credentials!;
    expect(c.AccessKeyId).toMatch(/^ASIA/);
    const credentials = { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! };
    const sts = t.sts(credentials);
    const roleIam = t.iam(credentials);
    clients.push(sts, roleIam);
    expect(await sts.send(new GetCallerIdentityCommand({}))).toMatchObject({ Arn: out.AssumedRoleUser!.Arn, Account: TEST_ACCOUNT_ID });
    expect((await roleIam.send(new ListUsersCommand({}))).Users).toBeDefined();
  });

  it('honours DurationSeconds within the role maximum and session policies that narrow', async () => {
    const out = await assume(await token(), { DurationSeconds: 900, Policy: doc({ Effect: 'Allow', Action: 'sts:GetCallerIdentity', Resource: '*' }) });
    const expiresIn = out.Credentials!.Expiration!.getTime() - Date.now();
    expect(expiresIn).toBeLessThanOrEqual(900_000);
    expect(expiresIn).toBeGreaterThan(800_000);
    const c = out.Credentials!;
    const roleIam = t.iam({ accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! });
    clients.push(roleIam);
    await expect(roleIam.send(new ListUsersCommand({}))).rejects.toMatchObject({ name: 'AccessDenied' });
    await expect(assume(await token(), { DurationSeconds: 7200 })).rejects.toMatchObject({
      name: 'ValidationError',
      message: 'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.',
    });
  });

  it('refuses a token signed by another key', async () => {
    const other = await generateKeyPair('RS256');
    const forged = await sign(other.privateKey, { iss: issuer.url, aud: CLIENT_ID, sub: SUBJECT });
    await expect(assume(forged)).rejects.toMatchObject({ name: 'InvalidIdentityTokenException', $metadata: { httpStatusCode: 400 } });
    const unknownKid = await sign(other.privateKey, { iss: issuer.url, aud: CLIENT_ID, sub: SUBJECT }, { kid: 'key-2' });
    await expect(assume(unknownKid)).rejects.toMatchObject({ name: 'InvalidIdentityTokenException' });
    await expect(assume('not-a-jwt')).rejects.toMatchObject({ name: 'InvalidIdentityTokenException' });
  });

  it('refuses an audience that is not a client id of the provider', async () => {
    await expect(assume(await token({ aud: 'someone-else' }))).rejects.toMatchObject({ name: 'InvalidIdentityTokenException', message: 'Incorrect token audience' });
  });

  it("refuses a subject the role's trust policy does not name", async () => {
    await expect(assume(await token({ sub: 'repo:acme/app:ref:refs/heads/feature' }))).rejects.toMatchObject({
      name: 'AccessDenied',
      message: 'Not authorized to perform sts:AssumeRoleWithWebIdentity',
      $metadata: { httpStatusCode: 403 },
    });
  });

  it('records web identity calls, allowed and refused, in the role account as WebIdentityUser', async () => {
    const trail = t.cloudtrail();
    clients.push(trail);
    const { Events } = await trail.send(new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'AssumeRoleWithWebIdentity' }] }));
    const records = Events!.map((e) => JSON.parse(e.CloudTrailEvent!) as { userIdentity: Record<string, string>; errorCode?: string; requestParameters: Record<string, string>; responseElements: unknown });
    const allowed = records.find((r) => !r.errorCode && r.userIdentity.userName === SUBJECT);
    expect(allowed?.userIdentity).toEqual({ type: 'WebIdentityUser', principalId: `${issuer.url}:${CLIENT_ID}:${SUBJECT}`, userName: SUBJECT, identityProvider: issuer.url });
    expect(allowed?.requestParameters).toMatchObject({ roleArn, roleSessionName: 'run-1', webIdentityToken: 'HIDDEN_DUE_TO_SECURITY_REASONS' });
    const refused = records.find((r) => r.errorCode === 'AccessDenied');
    expect(refused?.userIdentity).toMatchObject({ type: 'WebIdentityUser', userName: 'repo:acme/app:ref:refs/heads/feature' });
    expect(JSON.stringify(records)).not.toMatch(/eyJ[\w-]+\.eyJ/);
  });

  it('refuses an expired token and one not yet valid', async () => {
    const expired = await token({}, { expiresIn: Math.floor(Date.now() / 1000) - 60 });
    await expect(assume(expired)).rejects.toMatchObject({ name: 'ExpiredTokenException', message: expect.stringMatching(/^Token expired: current date\/time \d+ must be before the expiration date\/time \d+$/) });
    await expect(assume(await token({ nbf: Math.floor(Date.now() / 1000) + 600 }))).rejects.toMatchObject({ name: 'InvalidIdentityTokenException' });
  });

  it('refuses a token from an issuer that is not a provider of the account', async () => {
    const unregistered = await token({ iss: 'https://issuer.example.com' });
    await expect(assume(unregistered)).rejects.toMatchObject({
      name: 'InvalidIdentityTokenException',
      message: 'No OpenIDConnect provider found in your account for https://issuer.example.com',
    });
  });

  it('manages providers: get, list, client ids, thumbprints, tags, duplicates and delete', async () => {
    const url = 'https://token.example.com/tenant-1';
    const arn = `arn:aws:iam::${TEST_ACCOUNT_ID}:oidc-provider/token.example.com/tenant-1`;
    const thumbprint = 'a'.repeat(40);
    const created = await iam.send(new CreateOpenIDConnectProviderCommand({ Url: url, ClientIDList: ['app-1'], ThumbprintList: [thumbprint], Tags: [{ Key: 'team', Value: 'ci' }] }));
    expect(created).toMatchObject({ OpenIDConnectProviderArn: arn, Tags: [{ Key: 'team', Value: 'ci' }] });
    await expect(iam.send(new CreateOpenIDConnectProviderCommand({ Url: url, ClientIDList: ['x'] }))).rejects.toMatchObject({
      name: 'EntityAlreadyExistsException',
      message: `Provider with url ${url} already exists.`,
      $metadata: { httpStatusCode: 409 },
    });
    await expect(iam.send(new CreateOpenIDConnectProviderCommand({ Url: 'http://token.example.com' }))).rejects.toMatchObject({ name: 'InvalidInputException' });

    const got = await iam.send(new GetOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn }));
    expect(got).toMatchObject({ Url: 'token.example.com/tenant-1', ClientIDList: ['app-1'], ThumbprintList: [thumbprint], Tags: [{ Key: 'team', Value: 'ci' }] });
    expect(got.CreateDate).toBeInstanceOf(Date);
    const list = await iam.send(new ListOpenIDConnectProvidersCommand({}));
    expect(list.OpenIDConnectProviderList?.map((p) => p.Arn).sort()).toEqual([providerArn, arn].sort());

    await iam.send(new AddClientIDToOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn, ClientID: 'app-2' }));
    await iam.send(new AddClientIDToOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn, ClientID: 'app-2' }));
    await iam.send(new RemoveClientIDFromOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn, ClientID: 'app-1' }));
    await iam.send(new RemoveClientIDFromOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn, ClientID: 'never-there' }));
    await iam.send(new UpdateOpenIDConnectProviderThumbprintCommand({ OpenIDConnectProviderArn: arn, ThumbprintList: ['b'.repeat(40), 'c'.repeat(40)] }));
    expect(await iam.send(new GetOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn }))).toMatchObject({ ClientIDList: ['app-2'], ThumbprintList: ['b'.repeat(40), 'c'.repeat(40)] });

    await iam.send(new TagOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn, Tags: [{ Key: 'env', Value: 'prod' }] }));
    await iam.send(new UntagOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn, TagKeys: ['team'] }));
    expect((await iam.send(new ListOpenIDConnectProviderTagsCommand({ OpenIDConnectProviderArn: arn }))).Tags).toEqual([{ Key: 'env', Value: 'prod' }]);

    await iam.send(new DeleteOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn }));
    await expect(iam.send(new GetOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn }))).rejects.toMatchObject({
      name: 'NoSuchEntityException',
      message: `OpenIDConnect Provider not found for arn ${arn}`,
      $metadata: { httpStatusCode: 404 },
    });
    expect((await iam.send(new ListOpenIDConnectProvidersCommand({}))).OpenIDConnectProviderList?.map((p) => p.Arn)).toEqual([providerArn]);
  });
});
