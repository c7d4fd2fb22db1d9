import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { iamOperationList } from '../../src/protocol/generated/iam.js';
import { stsOperationList } from '../../src/protocol/generated/sts.js';
import { iamOperationNames, loadServiceModel, stsOperationNames } from '../../src/protocol/model.js';
import { generateAll, generatedDir } from '../../scripts/gen-model-types.js';

describe('service models', () => {
  it('loads IAM with its metadata, operations and linked shapes', () => {
    const iam = loadServiceModel('iam');
    expect(iam.metadata).toMatchObject({
      apiVersion: '2010-05-08',
      protocol: 'query',
      xmlNamespace: 'https://iam.amazonaws.com/doc/2010-05-08/',
      signingName: 'iam',
    });
    const createUser = iam.operations.get('CreateUser');
    expect(createUser?.input?.name).toBe('CreateUserRequest');
    expect(createUser?.output?.name).toBe('CreateUserResponse');
    expect(createUser?.resultWrapper).toBe('CreateUserResult');
    expect(createUser?.input?.required.has('UserName')).toBe(true);
    const userName = createUser?.input?.members.find((m) => m.name === 'UserName')?.shape;
    expect(userName).toMatchObject({ type: 'string', min: 1, max: 64, pattern: '[\\w+=,.@-]+' });
    expect(createUser?.errors.map((e) => e.code)).toContain('EntityAlreadyExists');
    expect(createUser?.errors.find((e) => e.code === 'EntityAlreadyExists')).toMatchObject({ httpStatusCode: 409, senderFault: true });
  });

  it('knows which operations paginate, with Marker / MaxItems / IsTruncated', () => {
    const iam = loadServiceModel('iam');
    expect(iam.operations.get('ListUsers')?.paginator).toEqual({
      inputToken: 'Marker',
      outputToken: 'Marker',
      limitKey: 'MaxItems',
      moreResults: 'IsTruncated',
      resultKeys: ['Users'],
    });
    expect(iam.operations.get('CreateUser')?.paginator).toBeUndefined();
  });

  it('loads the CloudTrail JSON-protocol model too', () => {
    const cloudtrail = loadServiceModel('cloudtrail');
    expect(cloudtrail.metadata.protocol).toBe('json');
    expect(cloudtrail.metadata.targetPrefix).toMatch(/CloudTrail_20131101$/);
    expect(cloudtrail.operations.get('LookupEvents')?.input?.members.some((m) => m.name === 'StartTime')).toBe(true);
  });

  it('lists every operation name of IAM and STS, matching the models and the generated types', () => {
    const raw = (service: string) =>
      Object.keys(
        (JSON.parse(readFileSync(new URL(`../../models/${service}/service-2.json`, import.meta.url), 'utf8')) as { operations: object })
          .operations,
      );
    expect(iamOperationNames()).toEqual(raw('iam'));
    expect(stsOperationNames()).toEqual(raw('sts'));
    expect([...iamOperationList]).toEqual(raw('iam'));
    expect([...stsOperationList]).toEqual(raw('sts'));
    expect(stsOperationNames()).toContain('GetCallerIdentity');
  });

  it('has checked-in generated types identical to what the generator writes now', () => {
    for (const [name, text] of generateAll()) {
      expect(readFileSync(new URL(name, generatedDir), 'utf8'), `${name}: run node --import tsx packages/server/scripts/gen-model-types.ts`).toBe(text);
    }
  });
});
