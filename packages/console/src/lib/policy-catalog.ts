import { ListPoliciesCommand, type Policy } from '@aws-sdk/client-iam';
import { iam } from '../api/aws';
import { fetchAll } from './paged-list';

/**
 * Every managed policy the account can attach (its own and AWS's, well over a thousand), read
 * once per visit for the pickers and kept until a policy is created or deleted here.
 */
let catalog: Promise<Policy[]> | undefined;

export function allPolicies(): Promise<Policy[]> {
  catalog ??= fetchAll(async (Marker, MaxItems) => {
    const page = await iam().send(new ListPoliciesCommand({ Scope: 'All', Marker, MaxItems }));
    return { items: page.Policies ?? [], marker: page.IsTruncated ? page.Marker : undefined };
  }).catch((e: unknown) => {
    catalog = undefined;
    throw e;
  });
  return catalog;
}

export function forgetPolicies(): void {
  catalog = undefined;
}

/** AWS's job function policies live under this path. https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_job-functions.html */
export const JOB_FUNCTION_PATH = '/job-function/';

export type PolicyKind = 'AWS managed' | 'AWS managed – job function' | 'Customer managed';

export function policyKind(policy: Policy): PolicyKind {
  if (!policy.Arn?.startsWith('arn:aws:iam::aws:')) return 'Customer managed';
  return policy.Path === JOB_FUNCTION_PATH ? 'AWS managed – job function' : 'AWS managed';
}
