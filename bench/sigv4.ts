/**
 * SigV4 verification speed for one realistic IAM call: the POST that the AWS SDK for
 * JavaScript v3 sends for ListUsers, header-signed. Three figures, measured in the same run:
 *
 *   verify, cached key   readSignatureClaim + SigningKeyCache hit + verifySignature (the hot path)
 *   verify, derived key  the same with the four-HMAC key derivation on every request
 *   peer                 @smithy/signature-v4 signing the same request, i.e. what the SDK spends
 *                        computing the signature we check
 *
 * Run: node --import tsx bench/sigv4.ts
 */
import { Hash } from '@smithy/hash-node';
import { SignatureV4 } from '@smithy/signature-v4';
import { deriveSigningKey, readSignatureClaim, SigningKeyCache, verifySignature, type HttpRequestParts } from '../packages/server/src/auth/sigv4.js';

const SECRET = 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY';
const SIGNED_AT = new Date('2025-03-14T09:26:53Z');
const body = Buffer.from('Action=ListUsers&Version=2010-05-08&MaxItems=100&PathPrefix=%2Fdevelopers%2F');

const signer = new SignatureV4({
  credentials: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: SECRET },
  region: 'us-east-1',
  service: 'iam',
  sha256: Hash.bind(null, 'sha256'),
});

// The headers @aws-sdk/client-iam puts on the request before signing.
const unsigned = () => ({
  method: 'POST',
  protocol: 'https:',
  hostname: 'iam.amazonaws.com',
  path: '/',
  query: {},
  headers: {
    host: 'iam.amazonaws.com',
    'content-type': 'application/x-www-form-urlencoded',
    'content-length': String(body.length),
    'user-agent': 'aws-sdk-js/3.700.0 ua/2.1 os/linux#6.8 lang/js md/nodejs#20.20.2 api/iam#3.700.0 m/E',
    'x-amz-user-agent': 'aws-sdk-js/3.700.0',
    'amz-sdk-invocation-id': '6f1f2d3e-7c0a-4a36-9d8e-0b7d5e9c1a42',
    'amz-sdk-request': 'attempt=1; max=3',
  } as Record<string, string>,
  body,
});

const signed = await signer.sign(unsigned(), { signingDate: SIGNED_AT });
const request: HttpRequestParts = {
  method: signed.method,
  path: signed.path,
  query: '',
  headers: Object.entries(signed.headers),
  body,
};
const now = new Date(SIGNED_AT.getTime() + 2_000);
const cache = new SigningKeyCache();

function verifyCached(): void {
  const claim = readSignatureClaim(request);
  verifySignature(request, claim, cache.get(claim, () => SECRET), now);
}

function verifyDerived(): void {
  const claim = readSignatureClaim(request);
  verifySignature(request, claim, deriveSigningKey(SECRET, claim.scopeDate, claim.region, claim.service), now);
}

async function smithySign(): Promise<void> {
  await signer.sign(unsigned(), { signingDate: SIGNED_AT });
}

// Make sure every contender does the work it is timed for before timing it.
verifyCached();
verifyDerived();
const again = await signer.sign(unsigned(), { signingDate: SIGNED_AT });
if (again.headers['authorization'] !== signed.headers['authorization']) throw new Error('the peer signs differently from run to run');

interface Result {
  opsPerSecond: number;
  microsPerOp: number;
}

/** Best of five rounds of ~0.4 s each, after a warm-up; batches keep the clock out of the loop. */
async function measure(fn: () => void | Promise<void>): Promise<Result> {
  const round = async (ms: number) => {
    let ops = 0;
    const start = process.hrtime.bigint();
    const deadline = start + BigInt(ms) * 1_000_000n;
    let t = start;
    while (t < deadline) {
      for (let i = 0; i < 256; i++) await fn();
      ops += 256;
      t = process.hrtime.bigint();
    }
    return (ops * 1e9) / Number(t - start);
  };
  await round(300);
  let best = 0;
  for (let r = 0; r < 5; r++) best = Math.max(best, await round(400));
  return { opsPerSecond: best, microsPerOp: 1e6 / best };
}

// Synchronous functions run through the same await-in-a-loop harness as the async peer, so the
// harness overhead is the same for all three.
const results: [string, Result][] = [
  ['verify, cached signing key', await measure(verifyCached)],
  ['verify, key derived each time', await measure(verifyDerived)],
  ['peer: @smithy/signature-v4 sign', await measure(smithySign)],
];

const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
console.log(`SigV4, one IAM ListUsers POST (${request.headers.length} headers, ${body.length}-byte body), node ${process.version}`);
for (const [name, r] of results) {
  console.log(`  ${name.padEnd(34)} ${fmt(r.opsPerSecond).padStart(10)} ops/s  ${fmt(r.microsPerOp, 2).padStart(8)} µs/op`);
}
const [cached, derived, peer] = results.map(([, r]) => r) as [Result, Result, Result];
console.log(`  cached / derived: ${(cached.opsPerSecond / derived.opsPerSecond).toFixed(2)}x`);
console.log(`  cached verify / peer sign: ${(cached.opsPerSecond / peer.opsPerSecond).toFixed(2)}x (above 1 = we verify faster than the SDK signs)`);
