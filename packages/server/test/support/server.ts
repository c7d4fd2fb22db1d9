import { IAMClient } from '@aws-sdk/client-iam';
import { STSClient } from '@aws-sdk/client-sts';
import { pino } from 'pino';
import type { PolicyDecider } from '../../src/authorize-api/decider.js';
import { bootstrap, type BootstrapResult } from '../../src/bootstrap.js';
import { systemRandom } from '../../src/crypto/random.js';
import { SecretBox } from '../../src/crypto/secret-box.js';
import { startServer, type RunningServer } from '../../src/http/server.js';
import { openTestStore, type Backend, type TestStore } from './backends.js';

export const TEST_ACCOUNT_ID = '123456789012';

export interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

export interface TestServer {
  server: RunningServer;
  testStore: TestStore;
  admin: BootstrapResult;
  secrets: SecretBox;
  iam(credentials?: Credentials): IAMClient;
  sts(credentials?: Credentials): STSClient;
  /** Move the server's clock; tests of expiry and skew use it. */
  setClock(now: () => Date): void;
  close(): Promise<void>;
}

export interface TestServerOptions {
  /** for the authorize API; without one the policy engine decides */
  decider?: PolicyDecider;
  workloadSessionSeconds?: number;
}

/** A real Gatehouse on a free loopback port, bootstrapped with a fixed account id. */
export async function startTestServer(backend: Backend, options: TestServerOptions = {}): Promise<TestServer> {
  const testStore = await openTestStore(backend);
  const secrets = new SecretBox(Buffer.alloc(32, 7));
  const admin = await bootstrap(testStore.store, { accountId: TEST_ACCOUNT_ID, now: new Date(), random: systemRandom, secrets });
  let clock = () => new Date();
  const server = await startServer({ store: testStore.store, secrets, logger: pino({ level: 'silent' }), clock: () => clock(), ...options });
  const adminCredentials = { accessKeyId: admin.accessKeyId, secretAccessKey: admin.secretAccessKey };
  const clientConfig = (credentials: Credentials) => ({ endpoint: server.url, region: 'us-east-1', credentials, maxAttempts: 1 });
  return {
    server,
    testStore,
    admin,
    secrets,
    iam: (credentials = adminCredentials) => new IAMClient(clientConfig(credentials)),
    sts: (credentials = adminCredentials) => new STSClient(clientConfig(credentials)),
    setClock: (now) => {
      clock = now;
    },
    close: async () => {
      await server.close();
      await testStore.dispose();
    },
  };
}
