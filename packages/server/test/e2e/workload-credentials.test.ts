import { AddRoleToInstanceProfileCommand, CreateInstanceProfileCommand, CreateRoleCommand, PutRolePolicyCommand, type IAMClient } from '@aws-sdk/client-iam';
import { LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createWorkloadToken } from '../../src/workload/tokens.js';
import { backends } from '../support/backends.js';
import { startTestServer, TEST_ACCOUNT_ID, type TestServer } from '../support/server.js';

const ENV = ['AWS_CONTAINER_CREDENTIALS_FULL_URI', 'AWS_CONTAINER_AUTHORIZATION_TOKEN', 'AWS_CONFIG_FILE', 'AWS_SHARED_CREDENTIALS_FILE', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_PROFILE'] as const;

describe.each(await backends())('workload credentials on %s', (backend) => {
  let t: TestServer;
  let iam: IAMClient;
  const saved = Object.fromEntries(ENV.map((k) => [k, process.env[k]]));
  beforeAll(async () => {
    // Credentials that last 200 s are inside the SDK's 5-minute refresh window from the start,
    // so every call fetches new ones: renewal is observable without waiting.
    t = await startTestServer(backend, { workloadSessionSeconds: 200 });
    iam = t.iam();
    const trust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] });
    await iam.send(new CreateRoleCommand({ RoleName: 'app', AssumeRolePolicyDocument: trust }));
    await iam.send(new PutRolePolicyCommand({ RoleName: 'app', PolicyName: 'whoami', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:GetCallerIdentity', Resource: '*' }] }) }));
    await iam.send(new CreateInstanceProfileCommand({ InstanceProfileName: 'app-profile' }));
    await iam.send(new AddRoleToInstanceProfileCommand({ InstanceProfileName: 'app-profile', RoleName: 'app' }));
    await iam.send(new CreateRoleCommand({ RoleName: 'untrusting', AssumeRolePolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: TEST_ACCOUNT_ID }, Action: 'sts:AssumeRole' }] }) }));
    await iam.send(new CreateInstanceProfileCommand({ InstanceProfileName: 'untrusting-profile' }));
    await iam.send(new AddRoleToInstanceProfileCommand({ InstanceProfileName: 'untrusting-profile', RoleName: 'untrusting' }));
  });
  afterEach(() => {
    for (const k of ENV) {
      if (saved[k] === undefined) delete process.env[k];
      else process.env[k] = saved[k];
    }
  });
  afterAll(async () => {
    iam?.destroy();
    await t?.close();
  });

  /** The environment a container would have: the endpoint, the token, and no other credentials. */
  function asWorkload(token: string) {
    for (const k of ENV) delete process.env[k];
    process.env.AWS_CONTAINER_CREDENTIALS_FULL_URI = `${t.server.url}/gatehouse/workload-credentials`;
    process.env.AWS_CONTAINER_AUTHORIZATION_TOKEN = token;
    process.env.AWS_CONFIG_FILE = '/nonexistent/gatehouse-config';
    process.env.AWS_SHARED_CREDENTIALS_FILE = '/nonexistent/gatehouse-credentials';
  }

  async function sessionsOfRole() {
    const rows = await t.testStore.store.db.selectFrom('sessions').innerJoin('roles', 'roles.id', 'sessions.role_id').select('sessions.access_key_id').where('roles.name', '=', 'app').execute();
    return rows.length;
  }

  it("gives an unmodified SDK client the instance profile's role through its default provider chain, and renews it", async () => {
    const { id, token } = await createWorkloadToken(t.testStore.store, { accountId: TEST_ACCOUNT_ID, instanceProfileName: 'app-profile', now: new Date() });
    asWorkload(token);
    const sts = new STSClient({ endpoint: t.server.url, region: 'us-east-1', maxAttempts: 1 });
    try {
      const before = await sessionsOfRole();
      const me = await sts.send(new GetCallerIdentityCommand({}));
      expect(me.Arn).toBe(`arn:aws:sts::${TEST_ACCOUNT_ID}:assumed-role/app/${id}`);
      expect(await sessionsOfRole()).toBeGreaterThan(before);
      // Renewal: the SDK fetches new credentials because these expire within its refresh
      // window. How many fetches one call makes is the SDK's business (it may refresh while
      // resolving), so allow a few calls; without renewal there would only ever be one.
      for (let call = 0; call < 5 && (await sessionsOfRole()) < before + 2; call++) await sts.send(new GetCallerIdentityCommand({}));
      expect(await sessionsOfRole()).toBeGreaterThanOrEqual(before + 2);
    } finally {
      sts.destroy();
    }
  });

  it('refuses an unknown token and a role that does not trust ec2.amazonaws.com', async () => {
    const unknown = await fetch(`${t.server.url}/gatehouse/workload-credentials`, { headers: { authorization: 'ghwt_not-a-token' } });
    expect(unknown.status).toBe(403);
    expect(await unknown.json()).toMatchObject({ code: 'InvalidClientTokenId' });
    const { token } = await createWorkloadToken(t.testStore.store, { accountId: TEST_ACCOUNT_ID, instanceProfileName: 'untrusting-profile', now: new Date() });
    const refused = await fetch(`${t.server.url}/gatehouse/workload-credentials`, { headers: { authorization: token } });
    expect(refused.status).toBe(403);
    expect(await refused.json()).toMatchObject({ code: 'AccessDenied' });
    // The refusal is in the event history too, as the AssumeRole the service was refused.
    const found = await t.cloudtrail().send(new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: 'ResourceName', AttributeValue: `arn:aws:iam::${TEST_ACCOUNT_ID}:role/untrusting` }] }));
    const refusals = (found.Events ?? []).map((e) => JSON.parse(e.CloudTrailEvent ?? '{}') as { eventName?: string; errorCode?: string; userIdentity?: { invokedBy?: string } });
    expect(refusals).toContainEqual(expect.objectContaining({ eventName: 'AssumeRole', errorCode: 'AccessDenied', userIdentity: expect.objectContaining({ invokedBy: 'ec2.amazonaws.com' }) }));
    const anonymous = await fetch(`${t.server.url}/gatehouse/workload-credentials`);
    expect(anonymous.status).toBe(401);
  });
  it('records each hand-out as an AssumeRole by ec2.amazonaws.com in the event history, without the secret', async () => {
    const { id, token } = await createWorkloadToken(t.testStore.store, { accountId: TEST_ACCOUNT_ID, instanceProfileName: 'app-profile', now: new Date() });
    const response = await fetch(`${t.server.url}/gatehouse/workload-credentials`, { headers: { authorization: token } });
    const issued = (await response.json()) as { AccessKeyId: string; SecretAccessKey: string; Token: string };
    const found = await t.cloudtrail().send(new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'AssumeRole' }] }));
    const raw = found.Events?.map((e) => e.CloudTrailEvent ?? '').find((e) => e.includes(issued.AccessKeyId));
    expect(raw).toBeDefined();
    const record = JSON.parse(raw!) as { userIdentity: unknown; eventSource: string; requestParameters: unknown; responseElements: { assumedRoleUser: { arn: string } } };
    expect(record.userIdentity).toEqual({ type: 'AWSService', invokedBy: 'ec2.amazonaws.com' });
    expect(record.eventSource).toBe('sts.amazonaws.com');
    expect(record.requestParameters).toMatchObject({ roleArn: `arn:aws:iam::${TEST_ACCOUNT_ID}:role/app`, roleSessionName: id });
    expect(record.responseElements.assumedRoleUser.arn).toBe(`arn:aws:sts::${TEST_ACCOUNT_ID}:assumed-role/app/${id}`);
    expect(raw).not.toContain(issued.SecretAccessKey);
    expect(raw).not.toContain(issued.Token);
  });
});
