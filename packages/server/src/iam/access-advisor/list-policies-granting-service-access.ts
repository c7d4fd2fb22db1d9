import type { ListPoliciesGrantingServiceAccessEntry, PolicyGrantingServiceAccess } from '../../protocol/generated/iam.js';
import { lastAccessOf } from '../../storage/repositories/last-accessed.js';
import { iamOperation } from '../define.js';
import { paginateInOrder } from '../paginate.js';
import { Grants } from './grants.js';
import { compiled, invalidArn, parseIamArn, resolveSubject, subjectTarget } from './subjects.js';

/**
 * For each service namespace asked about, the permissions policies of an IAM user (its own
 * and its groups'), group or role that allow some action of the service: managed ones by ARN,
 * inline ones by the entity they are embedded in. Permissions boundaries are not listed.
 * Namespaces are answered in the order given, every one of them, with an empty list when no
 * policy grants it; a page holds up to 100 namespaces.
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListPoliciesGrantingServiceAccess.html
 */
export const listPoliciesGrantingServiceAccess = iamOperation<'ListPoliciesGrantingServiceAccess'>({
  action: 'iam:ListPoliciesGrantingServiceAccess',
  writes: false,
  authorization: 'policy',
  target: (input, at) => subjectTarget(at, input.Arn),
  async handle(ctx, input) {
    const parsed = parseIamArn(input.Arn);
    if (!parsed || parsed.kind === 'policy') throw invalidArn(input.Arn, 'an IAM user, group or role');
    const subject = await resolveSubject(ctx.tx, ctx.accountId, input.Arn, parsed);
    const namespaces = [...new Map(input.ServiceNamespaces.map((ns) => [ns.toLowerCase(), ns])).values()];
    // The actions of a service outside AWS's catalog are known by their use.
    const attempts = await lastAccessOf(ctx.tx, subject.entities.map((e) => e.id), namespaces.map((ns) => ns.toLowerCase()));
    const seen = new Map<string, Set<string>>();
    for (const a of attempts) seen.set(a.service, (seen.get(a.service) ?? new Set()).add(a.action_name));
    const policies = subject.policies.map((p) => ({ policy: p, grants: new Grants([compiled(ctx.policies, p)]) }));
    const entries: ListPoliciesGrantingServiceAccessEntry[] = [];
    for (const ns of namespaces) {
      const granting: PolicyGrantingServiceAccess[] = [];
      for (const { policy, grants } of policies) {
        if (!(await grants.allowsService(ns, seen))) continue;
        granting.push(
          policy.type === 'MANAGED'
            ? { PolicyName: policy.name, PolicyType: 'MANAGED', PolicyArn: policy.arn! }
            : { PolicyName: policy.name, PolicyType: 'INLINE', EntityType: policy.owner!.type, EntityName: policy.owner!.name },
        );
      }
      entries.push({ ServiceNamespace: ns, Policies: granting });
    }
    const { items, ...more } = paginateInOrder(entries, { Marker: input.Marker });
    return { PoliciesGrantingServiceAccess: items, ...more };
  },
});
