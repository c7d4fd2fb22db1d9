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
  const owners = [user.id, ...groups.map((g) => g.id)];
  const ownerName = new Map<string, string>([[user.id, `user/${user.name}`], ...groups.map((g): [string, string] => [g.id, `group/${g.name}`])]);

  const inline = await tx.selectFrom('inline_policies').select(['principal_id', 'name', 'document']).where('principal_id', 'in', owners).execute();
  const managed = await tx
    .selectFrom('policy_attachments')
    .innerJoin('policies', 'policies.arn', 'policy_attachments.policy_arn')
    .innerJoin('policy_versions', (join) => join.onRef('policy_versions.policy_id', '=', 'policies.id').onRef('policy_versions.version_id', '=', 'policies.default_version_id'))
    .select(['policies.arn', 'policies.name', 'policy_versions.document'])
    .where('policy_attachments.principal_id', 'in', owners)
    .execute();

  const identity: StoredPolicy[] = [
    ...inline.map((p): StoredPolicy => ({ type: 'identity', id: `inline:${ownerName.get(p.principal_id)}/${p.name}`, name: p.name, document: p.document })),
    // A managed policy attached both to the user and to a group applies once.
    ...[...new Map(managed.map((p) => [p.arn, p])).values()].map((p): StoredPolicy => ({ type: 'identity', id: p.arn, name: p.name, document: p.document })),
  ];
  if (!user.permissions_boundary_arn) return { identity };
  const boundary = await tx
    .selectFrom('policies')
    .innerJoin('policy_versions', (join) => join.onRef('policy_versions.policy_id', '=', 'policies.id').onRef('policy_versions.version_id', '=', 'policies.default_version_id'))
    .select(['policies.arn', 'policies.name', 'policy_versions.document'])
    .where('policies.arn', '=', user.permissions_boundary_arn)
    .executeTakeFirst();
  // A boundary whose policy is gone allows nothing, rather than silently lifting the limit.
  return { identity, boundary: { type: 'boundary', id: user.permissions_boundary_arn, name: boundary?.name ?? '', document: boundary?.document ?? '{"Version":"2012-10-17","Statement":[]}' } };
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
  const inline = await tx.selectFrom('inline_policies').select(['name', 'document']).where('principal_id', '=', roleId).orderBy('name').execute();
  const managed = await tx
    .selectFrom('policy_attachments')
    .innerJoin('policies', 'policies.arn', 'policy_attachments.policy_arn')
    .innerJoin('policy_versions', (join) => join.onRef('policy_versions.policy_id', '=', 'policies.id').onRef('policy_versions.version_id', '=', 'policies.default_version_id'))
    .select(['policies.arn', 'policies.name', 'policy_versions.document'])
    .where('policy_attachments.principal_id', '=', roleId)
    .execute();
  const identity: StoredPolicy[] = [
    ...inline.map((p): StoredPolicy => ({ type: 'identity', id: `inline:role/${role.name}/${p.name}`, name: p.name, document: p.document })),
    ...managed.map((p): StoredPolicy => ({ type: 'identity', id: p.arn, name: p.name, document: p.document })),
  ];
  if (!role.permissions_boundary_arn) return { identity };
  const boundary = await tx
    .selectFrom('policies')
    .innerJoin('policy_versions', (join) => join.onRef('policy_versions.policy_id', '=', 'policies.id').onRef('policy_versions.version_id', '=', 'policies.default_version_id'))
    .select(['policies.name', 'policy_versions.document'])
    .where('policies.arn', '=', role.permissions_boundary_arn)
    .executeTakeFirst();
  // As for users: a boundary whose policy is gone allows nothing.
  return { identity, boundary: { type: 'boundary', id: role.permissions_boundary_arn, name: boundary?.name ?? '', document: boundary?.document ?? '{"Version":"2012-10-17","Statement":[]}' } };
}
