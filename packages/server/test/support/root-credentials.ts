import { PolicyCache } from '../../src/authz/policy-cache.js';
import { systemRandom } from '../../src/crypto/random.js';
import { createAccessKey } from '../../src/iam/access-keys/create-access-key.js';
import type { HandlerContext } from '../../src/operation.js';
import { rootArn } from '../../src/principal.js';
import { TEST_ACCOUNT_ID, type Credentials, type TestServer } from './server.js';

/** Root's own access key, made as bootstrap makes the admin's: Gatehouse's API gives root no keys. */
export async function rootCredentials(t: TestServer, options: { accountId?: string; now?: Date } = {}): Promise<Credentials> {
  const accountId = options.accountId ?? TEST_ACCOUNT_ID;
  return t.testStore.store.db.transaction().execute(async (tx) => {
    const ctx: HandlerContext = {
      tx,
      principal: { type: 'Root', accountId, arn: rootArn(accountId) },
      accountId,
      now: options.now ?? new Date(),
      random: systemRandom,
      authorize: async () => undefined,
      afterCommit: () => {
        throw new Error('no background work here');
      },
      secrets: t.secrets,
      policies: new PolicyCache(),
      requestId: 'test',
    };
    const { AccessKey } = await createAccessKey.handle(ctx, {});
    return { accessKeyId: AccessKey.AccessKeyId, secretAccessKey: AccessKey.SecretAccessKey };
  });
}
