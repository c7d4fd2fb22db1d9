/**
 * End to end, as a user would run it: the AWS SDK's S3 client signs requests to the example
 * object store, which forwards them to a real Gatehouse through @gatehouse/client's Express
 * middleware and serves or refuses them by its answer.
 */
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createS3LikeService } from '../../../../examples/s3-like-service/src/service.js';
import { backends } from '../../../server/test/support/backends.js';
import { createAuthorizer, type Authorizer } from '../../src/index.js';
import { startGatehouse, TEST_ACCOUNT_ID, type Credentials, type Gatehouse } from '../support/gatehouse.js';

describe.each(await backends())('the example S3-like service behind Gatehouse on %s', (backend) => {
  let gatehouse: Gatehouse;
  let authorizer: Authorizer;
  let store: Server;
  let endpoint: string;
  const clients: S3Client[] = [];

  const s3 = (credentials: Credentials) => {
    const client = new S3Client({ endpoint, forcePathStyle: true, region: 'us-east-1', credentials, maxAttempts: 1 });
    clients.push(client);
    return client;
  };

  beforeAll(async () => {
    gatehouse = await startGatehouse(backend);
    authorizer = createAuthorizer({ endpoint: gatehouse.t.server.url, credentials: gatehouse.service });
    store = createS3LikeService(authorizer).listen(0, '127.0.0.1');
    await new Promise<void>((resolve) => store.once('listening', () => resolve()));
    endpoint = `http://127.0.0.1:${(store.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    for (const client of clients) client.destroy();
    store?.closeAllConnections();
    await new Promise<void>((resolve) => (store ? store.close(() => resolve()) : resolve()));
    authorizer?.close();
    await gatehouse?.close();
  });

  it('lets the admin put an object and get it back', async () => {
    const admin = s3(gatehouse.admin);
    const put = await admin.send(new PutObjectCommand({ Bucket: 'photos', Key: '2024/cat one.txt', Body: 'meow', ContentType: 'text/plain' }));
    expect(put.ETag).toBe('"4a4be40c96ac6314e91d93f38043a634"');
    const got = await admin.send(new GetObjectCommand({ Bucket: 'photos', Key: '2024/cat one.txt' }));
    expect(await got.Body!.transformToString()).toBe('meow');
    expect(got.ContentType).toBe('text/plain');

    const asked = gatehouse.decider.questions.filter((q) => q.action !== 'gatehouse:Authorize');
    expect(asked.map((q) => [q.action, q.resource, q.principal.arn])).toEqual([
      ['s3:PutObject', 'arn:aws:s3:::photos/2024/cat one.txt', `arn:aws:iam::${TEST_ACCOUNT_ID}:user/admin`],
      ['s3:GetObject', 'arn:aws:s3:::photos/2024/cat one.txt', `arn:aws:iam::${TEST_ACCOUNT_ID}:user/admin`],
    ]);
    expect(asked[0]!.sourceIp).toBe('127.0.0.1');
    expect(asked[0]!.context).toMatchObject({ 'aws:SecureTransport': false, 'aws:RequestedRegion': 'us-east-1' });
  });

  it('refuses a user whom policy does not allow, with AccessDenied as S3 sends it', async () => {
    const bob = s3(gatehouse.bob);
    const message = `User: arn:aws:iam::${TEST_ACCOUNT_ID}:user/bob is not authorized to perform: s3:GetObject on resource: arn:aws:s3:::photos/2024/cat one.txt because no identity-based policy allows the s3:GetObject action`;
    await expect(bob.send(new GetObjectCommand({ Bucket: 'photos', Key: '2024/cat one.txt' }))).rejects.toMatchObject({
      name: 'AccessDenied',
      message,
      $metadata: { httpStatusCode: 403 },
    });
    await expect(bob.send(new PutObjectCommand({ Bucket: 'photos', Key: 'bob.txt', Body: 'hi' }))).rejects.toMatchObject({ name: 'AccessDenied', $metadata: { httpStatusCode: 403 } });
    // Nothing was written.
    await expect(s3(gatehouse.admin).send(new GetObjectCommand({ Bucket: 'photos', Key: 'bob.txt' }))).rejects.toMatchObject({ name: 'NoSuchKey' });
  });

  it("relays Gatehouse's verdict on a bad signature, as S3 would answer it", async () => {
    const forger = s3({ accessKeyId: gatehouse.admin.accessKeyId, secretAccessKey: gatehouse.bob.secretAccessKey });
    await expect(forger.send(new GetObjectCommand({ Bucket: 'photos', Key: '2024/cat one.txt' }))).rejects.toMatchObject({
      name: 'SignatureDoesNotMatch',
      $metadata: { httpStatusCode: 403 },
    });
    const stranger = s3({ accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: gatehouse.bob.secretAccessKey });
    await expect(stranger.send(new GetObjectCommand({ Bucket: 'photos', Key: '2024/cat one.txt' }))).rejects.toMatchObject({ name: 'InvalidClientTokenId' });
  });

  it('takes a streamed upload, whose payload the SDK signs as chunks', async () => {
    const admin = s3(gatehouse.admin);
    const { Readable } = await import('node:stream');
    const body = Readable.from([Buffer.from('chunk one, '), Buffer.from('chunk two')]);
    await admin.send(new PutObjectCommand({ Bucket: 'photos', Key: 'streamed.txt', Body: body, ContentLength: 20 }));
    const got = await admin.send(new GetObjectCommand({ Bucket: 'photos', Key: 'streamed.txt' }));
    expect(await got.Body!.transformToString()).toBe('chunk one, chunk two');
  });
});
