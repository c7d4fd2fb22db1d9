/**
 * The Express, Fastify and Hono middlewares against a real Gatehouse: the AWS SDK's S3 client
 * signs, the middleware forwards, Gatehouse verifies and its test decider decides. Each app
 * answers GET with the principal the middleware attached and PUT with the MD5 of the body its
 * handler received, so both the forwarding and what reaches the handler are checked.
 */
import { createHash } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { serve, type ServerType } from '@hono/node-server';
import { Hash } from '@smithy/hash-node';
import { SignatureV4 } from '@smithy/signature-v4';
import express from 'express';
import Fastify, { type FastifyInstance } from 'fastify';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireAuthorization as expressAuthorization } from '../src/express.js';
import { requireAuthorization as fastifyAuthorization } from '../src/fastify.js';
import { requireAuthorization as honoAuthorization, type GatehouseVariables } from '../src/hono.js';
import { createAuthorizer, errorResponse, forwardedRequest, GatehouseError, type AuthorizeTarget, type Authorizer } from '../src/index.js';
import { startGatehouse, TEST_ACCOUNT_ID, type Credentials, type Gatehouse } from './support/gatehouse.js';

const md5 = (data: Uint8Array | string) => `"${createHash('md5').update(data).digest('hex')}"`;

/** The action and resource of an S3-style path-addressed object request. */
function s3Target(method: string, path: string): AuthorizeTarget {
  const object = decodeURIComponent(path.split('?')[0]!.slice(1));
  return { action: method === 'PUT' ? 's3:PutObject' : 's3:GetObject', resource: `arn:aws:s3:::${object}` };
}

function expressApp(authorizer: Authorizer, errorFormat: 'xml' | 'json' = 'xml', maxBodyBytes?: number) {
  const app = express();
  const gate = expressAuthorization({ authorizer, errorFormat, ...(maxBodyBytes ? { maxBodyBytes } : {}), target: (req) => s3Target(req.method, req.originalUrl) });
  app.get('/:bucket/*key', gate, (req, res) => {
    res.json(req.gatehouse);
  });
  app.put('/:bucket/*key', gate, (req, res) => {
    res.set('etag', md5(req.body as Buffer)).end();
  });
  return app;
}

