import type { IamOperations } from '../../protocol/generated/iam.js';
import { listTags } from '../../storage/repositories/tags.js';
import { listGroups, listGroupsForUser } from '../../storage/repositories/groups.js';
import { instanceProfilesForRole, rolesOfInstanceProfiles } from '../../storage/repositories/instance-profiles.js';
import { listRoles } from '../../storage/repositories/roles.js';
import { listUsers } from '../../storage/repositories/users.js';
import { noResource } from '../targets.js';
import { iamOperation } from '../define.js';
import { groupShape } from '../groups/group-shape.js';
import { instanceProfileShape } from '../instance-profiles/instance-profile-shape.js';
import { paginate } from '../paginate.js';
import { roleShape } from '../roles/role-shape.js';
import { userShape } from '../users/user-shape.js';
import { encodeDocument } from './document.js';
import { policyShape, policyUsage } from './policy-shape.js';

/**
 * Every user, group, role and managed policy of the account with their policies, in one paged
 * list. AWS managed policies appear only when attached somewhere in the account, as in IAM.
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetAccountAuthorizationDetails.html
 */
export const getAccountAuthorizationDetails = iamOperation<'GetAccountAuthorizationDetails'>({
  action: 'iam:GetAccountAuthorizationDetails',
  writes: false,
  authorization: 'policy',
  target: noResource,
  async handle(ctx, input) {
    const tx = ctx.tx;
    const filter = new Set(input.Filter ?? ['User', 'Group', 'Role', 'LocalManagedPolicy', 'AWSManagedPolicy']);
    const attachments = await tx.selectFrom('policy_attachments').innerJoin('policies', 'policies.arn', 'policy_attachments.policy_arn').select(['principal_id', 'policies.name', 'policies.arn']).where('policy_attachments.account_id', '=', ctx.accountId).execute();
    const inline = await tx
      .selectFrom('inline_policies')
      .selectAll()
      .where((eb) =>
        eb.or([
          eb('principal_id', 'in', eb.selectFrom('users').select('id').where('account_id', '=', ctx.accountId)),
          eb('principal_id', 'in', eb.selectFrom('groups').select('id').where('account_id', '=', ctx.accountId)),
          eb('principal_id', 'in', eb.selectFrom('roles').select('id').where('account_id', '=', ctx.accountId)),
        ]),
      )
      .execute();
    const attachedTo = (id: string) => attachments.filter((a) => a.principal_id === id).map((a) => ({ PolicyName: a.name, PolicyArn: a.arn }));
    const inlineOf = (id: string) => inline.filter((p) => p.principal_id === id).map((p) => ({ PolicyName: p.name, PolicyDocument: encodeDocument(p.document) }));

    type Output = IamOperations['GetAccountAuthorizationDetails']['output'];
    type Entry = {
      key: string;
      user?: NonNullable<Output['UserDetailList']>[number];
      group?: NonNullable<Output['GroupDetailList']>[number];
      role?: NonNullable<Output['RoleDetailList']>[number];
      policy?: NonNullable<Output['Policies']>[number];
    };
    const entries: Entry[] = [];
    if (filter.has('User')) {
      for (const user of await listUsers(tx, ctx.accountId)) {
        const tags = await listTags(tx, user.id);
        entries.push({
          key: `1${user.name_key}`,
          user: {
            ...userShape(user, { withBoundary: true }),
            UserPolicyList: inlineOf(user.id),
            GroupList: (await listGroupsForUser(tx, user.id)).map((g) => g.name),
            AttachedManagedPolicies: attachedTo(user.id),
            ...(tags.length > 0 ? { Tags: tags } : {}),
          },
        });
      }
    }
    if (filter.has('Group')) {
      for (const group of await listGroups(tx, ctx.accountId)) {
        entries.push({ key: `2${group.name_key}`, group: { ...groupShape(group), GroupPolicyList: inlineOf(group.id), AttachedManagedPolicies: attachedTo(group.id) } });
      }
    }
    if (filter.has('Role')) {
      for (const role of await listRoles(tx, ctx.accountId)) {
        const profiles = await instanceProfilesForRole(tx, role.id);
        const profileRoles = await rolesOfInstanceProfiles(tx, profiles.map((p) => p.id));
        const tags = await listTags(tx, role.id);
        const { Description: _description, MaxSessionDuration: _maxSessionDuration, ...shape } = roleShape(role, { boundary: true, lastUsed: true, tags });
        entries.push({
          key: `3${role.name_key}`,
          role: {
            ...shape,
            InstanceProfileList: profiles.map((p) => instanceProfileShape(p, profileRoles.get(p.id) ?? [])),
            RolePolicyList: inlineOf(role.id),
            AttachedManagedPolicies: attachedTo(role.id),
          },
        });
      }
    }
    const wantLocal = filter.has('LocalManagedPolicy');
    const wantAws = filter.has('AWSManagedPolicy');
    if (wantLocal || wantAws) {
      const usage = await policyUsage(tx, ctx.accountId);
      const policies = await tx
        .selectFrom('policies')
        .selectAll()
        .where((eb) => eb.or([eb('account_id', '=', ctx.accountId), eb('account_id', 'is', null)]))
        .execute();
      for (const policy of policies) {
        const local = policy.account_id !== null;
        if (local ? !wantLocal : !wantAws || !usage.has(policy.arn)) continue;
        const versions = await tx.selectFrom('policy_versions').selectAll().where('policy_id', '=', policy.id).execute();
        entries.push({
          key: `4${policy.name}\u0000${policy.arn}`,
          policy: {
            ...policyShape(policy, usage.get(policy.arn), { withDescription: true }),
            PolicyVersionList: versions.map((v) => ({
              Document: encodeDocument(v.document),
              VersionId: v.version_id,
              IsDefaultVersion: v.version_id === policy.default_version_id,
              CreateDate: new Date(v.created_at),
            })),
          },
        });
      }
    }
    const { items, ...more } = paginate(entries, input, (e) => e.key);
    return {
      UserDetailList: items.flatMap((e) => (e.user ? [e.user] : [])),
      GroupDetailList: items.flatMap((e) => (e.group ? [e.group] : [])),
      RoleDetailList: items.flatMap((e) => (e.role ? [e.role] : [])),
      Policies: items.flatMap((e) => (e.policy ? [e.policy] : [])),
      ...more,
    };
  },
});
