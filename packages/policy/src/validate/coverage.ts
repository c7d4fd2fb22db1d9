// Does one statement apply to every request another one applies to? The redundant-statement
// and unreachable-statement rules both ask this. The answer is sound, not complete: "yes"
// is always right, while some coverage that holds only by the letters of action names or a
// clever mix of wildcards is answered "no", so the rules stay silent rather than wrong.

import { actionMatches, analyzeAction } from './analysis.js';
import type { ActionInfo } from './catalog.js';
import type { ConditionElement, PrincipalElement, StatementView, StringListElement } from './document.js';
import { hasWildcard, patternRegExp, patternsMayOverlap, subsumes } from './patterns.js';

const ACTION_OPTS = { ignoreCase: true, variables: false } as const;
// Variables are compared as text: ${aws:username} covers only ${aws:username}, since it
// may resolve to anything (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html).
const RESOURCE_OPTS = { ignoreCase: false, variables: false } as const;

/** Is every action the entry `specific` names also named by one of `general`? */
/**
 * A set of Action (or NotAction) entries, indexed for the question "is every action this
 * other entry names also named here?": plain names in a hash set, wildcards in a list.
 * Statements of a thousand actions are common (AWS's own managed policies), so nothing here
 * may be quadratic in the entries.
 */
export class ActionEntrySet {
  private readonly literals = new Set<string>();
  private readonly wildcards: string[] = [];
  private readonly all: boolean;

  constructor(entries: readonly string[]) {
    for (const e of entries) {
      if (hasWildcard(e)) this.wildcards.push(e);
      else this.literals.add(e.toLowerCase());
    }
    this.all = entries.includes('*');
  }

  /** Is the action service:Name named by an entry? */
  coversAction(a: ActionInfo): boolean {
    return this.all || this.literals.has(`${a.service}:${a.name}`.toLowerCase()) || this.wildcards.some((w) => actionMatches(w, a));
  }

  /** Is every action the entry names also named here? */
  coversEntry(entry: string): boolean {
    if (this.all) return true;
    if (!hasWildcard(entry)) {
      return this.literals.has(entry.toLowerCase()) || this.wildcards.some((w) => patternRegExp(w, ACTION_OPTS).test(entry));
    }
    if (this.wildcards.some((w) => subsumes(w, entry, ACTION_OPTS))) return true;
    // Expand over the known actions of the service: iam:*CredentialReport is covered by
    // iam:Get* and iam:Generate* together, which no single pattern shows.
    const ref = analyzeAction(entry);
    if (ref.kind !== 'service' || ref.matches.length === 0) return false;
    return ref.matches.every((a) => this.coversAction(a));
  }

  /** Could the entry name an action named here? */
  mayOverlap(entry: string): boolean {
    const ref = analyzeAction(entry);
    if (ref.kind === 'service' && ref.matches.length > 0) return ref.matches.some((a) => this.coversAction(a));
    return true;
  }
}

const entrySets = new WeakMap<StringListElement, ActionEntrySet>();

function entrySet(list: StringListElement): ActionEntrySet {
  let set = entrySets.get(list);
  if (!set) {
    set = new ActionEntrySet(list.items.map((i) => i.value));
    entrySets.set(list, set);
  }
  return set;
}

function values(list: StringListElement | undefined): string[] {
  return list ? list.items.map((i) => i.value) : [];
}

/** The set of actions of `b` lies within that of `a`. */
function actionsCovered(a: StatementView, b: StatementView): boolean {
  if (a.action && b.action) {
    const ga = entrySet(a.action);
    return b.action.items.every((x) => ga.coversEntry(x.value));
  }
  if (a.notAction && b.action) {
    // a allows all but its NotAction; b's actions must avoid them all.
    const na = entrySet(a.notAction);
    return b.action.items.every((x) => !na.mayOverlap(x.value));
  }
  if (a.notAction && b.notAction) {
    // all-but-NB lies within all-but-NA when NA lies within NB.
    const nb = entrySet(b.notAction);
    return a.notAction.items.every((x) => nb.coversEntry(x.value));
  }
  if (a.action && b.notAction) return values(a.action).includes('*');
  return false;
}

