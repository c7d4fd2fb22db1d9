import type { HandlerContext } from '../../operation.js';
import { AwsError } from '../../protocol/errors.js';
import type { Tx } from '../../storage/database.js';
import { findVisiblePolicy } from '../../storage/repositories/policies.js';
import type { Selectable } from 'kysely';
import type { PoliciesTable } from '../../storage/schema.js';

export type PolicyRow = Selectable<PoliciesTable>;
export { findVisiblePolicy };

export const AWS_POLICY_PREFIX = 'arn:aws:iam::aws:policy/';

export function isAwsManaged(policy: Pick<PolicyRow, 'account_id'>): boolean {
  return policy.account_id === null;
}

export function notFound(arn: string): AwsError {
  return new AwsError('NoSuchEntity', `Policy ${arn} does not exist or is not attachable.`);
}

export async function getVisiblePolicy(ctx: HandlerContext, arn: string, lock?: 'share'): Promise<PolicyRow> {
  const policy = await findVisiblePolicy(ctx.tx, ctx.accountId, arn, lock);
  if (!policy) throw notFound(arn);
  return policy;
}

/** Only customer managed policies change; AWS's are read-only to every account. */
export async function getOwnPolicy(ctx: HandlerContext, arn: string): Promise<PolicyRow> {
  const policy = await getVisiblePolicy(ctx, arn);
  if (isAwsManaged(policy)) throw new AwsError('AccessDenied', `Policy ${arn} is an AWS managed policy; AWS managed policies cannot be changed. Copy it into a customer managed policy to change it.`);
  return policy;
}

export interface PolicyUsage {
  attachments: number;
  boundaries: number;
}

/** Attachment and boundary counts for the caller's account (AWS managed policies are counted per account). */
export async function policyUsage(tx: Tx, accountId: string, arns?: readonly string[]): Promise<Map<string, PolicyUsage>> {
  let attached = tx
    .selectFrom('policy_attachments')
    .select(['policy_arn', (eb) => eb.fn.countAll<string | number>().as('n')])
    .where('account_id', '=', accountId)
    .groupBy('policy_arn');
  let bounded = tx
    .selectFrom('users')
    .select(['permissions_boundary_arn', (eb) => eb.fn.countAll<string | number>().as('n')])
    .where('account_id', '=', accountId)
    .where('permissions_boundary_arn', 'is not', null)
    .groupBy('permissions_boundary_arn');
  // A role's boundary counts in PermissionsBoundaryUsageCount as a user's does.
  let roleBounded = tx
    .selectFrom('roles')
    .select(['permissions_boundary_arn', (eb) => eb.fn.countAll<string | number>().as('n')])
    .where('account_id', '=', accountId)
    .where('permissions_boundary_arn', 'is not', null)
    .groupBy('permissions_boundary_arn');
  if (arns && arns.length > 0 && arns.length < 100) {
    attached = attached.where('policy_arn', 'in', arns);
    bounded = bounded.where('permissions_boundary_arn', 'in', arns);
    roleBounded = roleBounded.where('permissions_boundary_arn', 'in', arns);
  }
  const usage = new Map<string, PolicyUsage>();
  const entry = (arn: string) => {
    let u = usage.get(arn);
    if (!u) usage.set(arn, (u = { attachments: 0, boundaries: 0 }));
    return u;
  };
  for (const row of await attached.execute()) entry(row.policy_arn).attachments = Number(row.n);
  for (const row of await bounded.execute()) entry(row.permissions_boundary_arn!).boundaries = Number(row.n);
  for (const row of await roleBounded.execute()) entry(row.permissions_boundary_arn!).boundaries += Number(row.n);
  return usage;
}

export function policyShape(policy: PolicyRow, usage: PolicyUsage | undefined, options: { withDescription?: boolean } = {}) {
  return {
    PolicyName: policy.name,
    PolicyId: policy.id,
    Arn: policy.arn,
    Path: policy.path,
    DefaultVersionId: policy.default_version_id,
    AttachmentCount: usage?.attachments ?? 0,
    PermissionsBoundaryUsageCount: usage?.boundaries ?? 0,
    IsAttachable: true,
    ...(options.withDescription && policy.description ? { Description: policy.description } : {}),
    CreateDate: new Date(policy.created_at),
    UpdateDate: new Date(policy.updated_at),
  };
}

