/**
 * What compiled matchers may read while one request is evaluated: context keys, policy
 * variables, the request's resource split once, and a place to note keys the request lacked.
 * Plain methods, no per-request closures: evaluating a request allocates as little as it can.
 */
import { splitArn } from './arn.js';
import { ContextReader, isMultivaluedKey, scalarText } from './context.js';
import type { Resolver } from './glob.js';
import type { AuthorizationRequest } from './request.js';
import type { Variable } from './variables.js';

export class Scope extends ContextReader implements Resolver {
  /** Keys conditions or variables asked for that the request lacked, as the policies spell them. */
  missing: string[] | undefined = undefined;
  private split: readonly string[] | undefined | null = null;

  constructor(readonly request: AuthorizationRequest) {
    super(request.context, request.principal);
  }

  noteMissing(name: string): void {
    if (!this.missing) this.missing = [name];
    else if (!this.missing.includes(name)) this.missing.push(name);
  }

  /**
   * A variable's value: single-valued keys only ("you can't use multivalued context keys as
   * policy variables"), else the `${key, 'default'}` default, else unresolved.
   * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html
   */
  resolve(variable: Variable): string | undefined {
    const value = this.get(variable.key);
    const text = value === undefined || Array.isArray(value) || isMultivaluedKey(variable.key) ? undefined : scalarText(value);
    if (text !== undefined) return text;
    if (variable.fallback !== undefined) return variable.fallback;
    if (value === undefined) this.noteMissing(variable.key.name);
    return undefined;
  }

  /** The request's resource ARN in its six parts (undefined when it is not an ARN), split once. */
  resourceParts(): readonly string[] | undefined {
    if (this.split === null) this.split = splitArn(this.request.resource);
    return this.split;
  }
}