function resourceCoveredBy(specific: string, general: readonly string[]): boolean {
  return general.some((g) => subsumes(g, specific, RESOURCE_OPTS));
}

/** The set of resources of `b` lies within that of `a`. */
function resourcesCovered(a: StatementView, b: StatementView): boolean {
  if (a.resource && b.resource) {
    const ga = values(a.resource);
    return values(b.resource).every((x) => resourceCoveredBy(x, ga));
  }
  if (a.notResource && b.resource) {
    const na = values(a.notResource);
    return values(b.resource).every((x) => na.every((n) => !patternsMayOverlap(x, n)));
  }
  if (a.notResource && b.notResource) {
    const nb = values(b.notResource);
    return values(a.notResource).every((x) => resourceCoveredBy(x, nb));
  }
  if (a.resource && b.notResource) return values(a.resource).includes('*');
  // Role trust policies have no Resource at all.
  return !a.resource && !a.notResource && !b.resource && !b.notResource;
}

function principalCanonical(p: PrincipalElement | undefined): string {
  if (!p) return '';
  if (p.isWildcard) return '*';
  return JSON.stringify(
    p.entries.map((e) => [e.type, [...new Set(e.items.map((i) => i.value))].sort()]).sort((x, y) => String(x[0]).localeCompare(String(y[0]))),
  );
}

function isEveryone(p: PrincipalElement): boolean {
  return p.isWildcard || p.entries.some((e) => e.type === 'AWS' && e.items.some((i) => i.value === '*'));
}

/** The principals of `b` lie within those of `a`. */
function principalsCovered(a: StatementView, b: StatementView): boolean {
  if (a.notPrincipal || b.notPrincipal) {
    return principalCanonical(a.notPrincipal) === principalCanonical(b.notPrincipal) && principalCanonical(a.principal) === principalCanonical(b.principal);
  }
  if (!a.principal && !b.principal) return true;
  if (!a.principal || !b.principal) return false;
  if (isEveryone(a.principal)) return true;
  if (b.principal.isWildcard) return false;
  return b.principal.entries.every((be) => {
    const ae = a.principal?.entries.find((e) => e.type === be.type);
    if (!ae) return false;
    const set = new Set(ae.items.map((i) => i.value));
    return be.items.every((i) => set.has(i.value));
  });
}

const conditionCache = new WeakMap<ConditionElement, Map<string, string>>();
const NO_CONDITIONS = new Map<string, string>();

function conditionEntries(c: ConditionElement | undefined): Map<string, string> {
  if (!c) return NO_CONDITIONS;
  const hit = conditionCache.get(c);
  if (hit) return hit;
  const out = new Map<string, string>();
  conditionCache.set(c, out);
  for (const block of c.blocks) {
    for (const e of block.entries) {
      out.set(`${block.operator}\u0000${e.key.toLowerCase()}`, JSON.stringify([...new Set(e.values.map((v) => v.text))].sort()));
    }
  }
  return out;
}

/**
 * Whenever `b`'s condition holds, `a`'s does: each of `a`'s operator/key/values tests appears
 * in `b` too, so `b` only adds tests. A statement with no condition has an empty set.
 */
function conditionsCovered(a: StatementView, b: StatementView): boolean {
  const ca = conditionEntries(a.condition);
  if (ca.size === 0) return true;
  const cb = conditionEntries(b.condition);
  for (const [k, v] of ca) if (cb.get(k) !== v) return false;
  return true;
}

/** `a` applies to every request that `b` applies to (effects not compared). */
export function statementCovers(a: StatementView, b: StatementView): boolean {
  // Cheapest first: actions may need the service's catalog.
  return principalsCovered(a, b) && conditionsCovered(a, b) && resourcesCovered(a, b) && actionsCovered(a, b);
}

/** Checks the statement is complete enough to reason about. */
export function isAnalyzable(st: StatementView): boolean {
  const actions = st.action ?? st.notAction;
  const resources = st.resource ?? st.notResource;
  return (
    actions !== undefined &&
    actions.items.length > 0 &&
    !(st.action && st.notAction) &&
    !(st.resource && st.notResource) &&
    (resources === undefined || resources.items.length > 0)
  );
}
