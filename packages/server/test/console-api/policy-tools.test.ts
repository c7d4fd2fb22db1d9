import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../support/backends.js';
import { startTestServer, TEST_ACCOUNT_ID, type TestServer } from '../support/server.js';
import { ConsoleBrowser } from './console-client.js';
import { consoleUser, PASSWORD, RELAXED_GUARD } from './setup.js';

const policy = (...statements: object[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements }, null, 2);

describe.each(await backends())('the policy editor\'s endpoints on %s', (backend) => {
  let t: TestServer;
  let b: ConsoleBrowser;

  beforeAll(async () => {
    t = await startTestServer(backend, { console: RELAXED_GUARD });
    await consoleUser(t, 'writer');
    b = new ConsoleBrowser(t.server.url);
    await b.signIn({ account: TEST_ACCOUNT_ID, userName: 'writer', password: PASSWORD });
  });
  afterAll(async () => {
    await t?.close();
  });

  it("validates a document with Access Analyzer's checks, each finding with where it points", async () => {
    const document = policy({ Effect: 'Allow', Action: 's3:GetObjekt', Resource: '*' });
    const answer = await b.request('POST', '/console-api/policy/validate', { document });
    expect(answer.status).toBe(200);
    const findings = answer.body.findings as { findingType: string; issueCode: string; message: string; findingDetails: string; locations: { span: { start: { line: number } } }[] }[];
    const invalid = findings.find((f) => f.issueCode === 'INVALID_ACTION');
    expect(invalid).toMatchObject({ findingType: 'ERROR', message: expect.stringContaining('GetObjekt') });
    expect(invalid!.message).toBe(invalid!.findingDetails);
    expect(invalid!.locations[0]!.span.start.line).toBe(document.split('\n').findIndex((l) => l.includes('GetObjekt')) + 1);

    const syntax = await b.request('POST', '/console-api/policy/validate', { document: '{"Version": ', policyType: 'RESOURCE_POLICY' });
    expect((syntax.body.findings as { issueCode: string }[])[0]!.issueCode).toBe('JSON_SYNTAX_ERROR');
    expect((await b.request('POST', '/console-api/policy/validate', { document, policyType: 'NOT_A_TYPE' })).body).toMatchObject({ code: 'InvalidRequest' });
  });

  it('summarizes the access a policy grants, by service and access level', async () => {
    const document = policy(
      { Effect: 'Allow', Action: ['s3:GetObject', 's3:ListBucket'], Resource: 'arn:aws:s3:::photos/*' },
      { Effect: 'Allow', Action: 'iam:*', Resource: '*', Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } },
      { Effect: 'Deny', Action: 'ec2:*', Resource: '*' },
    );
    const answer = await b.request('POST', '/console-api/policy/summary', { document });
    expect(answer.status).toBe(200);
    const services = answer.body.services as { service: string }[];
    // By name, as AWS's console lists them: Amazon S3 before AWS Identity and Access Management.
    expect(services.map((s) => s.service)).toEqual(['s3', 'iam']);
    expect(services.find((s) => s.service === 'iam')).toEqual({
      service: 'iam',
      name: 'AWS Identity and Access Management (IAM)',
      accessLevels: { List: 'Full', Read: 'Full', Write: 'Full', 'Permissions management': 'Full', Tagging: 'Full' },
      resources: 'All resources',
      conditions: true,
    });
    expect(services.find((s) => s.service === 's3')).toMatchObject({ name: 'Amazon S3', accessLevels: { List: 'Limited', Read: 'Limited' }, resources: 'arn:aws:s3:::photos/*', conditions: false });
    expect(Object.keys((services.find((s) => s.service === 's3') as unknown as { accessLevels: object }).accessLevels).sort()).toEqual(['List', 'Read']);
  });

  it('summarizes wildcards and NotAction over the whole catalog', async () => {
    const wildcard = await b.request('POST', '/console-api/policy/summary', { document: policy({ Effect: 'Allow', Action: ['s3:Get*', 'iam:List*'], Resource: '*' }) });
    const byService = Object.fromEntries((wildcard.body.services as { service: string; accessLevels: object }[]).map((s) => [s.service, s.accessLevels]));
    // Two of IAM's List-level actions are not named List* (GetAccountSummary, GetLoginProfile).
    expect(byService.iam).toEqual({ List: 'Limited' });
    const listAll = await b.request('POST', '/console-api/policy/summary', { document: policy({ Effect: 'Allow', Action: ['iam:List*', 'iam:GetAccountSummary', 'iam:GetLoginProfile'], Resource: '*' }) });
    expect((listAll.body.services as { accessLevels: object }[])[0]!.accessLevels).toEqual({ List: 'Full' });
    expect(byService.s3).toMatchObject({ Read: 'Limited' });
    const everything = await b.request('POST', '/console-api/policy/summary', { document: policy({ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' }) });
    const all = everything.body.services as { service: string }[];
    expect(all.length).toBeGreaterThan(300);
    expect(all.map((s) => s.service)).not.toContain('iam');
  });

  it('refuses to summarize a document IAM would refuse, saying why', async () => {
    const answer = await b.request('POST', '/console-api/policy/summary', { document: policy({ Effect: 'Permit', Action: 's3:*', Resource: '*' }) });
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ code: 'MalformedPolicyDocument', message: expect.stringContaining('Effect') });
  });

  it('answers only a signed-in session', async () => {
    const stranger = new ConsoleBrowser(t.server.url);
    expect((await stranger.request('POST', '/console-api/policy/summary', { document: '{}' })).status).toBe(401);
  });
});
