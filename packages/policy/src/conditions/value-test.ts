import type { Resolver } from '../glob.js';
import type { ContextScalar } from '../request.js';

/**
 * Whether any of a condition's policy values matches one request value (the ORed values of a
 * condition). undefined means the comparison cannot be made: the request value has the wrong
 * type, or — for negated operators — a policy variable has no value, which AWS says makes the
 * statement invalid rather than "not equal".
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html#principaltable
 */
export type ValueTest = (value: ContextScalar, resolve: Resolver) => boolean | undefined;

export const NEVER: ValueTest = () => false;
