// An action that applies to no resource of its statement (a Gatehouse check; Access
// Analyzer has none, the IAM console's policy summary warns "This policy defines some
// actions, resources, or conditions that do not provide permissions"). Each action acts on
// the resource types the Service Authorization Reference lists for it, and an action that
// lists none supports only "Resource": "*". s3:GetObject on arn:aws:s3:::bucket, or
// s3:ListBucket on arn:aws:s3:::bucket/*, allows or denies nothing.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_policies.html#troubleshoot_policies-no-permissions
// https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html

import { type ArnRef, actionId, analyzeAction, parseArn } from '../analysis.js';
import { resourceMeetsFormat } from '../arn-match.js';
import { type ActionInfo, getService } from '../catalog.js';
import { finding, type Finding, gatehouseCheck } from '../finding.js';
import type { Rule } from './rule.js';

const NO_APPLICABLE_RESOURCE = gatehouseCheck(
  'WARNING',
  'NO_APPLICABLE_RESOURCE',
  'https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_policies.html#troubleshoot_policies-no-permissions',
);

/** The ARN formats of the resource types the action acts on; undefined if one is unknown. */
function formatsOf(a: ActionInfo): string[] | undefined {
  const svc = getService(a.service);
  const out: string[] = [];
  for (const rt of a.resourceTypes) {
    const f = svc?.resourceTypes.get(rt.name)?.arn;
    if (!f) return undefined;
    out.push(f);
  }
  return out;
}

/** The distinct ARN formats the actions act on; undefined if one of them is unknown. */
function formatsOfAll(actions: readonly ActionInfo[]): Set<string> | undefined {
  // A wildcard names hundreds of actions but few distinct resource types: test each format once.
  const formats = new Set<string>();
  for (const a of actions) {
    const f = formatsOf(a);
    if (f === undefined) return undefined;
    for (const x of f) formats.add(x);
  }
  return formats;
}

const appliesCache = new Map<string, boolean>();

/** Does some action the entry names act on some resource of `resources`? */
function anyApplies(entry: string, actions: readonly ActionInfo[], resources: readonly string[]): boolean {
  const key = `${entry.toLowerCase()}\u0000${resources.join('\u0000')}`;
  const hit = appliesCache.get(key);
  if (hit !== undefined) return hit;
  const formats = formatsOfAll(actions);
  const result = formats === undefined || [...formats].some((f) => resources.some((r) => resourceMeetsFormat(r, f)));
  if (appliesCache.size > 10_000) appliesCache.clear();
  appliesCache.set(key, result);
  return result;
}

function describe(a: ActionInfo): string {
  const svc = getService(a.service);
  const types = a.resourceTypes.map((rt) => `${rt.name} (${svc?.resourceTypes.get(rt.name)?.arn ?? '?'})`);
  return types.join(', ');
}

export const noApplicableResource: Rule = {
  id: 'no-applicable-resource',
  checks: [NO_APPLICABLE_RESOURCE],
  run({ policy }) {
    const out: Finding[] = [];
    for (const st of policy.statements) {
      if (!st.action || !st.resource || st.resource.items.length === 0) continue;
      const resources = st.resource.items.map((i) => i.value);
      // "*" applies to everything; a malformed ARN is reported by the ARN rules.
      const parsed: ArnRef[] = resources.map(parseArn);
      if (parsed.some((p) => p.kind !== 'arn')) continue;
      for (const item of st.action.items) {
        const ref = analyzeAction(item.value);
        if (ref.kind !== 'service' || ref.matches.length === 0) continue;
        if (anyApplies(item.value, ref.matches, resources)) continue;
        const first = ref.matches[0] as ActionInfo;
        let details: string;
        if (ref.wildcard) {
          details = `None of the ${ref.matches.length} actions that ${item.value} names applies to a resource of this statement, so for them the statement allows or denies nothing. Add resource ARNs of the types those actions act on, or remove the action.`;
        } else if (first.resourceTypes.length === 0) {
          details = `The action ${actionId(first)} does not support resource-level permissions, so it applies only with "Resource": "*" and this statement allows or denies nothing for it. Move the action to a statement with "Resource": "*".`;
        } else {
          details = `The action ${actionId(first)} acts on the resource type ${describe(first)}, and no resource of this statement is of that type, so the statement allows or denies nothing for it. Add a matching resource ARN, or remove the action.`;
        }
        out.push(finding(NO_APPLICABLE_RESOURCE, details, item.node));
      }
    }
    return out;
  },
};
