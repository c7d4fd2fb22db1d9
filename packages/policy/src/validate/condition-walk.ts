// Visiting every condition test of a policy: statement, operator block, key entry.

import { type ConditionKeyLookup, lookupConditionKey } from './catalog.js';
import { type ParsedOperator, parseOperator } from './conditions.js';
import type { ConditionBlock, ConditionEntry, PolicyView, StatementView } from './document.js';

export interface ConditionTest {
  statement: StatementView;
  block: ConditionBlock;
  operator: ParsedOperator;
  entry: ConditionEntry;
}

const testsCache = new WeakMap<PolicyView, ConditionTest[]>();

/** Every condition test of the policy, listed once per validation and shared by the rules. */
export function conditionTests(policy: PolicyView): readonly ConditionTest[] {
  const cached = testsCache.get(policy);
  if (cached) return cached;
  const out: ConditionTest[] = [];
  testsCache.set(policy, out);
  for (const statement of policy.statements) {
    for (const block of statement.condition?.blocks ?? []) {
      const operator = parseOperator(block.operator);
      for (const entry of block.entries) out.push({ statement, block, operator, entry });
    }
  }
  return out;
}

const lookupCache = new Map<string, ConditionKeyLookup>();

/** lookupConditionKey, cached: a key repeats across statements and keystrokes. */
export function conditionKey(key: string): ConditionKeyLookup {
  const cached = lookupCache.get(key);
  if (cached) return cached;
  const found = lookupConditionKey(key);
  if (lookupCache.size > 5000) lookupCache.clear();
  lookupCache.set(key, found);
  return found;
}
