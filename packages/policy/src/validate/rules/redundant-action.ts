// Suggestion – Redundant action: an entry whose every action another entry of the same
// element already names (iam:GetCredentialReport beside iam:Get*). An entry is redundant only
// when all of it is: iam:*CredentialReport also names iam:GenerateCredentialReport, which
// iam:Get* does not, so it stays.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html#access-analyzer-reference-policy-checks-suggestion-redundant-action
//
// Entries are judged in order, and an entry already found redundant covers nothing, so of
// two entries that cover each other only one is reported. AWS's own managed policies list a
// thousand actions in one statement; the work is linear in plain names, and only wildcards
// are compared with each other.

import { actionMatches, analyzeAction } from '../analysis.js';
import type { StringListElement } from '../document.js';
import { awsCheck, finding, type Finding } from '../finding.js';
import { hasWildcard, patternRegExp, subsumes } from '../patterns.js';
import type { Rule } from './rule.js';

const REDUNDANT_ACTION = awsCheck('SUGGESTION', 'REDUNDANT_ACTION');

const OPTS = { ignoreCase: true, variables: false } as const;

/** The service prefix of an entry, lower case; undefined when it is a wildcard or missing. */
function serviceOf(lowerEntry: string): string | undefined {
  const colon = lowerEntry.indexOf(':');
  if (colon <= 0) return undefined;
  const svc = lowerEntry.slice(0, colon);
  return hasWildcard(svc) ? undefined : svc;
}

function check(list: StringListElement | undefined): Finding[] {
  if (!list || list.items.length < 2) return [];
  const items = list.items;
  const lower = items.map((i) => i.value.toLowerCase());
  const wild = items.map((i) => hasWildcard(i.value));
  const flagged = new Uint8Array(items.length);
  // Plain names not (yet) found redundant: all of them, and those before the current entry.
  const literalCount = new Map<string, number>();
  const earlierLiteral = new Map<string, number>();
  items.forEach((_, i) => {
    if (!wild[i]) literalCount.set(lower[i] as string, (literalCount.get(lower[i] as string) ?? 0) + 1);
  });
  // A wildcard can only cover entries of its own service, unless its service part is itself
  // a wildcard ("*", "s3*:Get*"): group them so each entry meets only the few that matter.
  const byService = new Map<string, number[]>();
  const anyService: number[] = [];
  items.forEach((_, i) => {
    if (!wild[i]) return;
    const svc = serviceOf(lower[i] as string);
    if (svc === undefined) anyService.push(i);
    else byService.set(svc, [...(byService.get(svc) ?? []), i]);
  });
  const wildcardsFor = (i: number): number[] => {
    const svc = serviceOf(lower[i] as string);
    if (svc === undefined) return [...anyService, ...[...byService.values()].flat()];
    const own = byService.get(svc);
    return own ? (anyService.length > 0 ? [...own, ...anyService] : own) : anyService;
  };
  const out: Finding[] = [];

  items.forEach((item, i) => {
    const name = lower[i] as string;
    let reason: string | undefined;
    if (!wild[i]) {
      const dup = earlierLiteral.get(name);
      if (dup !== undefined) reason = `the same action is already listed as ${items[dup]?.value}`;
      else {
        const w = wildcardsFor(i).find((j) => !flagged[j] && patternRegExp(items[j]?.value as string, OPTS).test(item.value));
        if (w !== undefined) reason = `they provide similar permissions to ${items[w]?.value}`;
      }
    } else {
      // Of two equal wildcards the later one is the redundant one.
      const others = wildcardsFor(i).filter((j) => j !== i && !flagged[j] && !(j > i && lower[j] === name));
      const direct = others.find((j) => subsumes(items[j]?.value as string, item.value, OPTS));
      if (direct !== undefined) reason = `they provide similar permissions to ${items[direct]?.value}`;
      else {
        const ref = analyzeAction(item.value);
        if (ref.kind === 'service' && ref.matches.length > 0) {
          const by = new Set<string>();
          const covered = ref.matches.every((a) => {
            const id = `${a.service}:${a.name}`.toLowerCase();
            if ((literalCount.get(id) ?? 0) > 0) {
              by.add(items.find((x, k) => lower[k] === id && !flagged[k])?.value ?? id);
              return true;
            }
            const j = others.find((k) => actionMatches(items[k]?.value as string, a));
            if (j === undefined) return false;
            by.add(items[j]?.value as string);
            return true;
          });
          if (covered) {
            const named = [...by];
            reason = `they provide similar permissions to ${named.slice(0, 3).join(', ')}${named.length > 3 ? ` and ${named.length - 3} more` : ''}`;
          }
        }
      }
    }
    if (reason === undefined) {
      if (!wild[i] && !earlierLiteral.has(name)) earlierLiteral.set(name, i);
      return;
    }
    flagged[i] = 1;
    if (!wild[i]) literalCount.set(name, (literalCount.get(name) ?? 1) - 1);
    out.push(
      finding(
        REDUNDANT_ACTION,
        `The ${item.value} action(s) are redundant because ${reason}. Update the policy to remove the redundant action such as: ${item.value}.`,
        item.node,
      ),
    );
  });
  return out;
}

export const redundantAction: Rule = {
  id: 'redundant-action',
  checks: [REDUNDANT_ACTION],
  run({ policy }) {
    return policy.statements.flatMap((st) => [...check(st.action), ...check(st.notAction)]);
  },
};
