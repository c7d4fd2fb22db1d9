import {
  DeactivateMFADeviceCommand,
  DeleteAccessKeyCommand,
  DeleteGroupCommand,
  DeleteInstanceProfileCommand,
  DeleteLoginProfileCommand,
  DeleteRoleCommand,
  DeleteUserCommand,
  DeleteVirtualMFADeviceCommand,
  GetGroupCommand,
  ListAccessKeysCommand,
  ListGroupsForUserCommand,
  ListInstanceProfilesForRoleCommand,
  ListMFADevicesCommand,
  RemoveRoleFromInstanceProfileCommand,
  RemoveUserFromGroupCommand,
} from '@aws-sdk/client-iam';
import { iam } from '../api/aws';
import { errorCode } from '../api/errors';
import { entityPolicies, type EntityKind } from './entity-policies';
import { fetchAll } from './paged-list';

/** Detaches every managed policy and deletes every inline policy of a user, group or role. */
async function removePolicies(kind: EntityKind, name: string): Promise<void> {
  const api = entityPolicies(kind, name);
  for (const p of await api.listAttached()) await api.detach(p.PolicyArn ?? '');
  for (const policyName of await api.listInline()) await api.deleteInline(policyName);
}

/**
 * Deletes a user as the IAM console does: IAM's DeleteUser refuses while the user still has a
 * password, keys, MFA devices, groups or policies (DeleteConflict), so those go first.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_users_remove.html
 */
export async function deleteUserCompletely(userName: string): Promise<void> {
  const c = iam();
  try {
    await c.send(new DeleteLoginProfileCommand({ UserName: userName }));
  } catch (e) {
    if (errorCode(e) !== 'NoSuchEntity') throw e;
  }
  for (const key of (await c.send(new ListAccessKeysCommand({ UserName: userName }))).AccessKeyMetadata ?? []) {
    await c.send(new DeleteAccessKeyCommand({ UserName: userName, AccessKeyId: key.AccessKeyId }));
  }
  for (const device of (await c.send(new ListMFADevicesCommand({ UserName: userName }))).MFADevices ?? []) {
    await c.send(new DeactivateMFADeviceCommand({ UserName: userName, SerialNumber: device.SerialNumber }));
    if (device.SerialNumber?.includes(':mfa/')) await c.send(new DeleteVirtualMFADeviceCommand({ SerialNumber: device.SerialNumber }));
  }
  const groups = await fetchAll(async (Marker, MaxItems) => {
    const r = await c.send(new ListGroupsForUserCommand({ UserName: userName, Marker, MaxItems }));
    return { items: r.Groups ?? [], marker: r.IsTruncated ? r.Marker : undefined };
  });
  for (const g of groups) await c.send(new RemoveUserFromGroupCommand({ UserName: userName, GroupName: g.GroupName }));
  await removePolicies('user', userName);
  await c.send(new DeleteUserCommand({ UserName: userName }));
}

/** Deletes a group after removing its members and policies (DeleteGroup refuses otherwise). */
export async function deleteGroupCompletely(groupName: string): Promise<void> {
  const c = iam();
  const members = (await c.send(new GetGroupCommand({ GroupName: groupName, MaxItems: 1000 }))).Users ?? [];
  for (const u of members) await c.send(new RemoveUserFromGroupCommand({ GroupName: groupName, UserName: u.UserName }));
  await removePolicies('group', groupName);
  await c.send(new DeleteGroupCommand({ GroupName: groupName }));
}

/**
 * Deletes a role after its policies and instance profiles. An instance profile named after the
 * role (as the console creates for EC2 roles) is deleted with it; others only lose the role.
 */
export async function deleteRoleCompletely(roleName: string): Promise<void> {
  const c = iam();
  for (const profile of (await c.send(new ListInstanceProfilesForRoleCommand({ RoleName: roleName }))).InstanceProfiles ?? []) {
    await c.send(new RemoveRoleFromInstanceProfileCommand({ RoleName: roleName, InstanceProfileName: profile.InstanceProfileName }));
    if (profile.InstanceProfileName === roleName) await c.send(new DeleteInstanceProfileCommand({ InstanceProfileName: profile.InstanceProfileName }));
  }
  await removePolicies('role', roleName);
  await c.send(new DeleteRoleCommand({ RoleName: roleName }));
}
