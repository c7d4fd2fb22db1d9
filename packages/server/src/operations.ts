import { lookupEvents } from './audit/lookup-events.js';
import { createAccessKey } from './iam/access-keys/create-access-key.js';
import { generateServiceLastAccessedDetails } from './iam/access-advisor/generate-service-last-accessed-details.js';
import { getServiceLastAccessedDetails, getServiceLastAccessedDetailsWithEntities } from './iam/access-advisor/get-service-last-accessed-details.js';
import { listPoliciesGrantingServiceAccess } from './iam/access-advisor/list-policies-granting-service-access.js';
import { deleteAccessKey, getAccessKeyLastUsed, listAccessKeys, updateAccessKey } from './iam/access-keys/manage-access-keys.js';
import { createAccountAlias, deleteAccountAlias, listAccountAliases } from './iam/account/account-aliases.js';
import { getAccountSummary } from './iam/account/account-summary.js';
import { generateCredentialReport, getCredentialReport } from './iam/account/credential-report.js';
import { deleteAccountPasswordPolicy, getAccountPasswordPolicy, updateAccountPasswordPolicy } from './iam/account/password-policy.js';
import { createGroup } from './iam/groups/create-group.js';
import { deleteGroup } from './iam/groups/delete-group.js';
import { getGroup } from './iam/groups/get-group.js';
import { listGroups, listGroupsForUser } from './iam/groups/list-groups.js';
import { addUserToGroup, removeUserFromGroup } from './iam/groups/membership.js';
import { updateGroup } from './iam/groups/update-group.js';
import { changePassword } from './iam/login-profiles/change-password.js';
import { createLoginProfile, deleteLoginProfile, getLoginProfile, updateLoginProfile } from './iam/login-profiles/login-profile.js';
import { createVirtualMFADevice } from './iam/mfa/create-virtual-mfa-device.js';
import { deactivateMFADevice, deleteVirtualMFADevice } from './iam/mfa/deactivate-mfa-device.js';
import { enableMFADevice, resyncMFADevice } from './iam/mfa/enable-mfa-device.js';
import { getMFADevice, listMFADevices, listVirtualMFADevices } from './iam/mfa/list-mfa-devices.js';
import { listMFADeviceTags, tagMFADevice, untagMFADevice } from './iam/mfa/mfa-device-tags.js';
import { createInstanceProfile } from './iam/instance-profiles/create-instance-profile.js';
import { deleteInstanceProfile } from './iam/instance-profiles/delete-instance-profile.js';
import { getInstanceProfile } from './iam/instance-profiles/get-instance-profile.js';
import { addRoleToInstanceProfile, removeRoleFromInstanceProfile } from './iam/instance-profiles/instance-profile-roles.js';
import { listInstanceProfileTags, tagInstanceProfile, untagInstanceProfile } from './iam/instance-profiles/instance-profile-tags.js';
import { listInstanceProfiles, listInstanceProfilesForRole } from './iam/instance-profiles/list-instance-profiles.js';
import { createRole } from './iam/roles/create-role.js';
import { deleteRole } from './iam/roles/delete-role.js';
import { getRole } from './iam/roles/get-role.js';
import { listRoles } from './iam/roles/list-roles.js';
import { deleteRolePermissionsBoundary, putRolePermissionsBoundary } from './iam/roles/role-boundary.js';
import { listRoleTags, tagRole, untagRole } from './iam/roles/role-tags.js';
import { updateAssumeRolePolicy, updateRole, updateRoleDescription } from './iam/roles/update-role.js';
import {
  addClientIDToOpenIDConnectProvider,
  createOpenIDConnectProvider,
  deleteOpenIDConnectProvider,
  getOpenIDConnectProvider,
  listOpenIDConnectProviders,
  listOpenIDConnectProviderTags,
  removeClientIDFromOpenIDConnectProvider,
  tagOpenIDConnectProvider,
  untagOpenIDConnectProvider,
  updateOpenIDConnectProviderThumbprint,
} from './iam/oidc-providers/oidc-providers.js';
import { createUser } from './iam/users/create-user.js';
import { deleteUser } from './iam/users/delete-user.js';
import { getUser } from './iam/users/get-user.js';
import { listUsers } from './iam/users/list-users.js';
import { updateUser } from './iam/users/update-user.js';
import { listUserTags, tagUser, untagUser } from './iam/users/user-tags.js';
import { getAccountAuthorizationDetails } from './iam/policies/account-authorization-details.js';
import {
  attachGroupPolicy,
  attachRolePolicy,
  attachUserPolicy,
  detachGroupPolicy,
  detachRolePolicy,
  detachUserPolicy,
  listAttachedGroupPolicies,
  listAttachedRolePolicies,
  listAttachedUserPolicies,
  listEntitiesForPolicy,
} from './iam/policies/attachments.js';
import { deleteUserPermissionsBoundary, listPolicyTags, putUserPermissionsBoundary, tagPolicy, untagPolicy } from './iam/policies/boundaries-and-tags.js';
import {
  deleteGroupPolicy,
  deleteRolePolicy,
  deleteUserPolicy,
  getGroupPolicy,
  getRolePolicy,
  getUserPolicy,
  listGroupPolicies,
  listRolePolicies,
  listUserPolicies,
  putGroupPolicy,
  putRolePolicy,
  putUserPolicy,
} from './iam/policies/inline-policies.js';
import { createPolicy, deletePolicy, getPolicy, listPolicies } from './iam/policies/managed-policies.js';
import { createPolicyVersion, deletePolicyVersion, getPolicyVersion, listPolicyVersions, setDefaultPolicyVersion } from './iam/policies/policy-versions.js';
import { getContextKeysForCustomPolicy, getContextKeysForPrincipalPolicy, simulateCustomPolicy, simulatePrincipalPolicy } from './iam/simulate/simulate.js';
import type { AnonymousOperationSpec, AnyOperationSpec, OperationTable } from './operation.js';
import type { IamOperations } from './protocol/generated/iam.js';
import type { StsOperations } from './protocol/generated/sts.js';
import { getAccessKeyInfo } from './sts/access-key-info.js';
import { decodeAuthorizationMessage } from './sts/decode-authorization-message.js';
import { assumeRole } from './sts/assume-role.js';
import { assumeRoleWithWebIdentity } from './sts/assume-role-with-web-identity.js';
import { getFederationToken } from './sts/federation-token.js';
import { getCallerIdentity } from './sts/get-caller-identity.js';
import { getSessionToken } from './sts/session-token.js';

