import {
  AttachGroupPolicyCommand,
  AttachRolePolicyCommand,
  AttachUserPolicyCommand,
  DeleteGroupPolicyCommand,
  DeleteRolePolicyCommand,
  DeleteUserPolicyCommand,
  DetachGroupPolicyCommand,
  DetachRolePolicyCommand,
  DetachUserPolicyCommand,
  GetGroupPolicyCommand,
  GetPolicyCommand,
  GetPolicyVersionCommand,
  GetRolePolicyCommand,
  GetUserPolicyCommand,
  ListAttachedGroupPoliciesCommand,
  ListAttachedRolePoliciesCommand,
  ListAttachedUserPoliciesCommand,
  ListGroupPoliciesCommand,
  ListRolePoliciesCommand,
  ListUserPoliciesCommand,
  PutGroupPolicyCommand,
  PutRolePolicyCommand,
  PutUserPolicyCommand,
  type AttachedPolicy,
} from '@aws-sdk/client-iam';
import { iam } from '../api/aws';
import { fetchAll } from './paged-list';
import { decodePolicyDocument } from './policy-document';

export type EntityKind = 'user' | 'group' | 'role';

/**
 * The policy calls of users, groups and roles, which IAM names per kind (AttachUserPolicy,
 * AttachGroupPolicy, AttachRolePolicy, …), behind one interface for the pages that show them.
 */
export interface EntityPolicies {
  listAttached(): Promise<AttachedPolicy[]>;
  attach(arn: string): Promise<unknown>;
  detach(arn: string): Promise<unknown>;
  listInline(): Promise<string[]>;
  getInline(name: string): Promise<string>;
  putInline(name: string, document: string): Promise<unknown>;
  deleteInline(name: string): Promise<unknown>;
}

const page = <T,>(items: T[] | undefined, truncated: boolean | undefined, marker: string | undefined) => ({ items: items ?? [], marker: truncated ? marker : undefined });

export function entityPolicies(kind: EntityKind, name: string): EntityPolicies {
  const c = iam();
  switch (kind) {
    case 'user':
      return {
        listAttached: () => fetchAll(async (Marker, MaxItems) => { const r = await c.send(new ListAttachedUserPoliciesCommand({ UserName: name, Marker, MaxItems })); return page(r.AttachedPolicies, r.IsTruncated, r.Marker); }),
        attach: (PolicyArn) => c.send(new AttachUserPolicyCommand({ UserName: name, PolicyArn })),
        detach: (PolicyArn) => c.send(new DetachUserPolicyCommand({ UserName: name, PolicyArn })),
        listInline: () => fetchAll(async (Marker, MaxItems) => { const r = await c.send(new ListUserPoliciesCommand({ UserName: name, Marker, MaxItems })); return page(r.PolicyNames, r.IsTruncated, r.Marker); }),
        getInline: async (PolicyName) => decodePolicyDocument((await c.send(new GetUserPolicyCommand({ UserName: name, PolicyName }))).PolicyDocument),
        putInline: (PolicyName, PolicyDocument) => c.send(new PutUserPolicyCommand({ UserName: name, PolicyName, PolicyDocument })),
        deleteInline: (PolicyName) => c.send(new DeleteUserPolicyCommand({ UserName: name, PolicyName })),
      };
    case 'group':
      return {
        listAttached: () => fetchAll(async (Marker, MaxItems) => { const r = await c.send(new ListAttachedGroupPoliciesCommand({ GroupName: name, Marker, MaxItems })); return page(r.AttachedPolicies, r.IsTruncated, r.Marker); }),
        attach: (PolicyArn) => c.send(new AttachGroupPolicyCommand({ GroupName: name, PolicyArn })),
        detach: (PolicyArn) => c.send(new DetachGroupPolicyCommand({ GroupName: name, PolicyArn })),
        listInline: () => fetchAll(async (Marker, MaxItems) => { const r = await c.send(new ListGroupPoliciesCommand({ GroupName: name, Marker, MaxItems })); return page(r.PolicyNames, r.IsTruncated, r.Marker); }),
        getInline: async (PolicyName) => decodePolicyDocument((await c.send(new GetGroupPolicyCommand({ GroupName: name, PolicyName }))).PolicyDocument),
        putInline: (PolicyName, PolicyDocument) => c.send(new PutGroupPolicyCommand({ GroupName: name, PolicyName, PolicyDocument })),
        deleteInline: (PolicyName) => c.send(new DeleteGroupPolicyCommand({ GroupName: name, PolicyName })),
      };
    case 'role':
      return {
        listAttached: () => fetchAll(async (Marker, MaxItems) => { const r = await c.send(new ListAttachedRolePoliciesCommand({ RoleName: name, Marker, MaxItems })); return page(r.AttachedPolicies, r.IsTruncated, r.Marker); }),
        attach: (PolicyArn) => c.send(new AttachRolePolicyCommand({ RoleName: name, PolicyArn })),
        detach: (PolicyArn) => c.send(new DetachRolePolicyCommand({ RoleName: name, PolicyArn })),
        listInline: () => fetchAll(async (Marker, MaxItems) => { const r = await c.send(new ListRolePoliciesCommand({ RoleName: name, Marker, MaxItems })); return page(r.PolicyNames, r.IsTruncated, r.Marker); }),
        getInline: async (PolicyName) => decodePolicyDocument((await c.send(new GetRolePolicyCommand({ RoleName: name, PolicyName }))).PolicyDocument),
        putInline: (PolicyName, PolicyDocument) => c.send(new PutRolePolicyCommand({ RoleName: name, PolicyName, PolicyDocument })),
        deleteInline: (PolicyName) => c.send(new DeleteRolePolicyCommand({ RoleName: name, PolicyName })),
      };
  }
}

/** The default version's document of a managed policy. */
export async function managedPolicyDocument(arn: string): Promise<string> {
  const policy = (await iam().send(new GetPolicyCommand({ PolicyArn: arn }))).Policy;
  const version = await iam().send(new GetPolicyVersionCommand({ PolicyArn: arn, VersionId: policy?.DefaultVersionId }));
  return decodePolicyDocument(version.PolicyVersion?.Document);
}
