// Security warnings – Pass role with star in resource, with star in action and resource,
// with NotResource, with star in action and NotResource, with NotAction and NotResource, and
// with star in resource and NotAction. Allowing iam:PassRole on every role lets the principal
// hand any role, an administrator's included, to a service that then acts with it.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_passrole.html
// https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html#access-analyzer-reference-policy-checks-security-warning-pass-role-with-star-in-resource

import { awsCheck, finding, type Finding, type Target } from '../finding.js';
import { grantOfAction, grantOfResources, hasConditionKey } from '../sensitive-action.js';
import type { Rule } from './rule.js';

const STAR_IN_RESOURCE = awsCheck('SECURITY_WARNING', 'PASS_ROLE_WITH_STAR_IN_RESOURCE');
const STAR_IN_ACTION_AND_RESOURCE = awsCheck('SECURITY_WARNING', 'PASS_ROLE_WITH_STAR_IN_ACTION_AND_RESOURCE');
const NOT_RESOURCE = awsCheck('SECURITY_WARNING', 'PASS_ROLE_WITH_NOT_RESOURCE');
const STAR_IN_ACTION_AND_NOT_RESOURCE = awsCheck('SECURITY_WARNING', 'PASS_ROLE_WITH_STAR_IN_ACTION_AND_NOT_RESOURCE');
const NOT_ACTION_AND_NOT_RESOURCE = awsCheck('SECURITY_WARNING', 'PASS_ROLE_WITH_NOT_ACTION_AND_NOT_RESOURCE');
const STAR_IN_RESOURCE_AND_NOT_ACTION = awsCheck('SECURITY_WARNING', 'PASS_ROLE_WITH_STAR_IN_RESOURCE_AND_NOT_ACTION');

const FIX_STAR = 'We recommend that you specify resource ARNs or add the iam:PassedToService condition key to your statement.';
const FIX_NOT = 'We recommend that you specify resource ARNs instead.';

export const passRole: Rule = {
  id: 'pass-role',
  checks: [STAR_IN_RESOURCE, STAR_IN_ACTION_AND_RESOURCE, NOT_RESOURCE, STAR_IN_ACTION_AND_NOT_RESOURCE, NOT_ACTION_AND_NOT_RESOURCE, STAR_IN_RESOURCE_AND_NOT_ACTION],
  run({ policy }) {
    const out: Finding[] = [];
    for (const st of policy.statements) {
      const action = grantOfAction(st, 'iam:PassRole');
      if (!action) continue;
      // Limiting the services a role may be passed to is the remedy AWS names.
      if (hasConditionKey(st, 'iam:PassedToService')) continue;
      const resource = grantOfResources(st, ['role/']);
      if (!resource) continue;
      const a: Target = action.how === 'not-action' ? action.target : action.item.node;
      const r: Target = resource.how === 'not-resource' ? resource.target : resource.item.node;
      if (resource.how === 'star') {
        if (action.how === 'named') {
          out.push(finding(STAR_IN_RESOURCE, `Using the iam:PassRole action with wildcards (*) in the resource can be overly permissive because it allows iam:PassRole permissions on multiple resources. ${FIX_STAR}`, r, a));
        } else if (action.how === 'wildcard') {
          out.push(finding(STAR_IN_ACTION_AND_RESOURCE, `Using wildcards (*) in the action (${action.item.value}) and the resource can be overly permissive because it allows iam:PassRole permissions on all resources. ${FIX_STAR}`, r, a));
        } else {
          out.push(finding(STAR_IN_RESOURCE_AND_NOT_ACTION, `Using a resource with wildcards (*) and NotAction can be overly permissive because it allows iam:PassRole permissions on all resources. ${FIX_STAR}`, r, a));
        }
      } else if (action.how === 'named') {
        out.push(finding(NOT_RESOURCE, `Using the iam:PassRole action with NotResource can be overly permissive because it can allow iam:PassRole permissions on multiple resources. ${FIX_NOT}`, r, a));
      } else if (action.how === 'wildcard') {
        out.push(finding(STAR_IN_ACTION_AND_NOT_RESOURCE, `Using an action with a wildcard (*) and NotResource can be overly permissive because it can allow iam:PassRole permissions on multiple resources. ${FIX_NOT}`, r, a));
      } else {
        out.push(finding(NOT_ACTION_AND_NOT_RESOURCE, `Using NotAction with NotResource can be overly permissive because it can allow iam:PassRole permissions on multiple resources. ${FIX_NOT}`, r, a));
      }
    }
    return out;
  },
};
