import type { Principal } from '../principal.js';
import type { Tx } from '../storage/database.js';

/** A policy document as stored, named the way decisions and the simulator name it. */
export interface StoredPolicy {
  readonly type: 'identity' | 'boundary';
  /** the managed policy's ARN, or inline:user/NAME/POLICY, inline:group/NAME/POLICY and inline:role/NAME/POLICY */
  readonly id: string;
  readonly name: string;
  readonly document: string;
}

export interface IdentityPolicies {
  identity: StoredPolicy[];
  boundary?: StoredPolicy;
}

const EMPTY_POLICY = '{"Version":"2012-10-17","Statement":[]}';

/**
 * A managed policy's name and default version's document. With `visibleTo`, only a policy of
 * that account or an AWS managed one is found.
 */
export async function managedPolicyDocument(tx: Tx, arn: string, visibleTo?: string): Promise<{ name: string; document: string } | undefined> {
  let query = tx
    .selectFrom('policies')
    .innerJoin('policy_versions', (join) => join.onRef('policy_versions.policy_id', '=', 'policies.id').onRef('policy_versions.version_id', '=', 'policies.default_version_id'))
    .select(['policies.name', 'policy_versions.document'])
    .where('policies.arn', '=', arn);
  if (visibleTo !== undefined) query = query.where((eb) => eb.or([eb('policies.account_id', '=', visibleTo), eb('policies.account_id', 'is', null)]));
  return query.executeTakeFirst();
}

/**
 * The inline policies (by name) and the default versions of the managed policies attached to
 * some identities (users, groups, roles) by their ids: one query each.
 */
export async function inlineAndAttached(tx: Tx, ids: readonly string[]) {
  const inline = await tx.selectFrom('inline_policies').select(['principal_id', 'name', 'document']).where('principal_id', 'in', ids).orderBy('name').execute();
  const managed = await tx
    .selectFrom('policy_attachments')
    .innerJoin('policies', 'policies.arn', 'policy_attachments.policy_arn')
    .innerJoin('policy_versions', (join) => join.onRef('policy_versions.policy_id', '=', 'policies.id').onRef('policy_versions.version_id', '=', 'policies.default_version_id'))
    .select(['policies.arn', 'policies.name', 'policy_versions.document'])
    .where('policy_attachments.principal_id', 'in', ids)
    .execute();
  return { inline, managed };
}

/**
 * The inline and attached managed policies of some identities, each named by its owner
 * (`user/bob`, `group/devs`, `role/app`). A managed policy attached to several of them (a user
 * and one of its groups) applies once.
 */
async function policiesOfOwners(tx: Tx, owners: ReadonlyMap<string, string>): Promise<StoredPolicy[]> {
  const { inline, managed } = await inlineAndAttached(tx, [...owners.keys()]);
  return [
    ...inline.map((p): StoredPolicy => ({ type: 'identity', id: `inline:${owners.get(p.principal_id)}/${p.name}`, name: p.name, document: p.document })),
    ...[...new Map(managed.map((p) => [p.arn, p])).values()].map((p): StoredPolicy => ({ type: 'identity', id: p.arn, name: p.name, document: p.document })),
  ];
}

/** An identity's policies and, when it has one, its permissions boundary. */
async function withBoundary(tx: Tx, identity: StoredPolicy[], boundaryArn: string | null): Promise<IdentityPolicies> {
  if (!boundaryArn) return { identity };
  const boundary = await managedPolicyDocument(tx, boundaryArn);
  // A boundary whose policy is gone allows nothing, rather than silently lifting the limit.
  return { identity, boundary: { type: 'boundary', id: boundaryArn, name: boundary?.name ?? '', document: boundary?.document ?? EMPTY_POLICY } };
}

/**
 * Every identity-based policy that applies to an IAM user: its inline and attached managed
 * policies, and those of each of its groups; plus its permissions boundary.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies.html#policies_id-based
 * The root user has no identity policies: it is allowed by being root.
 */
export async function identityPoliciesOf(tx: Tx, principal: Principal): Promise<IdentityPolicies> {
  if (principal.type === 'AssumedRole') return rolePoliciesOf(tx, principal.role.id);
  // A federated user's permissions start from the IAM user's who asked for them.
  if (principal.type !== 'IAMUser' && principal.type !== 'FederatedUser') return { identity: [] };
  const user = principal.user;
  const groups = await tx
    .selectFrom('group_members')
    .innerJoin('groups', 'groups.id', 'group_members.group_id')
    .select(['groups.id', 'groups.name'])
    .where('group_members.user_id', '=', user.id)
    .execute();
  const owners = new Map<string, string>([[user.id, `user/${user.name}`], ...groups.map((g): [string, string] => [g.id, `group/${g.name}`])]);
  return withBoundary(tx, await policiesOfOwners(tx, owners), user.permissions_boundary_arn);
}

/** A group's own inline and attached policies (groups have no boundary). */
export async function groupPoliciesOf(tx: Tx, group: { id: string; name: string }): Promise<IdentityPolicies> {
  return { identity: await policiesOfOwners(tx, new Map([[group.id, `group/${group.name}`]])) };
}

/**
 * Every identity-based policy of an IAM role: its inline and attached managed policies, plus
 * its permissions boundary; what a session of the role is allowed before session policies
 * narrow it. A role that no longer exists has none, so its sessions can do nothing.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles.html
 */
export async function rolePoliciesOf(tx: Tx, roleId: string): Promise<IdentityPolicies> {
  const role = await tx.selectFrom('roles').select(['name', 'permissions_boundary_arn']).where('id', '=', roleId).executeTakeFirst();
  if (!role) return { identity: [] };
  return withBoundary(tx, await policiesOfOwners(tx, new Map([[roleId, `role/${role.name}`]])), role.permissions_boundary_arn);
}
