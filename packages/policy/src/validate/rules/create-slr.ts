// General warnings – Create SLR with star in resource, with star in action and resource, with
// NotResource, with star in action and NotResource, with NotAction and NotResource, and with
// star in resource and NotAction: iam:CreateServiceLinkedRole on every role can create
// service-linked roles for services nobody meant to enable.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/using-service-linked-roles.html#service-linked-role-permissions
// https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html#access-analyzer-reference-policy-checks-general-warning-create-slr-with-star-in-resource

import { awsCheck, finding, type Finding, type Target } from '../finding.js';
import { grantOfAction, grantOfResources, hasConditionKey } from '../sensitive-action.js';
import type { Rule } from './rule.js';

const STAR_IN_RESOURCE = awsCheck('WARNING', 'CREATE_SLR_WITH_STAR_IN_RESOURCE');
const STAR_IN_ACTION_AND_RESOURCE = awsCheck('WARNING', 'CREATE_SLR_WITH_STAR_IN_ACTION_AND_RESOURCE');
const NOT_RESOURCE = awsCheck('WARNING', 'CREATE_SLR_WITH_NOT_RESOURCE');
const STAR_IN_ACTION_AND_NOT_RESOURCE = awsCheck('WARNING', 'CREATE_SLR_WITH_STAR_IN_ACTION_AND_NOT_RESOURCE');
const NOT_ACTION_AND_NOT_RESOURCE = awsCheck('WARNING', 'CREATE_SLR_WITH_NOT_ACTION_AND_NOT_RESOURCE');
const STAR_IN_RESOURCE_AND_NOT_ACTION = awsCheck('WARNING', 'CREATE_SLR_WITH_STAR_IN_RESOURCE_AND_NOT_ACTION');

const FIX = 'We recommend that you specify resource ARNs instead.';

export const createSlr: Rule = {
  id: 'create-slr',
  checks: [STAR_IN_RESOURCE, STAR_IN_ACTION_AND_RESOURCE, NOT_RESOURCE, STAR_IN_ACTION_AND_NOT_RESOURCE, NOT_ACTION_AND_NOT_RESOURCE, STAR_IN_RESOURCE_AND_NOT_ACTION],
  run({ policy }) {
    const out: Finding[] = [];
    for (const st of policy.statements) {
      const action = grantOfAction(st, 'iam:CreateServiceLinkedRole');
      if (!action) continue;
      // iam:AWSServiceName limits which services' roles can be created.
      if (hasConditionKey(st, 'iam:AWSServiceName')) continue;
      const resource = grantOfResources(st, ['role/', 'role/aws-service-role/']);
      if (!resource) continue;
      const a: Target = action.how === 'not-action' ? action.target : action.item.node;
      const r: Target = resource.how === 'not-resource' ? resource.target : resource.item.node;
      if (resource.how === 'star') {
        if (action.how === 'named') {
          out.push(finding(STAR_IN_RESOURCE, `Using the iam:CreateServiceLinkedRole action with wildcards (*) in the resource can allow creation of unintended service-linked roles. ${FIX}`, r, a));
        } else if (action.how === 'wildcard') {
          out.push(finding(STAR_IN_ACTION_AND_RESOURCE, `Using wildcards (*) in the action (${action.item.value}) and the resource can allow creation of unintended service-linked roles because it allows iam:CreateServiceLinkedRole permissions on all resources. ${FIX}`, r, a));
        } else {
          out.push(finding(STAR_IN_RESOURCE_AND_NOT_ACTION, `Using a resource with wildcards (*) and NotAction can allow creation of unintended service-linked roles because it allows iam:CreateServiceLinkedRole permissions on all resources. ${FIX}`, r, a));
        }
      } else if (action.how === 'named') {
        out.push(finding(NOT_RESOURCE, `Using the iam:CreateServiceLinkedRole action with NotResource can allow creation of unintended service-linked roles for multiple resources. ${FIX}`, r, a));
      } else if (action.how === 'wildcard') {
        out.push(finding(STAR_IN_ACTION_AND_NOT_RESOURCE, `Using an action with a wildcard (*) and NotResource can allow creation of unintended service-linked roles because it can allow iam:CreateServiceLinkedRole permissions on multiple resources. ${FIX}`, r, a));
      } else {
        out.push(finding(NOT_ACTION_AND_NOT_RESOURCE, `Using NotAction with NotResource can allow creation of unintended service-linked roles because it allows iam:CreateServiceLinkedRole permissions on multiple resources. ${FIX}`, r, a));
      }
    }
    return out;
  },
};
