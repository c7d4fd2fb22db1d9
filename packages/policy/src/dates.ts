/**
 * Dates as the Date condition operators read them: ISO 8601 (W3C profile, full or abbreviated)
 * or epoch seconds. A time without a zone is UTC.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_Date
 */

const EPOCH = /^\d+$/;
const ISO = /^\d{4}(-\d{2}(-\d{2})?)?([Tt]\d{2}(:\d{2}(:\d{2}(\.\d{1,9})?)?)?([Zz]|[+-]\d{2}(:?\d{2})?)?)?$/;

/** Milliseconds since the epoch, or undefined when the text is not a date IAM accepts. */
export function parsePolicyDate(value: string): number | undefined {
  if (EPOCH.test(value)) {
    const seconds = Number(value);
    return Number.isFinite(seconds) ? seconds * 1000 : undefined;
  }
  if (!ISO.test(value)) return undefined;
  const ms = Date.parse(normaliseIsoDate(value));
  return Number.isNaN(ms) ? undefined : ms;
}

export function isPolicyDate(value: string): boolean {
  return parsePolicyDate(value) !== undefined;
}

/** Date.parse wants a full date, an upper-case T and Z, and minutes; IAM accepts less. */
function normaliseIsoDate(value: string): string {
  let text = value.replace('t', 'T').replace(/z$/, 'Z');
  const match = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?(.*)$/.exec(text);
  if (!match) return text;
  const [, year, month = '01', day = '01', rest = ''] = match;
  text = `${year}-${month}-${day}${rest}`;
  if (!rest) return text;
  text = text
    .replace(/T(\d{2})(?=$|[Z+-])/, 'T$1:00')
    .replace(/(T[\d:.]+[+-]\d{2})(\d{2})$/, '$1:$2')
    .replace(/(T[\d:.]+[+-]\d{2})$/, '$1:00');
  // Without a zone Date.parse would read local time; policies mean UTC.
  if (/T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(text)) text += 'Z';
  return text;
}
