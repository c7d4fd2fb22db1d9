import { accessDeniedMessage } from '@gatehouse/policy';
import { recordAccess } from './audit/access-advisor.js';
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
export async function authorize(
  tx: Tx,
  cache: PolicyCache,
  spec: Pick<OperationSpec<unknown, unknown>, 'action' | 'authorization'>,
  question: Omit<Question, 'action'>,
  noteAttempt?: (action: string) => void,
): Promise<void> {
  // Last accessed information counts every authenticated attempt, allowed or not
  // (https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_last-accessed.html).
  // Recorded here, in the request's transaction, it is kept when the call succeeds; a refused
  // or failed call rolls it back with everything else, and the endpoint records the attempt
  // again with the call's event (http/api-endpoint.ts). A call that changes nothing passes
  // noteAttempt instead, and the attempt is written with its record in a batch.
  const allowed = async () => {
    if (noteAttempt) noteAttempt(spec.action);
    else await recordAccess(tx, question.principal, spec.action, question.facts.now, question.facts.region);
  };
  if (spec.authorization === 'any-caller' || spec.authorization === 'trust-policy') return allowed();
  refuseSessionTokenLimits(spec.action, question);
  const { decision } = await decide(tx, cache, { ...question, action: spec.action });
  if (decision.decision === 'allowed') return allowed();
  if (spec.authorization === 'policy-or-own-password' && decision.decision === 'implicitDeny') {
    const policy = await findPasswordPolicy(tx, question.principal.accountId);
    if (policy?.allow_users_to_change_password === 1) return allowed();
  }
  throw new AwsError('AccessDenied', accessDeniedMessage(question.principal.arn, spec.action, question.target.resource, decision));
}

/**
 * Credentials from GetSessionToken cannot call IAM without MFA, and can call no STS action but
 * AssumeRole and GetCallerIdentity.
 * https://docs.aws.amazon.com/STS/latest/APIReference/API_GetSessionToken.html
 */
function refuseSessionTokenLimits(action: string, question: Omit<Question, 'action'>): void {
  const session = question.principal.session;
  if (session?.kind !== 'session' && session?.kind !== 'federated') return;
  const service = action.slice(0, action.indexOf(':')).toLowerCase();
  // GetFederationToken credentials call no IAM action at all, and no STS action but
  // GetCallerIdentity. https://docs.aws.amazon.com/STS/latest/APIReference/API_GetFederationToken.html
  const refused =
    session.kind === 'federated'
      ? service === 'iam' || (service === 'sts' && action !== 'sts:GetCallerIdentity')
      : (service === 'iam' && session.mfaAuthenticatedAt === undefined) || (service === 'sts' && action !== 'sts:AssumeRole' && action !== 'sts:GetCallerIdentity');
  if (refused) {
    const why =
      session.kind === 'federated'
        ? 'federated user credentials cannot call IAM or STS'
        : service === 'iam'
          ? 'IAM calls with session credentials need MFA authentication in GetSessionToken'
          : 'session credentials cannot call this STS action';
    throw new AwsError('AccessDenied', `User: ${question.principal.arn} is not authorized to perform: ${action} on resource: ${question.target.resource} because ${why}`);
  }
}
