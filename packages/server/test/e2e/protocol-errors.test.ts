import { ListServerCertificatesCommand } from '@aws-sdk/client-iam';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../support/backends.js';
import { startTestServer, type TestServer } from '../support/server.js';

async function post(url: string, body: string, headers: Record<string, string> = {}) {
  const res = await fetch(url, { method: 'POST', body, headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers } });
  return { status: res.status, text: await res.text() };
}

describe.each(await backends())('protocol edges on %s', (backend) => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer(backend);
  });
  afterAll(async () => {
    await t?.close();
  });

  const host = () => new URL(t.server.url).host;

  const signedPost = async (body: string) => post(t.server.url, body, await t.signForm(body));

  it('answers an unsigned request with MissingAuthenticationToken', async () => {
    const res = await post(t.server.url, 'Action=ListUsers&Version=2010-05-08');
    expect(res.status).toBe(403);
    expect(res.text).toContain('<Code>MissingAuthenticationToken</Code>');
    expect(res.text).toMatch(/<RequestId>[0-9a-f-]{36}<\/RequestId>/);
  });

  it('answers an operation the models have but Gatehouse lacks with NotImplemented 501', async () => {
    const iam = t.iam();
    await expect(iam.send(new ListServerCertificatesCommand({}))).rejects.toMatchObject({
      name: 'NotImplemented',
      message: expect.stringContaining('iam:ListServerCertificates'),
      $metadata: { httpStatusCode: 501 },
    });
    iam.destroy();
  });

  it('answers an unknown action with InvalidAction and a missing one with MissingAction', async () => {
    const unknown = await signedPost('Action=FlyToTheMoon&Version=2010-05-08');
    expect(unknown.status).toBe(400);
    expect(unknown.text).toContain('<Code>InvalidAction</Code>');
    expect(unknown.text).toContain('Could not find operation FlyToTheMoon for version 2010-05-08');
    const missing = await signedPost('Version=2010-05-08');
    expect(missing.status).toBe(400);
    expect(missing.text).toContain('<Code>MissingAction</Code>');
  });

  it('serves a presigned GET request', async () => {
    const presigned = await t.signer.presign(
      { method: 'GET', protocol: 'http:', hostname: '127.0.0.1', port: t.server.port, path: '/', query: { Action: 'GetUser', Version: '2010-05-08' }, headers: { host: host() } },
      { expiresIn: 300 },
    );
    const query = new URLSearchParams(presigned.query as Record<string, string>).toString();
    const res = await fetch(`${t.server.url}/?${query}`);
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).toContain('<GetUserResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/">');
    expect(text).toContain('<UserName>admin</UserName>');
  });

  it('rejects a body altered after signing', async () => {
    const body = 'Action=CreateUser&Version=2010-05-08&UserName=alice';
    const res = await post(t.server.url, body.replace('alice', 'mallory'), await t.signForm(body));
    expect(res.status).toBe(403);
    expect(res.text).toContain('<Code>SignatureDoesNotMatch</Code>');
  });

  it('rejects a request whose clock is more than 15 minutes off', async () => {
    t.setClock(() => new Date(Date.now() + 20 * 60 * 1000));
    try {
      const res = await signedPost('Action=ListUsers&Version=2010-05-08');
      expect(res.status).toBe(403);
      expect(res.text).toContain('Signature expired');
    } finally {
      t.setClock(() => new Date());
    }
  });

  it('refuses a body over the size limit without crashing', async () => {
    const res = await post(t.server.url, 'Action=ListUsers&x=' + 'a'.repeat(3 * 1024 * 1024));
    expect(res.status).toBe(413);
    expect(res.text).toContain('<Code>RequestEntityTooLarge</Code>');
  });

  it('serves health and metrics for operators', async () => {
    expect(await (await fetch(`${t.server.url}/healthz`)).json()).toEqual({ status: 'ok' });
    const metrics = await (await fetch(`${t.server.url}/metrics`)).text();
    expect(metrics).toContain('gatehouse_requests_total');
  });
});