/**
 * The one table of operations. An operation of the AWS models that is missing here answers
 * NotImplemented (HTTP 501) naming the action; docs/api-coverage.md is generated from this table.
 */
export const iamOperations: OperationTable<IamOperations> = {
  CreateUser: createUser,
  GetUser: getUser,
  UpdateUser: updateUser,
  DeleteUser: deleteUser,
  ListUsers: listUsers,
  TagUser: tagUser,
  UntagUser: untagUser,
  ListUserTags: listUserTags,
  CreateGroup: createGroup,
  GetGroup: getGroup,
  UpdateGroup: updateGroup,
  DeleteGroup: deleteGroup,
  ListGroups: listGroups,
  AddUserToGroup: addUserToGroup,
  RemoveUserFromGroup: removeUserFromGroup,
  ListGroupsForUser: listGroupsForUser,
  CreateAccessKey: createAccessKey,
  UpdateAccessKey: updateAccessKey,
  DeleteAccessKey: deleteAccessKey,
  ListAccessKeys: listAccessKeys,
  GetAccessKeyLastUsed: getAccessKeyLastUsed,
  CreateLoginProfile: createLoginProfile,
  GetLoginProfile: getLoginProfile,
  UpdateLoginProfile: updateLoginProfile,
  DeleteLoginProfile: deleteLoginProfile,
  ChangePassword: changePassword,
  UpdateAccountPasswordPolicy: updateAccountPasswordPolicy,
  GetAccountPasswordPolicy: getAccountPasswordPolicy,
  DeleteAccountPasswordPolicy: deleteAccountPasswordPolicy,
  CreateAccountAlias: createAccountAlias,
  DeleteAccountAlias: deleteAccountAlias,
  ListAccountAliases: listAccountAliases,
  GetAccountSummary: getAccountSummary,
  GenerateCredentialReport: generateCredentialReport,
  GetCredentialReport: getCredentialReport,
  CreatePolicy: createPolicy,
  GetPolicy: getPolicy,
  DeletePolicy: deletePolicy,
  ListPolicies: listPolicies,
  CreatePolicyVersion: createPolicyVersion,
  GetPolicyVersion: getPolicyVersion,
  DeletePolicyVersion: deletePolicyVersion,
  ListPolicyVersions: listPolicyVersions,
  SetDefaultPolicyVersion: setDefaultPolicyVersion,
  AttachUserPolicy: attachUserPolicy,
  DetachUserPolicy: detachUserPolicy,
  ListAttachedUserPolicies: listAttachedUserPolicies,
  AttachGroupPolicy: attachGroupPolicy,
  DetachGroupPolicy: detachGroupPolicy,
  ListAttachedGroupPolicies: listAttachedGroupPolicies,
  ListEntitiesForPolicy: listEntitiesForPolicy,
  PutUserPolicy: putUserPolicy,
  GetUserPolicy: getUserPolicy,
  DeleteUserPolicy: deleteUserPolicy,
  ListUserPolicies: listUserPolicies,
  PutGroupPolicy: putGroupPolicy,
  GetGroupPolicy: getGroupPolicy,
  DeleteGroupPolicy: deleteGroupPolicy,
  ListGroupPolicies: listGroupPolicies,
  PutUserPermissionsBoundary: putUserPermissionsBoundary,
  DeleteUserPermissionsBoundary: deleteUserPermissionsBoundary,
  TagPolicy: tagPolicy,
  UntagPolicy: untagPolicy,
  ListPolicyTags: listPolicyTags,
  GetAccountAuthorizationDetails: getAccountAuthorizationDetails,
  GenerateServiceLastAccessedDetails: generateServiceLastAccessedDetails,
  GetServiceLastAccessedDetails: getServiceLastAccessedDetails,
  GetServiceLastAccessedDetailsWithEntities: getServiceLastAccessedDetailsWithEntities,
  ListPoliciesGrantingServiceAccess: listPoliciesGrantingServiceAccess,
  SimulatePrincipalPolicy: simulatePrincipalPolicy,
  SimulateCustomPolicy: simulateCustomPolicy,
  GetContextKeysForPrincipalPolicy: getContextKeysForPrincipalPolicy,
  GetContextKeysForCustomPolicy: getContextKeysForCustomPolicy,
  CreateVirtualMFADevice: createVirtualMFADevice,
  EnableMFADevice: enableMFADevice,
  ResyncMFADevice: resyncMFADevice,
  DeactivateMFADevice: deactivateMFADevice,
  DeleteVirtualMFADevice: deleteVirtualMFADevice,
  ListMFADevices: listMFADevices,
  ListVirtualMFADevices: listVirtualMFADevices,
  GetMFADevice: getMFADevice,
  TagMFADevice: tagMFADevice,
  UntagMFADevice: untagMFADevice,
  ListMFADeviceTags: listMFADeviceTags,
  CreateRole: createRole,
  GetRole: getRole,
  UpdateRole: updateRole,
  UpdateRoleDescription: updateRoleDescription,
  UpdateAssumeRolePolicy: updateAssumeRolePolicy,
  DeleteRole: deleteRole,
  ListRoles: listRoles,
  TagRole: tagRole,
  UntagRole: untagRole,
  ListRoleTags: listRoleTags,
  PutRolePermissionsBoundary: putRolePermissionsBoundary,
  DeleteRolePermissionsBoundary: deleteRolePermissionsBoundary,
  AttachRolePolicy: attachRolePolicy,
  DetachRolePolicy: detachRolePolicy,
  ListAttachedRolePolicies: listAttachedRolePolicies,
  PutRolePolicy: putRolePolicy,
  GetRolePolicy: getRolePolicy,
  DeleteRolePolicy: deleteRolePolicy,
  ListRolePolicies: listRolePolicies,
  CreateInstanceProfile: createInstanceProfile,
  GetInstanceProfile: getInstanceProfile,
  DeleteInstanceProfile: deleteInstanceProfile,
  ListInstanceProfiles: listInstanceProfiles,
  AddRoleToInstanceProfile: addRoleToInstanceProfile,
  RemoveRoleFromInstanceProfile: removeRoleFromInstanceProfile,
  ListInstanceProfilesForRole: listInstanceProfilesForRole,
  TagInstanceProfile: tagInstanceProfile,
  UntagInstanceProfile: untagInstanceProfile,
  ListInstanceProfileTags: listInstanceProfileTags,
  CreateOpenIDConnectProvider: createOpenIDConnectProvider,
  GetOpenIDConnectProvider: getOpenIDConnectProvider,
  DeleteOpenIDConnectProvider: deleteOpenIDConnectProvider,
  ListOpenIDConnectProviders: listOpenIDConnectProviders,
  AddClientIDToOpenIDConnectProvider: addClientIDToOpenIDConnectProvider,
  RemoveClientIDFromOpenIDConnectProvider: removeClientIDFromOpenIDConnectProvider,
  UpdateOpenIDConnectProviderThumbprint: updateOpenIDConnectProviderThumbprint,
  TagOpenIDConnectProvider: tagOpenIDConnectProvider,
  UntagOpenIDConnectProvider: untagOpenIDConnectProvider,
  ListOpenIDConnectProviderTags: listOpenIDConnectProviderTags,
};

