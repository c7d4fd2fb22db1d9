import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { IAMClient } from '@aws-sdk/client-iam';
import { STSClient } from '@aws-sdk/client-sts';
import { Hash } from '@smithy/hash-node';
import { SignatureV4 } from '@smithy/signature-v4';
import { pino, type Logger } from 'pino';
import type { PolicyDecider } from '../../src/authorize-api/decider.js';
import type { ConsoleApiOptions } from '../../src/console-api/routes.js';
import { bootstrap, type BootstrapResult } from '../../src/bootstrap.js';
import { systemRandom } from '../../src/crypto/random.js';
import { SecretBox } from '../../src/crypto/secret-box.js';
import { startServer, type RunningServer } from '../../src/http/server.js';
import { openTestStore, type Backend, type TestStore, type TestStoreOptions } from './backends.js';

export const TEST_ACCOUNT_ID = '123456789012';

export interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

export interface TestServer {
  server: RunningServer;
  testStore: TestStore & { schema?: string };
  admin: BootstrapResult;
  secrets: SecretBox;
  iam(credentials?: Credentials): IAMClient;
  sts(credentials?: Credentials): STSClient;
  cloudtrail(credentials?: Credentials): CloudTrailClient;
  /** A SigV4 signer for IAM with the admin's key, for tests that build requests by hand. */
  signer: SignatureV4;
  /** Headers that sign a form-encoded POST of `body` to the endpoint as the admin. */
  signForm(body: string): Promise<Record<string, string>>;
  /**
   * Starts another Gatehouse on the same PostgreSQL database (its own pool: another node), and
   * answers IAM clients for it with the admin's key; stopped by close().
   */
  secondNode(): Promise<{ server: RunningServer; iam(credentials?: Credentials): IAMClient }>;
  /** Move the server's clock; tests of expiry and skew use it. */
  setClock(now: () => Date): void;
  close(): Promise<void>;
}

export interface TestServerOptions {
  /** for the authorize API; without one the policy engine decides */
  decider?: PolicyDecider;
  workloadSessionSeconds?: number;
  /** console sessions and guessing protection (tests use small numbers) */
  console?: ConsoleApiOptions;
  /** the built console to serve (tests give a temporary directory) */
  consoleDir?: string;
  /** reverse proxies whose X-Forwarded-For/-Proto the server believes */
  trustedProxies?: string[];
  /** database timeouts (fault tests shorten them) */
  storage?: TestStoreOptions;
  /** the event digest period (default 5 minutes, as the server's) */
  eventDigestMinutes?: number;
  /** where the server logs (default: nowhere); event tampering tests read its alarms */
  logger?: Logger;
}

/** A real Gatehouse on a free loopback port, bootstrapped with a fixed account id. */
export async function startTestServer(backend: Backend, options: TestServerOptions = {}): Promise<TestServer> {
  const { storage, ...serverOptions } = options;
  const testStore = await openTestStore(backend, storage);
  const secrets = new SecretBox(Buffer.alloc(32, 7));
  const admin = await bootstrap(testStore.store, { accountId: TEST_ACCOUNT_ID, now: new Date(), random: systemRandom, secrets });
  let clock = () => new Date();
  const server = await startServer({ store: testStore.store, secrets, logger: pino({ level: 'silent' }), clock: () => clock(), ...serverOptions });
  const adminCredentials = { accessKeyId: admin.accessKeyId, secretAccessKey: admin.secretAccessKey };
  const signer = new SignatureV4({ service: 'iam', region: 'us-east-1', sha256: Hash.bind(null, 'sha256'), credentials: adminCredentials });
  const host = new URL(server.url).host;
  const others: RunningServer[] = [];
  const clientConfig = (credentials: Credentials) => ({ endpoint: server.url, region: 'us-east-1', credentials, maxAttempts: 1 });
  return {
    server,
    testStore,
    admin,
    secrets,
    iam: (credentials = adminCredentials) => new IAMClient(clientConfig(credentials)),
    signer,
    signForm: async (body) => {
      const signed = await signer.sign({ method: 'POST', protocol: 'http:', hostname: '127.0.0.1', port: server.port, path: '/', headers: { host, 'content-type': 'application/x-www-form-urlencoded' }, body });
      return signed.headers as Record<string, string>;
    },
    sts: (credentials = adminCredentials) => new STSClient(clientConfig(credentials)),
    cloudtrail: (credentials = adminCredentials) => new CloudTrailClient(clientConfig(credentials)),
    secondNode: async () => {
      const node = await startServer({ store: testStore.openNode(), secrets, logger: pino({ level: 'silent' }), clock: () => clock(), ...serverOptions });
      others.push(node);
      return { server: node, iam: (credentials = adminCredentials) => new IAMClient({ ...clientConfig(credentials), endpoint: node.url }) };
    },
    setClock: (now) => {
      clock = now;
    },
    close: async () => {
      for (const node of others) await node.close();
      await server.close();
      await testStore.dispose();
    },
  };
}
