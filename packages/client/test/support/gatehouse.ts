/**
 * A real Gatehouse for the client's tests, deciding with the real policy engine: the
 * bootstrap admin has AdministratorAccess, the object store's own user may call
 * gatehouse:Authorize, and bob has no policy at all. The engine's decider is wrapped only to
 * record the questions it was asked.
 */
import { CreateAccessKeyCommand, CreateUserCommand, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import type { AuthorizeAnswer, AuthorizeQuestion, PolicyDecider } from '../../../server/src/authorize-api/decider.js';
import { EnginePolicyDecider } from '../../../server/src/authz/engine-decider.js';
import { PolicyCache } from '../../../server/src/authz/policy-cache.js';
import type { Backend } from '../../../server/test/support/backends.js';
import { startTestServer, TEST_ACCOUNT_ID, type Credentials, type TestServer } from '../../../server/test/support/server.js';

export { TEST_ACCOUNT_ID, type Credentials };

export const ADMIN_ARN = `arn:aws:iam::${TEST_ACCOUNT_ID}:user/admin`;
export const SERVICE_ARN = `arn:aws:iam::${TEST_ACCOUNT_ID}:user/object-store`;

/** The engine's decider, recording what it was asked. */
export class RecordingDecider implements PolicyDecider {
  readonly questions: AuthorizeQuestion[] = [];
  inner: PolicyDecider | undefined;

  async decide(q: AuthorizeQuestion): Promise<AuthorizeAnswer> {
    this.questions.push(q);
    if (!this.inner) throw new Error('RecordingDecider used before the store was open');
    return this.inner.decide(q);
  }
}

export interface Gatehouse {
  t: TestServer;
  decider: RecordingDecider;
  admin: Credentials;
  /** the object store's own identity, allowed gatehouse:Authorize */
  service: Credentials;
  /** an IAM user with no policy, whom the engine denies */
  bob: Credentials;
  close(): Promise<void>;
}

export async function startGatehouse(backend: Backend): Promise<Gatehouse> {
  const decider = new RecordingDecider();
  const t = await startTestServer(backend, { decider });
  decider.inner = new EnginePolicyDecider(t.testStore.store, new PolicyCache(), () => new Date(), t.secrets);
  const iam = t.iam();
  try {
    const keyOf = async (userName: string): Promise<Credentials> => {
      await iam.send(new CreateUserCommand({ UserName: userName }));
      const { AccessKey } = await iam.send(new CreateAccessKeyCommand({ UserName: userName }));
      return { accessKeyId: AccessKey!.AccessKeyId!, secretAccessKey: AccessKey!.SecretAccessKey! };
    };
    const service = await keyOf('object-store');
    await iam.send(
      new PutUserPolicyCommand({
        UserName: 'object-store',
        PolicyName: 'authorize-requests',
        PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'gatehouse:Authorize', Resource: '*' }] }),
      }),
    );
    return {
      t,
      decider,
      admin: { accessKeyId: t.admin.accessKeyId, secretAccessKey: t.admin.secretAccessKey },
      service,
      bob: await keyOf('bob'),
      close: () => t.close(),
    };
  } finally {
    iam.destroy();
  }
}
