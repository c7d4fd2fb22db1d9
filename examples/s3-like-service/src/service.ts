/**
 * A tiny S3-like object store that keeps objects in memory and lets Gatehouse decide who may
 * read and write them. It speaks just enough of S3's REST API (path-style GetObject and
 * PutObject, S3's XML errors) for the AWS SDK's S3 client to use it unchanged.
 */
import { createHash } from 'node:crypto';
import express, { type Request, type Response } from 'express';
import type { Authorizer } from '@gatehouse/client';
import { requireAuthorization } from '@gatehouse/client/express';

interface StoredObject {
  body: Buffer;
  contentType: string;
  etag: string;
  lastModified: Date;
}

export function createS3LikeService(authorizer: Authorizer): express.Express {
  const objects = new Map<string, StoredObject>();
  const app = express();
  app.disable('x-powered-by');

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });

  // Each route names the S3 action it performs and the object's ARN; Gatehouse does the rest.
  app.get(
    '/:bucket/*key',
    requireAuthorization({ authorizer, target: (req) => ({ action: 's3:GetObject', resource: objectArn(req) }) }),
    (req: Request, res: Response) => {
      const object = objects.get(objectName(req));
      if (!object) return s3Error(res, 404, 'NoSuchKey', 'The specified key does not exist.');
      // setHeader, not res.set: Express would add a charset to the type the object was stored with.
      res.setHeader('content-type', object.contentType);
      res.setHeader('etag', object.etag);
      res.setHeader('last-modified', object.lastModified.toUTCString());
      res.setHeader('x-amz-request-id', req.gatehouse?.requestId ?? '');
      res.status(200).send(object.body);
    },
  );

  app.put(
    '/:bucket/*key',
    requireAuthorization({ authorizer, target: (req) => ({ action: 's3:PutObject', resource: objectArn(req) }) }),
    (req: Request, res: Response) => {
      // The middleware left the body's bytes in req.body.
      const body = payload(req);
      const etag = `"${createHash('md5').update(body).digest('hex')}"`;
      objects.set(objectName(req), { body, contentType: req.get('content-type') ?? 'application/octet-stream', etag, lastModified: new Date() });
      res.status(200).set({ etag, 'x-amz-request-id': req.gatehouse?.requestId ?? '' }).end();
    },
  );

  return app;
}

/** bucket/key, decoded, as S3 names an object. */
function objectName(req: Request): string {
  const params = req.params as { bucket: string; key: string | string[] };
  // Express 5 hands a wildcard over as its decoded segments.
  const key = Array.isArray(params.key) ? params.key.join('/') : params.key;
  return `${params.bucket}/${key}`;
}

/** arn:aws:s3:::bucket/key — S3's object ARN has no region and no account. */
function objectArn(req: Request): string {
  return `arn:aws:s3:::${objectName(req)}`;
}

/**
 * The object's bytes. A client that streams an upload (Content-Encoding: aws-chunked, as the
 * SDK does for a stream body with a checksum) frames it in chunks, "<hex size>[;…]\r\n<data>\r\n",
 * ending with a zero-size chunk and trailers; the object is the data alone.
 * https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-streaming.html
 */
function payload(req: Request): Buffer {
  const raw = req.body as Buffer;
  if (!(req.get('content-encoding') ?? '').split(',').some((e) => e.trim() === 'aws-chunked')) return raw;
  const parts: Buffer[] = [];
  let at = 0;
  for (;;) {
    const lineEnd = raw.indexOf('\r\n', at);
    if (lineEnd < 0) break;
    const size = parseInt(raw.subarray(at, lineEnd).toString('latin1').split(';')[0]!, 16);
    if (!(size > 0)) break;
    parts.push(raw.subarray(lineEnd + 2, lineEnd + 2 + size));
    at = lineEnd + 2 + size + 2;
  }
  return Buffer.concat(parts);
}

function s3Error(res: Response, status: number, code: string, message: string): void {
  res
    .status(status)
    .type('application/xml')
    .send(`<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message></Error>`);
}
