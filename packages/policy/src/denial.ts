/**
 * AWS's words for a denial, as they appear at the end of an AccessDenied message:
 * "User: arn:aws:iam::123456789012:user/bob is not authorized to perform: iam:CreateUser on
 * resource: arn:aws:iam::123456789012:user/alice because no identity-based policy allows the
 * iam:CreateUser action".
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_access-denied.html
 */
import type { Decision, PolicyType } from './evaluate.js';

const NAMES: Record<PolicyType, { readonly a: string; readonly no: string }> = {
  identity: { a: 'an identity-based policy', no: 'no identity-based policy' },
  resource: { a: 'a resource-based policy', no: 'no resource-based policy' },
  scp: { a: 'a service control policy', no: 'no service control policy' },
  boundary: { a: 'a permissions boundary', no: 'no permissions boundary' },
  session: { a: 'a session policy', no: 'no session policy' },
};

/** "because no permissions boundary allows the iam:CreateUser action", "with an explicit deny in a service control policy"; undefined when allowed. */
export function denialReason(decision: Pick<Decision, 'denial'>, action: string): string | undefined {
  const denial = decision.denial;
  if (!denial) return undefined;
  const names = NAMES[denial.policyType];
  return denial.reason === 'explicit' ? `with an explicit deny in ${names.a}` : `because ${names.no} allows the ${action} action`;
}

/** The whole AccessDenied message in AWS's form. */
export function accessDeniedMessage(principalArn: string, action: string, resource: string, decision: Pick<Decision, 'denial'>): string {
  const reason = denialReason(decision, action);
  return `User: ${principalArn} is not authorized to perform: ${action} on resource: ${resource}${reason ? ` ${reason}` : ''}`;
}
