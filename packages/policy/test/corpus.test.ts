/**
 * Runs every case of the JSON corpus in test/corpus/: each file cites the AWS documentation
 * its cases follow; each case gives the policies, the request and the decision AWS documents.
 *
 * Principals may be written as an ARN (or { "arn": ..., "tags": ... } to add details):
 *   arn:aws:iam::ACCOUNT:user/NAME, arn:aws:iam::ACCOUNT:root,
 *   arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION (the role is arn:aws:iam::ACCOUNT:role/ROLE),
 *   arn:aws:sts::ACCOUNT:federated-user/NAME ("userArn" names the IAM user who federated),
 *   service:NAME, federated:PROVIDER, anonymous.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  compilePolicy,
  evaluate,
  parsePolicy,
  type AuthorizationRequest,
  type CompiledPolicy,
  type ContextValue,
  type PolicyKind,
  type PolicySet,
  type PolicySource,
  type RequestPrincipal,
} from '../src/index.js';

type Document = Record<string, unknown>;

interface CorpusCase {
  name: string;
  note?: string;
  policies: {
    identity?: Document[];
    boundary?: Document;
    session?: Document[];
    resource?: Document;
    resourceKind?: 'resource' | 'trust';
    scps?: Document[][];
  };
  request: {
    principal: string | ({ arn: string } & Record<string, unknown>);
    action: string;
    resource: string;
    resourceAccount?: string;
    context?: Record<string, ContextValue>;
  };
  expect: 'allowed' | 'implicitDeny' | 'explicitDeny';
  denial?: { policyType: string; reason: string };
}

interface CorpusFile {
  source: string | string[];
  cases: CorpusCase[];
}

const dir = join(import.meta.dirname, 'corpus');
const files = readdirSync(dir).filter((file) => file.endsWith('.json')).sort();

function compile(document: Document, kind: PolicyKind, source: PolicySource): CompiledPolicy {
  const parsed = parsePolicy(JSON.stringify(document), { kind });
  if (!parsed.ok) throw new Error(`corpus policy does not parse as ${kind}: ${parsed.errors.map((e) => `${e.path}: ${e.message} (${e.detail})`).join('; ')}`);
  return compilePolicy(parsed.policy, source);
}

function principalOf(spec: CorpusCase['request']['principal']): RequestPrincipal {
  const details: Record<string, unknown> = typeof spec === 'string' ? { arn: spec } : spec;
  const arn = details.arn as string;
  if (arn === 'anonymous') return { type: 'Anonymous' };
  if (arn.startsWith('service:')) return { type: 'Service', service: arn.slice('service:'.length) };
  if (arn.startsWith('federated:')) return { type: 'Federated', provider: arn.slice('federated:'.length) };
  const match = /^arn:aws:(iam|sts)::(\d{12}):(.*)$/.exec(arn);
  if (!match) throw new Error(`unknown principal ${arn}`);
  const [, service, accountId, rest] = match as unknown as [string, string, string, string];
  const tags = details.tags as Record<string, string> | undefined;
  const name = rest.split('/').at(-1) as string;
  if (service === 'iam' && rest === 'root') return { type: 'Root', accountId, arn };
  if (service === 'iam' && rest.startsWith('user/')) {
    return { type: 'IAMUser', accountId, arn, userId: (details.userId as string) ?? `AIDA${name.toUpperCase().padEnd(17, 'X')}`, username: name, ...(tags ? { tags } : {}) };
  }
  if (service === 'sts' && rest.startsWith('assumed-role/')) {
    const [, role, session] = rest.split('/') as [string, string, string];
    return {
      type: 'AssumedRole',
      accountId,
      arn,
      roleArn: (details.roleArn as string) ?? `arn:aws:iam::${accountId}:role/${role}`,
      roleId: (details.roleId as string) ?? `AROA${role.toUpperCase().padEnd(17, 'X')}`,
      sessionName: session,
      ...(tags ? { tags } : {}),
    };
  }
  if (service === 'sts' && rest.startsWith('federated-user/')) {
    return { type: 'FederatedUser', accountId, arn, name, ...(details.userArn ? { userArn: details.userArn as string } : {}), ...(tags ? { tags } : {}) };
  }
  throw new Error(`unknown principal ${arn}`);
}

function policySet(policies: CorpusCase['policies']): PolicySet {
  return {
    identity: (policies.identity ?? []).map((d, i) => compile(d, 'identity', { type: 'identity', id: `identity-${i}` })),
    ...(policies.boundary ? { boundary: compile(policies.boundary, 'boundary', { type: 'boundary', id: 'boundary' }) } : {}),
    ...(policies.session ? { session: policies.session.map((d, i) => compile(d, 'session', { type: 'session', id: `session-${i}` })) } : {}),
    ...(policies.resource ? { resource: compile(policies.resource, policies.resourceKind ?? 'resource', { type: 'resource', id: 'resource' }) } : {}),
    ...(policies.scps ? { scps: policies.scps.map((level, l) => level.map((d, i) => compile(d, 'scp', { type: 'scp', id: `scp-${l}-${i}` }))) } : {}),
  };
}

let total = 0;
for (const file of files) {
  const corpus = JSON.parse(readFileSync(join(dir, file), 'utf8')) as CorpusFile;
  total += corpus.cases.length;
  describe(`corpus ${file}`, () => {
    it('cites the AWS documentation it follows', () => {
      const sources = Array.isArray(corpus.source) ? corpus.source : [corpus.source];
      expect(sources.length).toBeGreaterThan(0);
      for (const source of sources) expect(source).toMatch(/^https:\/\/docs\.aws\.amazon\.com\//);
    });
    for (const c of corpus.cases) {
      it(c.name, () => {
        const request: AuthorizationRequest = {
          principal: principalOf(c.request.principal),
          action: c.request.action,
          resource: c.request.resource,
          ...(c.request.resourceAccount ? { resourceAccount: c.request.resourceAccount } : {}),
          ...(c.request.context ? { context: c.request.context } : {}),
        };
        const policies = policySet(c.policies);
        const decision = evaluate(request, policies);
        expect(decision.decision).toBe(c.expect);
        if (c.denial) expect(decision.denial).toEqual(c.denial);
        // Explaining never changes the answer.
        expect(evaluate(request, policies, { explain: true }).decision).toBe(c.expect);
      });
    }
  });
}

describe('corpus', () => {
  it('has at least 300 cases', () => {
    expect(total).toBeGreaterThanOrEqual(300);
  });
});
