import type { OperationSpec } from './operation.js';
import type { Principal } from './principal.js';
import { AwsError } from './protocol/errors.js';
import type { Tx } from './storage/database.js';
import { findPasswordPolicy } from './storage/repositories/accounts.js';
import { userHasAdministratorGroup } from './storage/repositories/policies.js';

/**
 * The interim rule until the policy engine decides: the account's root, or an IAM user in a
 * group with AdministratorAccess attached, may call IAM; ChangePassword is also open to users
 * when the password policy lets users change their own password; GetCallerIdentity needs no
 * permission. The denial message has AWS's form so clients see what they will see later.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_access-denied.html
 */
export async function authorize(tx: Tx, spec: OperationSpec<unknown, unknown>, principal: Principal, resource: string): Promise<void> {
  if (spec.authorization === 'any' || principal.type === 'Root') return;
  if (await userHasAdministratorGroup(tx, principal.user.id)) return;
  if (spec.authorization === 'self') {
    const policy = await findPasswordPolicy(tx, principal.accountId);
    if (policy?.allow_users_to_change_password === 1) return;
  }
  throw new AwsError(
    'AccessDenied',
    `User: ${principal.arn} is not authorized to perform: ${spec.action} on resource: ${resource} because no identity-based policy allows the ${spec.action} action`,
  );
}
