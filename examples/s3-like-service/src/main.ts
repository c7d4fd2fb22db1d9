/**
 * Runs the example store against a running Gatehouse:
 *
 *   GATEHOUSE_ENDPOINT=http://127.0.0.1:7400 \
 *   GATEHOUSE_ACCESS_KEY_ID=AKIA… GATEHOUSE_SECRET_ACCESS_KEY=… \
 *   PORT=9000 npm start -w @gatehouse/example-s3-like-service
 *
 * The key is the store's own identity at Gatehouse; it needs gatehouse:Authorize.
 */
import type { AddressInfo } from 'node:net';
import { createAuthorizer } from '@gatehouse/client';
import { createS3LikeService } from './service.js';

const env = process.env;
const accessKeyId = env.GATEHOUSE_ACCESS_KEY_ID;
const secretAccessKey = env.GATEHOUSE_SECRET_ACCESS_KEY;
if (!accessKeyId || !secretAccessKey) {
  console.error('Set GATEHOUSE_ACCESS_KEY_ID and GATEHOUSE_SECRET_ACCESS_KEY to an access key of this service at Gatehouse (it needs gatehouse:Authorize).');
  process.exit(2);
}

const authorizer = createAuthorizer({ endpoint: env.GATEHOUSE_ENDPOINT ?? 'http://127.0.0.1:7400', credentials: { accessKeyId, secretAccessKey } });
const host = env.HOST ?? '127.0.0.1';
const port = Number(env.PORT ?? 9000);
const server = createS3LikeService(authorizer).listen(port, host, () => {
  const { port: bound } = server.address() as AddressInfo;
  console.log(`s3-like-service listening on http://${host}:${bound} (Gatehouse: ${env.GATEHOUSE_ENDPOINT ?? 'http://127.0.0.1:7400'})`);
});
const stop = () => {
  server.close();
  authorizer.close();
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
