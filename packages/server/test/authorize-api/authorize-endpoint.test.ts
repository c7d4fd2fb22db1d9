/**
 * POST /gatehouse/authorize over real HTTP, with a decider that records its questions. The
 * forwarded requests are signed by @smithy/signature-v4 configured as the AWS SDK configures it
 * for an ordinary service and for S3.
 */
import { createHash } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { CreateAccessKeyCommand, CreateUserCommand, UpdateAccessKeyCommand } from '@aws-sdk/client-iam';
import { DecodeAuthorizationMessageCommand, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { Hash } from '@smithy/hash-node';
import { SignatureV4 } from '@smithy/signature-v4';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { AuthorizeAnswer, AuthorizeQuestion, PolicyDecider } from '../../src/authorize-api/decider.js';
import { backends } from '../support/backends.js';
import { startTestServer, TEST_ACCOUNT_ID, type Credentials, type TestServer } from '../support/server.js';

const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');
const EMPTY_SHA256 = sha256('');

/** Test double: records every question; allows the bootstrap admin, denies everyone else. */
class RecordingDecider implements PolicyDecider {
  questions: AuthorizeQuestion[] = [];
  answer: (q: AuthorizeQuestion) => AuthorizeAnswer = (q) =>
    q.principal.arn === `arn:aws:iam::${TEST_ACCOUNT_ID}:user/admin`
      ? { decision: 'allowed', reasons: [{ policy: 'arn:aws:iam::aws:policy/AdministratorAccess', effect: 'Allow' }] }
      : { decision: 'implicitDeny', reasons: [], message: `User: ${q.principal.arn} is not authorized to perform: ${q.action} on resource: ${q.resource}` };

  async decide(q: AuthorizeQuestion): Promise<AuthorizeAnswer> {
    this.questions.push(q);
    return this.answer(q);
  }
}

interface Forward {
  credentials: Credentials;
  service?: string;
  region?: string;
  method?: string;
  path?: string;
  query?: Record<string, string>;
  headers?: Record<string, string>;
  body?: string;
  signingDate?: Date;
  /** sign as the SDK's S3 client does (default: when the service is s3) */
  s3Style?: boolean;
}

/** A request as a client of another service would sign it, in the forwarded form. */
async function signedForward(f: Forward) {
  const service = f.service ?? 'example';
  const s3 = f.s3Style ?? service === 's3';
  const signer = new SignatureV4({
    service,
    region: f.region ?? 'eu-west-1',
    credentials: f.credentials,
    sha256: Hash.bind(null, 'sha256'),
    // The SDK's S3 client signs the path as it sends it and always sends the payload hash.
    uriEscapePath: !s3,
    applyChecksum: s3,
  });
  const body = f.body ?? '';
  const signed = await signer.sign(
    {
      method: f.method ?? 'GET',
      protocol: 'http:',
      hostname: 'service.example',
      path: f.path ?? '/things/1',
      query: f.query ?? {},
      headers: { host: 'service.example', ...f.headers },
      body,
    },
    { signingDate: f.signingDate ?? new Date() },
  );
  const query = Object.entries(signed.query as Record<string, string>)
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`)
    .join('&');
  return { method: signed.method, path: signed.path, query, headers: Object.entries(signed.headers), payloadHash: sha256(body) };
}

interface CallOptions {
  credentials?: Credentials;
  signingName?: string;
  unsigned?: boolean;
  method?: string;
}

describe.each(await backends())('the authorize API on %s', (backend) => {
  let t: TestServer;
  const decider = new RecordingDecider();
  let admin: Credentials;
  let bob: Credentials;
  let carol: Credentials;

  async function call(body: unknown, options: CallOptions = {}): Promise<{ status: number; json: Record<string, unknown>; requestId: string }> {
    const url = new URL('/gatehouse/authorize', t.server.url);
    const text = typeof body === 'string' ? body : JSON.stringify(body);
    const headers: Record<string, string> = { host: url.host, 'content-type': 'application/json' };
    let signedHeaders = headers;
    if (!options.unsigned) {
      const signer = new SignatureV4({ service: options.signingName ?? 'gatehouse', region: 'us-east-1', credentials: options.credentials ?? admin, sha256: Hash.bind(null, 'sha256') });
      const signed = await signer.sign({ method: 'POST', protocol: 'http:', hostname: url.hostname, port: Number(url.port), path: url.pathname, query: {}, headers, body: text });
      signedHeaders = signed.headers;
    }
    return new Promise((resolve, reject) => {
      const req = httpRequest(url, { method: options.method ?? 'POST', headers: signedHeaders }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          expect(res.headers['content-type']).toBe('application/json');
          resolve({ status: res.statusCode!, json: JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>, requestId: String(res.headers['x-amzn-requestid']) });
        });
      });
      req.on('error', reject);
      req.end(options.method === 'GET' ? undefined : text);
    });
  }

  beforeAll(async () => {
    t = await startTestServer(backend, { decider });
    admin = { accessKeyId: t.admin.accessKeyId, secretAccessKey: t.admin.secretAccessKey };
    const iam = t.iam();
    const keyOf = async (userName: string) => {
      await iam.send(new CreateUserCommand({ UserName: userName }));
      const { AccessKey } = await iam.send(new CreateAccessKeyCommand({ UserName: userName }));
      return { accessKeyId: AccessKey!.AccessKeyId!, secretAccessKey: AccessKey!.SecretAccessKey! };
    };
    bob = await keyOf('bob');
    carol = await keyOf('carol');
    await iam.send(new UpdateAccessKeyCommand({ UserName: 'carol', AccessKeyId: carol.accessKeyId, Status: 'Inactive' }));
    iam.destroy();
  });
  afterAll(async () => {
    await t?.close();
  });
  beforeEach(() => {
    decider.questions = [];
  });

  describe('a forwarded request with a good signature', () => {
    it('answers who signed it and what the decider decided', async () => {
      const request = await signedForward({ credentials: admin, region: 'eu-west-1' });
      const { status, json, requestId } = await call({ request, action: 'example:GetThing', resource: 'arn:aws:example:eu-west-1:123456789012:thing/1' });
      expect(status).toBe(200);
      expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
      expect(json).toEqual({
        authenticated: true,
        decision: 'allowed',
        principal: { arn: `arn:aws:iam::${TEST_ACCOUNT_ID}:user/admin`, accountId: TEST_ACCOUNT_ID, type: 'IAMUser', userId: expect.stringMatching(/^AIDA/), userName: 'admin' },
        reasons: [{ policy: 'arn:aws:iam::aws:policy/AdministratorAccess', effect: 'Allow' }],
      });
    });

    it('asks about the caller first, then about the end user with the context and the signed region', async () => {
      const request = await signedForward({ credentials: bob, region: 'ap-south-1' });
      const context = { 'example:tier': 'gold', 'example:count': 3, 'aws:SecureTransport': true, 'example:tags': ['a', 'b'], 'aws:SourceIp': '203.0.113.9' };
      const { json } = await call({ request, action: 'example:GetThing', resource: '*', context });
      expect(json).toMatchObject({ authenticated: true, decision: 'implicitDeny', principal: { userName: 'bob' } });
      expect(json.message).toBe(`User: arn:aws:iam::${TEST_ACCOUNT_ID}:user/bob is not authorized to perform: example:GetThing on resource: *`);
      expect(decider.questions).toHaveLength(2);
      const [caller, user] = decider.questions;
      expect(caller).toMatchObject({ action: 'gatehouse:Authorize', resource: '*', context: {}, sourceIp: '127.0.0.1', principal: { arn: `arn:aws:iam::${TEST_ACCOUNT_ID}:user/admin` } });
      expect(user).toMatchObject({ action: 'example:GetThing', resource: '*', sourceIp: '203.0.113.9', principal: { arn: `arn:aws:iam::${TEST_ACCOUNT_ID}:user/bob` } });
      expect(user!.context).toEqual({ 'example:tier': 'gold', 'example:count': 3, 'aws:SecureTransport': true, 'example:tags': ['a', 'b'], 'aws:RequestedRegion': 'ap-south-1' });
    });

    it('carries an explicit deny and its reasons through', async () => {
      decider.answer = (q) =>
        q.action === 'gatehouse:Authorize'
          ? { decision: 'allowed', reasons: [] }
          : { decision: 'explicitDeny', reasons: [{ policy: 'arn:aws:iam::123456789012:policy/NoThings', sid: 'Deny', effect: 'Deny' }], message: 'explicitly denied' };
      try {
        const { json } = await call({ request: await signedForward({ credentials: admin }), action: 'example:GetThing', resource: '*' });
        expect(json).toMatchObject({ decision: 'explicitDeny', message: 'explicitly denied', reasons: [{ policy: 'arn:aws:iam::123456789012:policy/NoThings', sid: 'Deny', effect: 'Deny' }] });
      } finally {
        decider.answer = new RecordingDecider().answer;
      }
    });

    it('verifies a body through the payload hash the service computed', async () => {
      const request = await signedForward({ credentials: admin, method: 'POST', body: '{"name":"thing"}', headers: { 'content-type': 'application/json' } });
      expect((await call({ request, action: 'example:CreateThing', resource: '*' })).json.authenticated).toBe(true);
      const tampered = { ...request, payloadHash: sha256('{"name":"other"}') };
      expect((await call({ request: tampered, action: 'example:CreateThing', resource: '*' })).json).toMatchObject({ authenticated: false, code: 'SignatureDoesNotMatch' });
    });
  });

  describe('a forwarded request whose signature does not hold', () => {
    it('is answered 200 with what AWS would tell the client: a wrong secret', async () => {
      const request = await signedForward({ credentials: { ...bob, secretAccessKey: carol.secretAccessKey } });
      const { status, json } = await call({ request, action: 'example:GetThing', resource: '*' });
      expect(status).toBe(200);
      expect(json).toEqual({
        authenticated: false,
        code: 'SignatureDoesNotMatch',
        status: 403,
        message:
          'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
      });
      // Nobody was asked about a request nobody signed.
      expect(decider.questions.map((q) => q.action)).toEqual(['gatehouse:Authorize']);
    });

    it('an unknown key and an inactive key alike', async () => {
      const expected = { authenticated: false, code: 'InvalidClientTokenId', status: 403, message: 'The security token included in the request is invalid.' };
      const unknown = await signedForward({ credentials: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: bob.secretAccessKey } });
      expect((await call({ request: unknown, action: 'example:GetThing', resource: '*' })).json).toEqual(expected);
      const inactive = await signedForward({ credentials: carol });
      expect((await call({ request: inactive, action: 'example:GetThing', resource: '*' })).json).toEqual(expected);
    });

    it('an expired signature', async () => {
      const request = await signedForward({ credentials: bob, signingDate: new Date(Date.now() - 20 * 60_000) });
      const { json } = await call({ request, action: 'example:GetThing', resource: '*' });
      expect(json).toMatchObject({ authenticated: false, code: 'SignatureDoesNotMatch', status: 403, message: expect.stringMatching(/^Signature expired: \d{8}T\d{6}Z is now earlier than/) });
    });

    it('a request with no signature at all', async () => {
      const request = { method: 'GET', path: '/things/1', query: '', headers: [['host', 'service.example']], payloadHash: EMPTY_SHA256 };
      expect((await call({ request, action: 'example:GetThing', resource: '*' })).json).toEqual({
        authenticated: false,
        code: 'MissingAuthenticationToken',
        status: 403,
        message: 'Request is missing Authentication Token',
      });
    });

    it('a request signed for another service than the action’s, unless the call names that service', async () => {
      const request = await signedForward({ credentials: admin, service: 'other' });
      expect((await call({ request, action: 'example:GetThing', resource: '*' })).json).toEqual({
        authenticated: false,
        code: 'SignatureDoesNotMatch',
        status: 403,
        message: "Credential should be scoped to correct service: 'example'. ",
      });
      expect((await call({ request, action: 'example:GetThing', resource: '*', service: 'other' })).json.authenticated).toBe(true);
    });

    it('a request that changed after it was signed', async () => {
      const request = await signedForward({ credentials: admin, query: { id: '1' } });
      const { json } = await call({ request: { ...request, query: 'id=2' }, action: 'example:GetThing', resource: '*' });
      expect(json).toMatchObject({ authenticated: false, code: 'SignatureDoesNotMatch' });
    });
  });

  describe("S3's signing rules for an s3-scoped request", () => {
    const objectArn = 'arn:aws:s3:::photos/2024/a b/../c.jpg';

    it('take the path as sent, neither normalised nor encoded twice', async () => {
      const request = await signedForward({ credentials: admin, service: 's3', method: 'PUT', path: '/photos/2024/a%20b/../c.jpg', body: 'jpeg bytes', headers: { 'x-amz-content-sha256': sha256('jpeg bytes') } });
      expect((await call({ request, action: 's3:PutObject', resource: objectArn })).json).toMatchObject({ authenticated: true, decision: 'allowed' });
      // Signed the same way for another service, it does not verify: only s3 has S3's rules.
      const elsewhere = await signedForward({ credentials: admin, service: 'example', s3Style: true, path: '/photos/2024/a%20b/../c.jpg' });
      expect((await call({ request: elsewhere, action: 'example:GetThing', resource: '*' })).json).toMatchObject({ authenticated: false, code: 'SignatureDoesNotMatch' });
    });

    it('accept UNSIGNED-PAYLOAD, which other services refuse', async () => {
      const unsigned = { 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' };
      const s3 = await signedForward({ credentials: admin, service: 's3', method: 'PUT', path: '/photos/x', body: 'data', headers: unsigned });
      expect((await call({ request: s3, action: 's3:PutObject', resource: 'arn:aws:s3:::photos/x' })).json).toMatchObject({ authenticated: true, decision: 'allowed' });
      const other = await signedForward({ credentials: admin, service: 'example', method: 'PUT', path: '/photos/x', body: 'data', headers: unsigned });
      expect((await call({ request: other, action: 'example:PutThing', resource: '*' })).json).toMatchObject({ authenticated: false, code: 'SignatureDoesNotMatch' });
    });

    it('still hold a declared hash to the body the service received', async () => {
      const request = await signedForward({ credentials: admin, service: 's3', method: 'PUT', path: '/photos/x', body: 'data', headers: { 'x-amz-content-sha256': sha256('data') } });
      expect((await call({ request: { ...request, payloadHash: sha256('other data') }, action: 's3:PutObject', resource: 'arn:aws:s3:::photos/x' })).json).toEqual({
        authenticated: false,
        code: 'SignatureDoesNotMatch',
        status: 403,
        message: "The provided 'x-amz-content-sha256' header does not match what was computed.",
      });
    });
  });

  describe('the calling service', () => {
    it('must be allowed gatehouse:Authorize', async () => {
      const request = await signedForward({ credentials: admin });
      const { status, json } = await call({ request, action: 'example:GetThing', resource: '*' }, { credentials: bob });
      expect(status).toBe(403);
      expect(json).toEqual({ code: 'AccessDenied', message: `User: arn:aws:iam::${TEST_ACCOUNT_ID}:user/bob is not authorized to perform: gatehouse:Authorize on resource: *` });
      expect(decider.questions).toHaveLength(1);
    });

    it('gets the default AccessDenied sentence when the decider gives none', async () => {
      decider.answer = () => ({ decision: 'implicitDeny', reasons: [] });
      try {
        const { status, json } = await call({}, { credentials: bob });
        expect(status).toBe(403);
        expect(json.message).toBe(
          `User: arn:aws:iam::${TEST_ACCOUNT_ID}:user/bob is not authorized to perform: gatehouse:Authorize on resource: * because no identity-based policy allows the gatehouse:Authorize action`,
        );
      } finally {
        decider.answer = new RecordingDecider().answer;
      }
    });

    it('must sign its call, for the signing name gatehouse, with an active key', async () => {
      expect(await call({}, { unsigned: true })).toMatchObject({ status: 403, json: { code: 'MissingAuthenticationToken' } });
      expect(await call({}, { signingName: 'iam' })).toMatchObject({ status: 403, json: { code: 'SignatureDoesNotMatch', message: "Credential should be scoped to correct service: 'gatehouse'. " } });
      expect(await call({}, { credentials: carol })).toMatchObject({ status: 403, json: { code: 'InvalidClientTokenId' } });
      expect(decider.questions).toEqual([]);
    });
  });

  describe('a malformed call', () => {
    it('is a ValidationError when the body is not JSON', async () => {
      const { status, json } = await call('{not json');
      expect(status).toBe(400);
      expect(json.code).toBe('ValidationError');
      expect(json.message).toMatch(/^The request body is not valid JSON \(.+\)\. Send one JSON object, as docs\/authorize-api\.md describes\.$/);
    });

    it('lists every problem at once, in AWS wording', async () => {
      const { status, json } = await call({ request: { method: 'GET', path: 'things', headers: [['host']], payloadHash: 'abc' }, action: 's3:*', context: { 'aws:username': 'root' } });
      expect(status).toBe(400);
      expect(json).toEqual({
        code: 'ValidationError',
        message:
          '6 validation errors detected: ' +
          [
            "Value 'things' at 'request.path' failed to satisfy constraint: Member must be the path as received, percent-encoded, starting with '/', without '?'",
            "Value 'abc' at 'request.payloadHash' failed to satisfy constraint: Member must be the body's SHA-256 in hex (64 characters)",
            "Value at 'request.headers.0' failed to satisfy constraint: Member must be a [name, value] pair of strings",
            "Value 's3:*' at 'action' failed to satisfy constraint: Member must be service:Action, e.g. s3:GetObject, without wildcards",
            "Value null at 'resource' failed to satisfy constraint: Member must not be null",
            "Value 'aws:username' at 'context' failed to satisfy constraint: Member must not be a key Gatehouse sets from the authenticated principal",
          ].join('; '),
      });
    });

    it('is refused for a method other than POST', async () => {
      expect(await call({}, { method: 'GET' })).toMatchObject({ status: 400, json: { code: 'ValidationError', message: "1 validation error detected: Value 'GET' at 'method' failed to satisfy constraint: Member must be POST" } });
    });
  });

  it('answers ServiceFailure, without detail, when the decider fails', async () => {
    decider.answer = () => {
      throw new Error('engine exploded');
    };
    try {
      const { status, json, requestId } = await call({});
      expect(status).toBe(500);
      expect(json).toEqual({ code: 'ServiceFailure', message: `The request processing has failed because of an unknown error. Request id: ${requestId}` });
    } finally {
      decider.answer = new RecordingDecider().answer;
    }
  });
});

describe.each(await backends())('the authorize API with the policy engine on %s', (backend) => {
  async function signedCall(t: TestServer, credentials: Credentials, body: unknown) {
    const url = new URL('/gatehouse/authorize', t.server.url);
    const text = JSON.stringify(body);
    const signer = new SignatureV4({ service: 'gatehouse', region: 'us-east-1', credentials, sha256: Hash.bind(null, 'sha256') });
    const signed = await signer.sign({ method: 'POST', protocol: 'http:', hostname: url.hostname, port: Number(url.port), path: url.pathname, query: {}, headers: { host: url.host, 'content-type': 'application/json' }, body: text });
    const res = await fetch(url, { method: 'POST', headers: signed.headers, body: text });
    return { status: res.status, json: (await res.json()) as Record<string, unknown> };
  }

  it("decides with the stored policies: the caller needs gatehouse:Authorize, the end user the action", async () => {
    const t = await startTestServer(backend);
    try {
      const iam = t.iam();
      await iam.send(new CreateUserCommand({ UserName: 'nobody' }));
      const { AccessKey } = await iam.send(new CreateAccessKeyCommand({ UserName: 'nobody' }));
      iam.destroy();
      const admin = { accessKeyId: t.admin.accessKeyId, secretAccessKey: t.admin.secretAccessKey };
      const nobody = { accessKeyId: AccessKey!.AccessKeyId!, secretAccessKey: AccessKey!.SecretAccessKey! };
      const question = async (user: Credentials) => ({ request: await signedForward({ credentials: user, service: 'example' }), action: 'example:GetThing', resource: 'arn:aws:example:::things/1' });

      const refused = await signedCall(t, nobody, await question(admin));
      expect(refused.status).toBe(403);
      expect(refused.json).toMatchObject({ code: 'AccessDenied', message: expect.stringContaining('gatehouse:Authorize') });

      const allowed = await signedCall(t, admin, await question(admin));
      expect(allowed.json).toMatchObject({ authenticated: true, decision: 'allowed', principal: { arn: `arn:aws:iam::${TEST_ACCOUNT_ID}:user/admin` } });
      const denied = await signedCall(t, admin, await question(nobody));
      expect(denied.json).toMatchObject({
        authenticated: true,
        decision: 'implicitDeny',
        message: `User: arn:aws:iam::${TEST_ACCOUNT_ID}:user/nobody is not authorized to perform: example:GetThing on resource: arn:aws:example:::things/1 because no identity-based policy allows the example:GetThing action`,
      });
      // The denial carries its reasons, sealed; sts:DecodeAuthorizationMessage opens them.
      const sts = t.sts();
      const { DecodedMessage } = await sts.send(new DecodeAuthorizationMessageCommand({ EncodedMessage: denied.json.encodedMessage as string }));
      expect(JSON.parse(DecodedMessage!)).toMatchObject({
        allowed: false,
        explicitDeny: false,
        context: { action: 'example:GetThing', resource: 'arn:aws:example:::things/1', principal: { arn: `arn:aws:iam::${TEST_ACCOUNT_ID}:user/nobody` } },
      });
      await expect(sts.send(new DecodeAuthorizationMessageCommand({ EncodedMessage: 'bm90LWEtbWVzc2FnZQ' }))).rejects.toMatchObject({ name: 'InvalidAuthorizationMessageException' });
      expect((await sts.send(new GetCallerIdentityCommand({}))).Account).toBe(TEST_ACCOUNT_ID);
      sts.destroy();
    } finally {
      await t.close();
    }
  });
});
