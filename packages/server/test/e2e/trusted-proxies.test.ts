import { LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import { CreateAccessKeyCommand, CreateUserCommand, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { Hash } from '@smithy/hash-node';
import { SignatureV4 } from '@smithy/signature-v4';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../support/backends.js';
import { startTestServer, type Credentials, type TestServer } from '../support/server.js';

describe.each(await backends())('behind a trusted reverse proxy on %s', (backend) => {
  let t: TestServer;
  let alice: Credentials;

  /** GetUser as alice, as a proxy in front of Gatehouse would forward it. */
  async function getUser(forwardedFor?: string): Promise<number> {
    const url = new URL(t.server.url);
    const body = 'Action=GetUser&Version=2010-05-08';
    const signer = new SignatureV4({ service: 'iam', region: 'us-east-1', sha256: Hash.bind(null, 'sha256'), credentials: alice });
    const signed = await signer.sign({ method: 'POST', protocol: 'http:', hostname: url.hostname, port: Number(url.port), path: '/', headers: { host: url.host, 'content-type': 'application/x-www-form-urlencoded' }, body });
    const headers = { ...(signed.headers as Record<string, string>), ...(forwardedFor ? { 'x-forwarded-for': forwardedFor, 'x-forwarded-proto': 'https' } : {}) };
    const response = await fetch(t.server.url, { method: 'POST', body, headers });
    await response.text();
    return response.status;
  }

  beforeAll(async () => {
    t = await startTestServer(backend, { trustedProxies: ['127.0.0.1', '::1'] });
    const iam = t.iam();
    await iam.send(new CreateUserCommand({ UserName: 'alice' }));
    // Only from the office network, and only over TLS.
    await iam.send(
      new PutUserPolicyCommand({
        UserName: 'alice',
        PolicyName: 'office-only',
        PolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Action: 'iam:GetUser', Resource: '*', Condition: { IpAddress: { 'aws:SourceIp': '198.51.100.0/24' }, Bool: { 'aws:SecureTransport': 'true' } } }],
        }),
      }),
    );
    const { AccessKey } = await iam.send(new CreateAccessKeyCommand({ UserName: 'alice' }));
    alice = { accessKeyId: AccessKey!.AccessKeyId!, secretAccessKey: AccessKey!.SecretAccessKey! };
    iam.destroy();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('decides and records with the client address and TLS the proxy reports', async () => {
    expect(await getUser('198.51.100.9')).toBe(200);
    expect(await getUser('203.0.113.4')).toBe(403);
    // A client cannot pass itself off as the office by sending the header through the proxy.
    expect(await getUser('198.51.100.9, 203.0.113.4')).toBe(403);
    expect(await getUser()).toBe(403);

    const trail = t.cloudtrail();
    const { Events } = await trail.send(new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: 'Username', AttributeValue: 'alice' }] }));
    trail.destroy();
    const addresses = Events!.map((e) => (JSON.parse(e.CloudTrailEvent!) as { sourceIPAddress: string }).sourceIPAddress);
    expect(addresses).toEqual(['127.0.0.1', '203.0.113.4', '203.0.113.4', '198.51.100.9']);
  });
});
