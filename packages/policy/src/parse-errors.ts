/**
 * The MalformedPolicyDocument messages IAM answers, verbatim, and the order in which IAM checks
 * them: when a document has several problems IAM reports the first check that fails, so errors
 * are sorted by this rank and errors[0] is what IAM would say.
 * Wording as IAM returns it (and as moto, which mirrors IAM's responses, reproduces it):
 * https://github.com/getmoto/moto/blob/master/moto/iam/policy_validation.py
 */
export const IAM_MESSAGES = {
  syntax: 'Syntax errors in policy.',
  invalidConditionType: (operator: string) => `Invalid Condition type : ${operator}`,
  principalProhibited: 'Policy document should not specify a principal.',
  principalRequired: 'Missing required field Principal',
  resourceProhibited: 'Has prohibited field Resource',
  legacyParsing: 'The policy failed legacy parsing',
  duplicateSid: 'Statement IDs (SID) in a single policy must be unique.',
  sidNotAlphanumeric: 'Statement IDs (SID) must be alpha-numeric. Check that your input satisfies the regular expression [0-9A-Za-z]*',
  missingActions: 'Policy statement must contain actions.',
  missingResources: 'Policy statement must contain resources.',
  resourceNotArn: (resource: string) => `Resource ${resource} must be in ARN format or "*".`,
  missingVendor: 'Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.',
  tooManyColons: 'Actions/Condition can contain only one colon.',
  invalidVendor: (vendor: string) => `Vendor ${vendor} is not valid`,
  invalidPrincipal: (type: string, value: string) => `Invalid principal in policy: "${type}":"${value}"`,
} as const;

/** Lower rank = checked earlier by IAM. */
export const RANK = {
  syntax: 1,
  conditionType: 2,
  principalPlacement: 3,
  legacyParsing: 4,
  sid: 5,
  actions: 6,
  resources: 7,
  resourceFormat: 8,
  actionFormat: 9,
  principalValue: 10,
} as const;

export interface PolicyParseError {
  /** JSONPath of the offending element, e.g. `$.Statement[1].Action[0]`. */
  readonly path: string;
  /** IAM's MalformedPolicyDocument wording. */
  readonly message: string;
  /** What exactly was wrong, with the value and what would be right (for humans and logs). */
  readonly detail: string;
}

export interface RankedError extends PolicyParseError {
  readonly rank: number;
}
