/**
 * The compiled evaluator must agree with the plain reference evaluator on every generated
 * policy set and request: same decision, same denying policy type and reason.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compilePolicy, evaluate, parsePolicy, type Policy, type PolicyKind, type PolicySet } from '../src/index.js';
import { policySetArb, requestArb } from './arbitraries.js';
import { referenceEvaluate, type ReferencePolicies } from './reference-evaluator.js';

function parse(document: unknown, kind: PolicyKind): Policy {
  const result = parsePolicy(JSON.stringify(document), { kind });
  if (!result.ok) throw new Error(`generated policy did not parse: ${JSON.stringify(result.errors)}\n${JSON.stringify(document)}`);
  return result.policy;
}

type Generated = typeof policySetArb extends fc.Arbitrary<infer T> ? T : never;

function build(generated: Generated): { parsed: ReferencePolicies; compiled: PolicySet } {
  const identity = generated.identity.map((d) => parse(d, 'identity'));
  const boundary = generated.boundary ? parse(generated.boundary, 'boundary') : undefined;
  const session = generated.session?.map((d) => parse(d, 'session'));
  const resource = generated.resource ? parse(generated.resource.document, generated.resource.kind) : undefined;
  const scps = generated.scps?.map((level) => level.map((d) => parse(d, 'scp')));
  const parsed: ReferencePolicies = { identity, ...(boundary ? { boundary } : {}), ...(session ? { session } : {}), ...(resource ? { resource } : {}), ...(scps ? { scps } : {}) };
  let n = 0;
  const compile = (policy: Policy, type: 'identity' | 'boundary' | 'session' | 'resource' | 'scp') => compilePolicy(policy, { type, id: `${type}-${n++}` });
  const compiled: PolicySet = {
    identity: identity.map((p) => compile(p, 'identity')),
    ...(boundary ? { boundary: compile(boundary, 'boundary') } : {}),
    ...(session ? { session: session.map((p) => compile(p, 'session')) } : {}),
    ...(resource ? { resource: compile(resource, 'resource') } : {}),
    ...(scps ? { scps: scps.map((level) => level.map((p) => compile(p, 'scp'))) } : {}),
  };
  return { parsed, compiled };
}

describe('compiled evaluator', () => {
  it('agrees with the reference evaluator on random policies and requests', () => {
    fc.assert(
      fc.property(policySetArb, requestArb, (generated, request) => {
        const { parsed, compiled } = build(generated);
        const expected = referenceEvaluate(request, parsed);
        const actual = evaluate(request, compiled);
        expect({ decision: actual.decision, denial: actual.denial }).toEqual({ decision: expected.decision, denial: expected.denial });
      }),
      { numRuns: 4000 },
    );
  });

  it('decides the same with and without explanations, and explains every statement', () => {
    fc.assert(
      fc.property(policySetArb, requestArb, (generated, request) => {
        const { compiled } = build(generated);
        const plain = evaluate(request, compiled);
        const explained = evaluate(request, compiled, { explain: true });
        expect(explained.decision).toBe(plain.decision);
        expect(explained.denial).toEqual(plain.denial);
        expect(explained.matched).toEqual(plain.matched);
        const statements = [...compiled.identity, ...(compiled.session ?? []), ...(compiled.scps ?? []).flat(), ...(compiled.boundary ? [compiled.boundary] : []), ...(compiled.resource ? [compiled.resource] : [])].reduce(
          (sum, policy) => sum + policy.statements.length,
          0,
        );
        expect(explained.explanation?.statements).toHaveLength(statements);
        // Keys noted on the hot path are a subset of the complete list.
        for (const key of plain.missingContextKeys) expect(explained.missingContextKeys).toContain(key);
      }),
      { numRuns: 1000 },
    );
  });

  it('reports as matched exactly statements that explain as applying with the decisive effect', () => {
    fc.assert(
      fc.property(policySetArb, requestArb, (generated, request) => {
        const { compiled } = build(generated);
        const decision = evaluate(request, compiled, { explain: true });
        const applying = new Set((decision.explanation?.statements ?? []).filter((s) => s.applies).map((s) => `${s.source.id}#${s.statementIndex}`));
        for (const m of decision.matched) expect(applying).toContain(`${m.source.id}#${m.statementIndex}`);
        if (decision.decision === 'explicitDeny') expect(decision.matched.every((m) => m.effect === 'Deny')).toBe(true);
        if (decision.decision === 'allowed') expect(decision.matched.every((m) => m.effect === 'Allow')).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });
});
