// validatePolicy: IAM Access Analyzer's ValidatePolicy, run locally
// (https://docs.aws.amazon.com/access-analyzer/latest/APIReference/API_ValidatePolicy.html).
// The policy text is parsed once with positions, read into a view of its elements, and every
// rule looks at the view. It never throws: whatever the text, the answer is a list of findings.

import { buildPolicyView } from './document.js';
import { compareFindings, type Finding, type ValidatePolicyOptions } from './finding.js';
import { parseJsonWithPositions } from './json-with-positions.js';
import { RULES } from './rules/index.js';
import { jsonSyntaxErrorFinding } from './rules/json-syntax-error.js';

export function validatePolicy(text: string, options: ValidatePolicyOptions): Finding[] {
  return run(text, options, false);
}

/** For tests: as validatePolicy, but a rule that throws is not skipped. */
export function validatePolicyStrict(text: string, options: ValidatePolicyOptions): Finding[] {
  return run(text, options, true);
}

function run(text: string, options: ValidatePolicyOptions, strict: boolean): Finding[] {
  const parsed = parseJsonWithPositions(text);
  if (!parsed.ok) return [jsonSyntaxErrorFinding(parsed.error)];
  const policy = buildPolicyView(text, parsed.value, parsed.whitespace);
  const ctx = { policy, options };
  const findings: Finding[] = [];
  for (const rule of RULES) {
    try {
      findings.push(...rule.run(ctx));
    } catch (e) {
      // A fault in one rule must not cost the user the others' findings, nor the console
      // its editor: the rule's findings are left out.
      if (strict) throw e;
    }
  }
  return findings.sort(compareFindings);
}
