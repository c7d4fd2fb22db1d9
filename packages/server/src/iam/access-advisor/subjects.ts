import type { CompiledPolicy } from '@gatehouse/policy';
import { inlineAndAttached } from '../../authz/identity-policies.js';
import type { PolicyCache } from '../../authz/policy-cache.js';
import type { AuthorizationTarget, TargetLookup } from '../../operation.js';
import { entityArn } from '../../principal.js';
import { AwsError } from '../../protocol/errors.js';
import type { Tx } from '../../storage/database.js';
import { findGroup, listGroupMembers, listGroupsForUser } from '../../storage/repositories/groups.js';
import { findRole } from '../../storage/repositories/roles.js';
import { findUser } from '../../storage/repositories/users.js';
import type { policyOwnerEntityType } from '../../protocol/generated/iam.js';
import { findVisiblePolicy, notFound } from '../policies/policy-shape.js';
import { groupTarget, policyTarget, roleTarget, userTarget } from '../targets.js';

/**
 * What the Access Advisor operations are asked about: an IAM user, group or role, or a
 * managed policy, named by ARN; its permissions policies and the users and roles whose
 * attempts count for it.
 */

export type SubjectKind = 'user' | 'group' | 'role' | 'policy';

export interface IamArn {
  kind: SubjectKind;
  /** 12 digits, or "aws" for an AWS managed policy */
  account: string;
  path: string;
  name: string;
}

// arn:aws:iam::123456789012:user/path/name; the path is / or /a/b/ (IAM's pathType).
const IAM_ARN = /^arn:aws:iam::(\d{12}|aws):(user|group|role|policy)(\/(?:[\u0021-\u007E]*\/)?)([\w+=,.@-]{1,128})$/;

export function parseIamArn(arn: string): IamArn | undefined {
  const match = IAM_ARN.exec(arn);
  if (!match) return undefined;
  const [, account, kind, path, name] = match as unknown as [string, string, SubjectKind, string, string];
  if (account === 'aws' && kind !== 'policy') return undefined;
  return { kind, account, path, name };
}

/** InvalidInput in IAM's words for an ARN that names no IAM entity of the kinds accepted. */
export function invalidArn(arn: string, accepted: string): AwsError {
  return new AwsError('InvalidInput', `ARN ${arn} is not valid. Pass the ARN of ${accepted}, e.g. arn:aws:iam::123456789012:user/Name.`);
}

/**
 * What an operation on the entity is authorized against: its ARN with its real path and tags
 * (the Service Authorization Reference lists user, group, role and policy resources for
 * GenerateServiceLastAccessedDetails, and user, group and role for
 * ListPoliciesGrantingServiceAccess). An ARN that names nothing is authorized as given; the
 * handler then says what is wrong with it.
 */
export async function subjectTarget(at: TargetLookup, arn: string): Promise<AuthorizationTarget> {
  const parsed = parseIamArn(arn);
  if (!parsed || (parsed.account !== at.accountId && parsed.account !== 'aws')) return { resource: arn };
  switch (parsed.kind) {
    case 'user':
      return userTarget(at, parsed.name);
    case 'group':
      return groupTarget(at, parsed.name);
    case 'role':
      return roleTarget(at, parsed.name);
    case 'policy':
      return policyTarget(at, arn);
  }
}

/** A user or role whose attempts a report counts. */
export interface ReportEntity {
  id: string;
  arn: string;
  name: string;
  path: string;
  type: 'USER' | 'ROLE';
}

/** A permissions policy, named as ListPoliciesGrantingServiceAccess names it. */
export interface OwnedPolicy {
  type: 'INLINE' | 'MANAGED';
  name: string;
  /** MANAGED only */
  arn?: string;
  /** INLINE only: what it is embedded in */
  owner?: { type: policyOwnerEntityType; name: string };
  document: string;
}

export interface Subject {
  kind: SubjectKind;
  /** the entity's ARN, with its real path */
  arn: string;
  policies: OwnedPolicy[];
  entities: ReportEntity[];
}

interface Owner {
  id: string;
  type: policyOwnerEntityType;
  name: string;
}

/**
 * Resolves an ARN of the caller's account (or an AWS managed policy) to its subject.
 * Names compare without regard to case, paths exactly, as for every IAM ARN.
 */
