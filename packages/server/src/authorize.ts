import { accessDeniedMessage } from '@gatehouse/policy';
import { decide, type Question } from './authz/decide.js';
import type { PolicyCache } from './authz/policy-cache.js';
import type { OperationSpec } from './operation.js';
import { AwsError } from './protocol/errors.js';
import type { Tx } from './storage/database.js';
import { findPasswordPolicy } from './storage/repositories/accounts.js';

/**
 * Every operation is decided by the policy engine with the caller's policies. Two exceptions
 * are AWS's own: sts:GetCallerIdentity needs no permission, and when the account's password
 * policy lets users change their own password, an IAM user may call ChangePassword for
 * themselves without any policy granting it.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_passwords_enable-user-change.html
 */
export async function authorize(tx: Tx, cache: PolicyCache, spec: OperationSpec<unknown, unknown>, question: Omit<Question, 'action'>): Promise<void> {
  if (spec.authorization === 'any') return;
  const { decision } = await decide(tx, cache, { ...question, action: spec.action });
  if (decision.decision === 'allowed') return;
  if (spec.authorization === 'self' && decision.decision === 'implicitDeny') {
    const policy = await findPasswordPolicy(tx, question.principal.accountId);
    if (policy?.allow_users_to_change_password === 1) return;
  }
  throw new AwsError('AccessDenied', accessDeniedMessage(question.principal.arn, spec.action, question.target.resource, decision));
}