export const stsOperations: OperationTable<StsOperations> = {
  GetCallerIdentity: getCallerIdentity,
  GetSessionToken: getSessionToken,
  AssumeRole: assumeRole,
  AssumeRoleWithWebIdentity: assumeRoleWithWebIdentity,
  GetFederationToken: getFederationToken,
  GetAccessKeyInfo: getAccessKeyInfo,
  DecodeAuthorizationMessage: decodeAuthorizationMessage,
};

/** CloudTrail over the JSON 1.1 protocol: the event history. */
export const cloudtrailOperations: Record<string, AnyOperationSpec<never, unknown>> = {
  LookupEvents: lookupEvents,
};

export type ServiceName = 'iam' | 'sts' | 'cloudtrail';

const tables = { iam: iamOperations, sts: stsOperations, cloudtrail: cloudtrailOperations };

/** Untyped view for the dispatcher, which only knows names at run time. */
export function findOperation(service: ServiceName, name: string): AnyOperationSpec<unknown, unknown> | undefined {
  const table = tables[service] as Record<string, AnyOperationSpec<unknown, unknown> | undefined>;
  return Object.hasOwn(table, name) ? table[name] : undefined;
}

/** The operation served without a signature under this name, if there is one (STS only). */
export function findAnonymousOperation(name: string): { service: 'sts'; spec: AnonymousOperationSpec<unknown, unknown> } | undefined {
  const spec = findOperation('sts', name);
  return spec?.anonymous ? { service: 'sts', spec } : undefined;
}
