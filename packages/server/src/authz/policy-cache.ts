import { createHash } from 'node:crypto';
import { compilePolicy, parsePolicy, type CompiledPolicy, type PolicyKind, type PolicySource } from '@gatehouse/policy';

/**
 * Policies are compiled once and reused: the cache is keyed by the document's hash and the
 * name it is evaluated under, so a new version or an edited inline policy is a new entry and
 * nothing ever needs invalidating. Bounded, because documents come and go.
 */
export class PolicyCache {
  readonly #entries = new Map<string, CompiledPolicy>();

  constructor(private readonly maxEntries = 10_000) {}

  get(document: string, kind: PolicyKind, source: PolicySource): CompiledPolicy {
    const key = `${kind}\u0000${source.type}\u0000${source.id}\u0000${createHash('sha256').update(document).digest('base64')}`;
    const hit = this.#entries.get(key);
    if (hit) return hit;
    const parsed = parsePolicy(document, { kind });
    // A stored document was checked when it was stored. One that no longer parses (a parser
    // that became stricter) may have held Denies, so it fails closed: it denies everything.
    const policy = parsed.ok ? parsed.policy : denyAll(kind);
    const compiled = compilePolicy(policy, source);
    if (this.#entries.size >= this.maxEntries) this.#entries.delete(this.#entries.keys().next().value!);
    this.#entries.set(key, compiled);
    return compiled;
  }
}

function denyAll(kind: PolicyKind) {
  const statement = kind === 'trust' ? { Effect: 'Deny', Principal: '*', Action: '*' } : kind === 'resource' ? { Effect: 'Deny', Principal: '*', Action: '*', Resource: '*' } : { Effect: 'Deny', Action: '*', Resource: '*' };
  const parsed = parsePolicy(JSON.stringify({ Version: '2012-10-17', Statement: [statement] }), { kind });
  if (!parsed.ok) throw new Error(`The deny-all ${kind} policy does not parse: ${parsed.errors[0]?.detail}`);
  return parsed.policy;
}
