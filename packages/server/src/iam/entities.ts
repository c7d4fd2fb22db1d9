import { AwsError } from '../protocol/errors.js';
import type { Tx } from '../storage/database.js';
import { findUser } from '../storage/repositories/users.js';
import { findGroup } from '../storage/repositories/groups.js';
import { findRole } from '../storage/repositories/roles.js';
import { findInstanceProfile } from '../storage/repositories/instance-profiles.js';
import { findOidcProvider } from '../storage/repositories/oidc-providers.js';
import type { Group, InstanceProfile, OidcProvider, Role, User } from '../storage/schema.js';

// The entity a request names, or IAM's NoSuchEntity in IAM's words. Repositories answer
// undefined for a missing row; what that means to a client is decided here.

export async function getUser(tx: Tx, accountId: string, name: string, lock = false): Promise<User> {
  const user = await findUser(tx, accountId, name, lock);
  if (!user) throw new AwsError('NoSuchEntity', `The user with name ${name} cannot be found.`);
  return user;
}

export async function getGroup(tx: Tx, accountId: string, name: string, lock = false): Promise<Group> {
  const group = await findGroup(tx, accountId, name, lock);
  if (!group) throw new AwsError('NoSuchEntity', `The group with name ${name} cannot be found.`);
  return group;
}

export async function getRole(tx: Tx, accountId: string, name: string, lock = false): Promise<Role> {
  const role = await findRole(tx, accountId, name, lock);
  if (!role) throw new AwsError('NoSuchEntity', `The role with name ${name} cannot be found.`);
  return role;
}

export async function getInstanceProfile(tx: Tx, accountId: string, name: string, lock = false): Promise<InstanceProfile> {
  const profile = await findInstanceProfile(tx, accountId, name, lock);
  if (!profile) throw new AwsError('NoSuchEntity', `Instance Profile ${name} cannot be found.`);
  return profile;
}

/** The provider an ARN of this account names; NoSuchEntity in IAM's words when there is none. */
export async function getOidcProviderByArn(tx: Tx, accountId: string, arn: string): Promise<OidcProvider> {
  const prefix = `arn:aws:iam::${accountId}:oidc-provider/`;
  const provider = arn.startsWith(prefix) ? await findOidcProvider(tx, accountId, arn.slice(prefix.length)) : undefined;
  if (!provider) throw new AwsError('NoSuchEntity', `OpenIDConnect Provider not found for arn ${arn}`);
  return provider;
}
