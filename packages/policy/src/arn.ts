/**
 * ARN patterns, as the Resource element and the Arn* condition operators match them.
 *
 * An ARN has six colon-separated parts: arn:partition:service:region:account:resource, where
 * the resource part may itself contain colons and slashes. A wildcard matches within one part;
 * in the resource part `*` crosses `/` and `:` ("the asterisk can expand to replace everything
 * within a segment, including characters like a forward slash"). A pattern with fewer than six
 * parts whose last part ends in `*` has that star "expand to match beyond the colon
 * boundaries", i.e. it covers the missing parts. Policy variables are allowed only in the
 * resource part ("after the fifth colon").
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html#policy-vars-resourceelement
 */
import { compileStatic, matchTokens, resolvable, type Resolver, type StaticMatcher } from './glob.js';
import { hasVariables, tokenize, type Token } from './variables.js';

/** The six parts of an ARN, or undefined when the text has fewer than five colons. */
export function splitArn(arn: string): readonly string[] | undefined {
  const parts: string[] = [];
  let start = 0;
  for (let i = 0; i < 5; i++) {
    const colon = arn.indexOf(':', start);
    if (colon === -1) return undefined;
    parts.push(arn.slice(start, colon));
    start = colon + 1;
  }
  parts.push(arn.slice(start));
  return parts;
}

/** Splits at the first five colons that are not inside `${...}`, so variables may hold colons. */
function splitPattern(pattern: string): string[] {
  const parts: string[] = [];
  let start = 0;
  let depth = 0;
  for (let i = 0; i < pattern.length && parts.length < 5; i++) {
    if (pattern[i] === '$' && pattern[i + 1] === '{') depth++;
    else if (pattern[i] === '}' && depth > 0) depth--;
    else if (pattern[i] === ':' && depth === 0) {
      parts.push(pattern.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(pattern.slice(start));
  return parts;
}

/**
 * Matches an input against an ARN pattern; undefined when a policy variable in the pattern has
 * no value in the request. When `splits` is set, callers pass the input already split by
 * splitArn (a request's resource is split once and reused); otherwise they pass undefined.
 */
export interface ArnPattern {
  readonly text: string;
  readonly splits: boolean;
  /** Set when the pattern needs neither variables nor the split input: a plain string test. */
  readonly test?: StaticMatcher;
  match(input: string, parts: readonly string[] | undefined, resolve: Resolver): boolean | undefined;
}

export function compileArnPattern(pattern: string, variables: boolean): ArnPattern {
  const never: ArnPattern = { text: pattern, splits: false, test: () => false, match: () => false };
  if (pattern === '*') return { text: pattern, splits: false, test: () => true, match: () => true };
  const parts = splitPattern(pattern);
  if (parts.length < 6) {
    if (!(parts.at(-1) ?? '').endsWith('*')) return never;
    while (parts.length < 6) parts.push('*');
  }
  const head = parts.slice(0, 5);
  const resourceTokens = tokenize(parts[5] as string, { wildcards: true, variables });
  const headIsLiteral = head.every((part) => !part.includes('*') && !part.includes('?'));

  if (headIsLiteral) {
    // The first five parts are fixed text, so an input matches exactly when it starts with
    // them (same five colons) and the rest matches the resource part: one pass, no split.
    const tokens = mergeText([{ kind: 'text', text: head.join(':') + ':' }, ...resourceTokens]);
    if (!hasVariables(tokens)) {
      const test = compileStatic(tokens);
      return { text: pattern, splits: false, test, match: (input) => test(input) };
    }
    return { text: pattern, splits: false, match: (input, _parts, resolve) => matchTokens(tokens, input, resolve) };
  }

  const headMatchers: StaticMatcher[] = head.map((part) => compileStatic(tokenize(part, { wildcards: true, variables: false })));
  const resourceStatic = hasVariables(resourceTokens) ? undefined : compileStatic(resourceTokens);
  return {
    text: pattern,
    splits: true,
    match(_input, inputParts, resolve) {
      // An unresolvable variable fails the pattern whatever the input, as in the one-pass form.
      if (!resourceStatic && !resolvable(resourceTokens, resolve)) return undefined;
      if (!inputParts) return false;
      for (let i = 0; i < 5; i++) if (!(headMatchers[i] as StaticMatcher)(inputParts[i] as string)) return false;
      const resource = inputParts[5] as string;
      return resourceStatic ? resourceStatic(resource) : matchTokens(resourceTokens, resource, resolve);
    },
  };
}

function mergeText(tokens: readonly Token[]): Token[] {
  const out: Token[] = [];
  for (const token of tokens) {
    const last = out.at(-1);
    if (token.kind === 'text' && last?.kind === 'text') out[out.length - 1] = { kind: 'text', text: last.text + token.text };
    else out.push(token);
  }
  return out;
}