export async function resolveSubject(tx: Tx, accountId: string, arn: string, parsed: IamArn): Promise<Subject> {
  if (parsed.kind === 'policy') return policySubject(tx, accountId, arn);
  const { kind, name } = parsed;
  // IAM's wording, e.g. "The user with name bob cannot be found."
  const missing = () => new AwsError('NoSuchEntity', `The ${kind} with name ${name} cannot be found.`);
  if (parsed.account !== accountId) throw missing();
  if (parsed.kind === 'user') {
    const user = await findUser(tx, accountId, parsed.name);
    if (!user || user.path !== parsed.path) throw missing();
    const groups = await listGroupsForUser(tx, user.id);
    const owners: Owner[] = [{ id: user.id, type: 'USER', name: user.name }, ...groups.map((g): Owner => ({ id: g.id, type: 'GROUP', name: g.name }))];
    const self: ReportEntity = { id: user.id, arn: entityArn(accountId, 'user', user.path, user.name), name: user.name, path: user.path, type: 'USER' };
    return { kind: 'user', arn: self.arn, policies: await policiesOf(tx, owners), entities: [self] };
  }
  if (parsed.kind === 'group') {
    const group = await findGroup(tx, accountId, parsed.name);
    if (!group || group.path !== parsed.path) throw missing();
    const members = await listGroupMembers(tx, group.id);
    return {
      kind: 'group',
      arn: entityArn(accountId, 'group', group.path, group.name),
      policies: await policiesOf(tx, [{ id: group.id, type: 'GROUP', name: group.name }]),
      entities: members.map((u): ReportEntity => ({ id: u.id, arn: entityArn(accountId, 'user', u.path, u.name), name: u.name, path: u.path, type: 'USER' })),
    };
  }
  const role = await findRole(tx, accountId, parsed.name);
  if (!role || role.path !== parsed.path) throw missing();
  const self: ReportEntity = { id: role.id, arn: entityArn(accountId, 'role', role.path, role.name), name: role.name, path: role.path, type: 'ROLE' };
  return { kind: 'role', arn: self.arn, policies: await policiesOf(tx, [{ id: role.id, type: 'ROLE', name: role.name }]), entities: [self] };
}

/**
 * A managed policy: its default version, and the users and roles that could use it, those it
 * is attached to and the members of the groups it is attached to (in this account: an AWS
 * managed policy is reported for the caller's account only).
 */
async function policySubject(tx: Tx, accountId: string, arn: string): Promise<Subject> {
  const policy = await findVisiblePolicy(tx, accountId, arn);
  if (!policy) throw notFound(arn);
  const version = await tx.selectFrom('policy_versions').select('document').where('policy_id', '=', policy.id).where('version_id', '=', policy.default_version_id).executeTakeFirstOrThrow();
  const attached = await tx.selectFrom('policy_attachments').select(['principal_type', 'principal_id']).where('account_id', '=', accountId).where('policy_arn', '=', arn).execute();
  const ids = (type: string) => attached.filter((a) => a.principal_type === type).map((a) => a.principal_id);
  const groupIds = ids('group');
  const members = groupIds.length === 0 ? [] : await tx.selectFrom('group_members').select('user_id').where('group_id', 'in', groupIds).execute();
  const userIds = [...new Set([...ids('user'), ...members.map((m) => m.user_id)])];
  const users = userIds.length === 0 ? [] : await tx.selectFrom('users').selectAll().where('id', 'in', userIds).execute();
  const roles = ids('role').length === 0 ? [] : await tx.selectFrom('roles').selectAll().where('id', 'in', ids('role')).execute();
  return {
    kind: 'policy',
    arn: policy.arn,
    policies: [{ type: 'MANAGED', name: policy.name, arn: policy.arn, document: version.document }],
    entities: [
      ...users.map((u): ReportEntity => ({ id: u.id, arn: entityArn(accountId, 'user', u.path, u.name), name: u.name, path: u.path, type: 'USER' })),
      ...roles.map((r): ReportEntity => ({ id: r.id, arn: entityArn(accountId, 'role', r.path, r.name), name: r.name, path: r.path, type: 'ROLE' })),
    ],
  };
}

/**
 * The inline and attached managed policies of some identities (a user and its groups), inline
 * ones named by what they are embedded in; a managed policy attached to several appears once.
 */
async function policiesOf(tx: Tx, owners: readonly Owner[]): Promise<OwnedPolicy[]> {
  const byId = new Map(owners.map((o) => [o.id, o]));
  const { inline, managed } = await inlineAndAttached(tx, [...byId.keys()]);
  const order = (o: Owner | undefined) => owners.indexOf(o!);
  const inlinePolicies = inline
    .map((p) => ({ p, owner: byId.get(p.principal_id)! }))
    .sort((a, b) => order(a.owner) - order(b.owner) || (a.p.name < b.p.name ? -1 : a.p.name > b.p.name ? 1 : 0))
    .map(({ p, owner }): OwnedPolicy => ({ type: 'INLINE', name: p.name, owner: { type: owner.type, name: owner.name }, document: p.document }));
  const managedPolicies = [...new Map(managed.map((p) => [p.arn, p])).values()]
    .sort((a, b) => (a.arn < b.arn ? -1 : a.arn > b.arn ? 1 : 0))
    .map((p): OwnedPolicy => ({ type: 'MANAGED', name: p.name, arn: p.arn, document: p.document }));
  return [...managedPolicies, ...inlinePolicies];
}

/** The policy compiled by the engine, once per document (the cache enforcement uses). */
export function compiled(cache: PolicyCache, policy: OwnedPolicy): CompiledPolicy {
  const id = policy.arn ?? `inline:${policy.owner!.type.toLowerCase()}/${policy.owner!.name}/${policy.name}`;
  return cache.get(policy.document, 'identity', { type: 'identity', id, name: policy.name });
}
