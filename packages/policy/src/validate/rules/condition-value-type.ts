// General warnings – Type mismatch Boolean, date, IP range, number and string: a condition
// value the operator cannot read (Bool with "yes", NumericLessThan with "ten", IpAddress with
// "10.0.0.0/33", BinaryEquals with text that is not base64). Such a test never matches.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html

import { hasPolicyVariable } from '../analysis.js';
import { conditionTests } from '../condition-walk.js';
import { awsCheck, finding, type Finding } from '../finding.js';
import { parseCidr } from '../ip.js';
import type { Rule } from './rule.js';

const TYPE_MISMATCH_BOOLEAN = awsCheck('WARNING', 'TYPE_MISMATCH_BOOLEAN');
const TYPE_MISMATCH_DATE = awsCheck('WARNING', 'TYPE_MISMATCH_DATE');
const TYPE_MISMATCH_IP_RANGE = awsCheck('WARNING', 'TYPE_MISMATCH_IP_RANGE');
const TYPE_MISMATCH_NUMBER = awsCheck('WARNING', 'TYPE_MISMATCH_NUMBER');
const TYPE_MISMATCH_STRING = awsCheck('WARNING', 'TYPE_MISMATCH_STRING');

/** W3C/ISO 8601 dates and date-times, or seconds since the epoch. */
export function isValidDate(text: string): boolean {
  if (/^\d+$/.test(text)) return true;
  const m = /^(\d{4})-(\d{2})-(\d{2})(T(\d{2})(:(\d{2})(:(\d{2})(\.\d+)?)?)?(Z|[+-]\d{2}(:?\d{2})?)?)?$/.exec(text);
  if (!m) return false;
  const [month, day] = [Number(m[2]), Number(m[3])];
  if (month < 1 || month > 12 || day < 1 || day > 31) return false;
  if (m[5] !== undefined && Number(m[5]) > 23) return false;
  if (m[7] !== undefined && Number(m[7]) > 59) return false;
  if (m[9] !== undefined && Number(m[9]) > 60) return false;
  return true;
}

const NUMBER = /^-?\d+(\.\d+)?$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

export const conditionValueType: Rule = {
  id: 'condition-value-type',
  checks: [TYPE_MISMATCH_BOOLEAN, TYPE_MISMATCH_DATE, TYPE_MISMATCH_IP_RANGE, TYPE_MISMATCH_NUMBER, TYPE_MISMATCH_STRING],
  run({ policy }) {
    const out: Finding[] = [];
    for (const { operator, entry } of conditionTests(policy)) {
      const op = operator.raw;
      for (const v of entry.values) {
        const t = v.text;
        // A policy variable is checked by the rule on variables and operators.
        if (hasPolicyVariable(t)) continue;
        switch (operator.family) {
          case 'Bool':
          case 'Null':
            if (!/^(true|false)$/i.test(t)) out.push(finding(TYPE_MISMATCH_BOOLEAN, `Add a valid Boolean value (true or false) for the condition operator ${op}; ${JSON.stringify(t)} is not one.`, v.node));
            break;
          case 'Numeric':
            if (!NUMBER.test(t)) out.push(finding(TYPE_MISMATCH_NUMBER, `Add a valid numeric value for the condition operator ${op}; ${JSON.stringify(t)} is not a number.`, v.node));
            break;
          case 'Date':
            if (!isValidDate(t)) {
              out.push(
                finding(
                  TYPE_MISMATCH_DATE,
                  `The date condition operator ${op} is used with an invalid value ${JSON.stringify(t)}. Specify a valid date using YYYY-MM-DD or other ISO 8601 date/time format.`,
                  v.node,
                ),
              );
            }
            break;
          case 'IpAddress':
            if (!parseCidr(t)) {
              out.push(
                finding(TYPE_MISMATCH_IP_RANGE, `The condition operator ${op} is used with an invalid IP range value ${JSON.stringify(t)}. Specify the IP range in standard CIDR format, such as 203.0.113.0/24.`, v.node),
              );
            }
            break;
          case 'Binary':
            if (!BASE64.test(t)) out.push(finding(TYPE_MISMATCH_STRING, `Add a valid base64-encoded string value for the condition operator ${op}; ${JSON.stringify(t)} is not base64.`, v.node));
            break;
          default:
            break;
        }
      }
    }
    return out;
  },
};
