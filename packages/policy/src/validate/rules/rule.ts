// What every rule is: a named check over the policy view that returns findings. One rule
// per file, each with its own tests, in the manner of Cedar's linter
// (cedar-policy-core/src/linter/policy/*.rs).

import type { PolicyView, StatementView, StringItem } from '../document.js';
import type { CheckDefinition, Finding, ValidatePolicyOptions } from '../finding.js';

export interface RuleContext {
  policy: PolicyView;
  options: ValidatePolicyOptions;
}

export interface Rule {
  /** A short kebab-case name, the rule's file name. */
  id: string;
  /** The checks (issue codes) the rule can report. */
  checks: readonly CheckDefinition[];
  run(ctx: RuleContext): Finding[];
}

/** Policies that IAM itself stores (identity policies and role trust policies) follow IAM's stricter grammar. */
export function isRoleTrustPolicy(options: ValidatePolicyOptions): boolean {
  return options.policyType === 'RESOURCE_POLICY' && options.resourceType === 'AWS::IAM::AssumeRolePolicyDocument';
}

export function isIamStoredPolicy(options: ValidatePolicyOptions): boolean {
  return options.policyType === 'IDENTITY_POLICY' || isRoleTrustPolicy(options);
}

/** Every Action and NotAction entry of a statement. */
export function actionItems(st: StatementView): StringItem[] {
  return [...(st.action?.items ?? []), ...(st.notAction?.items ?? [])];
}

/** Every Resource and NotResource entry of a statement. */
export function resourceItems(st: StatementView): StringItem[] {
  return [...(st.resource?.items ?? []), ...(st.notResource?.items ?? [])];
}
