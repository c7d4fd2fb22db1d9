import { describe, expect, it } from 'vitest';
import { PolicyCache } from '../../src/authz/policy-cache.js';
import { Grants } from '../../src/iam/access-advisor/grants.js';
import { catalogServices, serviceName } from '../../src/iam/access-advisor/service-catalog.js';

const cache = new PolicyCache();
let n = 0;
function grants(...statements: object[][]): Grants {
  return new Grants(statements.map((s) => cache.get(JSON.stringify({ Version: '2012-10-17', Statement: s }), 'identity', { type: 'identity', id: `p${n++}` })));
}
const allow = (action: string | string[], extra: object = {}) => ({ Effect: 'Allow', Action: action, Resource: '*', ...extra });

describe('Grants: which services and actions permissions policies allow', () => {
  it('"*" allows every service of the catalog', async () => {
    const services = await grants([allow('*')]).services();
    const catalog = await catalogServices();
    expect(services.length).toBeGreaterThan(300);
    // every catalog service that has actions at all
    expect(services.every((s) => catalog.has(s))).toBe(true);
    expect(services).toEqual(expect.arrayContaining(['ec2', 'iam', 's3', 'sts']));
    expect(services).toEqual([...services].sort());
  });

  it('names services by their namespace, with wildcards matched by the policy engine', async () => {
    const g = grants([allow(['s3:Get*', 'IAM:listusers'])]);
    expect(await g.services()).toEqual(['iam', 's3']);
    const s3 = await g.allowedActions('s3');
    expect(s3).toContain('GetObject');
    expect(s3).not.toContain('PutObject');
    expect(s3.every((a) => a.startsWith('Get'))).toBe(true);
    // names as AWS spells them, whatever the policy's case
    expect(await g.allowedActions('iam')).toEqual(['ListUsers']);
  });

  it('reads NotAction as every action but those, and ignores Resource, Condition and Deny', async () => {
    const g = grants(
      [{ Effect: 'Allow', NotAction: ['iam:*', 'sts:*'], Resource: 'arn:aws:s3:::only-this/*', Condition: { Bool: { 'aws:SecureTransport': 'true' } } }],
      [{ Effect: 'Deny', Action: 's3:*', Resource: '*' }],
    );
    const services = await g.services();
    expect(services).toContain('s3');
    expect(services).toContain('ec2');
    expect(services).not.toContain('iam');
    expect(services).not.toContain('sts');
    expect(await g.allowsService('IAM')).toBe(false);
    expect(await g.allowsService('s3')).toBe(true);
  });

  it('allows nothing without an Allow statement, and nothing for an action that does not exist', async () => {
    expect(await grants([{ Effect: 'Deny', Action: '*', Resource: '*' }]).services()).toEqual([]);
    expect(await grants([allow('s3:NoSuchAction')]).services()).toEqual([]);
    expect(await grants().services()).toEqual([]);
  });

  it('knows a service outside the catalog by what the policies name and what was seen in use', async () => {
    const named = grants([allow(['myservice:*', 'other:ReadThing'])]);
    expect(await named.services()).toEqual(['myservice', 'other']);
    expect(await named.allowedActions('other')).toEqual(['ReadThing']);
    const seen = new Map([['myservice', new Set(['WriteThing', 'ReadThing'])]]);
    expect(await named.allowedActions('myservice', seen)).toEqual(['ReadThing', 'WriteThing']);

    // "*" reaches a service of your own only once it has been seen in use
    const all = grants([allow('*')]);
    expect(await all.services()).not.toContain('myservice');
    expect(await all.services(seen)).toContain('myservice');
    expect(await all.allowsService('myservice', seen)).toBe(true);
    const narrow = grants([allow('myservice:Read*')]);
    expect(await narrow.allowedActions('myservice', seen)).toEqual(['ReadThing']);
  });

  it('names services as AWS does', async () => {
    expect(await serviceName('s3')).toBe('Amazon S3');
    expect(await serviceName('IAM')).toBe('AWS Identity and Access Management (IAM)');
    expect(await serviceName('myservice')).toBe('myservice');
  });
});