async function fastifyApp(authorizer: Authorizer): Promise<FastifyInstance> {
  const app = Fastify();
  app.get('/healthz', async () => ({ status: 'ok' }));
  await app.register(async (scope) => {
    // Objects are any bytes; JSON keeps Fastify's own parser.
    scope.addContentTypeParser('application/octet-stream', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
    fastifyAuthorization(scope, { authorizer, target: (request) => s3Target(request.method, request.raw.url!) });
    scope.get('/:bucket/*', async (request) => request.gatehouse);
    scope.put('/:bucket/*', async (request, reply) => {
      const body = Buffer.isBuffer(request.body) ? request.body : Buffer.from(JSON.stringify(request.body));
      return reply.header('etag', md5(body)).send();
    });
  });
  return app;
}

function honoApp(authorizer: Authorizer) {
  const app = new Hono<{ Variables: GatehouseVariables }>();
  const gate = honoAuthorization({ authorizer, target: (c) => s3Target(c.req.method, new URL(c.req.url).pathname) });
  app.get('/:bucket/:key{.+}', gate, (c) => c.json(c.get('gatehouse')));
  app.put('/:bucket/:key{.+}', gate, async (c) => c.body(null, 200, { etag: md5(new Uint8Array(await c.req.arrayBuffer())) }));
  return app;
}

describe('the middlewares', () => {
  let gatehouse: Gatehouse;
  let authorizer: Authorizer;
  const closers: (() => Promise<void> | void)[] = [];
  const endpoints: Record<string, string> = {};

  const listening = async (name: string, server: Server | ServerType) => {
    if (!server.listening) await new Promise<void>((resolve) => server.once('listening', () => resolve()));
    endpoints[name] = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    closers.push(
      () =>
        new Promise<void>((resolve) => {
          (server as Server).closeAllConnections?.();
          server.close(() => resolve());
        }),
    );
  };

  beforeAll(async () => {
    gatehouse = await startGatehouse('sqlite');
    authorizer = createAuthorizer({ endpoint: gatehouse.t.server.url, credentials: gatehouse.service });
    await listening('express', expressApp(authorizer).listen(0, '127.0.0.1'));
    await listening('express (JSON errors, 16-byte bodies)', expressApp(authorizer, 'json', 16).listen(0, '127.0.0.1'));
    const fastify = await fastifyApp(authorizer);
    await fastify.listen({ port: 0, host: '127.0.0.1' });
    endpoints.fastify = `http://127.0.0.1:${(fastify.server.address() as AddressInfo).port}`;
    closers.push(() => fastify.close());
    await listening('hono', serve({ fetch: honoApp(authorizer).fetch, port: 0, hostname: '127.0.0.1' }));
  });
  afterAll(async () => {
    for (const close of closers) await close();
    authorizer?.close();
    await gatehouse?.close();
  });

  const s3 = (name: string, credentials: Credentials) => new S3Client({ endpoint: endpoints[name], forcePathStyle: true, region: 'us-east-1', credentials, maxAttempts: 1 });

  describe.each(['express', 'fastify', 'hono'])('for %s', (name) => {
    it('lets an allowed request through with the principal attached', async () => {
      const client = s3(name, gatehouse.admin);
      try {
        const got = await client.send(new GetObjectCommand({ Bucket: 'bucket', Key: 'a key/with (odd) chars~!.txt' }));
        const attached = JSON.parse(await got.Body!.transformToString()) as Record<string, unknown>;
        expect(attached).toMatchObject({
          principal: { arn: `arn:aws:iam::${TEST_ACCOUNT_ID}:user/admin`, accountId: TEST_ACCOUNT_ID, type: 'IAMUser', userName: 'admin' },
          reasons: [{ policy: 'arn:aws:iam::aws:policy/AdministratorAccess', effect: 'Allow' }],
          requestId: expect.stringMatching(/^[0-9a-f-]{36}$/),
        });
        const last = gatehouse.decider.questions.at(-1)!;
        expect([last.action, last.resource]).toEqual(['s3:GetObject', 'arn:aws:s3:::bucket/a key/with (odd) chars~!.txt']);
      } finally {
        client.destroy();
      }
    });

    it('hands the handler the body it verified', async () => {
      const client = s3(name, gatehouse.admin);
      try {
        const put = await client.send(new PutObjectCommand({ Bucket: 'bucket', Key: 'k', Body: 'the object body' }));
        expect(put.ETag).toBe(md5('the object body'));
      } finally {
        client.destroy();
      }
    });

    it('answers a denied request with S3’s AccessDenied', async () => {
      const client = s3(name, gatehouse.bob);
      try {
        await expect(client.send(new PutObjectCommand({ Bucket: 'bucket', Key: 'k', Body: 'x' }))).rejects.toMatchObject({
          name: 'AccessDenied',
          message: `User: arn:aws:iam::${TEST_ACCOUNT_ID}:user/bob is not authorized to perform: s3:PutObject on resource: arn:aws:s3:::bucket/k because no identity-based policy allows the s3:PutObject action`,
          $metadata: { httpStatusCode: 403 },
        });
      } finally {
        client.destroy();
      }
    });

    it('relays a failed signature', async () => {
      const client = s3(name, { ...gatehouse.admin, secretAccessKey: gatehouse.bob.secretAccessKey });
      try {
        await expect(client.send(new GetObjectCommand({ Bucket: 'bucket', Key: 'k' }))).rejects.toMatchObject({ name: 'SignatureDoesNotMatch', $metadata: { httpStatusCode: 403 } });
      } finally {
        client.destroy();
      }
    });
  });

  it('keeps the raw bytes for the signature while Fastify parses JSON', async () => {
    const signer = new SignatureV4({ service: 's3', region: 'us-east-1', credentials: gatehouse.admin, sha256: Hash.bind(null, 'sha256'), uriEscapePath: false, applyChecksum: true });
    const url = new URL('/bucket/doc.json', endpoints.fastify);
    const body = '{ "spaced" :  true }';
    const signed = await signer.sign({
      method: 'PUT',
      protocol: 'http:',
      hostname: url.hostname,
      port: Number(url.port),
      path: url.pathname,
      query: {},
      headers: { host: url.host, 'content-type': 'application/json', 'x-amz-content-sha256': createHash('sha256').update(body).digest('hex') },
      body,
    });
    const res = await fetch(url, { method: 'PUT', headers: signed.headers, body });
    expect(res.status).toBe(200);
    expect(res.headers.get('etag')).toBe(md5(JSON.stringify({ spaced: true })));
  });

  it('leaves routes outside the protected scope alone (Fastify)', async () => {
    expect(await (await fetch(new URL('/healthz', endpoints.fastify))).json()).toEqual({ status: 'ok' });
  });

  it('verifies with Hono on a bare fetch Request too, Host taken from the URL', async () => {
    const app = honoApp(authorizer);
    const signer = new SignatureV4({ service: 's3', region: 'us-east-1', credentials: gatehouse.admin, sha256: Hash.bind(null, 'sha256'), uriEscapePath: false, applyChecksum: true });
    const signed = await signer.sign({ method: 'GET', protocol: 'https:', hostname: 'store.example', path: '/bucket/k', query: {}, headers: { host: 'store.example' } });
    const { host: _host, ...headers } = signed.headers;
    const res = await app.request('https://store.example/bucket/k', { headers });
    expect(res.status).toBe(200);
    expect(gatehouse.decider.questions.at(-1)!.context).toMatchObject({ 'aws:SecureTransport': true });
  });

  it('writes the AWS JSON protocol error when asked to', async () => {
    const client = s3('express (JSON errors, 16-byte bodies)', gatehouse.bob);
    try {
      await expect(client.send(new GetObjectCommand({ Bucket: 'bucket', Key: 'k' }))).rejects.toMatchObject({ $metadata: { httpStatusCode: 403 } });
    } finally {
      client.destroy();
    }
    const unsigned = await fetch(new URL('/bucket/k', endpoints['express (JSON errors, 16-byte bodies)']));
    expect(unsigned.status).toBe(403);
    expect(unsigned.headers.get('x-amzn-errortype')).toBe('MissingAuthenticationToken');
    expect(await unsigned.json()).toEqual({ __type: 'MissingAuthenticationToken', message: 'Request is missing Authentication Token' });
  });

  it('refuses a body larger than it will hash, before asking Gatehouse', async () => {
    const asked = gatehouse.decider.questions.length;
    const res = await fetch(new URL('/bucket/k', endpoints['express (JSON errors, 16-byte bodies)']), { method: 'PUT', body: 'seventeen bytes!!' });
    expect(res.status).toBe(413);
    expect(await res.json()).toEqual({ __type: 'EntityTooLarge', message: 'Your proposed upload exceeds the maximum allowed size of 16 bytes.' });
    expect(gatehouse.decider.questions.length).toBe(asked);
  });
});

describe('the authorizer', () => {
  let gatehouse: Gatehouse;
  beforeAll(async () => {
    gatehouse = await startGatehouse('sqlite');
  });
  afterAll(async () => {
    await gatehouse?.close();
  });

  it('rejects with GatehouseError when the service itself may not ask', async () => {
    const authorizer = createAuthorizer({ endpoint: gatehouse.t.server.url + '/', credentials: gatehouse.bob, region: 'eu-central-1' });
    try {
      const request = forwardedRequest({ method: 'GET', target: '/x', headers: [['host', 'h']], body: new Uint8Array(), secureTransport: false });
      const error = await authorizer.authorize({ request, action: 's3:GetObject', resource: '*' }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(GatehouseError);
      expect(error).toMatchObject({ code: 'AccessDenied', status: 403, requestId: expect.stringMatching(/^[0-9a-f-]{36}$/) });
    } finally {
      authorizer.close();
    }
  });

  it('resolves with the verdict on an unsigned forwarded request', async () => {
    const authorizer = createAuthorizer({ endpoint: gatehouse.t.server.url, credentials: async () => gatehouse.service });
    try {
      const request = forwardedRequest({ method: 'GET', target: '/x?a=1', headers: [['host', 'h']], body: new Uint8Array(), secureTransport: false });
      expect(await authorizer.authorize({ request, action: 's3:GetObject', resource: '*' })).toMatchObject({
        authenticated: false,
        code: 'MissingAuthenticationToken',
        status: 403,
      });
    } finally {
      authorizer.close();
    }
  });
});

describe('the forwarded form', () => {
  it('splits the target at its first ? and hashes the body', () => {
    expect(forwardedRequest({ method: 'PUT', target: '/b/k%20?x-id=PutObject&q=a?b', headers: [['Host', 'h']], body: Buffer.from('abc'), secureTransport: false })).toEqual({
      method: 'PUT',
      path: '/b/k%20',
      query: 'x-id=PutObject&q=a?b',
      headers: [['Host', 'h']],
      payloadHash: 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    });
  });

  it('escapes the error document', () => {
    expect(errorResponse('xml', { status: 403, code: 'AccessDenied', message: 'on <a&b>', requestId: 'r' }).body).toBe(
      '<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>AccessDenied</Code><Message>on &lt;a&amp;b&gt;</Message><RequestId>r</RequestId></Error>',
    );
  });
});
