/**
 * The real AWS SDK for JavaScript v3 reading our XML and writing the requests we decode,
 * without a network: the client's request handler hands its serialized request to our codec
 * and returns our response body.
 */
import { CreateUserCommand, GetAccountSummaryCommand, GetUserCommand, IAMClient, ListUsersCommand, TagUserCommand, UntagUserCommand } from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { describe, expect, it } from 'vitest';
import { AwsError } from '../../src/protocol/errors.js';
import { queryService, type ServiceCodec } from '../../src/protocol/query.js';

interface SeenRequest {
  action: string;
  input: unknown;
}

/** A client transport that decodes with our codec and answers with `answer(action)`. */
function transport(codec: ServiceCodec, answer: (action: string, input: unknown) => unknown) {
  const seen: SeenRequest[] = [];
  const handler = {
    async handle(request: { body?: unknown; headers: Record<string, string> }) {
      const params = new URLSearchParams(String(request.body ?? ''));
      const action = params.get('Action') ?? '';
      const requestId = `req-${seen.length + 1}`;
      let status = 200;
      let body: string;
      try {
        const input = codec.decode(action, params);
        seen.push({ action, input });
        body = codec.encodeResult(action, answer(action, input), requestId);
      } catch (error) {
        if (!(error instanceof AwsError)) throw error;
        status = error.status;
        body = codec.encodeError(error, requestId);
      }
      return {
        response: {
          statusCode: status,
          headers: { 'content-type': 'text/xml', 'x-amzn-requestid': requestId },
          body: new TextEncoder().encode(body),
        },
      };
    },
    updateHttpClientConfig() {},
    httpHandlerConfigs: () => ({}),
  };
  return { handler, seen };
}

const credentials = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' };

function iamClient(answer: (action: string, input: unknown) => unknown) {
  const { handler, seen } = transport(queryService('iam'), answer);
  const client = new IAMClient({ region: 'us-east-1', endpoint: 'http://gatehouse.test', credentials, requestHandler: handler, maxAttempts: 1 });
  return { client, seen };
}

const created = new Date('2024-05-01T12:00:00Z');
const user = (name: string) => ({
  Path: '/',
  UserName: name,
  UserId: `AIDA${name.toUpperCase().padEnd(17, 'X')}`,
  Arn: `arn:aws:iam::123456789012:user/${name}`,
  CreateDate: created,
});

describe('the AWS SDK against our codec', () => {
  it('CreateUser: the SDK request decodes to its input, and our XML parses back to the user', async () => {
    const { client, seen } = iamClient((_action, input) => {
      const { UserName, Tags = [] } = input as { UserName: string; Tags?: { Key: string; Value: string }[] };
      // Output is not validated: markup in it must come back intact through escaping.
      return { User: { ...user(UserName), Tags: [...Tags, { Key: 'note', Value: `a & b <c> "d" 'e'` }] } };
    });
    const tags = [
      { Key: 'team', Value: 'blue green' },
      { Key: '名前', Value: '' },
    ];
    const out = await client.send(new CreateUserCommand({ UserName: 'alice', Path: '/', Tags: tags }));
    expect(seen).toEqual([{ action: 'CreateUser', input: { UserName: 'alice', Path: '/', Tags: tags } }]);
    expect(out.User).toEqual({ ...user('alice'), Tags: [...tags, { Key: 'note', Value: `a & b <c> "d" 'e'` }] });
    expect(out.User?.CreateDate).toBeInstanceOf(Date);
    expect(out.$metadata.httpStatusCode).toBe(200);
  });

  it('ListUsers: lists, IsTruncated and Marker, with MaxItems and Marker decoded from the request', async () => {
    const { client, seen } = iamClient(() => ({ Users: [user('a'), user('b')], IsTruncated: true, Marker: 'page-2' }));
    const out = await client.send(new ListUsersCommand({ MaxItems: 2, Marker: 'page-1', PathPrefix: '/' }));
    expect(seen[0]?.input).toEqual({ MaxItems: 2, Marker: 'page-1', PathPrefix: '/' });
    expect(out.Users?.map((u) => u.UserName)).toEqual(['a', 'b']);
    expect(out.Users?.[0]?.CreateDate).toEqual(created);
    expect(out.IsTruncated).toBe(true);
    expect(out.Marker).toBe('page-2');
  });

  it('ListUsers: an empty page', async () => {
    const { client } = iamClient(() => ({ Users: [], IsTruncated: false }));
    const out = await client.send(new ListUsersCommand({}));
    expect(out.Users).toEqual([]);
    expect(out.IsTruncated).toBe(false);
    expect(out.Marker).toBeUndefined();
  });

  it('GetAccountSummary: a map of integers', async () => {
    const { client } = iamClient(() => ({ SummaryMap: { Users: 3, AccessKeysPerUserQuota: 2 } }));
    const out = await client.send(new GetAccountSummaryCommand({}));
    expect(out.SummaryMap).toEqual({ Users: 3, AccessKeysPerUserQuota: 2 });
  });

  it('UntagUser with an empty list: the SDK sends TagKeys= and we read []', async () => {
    const { client, seen } = iamClient(() => ({}));
    await client.send(new UntagUserCommand({ UserName: 'bob', TagKeys: [] }));
    expect(seen).toEqual([{ action: 'UntagUser', input: { UserName: 'bob', TagKeys: [] } }]);
  });

  it('an operation without output answers ResponseMetadata only, which the SDK accepts', async () => {
    const { client, seen } = iamClient(() => ({}));
    const out = await client.send(new TagUserCommand({ UserName: 'bob', Tags: [{ Key: 'k', Value: 'v' }] }));
    expect(seen[0]?.input).toEqual({ UserName: 'bob', Tags: [{ Key: 'k', Value: 'v' }] });
    expect(out.$metadata.httpStatusCode).toBe(200);
  });

  it('errors: the SDK raises the modelled exception with our message and request id', async () => {
    const { client } = iamClient(() => {
      throw new AwsError('NoSuchEntity', 'The user with name ghost cannot be found.');
    });
    const error = await client.send(new GetUserCommand({ UserName: 'ghost' })).catch((e: unknown) => e);
    expect(error).toMatchObject({
      name: 'NoSuchEntityException',
      message: 'The user with name ghost cannot be found.',
      $fault: 'client',
      $metadata: { httpStatusCode: 404, requestId: 'req-1' },
    });
  });

  it('validation errors reach the SDK as ValidationError with AWS wording', async () => {
    const { client } = iamClient(() => ({}));
    const error = await client.send(new CreateUserCommand({ UserName: 'x y' })).catch((e: unknown) => e);
    expect(error).toMatchObject({
      name: 'ValidationError',
      message: "1 validation error detected: Value 'x y' at 'userName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]+",
      $metadata: { httpStatusCode: 400 },
    });
  });

  it('GetCallerIdentity through the STS client', async () => {
    const { handler, seen } = transport(queryService('sts'), () => ({
      UserId: 'AIDAEXAMPLE0000000001',
      Account: '123456789012',
      Arn: 'arn:aws:iam::123456789012:user/alice',
    }));
    const client = new STSClient({ region: 'us-east-1', endpoint: 'http://gatehouse.test', credentials, requestHandler: handler, maxAttempts: 1 });
    const out = await client.send(new GetCallerIdentityCommand({}));
    expect(seen).toEqual([{ action: 'GetCallerIdentity', input: {} }]);
    expect(out).toMatchObject({ UserId: 'AIDAEXAMPLE0000000001', Account: '123456789012', Arn: 'arn:aws:iam::123456789012:user/alice' });
  });
});
