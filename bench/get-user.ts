/**
 * GetUser requests per second over loopback, all with one fixed presigned URL, against a real
 * server on SQLite. Prints throughput and latency percentiles; asserts nothing.
 *   node --import tsx bench/get-user.ts [seconds=5] [concurrency=16]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Hash } from '@smithy/hash-node';
import { SignatureV4 } from '@smithy/signature-v4';
import { pino } from 'pino';
import { bootstrap } from '../packages/server/src/bootstrap.js';
import { systemRandom } from '../packages/server/src/crypto/random.js';
import { SecretBox } from '../packages/server/src/crypto/secret-box.js';
import { startServer } from '../packages/server/src/http/server.js';
import { openStore } from '../packages/server/src/storage/database.js';

const seconds = Number(process.argv[2] ?? 5);
const concurrency = Number(process.argv[3] ?? 16);

const dataDir = mkdtempSync(join(tmpdir(), 'gatehouse-bench-'));
const store = await openStore({ dataDir });
const secrets = new SecretBox(Buffer.alloc(32, 3));
const admin = await bootstrap(store, { now: new Date(), random: systemRandom, secrets });
const server = await startServer({ store, secrets, logger: pino({ level: 'silent' }) });

const signer = new SignatureV4({
  service: 'iam',
  region: 'us-east-1',
  sha256: Hash.bind(null, 'sha256'),
  credentials: { accessKeyId: admin.accessKeyId, secretAccessKey: admin.secretAccessKey },
});
const presigned = await signer.presign(
  {
    method: 'GET',
    protocol: 'http:',
    hostname: '127.0.0.1',
    port: server.port,
    path: '/',
    query: { Action: 'GetUser', Version: '2010-05-08', UserName: 'admin' },
    headers: { host: `127.0.0.1:${server.port}` },
  },
  { expiresIn: 3600 },
);
const path = '/?' + new URLSearchParams(presigned.query as Record<string, string>).toString().replace(/\+/g, '%20');

const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
function once(): Promise<number> {
  const start = process.hrtime.bigint();
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: server.port, path, agent, headers: { host: `127.0.0.1:${server.port}` } }, (res) => {
      res.resume();
      res.on('end', () => (res.statusCode === 200 ? resolve(Number(process.hrtime.bigint() - start) / 1e3) : reject(new Error(`HTTP ${res.statusCode}`))));
    });
    req.on('error', reject);
    req.end();
  });
}

await Promise.all(Array.from({ length: 200 }, once)); // warm-up
const latencies: number[] = [];
const deadline = Date.now() + seconds * 1000;
const began = process.hrtime.bigint();
await Promise.all(
  Array.from({ length: concurrency }, async () => {
    while (Date.now() < deadline) latencies.push(await once());
  }),
);
const elapsed = Number(process.hrtime.bigint() - began) / 1e9;
latencies.sort((a, b) => a - b);
const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))]!.toFixed(0);
console.log(`GetUser over loopback (SQLite, ${concurrency} concurrent, ${seconds}s, one presigned URL)`);
console.log(`  requests/s  ${(latencies.length / elapsed).toFixed(0)}`);
console.log(`  latency µs  p50 ${pct(50)}  p90 ${pct(90)}  p99 ${pct(99)}`);

agent.destroy();
await server.close();
await store.close();
rmSync(dataDir, { recursive: true, force: true });
