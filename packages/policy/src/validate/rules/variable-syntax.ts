// Errors – Missing brace in variable, Empty variable, Unsupported space in variable and
// Missing quote in variable: a policy variable is ${name} or ${name, 'default'}, where the
// name has no spaces and the default is in single quotes. Checked where IAM substitutes
// variables: Resource, NotResource and condition values.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html

import { conditionTests } from '../condition-walk.js';
import type { JsonNode } from '../json-with-positions.js';
import { awsCheck, finding, type Finding } from '../finding.js';
import { resourceItems, type Rule } from './rule.js';

const MISSING_BRACE_IN_VARIABLE = awsCheck('ERROR', 'MISSING_BRACE_IN_VARIABLE');
const EMPTY_VARIABLE = awsCheck('ERROR', 'EMPTY_VARIABLE');
const UNSUPPORTED_SPACE_IN_VARIABLE = awsCheck('ERROR', 'UNSUPPORTED_SPACE_IN_VARIABLE');
const MISSING_QUOTE_IN_VARIABLE = awsCheck('ERROR', 'MISSING_QUOTE_IN_VARIABLE');

function check(text: string, node: JsonNode, out: Finding[]): void {
  let i = text.indexOf('${');
  while (i !== -1) {
    const close = text.indexOf('}', i + 2);
    if (close === -1) {
      out.push(finding(MISSING_BRACE_IN_VARIABLE, `The policy variable ${text.slice(i)} is missing a closing curly brace. Add } after the variable text.`, node));
      return;
    }
    const inner = text.slice(i + 2, close);
    const variable = text.slice(i, close + 1);
    if (inner === '') {
      out.push(finding(EMPTY_VARIABLE, 'Empty policy variable. Remove the ${} variable structure or provide a variable within the structure.', node));
    } else if (inner !== '*' && inner !== '?' && inner !== '$') {
      const comma = inner.indexOf(',');
      const name = comma === -1 ? inner : inner.slice(0, comma);
      if (/\s/.test(name)) {
        out.push(finding(UNSUPPORTED_SPACE_IN_VARIABLE, `A space is not supported within the policy variable text ${variable}. Remove the space.`, node));
      } else if (comma !== -1) {
        const fallback = inner.slice(comma + 1).trim();
        if (!/^'[^']*'$/.test(fallback)) {
          out.push(finding(MISSING_QUOTE_IN_VARIABLE, `The policy variable default value in ${variable} must begin and end with a single quote. Add the missing quote.`, node));
        }
      }
    }
    i = text.indexOf('${', close + 1);
  }
}

export const variableSyntax: Rule = {
  id: 'variable-syntax',
  checks: [MISSING_BRACE_IN_VARIABLE, EMPTY_VARIABLE, UNSUPPORTED_SPACE_IN_VARIABLE, MISSING_QUOTE_IN_VARIABLE],
  run({ policy }) {
    // In the 2008-10-17 language ${...} is plain text; another rule says so.
    if (policy.version?.value !== '2012-10-17') return [];
    const out: Finding[] = [];
    for (const st of policy.statements) for (const item of resourceItems(st)) check(item.value, item.node, out);
    for (const { operator, entry } of conditionTests(policy)) {
      if (operator.family !== 'String' && operator.family !== 'Arn') continue;
      for (const v of entry.values) check(v.text, v.node, out);
    }
    return out;
  },
};
