import { AwsError } from '../../protocol/errors.js';
import { checkPolicyDocument, policySize } from '../policies/document.js';

/**
 * A role trust policy (AssumeRolePolicyDocument): a resource-style policy that must name a
 * Principal and no Resource, refused with the parser's MalformedPolicyDocument wording; at
 * most 2,048 characters not counting white space (quota ACLSizePerRole, raisable at AWS to
 * 4,096, fixed here).
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html
 */
export const TRUST_POLICY_SIZE = 2048;

export function checkTrustPolicy(text: string): string {
  const document = checkPolicyDocument(text, 'trust');
  if (policySize(document) > TRUST_POLICY_SIZE) throw new AwsError('LimitExceeded', `Cannot exceed quota for ACLSizePerRole: ${TRUST_POLICY_SIZE}`);
  return document;
}
