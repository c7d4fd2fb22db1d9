import { countGroups } from '../../storage/repositories/groups.js';
import { countMfaDevices } from '../../storage/repositories/mfa-devices.js';
import { countSecurityKeys } from '../../storage/repositories/security-keys.js';
import { countInstanceProfiles } from '../../storage/repositories/instance-profiles.js';
import { countRoles } from '../../storage/repositories/roles.js';
import { countUsers } from '../../storage/repositories/users.js';
import { noResource } from '../targets.js';
import { iamOperation } from '../define.js';

/**
 * Usage and quotas, with every key IAM returns. Quotas are IAM's defaults:
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html
 * Counts of things Gatehouse does not have yet (server certificates, identity providers) are
 * the true count: zero.
 */
export const getAccountSummary = iamOperation<'GetAccountSummary'>({
  action: 'iam:GetAccountSummary',
  writes: false,
  authorization: 'policy',
  target: noResource,
  async handle(ctx) {
    const tx = ctx.tx;
    const count = async (query: Promise<{ n: string | number } | undefined>) => Number((await query)?.n ?? 0);
    const rootKeys = await count(
      tx.selectFrom('access_keys').select((eb) => eb.fn.countAll<string | number>().as('n')).where('account_id', '=', ctx.accountId).where('user_id', 'is', null).executeTakeFirst(),
    );
    const policies = await count(
      tx.selectFrom('policies').select((eb) => eb.fn.countAll<string | number>().as('n')).where('account_id', '=', ctx.accountId).executeTakeFirst(),
    );
    const policyVersions = await count(
      tx
        .selectFrom('policy_versions')
        .innerJoin('policies', 'policies.id', 'policy_versions.policy_id')
        .select((eb) => eb.fn.countAll<string | number>().as('n'))
        .where('policies.account_id', '=', ctx.accountId)
        .executeTakeFirst(),
    );
    const summary: Record<string, number> = {
      Users: await countUsers(tx, ctx.accountId),
      UsersQuota: 5000,
      Groups: await countGroups(tx, ctx.accountId),
      GroupsQuota: 300,
      ServerCertificates: 0,
      ServerCertificatesQuota: 20,
      UserPolicySizeQuota: 2048,
      GroupPolicySizeQuota: 5120,
      GroupsPerUserQuota: 10,
      SigningCertificatesPerUserQuota: 2,
      AccessKeysPerUserQuota: 2,
      // Security keys are MFA devices too, always in use (they exist only assigned).
      MFADevices: (await countMfaDevices(tx, ctx.accountId, 'all')) + (await countSecurityKeys(tx, ctx.accountId, 'all')),
      MFADevicesInUse: (await countMfaDevices(tx, ctx.accountId, 'assigned')) + (await countSecurityKeys(tx, ctx.accountId, 'all')),
      AccountMFAEnabled: (await countMfaDevices(tx, ctx.accountId, 'root')) + (await countSecurityKeys(tx, ctx.accountId, 'root')) > 0 ? 1 : 0,
      AccountAccessKeysPresent: rootKeys > 0 ? 1 : 0,
      AccountPasswordPresent: 1,
      AccountSigningCertificatesPresent: 0,
      AttachedPoliciesPerGroupQuota: 10,
      AttachedPoliciesPerRoleQuota: 10,
      AttachedPoliciesPerUserQuota: 10,
      Policies: policies,
      PoliciesQuota: 1500,
      PolicySizeQuota: 6144,
      PolicyVersionsInUse: policyVersions,
      PolicyVersionsInUseQuota: 10000,
      VersionsPerPolicyQuota: 5,
      GlobalEndpointTokenVersion: 1,
      AssumeRolePolicySizeQuota: 2048,
      InstanceProfiles: await countInstanceProfiles(tx, ctx.accountId),
      InstanceProfilesQuota: 1000,
      Providers: 0,
      RolePolicySizeQuota: 10240,
      Roles: await countRoles(tx, ctx.accountId),
      RolesQuota: 1000,
    };
    return { SummaryMap: summary };
  },
});
