// Shared helpers for the validator's tests.

import type { Finding, ValidatePolicyOptions } from '../../src/validate/index.js';
import { validatePolicyStrict } from '../../src/validate/validate-policy.js';

export const IDENTITY: ValidatePolicyOptions = { policyType: 'IDENTITY_POLICY' };
export const RESOURCE: ValidatePolicyOptions = { policyType: 'RESOURCE_POLICY' };
export const SCP: ValidatePolicyOptions = { policyType: 'SERVICE_CONTROL_POLICY' };

/** A 2012-10-17 policy with these statements, pretty-printed as a user would write it. */
export function policy(...statements: object[]): string {
  return JSON.stringify({ Version: '2012-10-17', Statement: statements }, null, 2);
}

/** Validates (a rule that throws fails the test) and returns every finding. */
export function validate(doc: string | object, options: ValidatePolicyOptions = IDENTITY): Finding[] {
  const text = typeof doc === 'string' ? doc : JSON.stringify(doc, null, 2);
  return validatePolicyStrict(text, options);
}

/** The findings with this issue code. */
export function findings(doc: string | object, code: string, options: ValidatePolicyOptions = IDENTITY): Finding[] {
  return validate(doc, options).filter((f) => f.issueCode === code);
}

/** The text each finding's first location spans, for asserting where it points. */
export function spanned(text: string, f: Finding): string {
  const loc = f.locations[0];
  if (!loc) return '';
  return text.slice(loc.span.start.offset, loc.span.end.offset);
}
