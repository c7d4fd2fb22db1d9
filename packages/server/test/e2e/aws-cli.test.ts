import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../support/backends.js';
import { startTestServer, TEST_ACCOUNT_ID, type TestServer } from '../support/server.js';

const run = promisify(execFile);

/**
 * The unmodified aws CLI (botocore) against Gatehouse: the acceptance path.
 * Its config files are pointed at nothing so a developer's own profiles cannot leak in.
 */
describe.each(await backends())('the aws CLI on %s', (backend) => {
  let t: TestServer;
  let aws: (...args: string[]) => Promise<unknown>;
  beforeAll(async () => {
    t = await startTestServer(backend);
    const env = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      AWS_ACCESS_KEY_ID: t.admin.accessKeyId,
      AWS_SECRET_ACCESS_KEY: t.admin.secretAccessKey,
      AWS_DEFAULT_REGION: 'us-east-1',
      AWS_CONFIG_FILE: '/nonexistent/gatehouse-test-config',
      AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/gatehouse-test-credentials',
    };
    aws = async (...args) => {
      const { stdout } = await run('aws', [...args, '--endpoint-url', t.server.url, '--output', 'json'], { env });
      return stdout.trim() === '' ? undefined : JSON.parse(stdout);
    };
  });
  afterAll(async () => {
    await t?.close();
  });

  it('creates, lists, tags and deletes users, groups and access keys', async () => {
    expect(await aws('iam', 'create-user', '--user-name', 'alice', '--tags', 'Key=team,Value=core')).toMatchObject({
      User: { UserName: 'alice', Arn: `arn:aws:iam::${TEST_ACCOUNT_ID}:user/alice` },
    });
    await aws('iam', 'tag-user', '--user-name', 'alice', '--tags', 'Key=env,Value=dev');
    expect(await aws('iam', 'list-user-tags', '--user-name', 'alice')).toEqual({
      Tags: [
        { Key: 'team', Value: 'core' },
        { Key: 'env', Value: 'dev' },
      ],
    });
    await aws('iam', 'create-group', '--group-name', 'developers');
    await aws('iam', 'add-user-to-group', '--group-name', 'developers', '--user-name', 'alice');
    const key = (await aws('iam', 'create-access-key', '--user-name', 'alice')) as { AccessKey: { AccessKeyId: string } };
    expect(key.AccessKey.AccessKeyId).toMatch(/^AKIA/);
    const users = (await aws('iam', 'list-users')) as { Users: { UserName: string }[] };
    expect(users.Users.map((u) => u.UserName)).toEqual(['admin', 'alice']);

    await aws('iam', 'delete-access-key', '--user-name', 'alice', '--access-key-id', key.AccessKey.AccessKeyId);
    await aws('iam', 'remove-user-from-group', '--group-name', 'developers', '--user-name', 'alice');
    await aws('iam', 'untag-user', '--user-name', 'alice', '--tag-keys', 'env');
    await aws('iam', 'delete-user', '--user-name', 'alice');
    await aws('iam', 'delete-group', '--group-name', 'developers');
    expect(((await aws('iam', 'list-users')) as { Users: unknown[] }).Users).toHaveLength(1);
    expect(await aws('sts', 'get-caller-identity')).toMatchObject({ Account: TEST_ACCOUNT_ID, Arn: `arn:aws:iam::${TEST_ACCOUNT_ID}:user/admin` });
    // Each aws CLI call starts a Python interpreter: about a second apiece, more on a busy machine.
  }, 180_000);

  it('looks up the event history with aws cloudtrail lookup-events', async () => {
    const found = (await aws('cloudtrail', 'lookup-events', '--lookup-attributes', 'AttributeKey=EventName,AttributeValue=CreateUser', '--max-results', '5')) as {
      Events: { EventName: string; Username: string; Resources: { ResourceType: string; ResourceName: string }[]; CloudTrailEvent: string }[];
    };
    expect(found.Events.length).toBeGreaterThanOrEqual(1);
    expect(found.Events[0]).toMatchObject({ EventName: 'CreateUser', Username: 'admin', Resources: [{ ResourceType: 'AWS::IAM::User', ResourceName: 'alice' }] });
    expect(JSON.parse(found.Events[0]!.CloudTrailEvent)).toMatchObject({ eventSource: 'iam.amazonaws.com', userAgent: expect.stringContaining('aws-cli') });
  }, 60_000);

  it('reports an AWS error code and message on failure', async () => {
    await expect(aws('iam', 'get-user', '--user-name', 'nobody')).rejects.toMatchObject({
      stderr: expect.stringContaining('An error occurred (NoSuchEntity) when calling the GetUser operation: The user with name nobody cannot be found.'),
    });
  });
});
