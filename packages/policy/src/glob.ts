/**
 * Wildcard matching without regular expressions: `*` is any run of characters (including none),
 * `?` exactly one. Static patterns compile to the cheapest test that decides them (equality,
 * prefix, suffix, substring); the rest use a linear-space backtracking matcher over literal
 * chunks that only ever returns to the most recent star, which is enough for `*`/`?` patterns.
 */
import type { Token, Variable } from './variables.js';

/**
 * Resolves variables for the current request; undefined when the request has no value. An
 * object rather than a callback so that evaluating a request creates no function objects.
 */
export interface Resolver {
  resolve(variable: Variable): string | undefined;
}

export type StaticMatcher = (input: string) => boolean;

/** A pattern whose tokens hold no variables. */
export function compileStatic(tokens: readonly Token[]): StaticMatcher {
  if (tokens.length === 0) return (input) => input === '';
  const [first, second, third] = tokens;
  if (tokens.length === 1 && first?.kind === 'star') return () => true;
  if (tokens.length === 1 && first?.kind === 'text') {
    const text = first.text;
    return (input) => input === text;
  }
  if (tokens.length === 2 && first?.kind === 'text' && second?.kind === 'star') return prefixMatcher(first.text);
  if (tokens.length === 2 && first?.kind === 'star' && second?.kind === 'text') {
    const suffix = second.text;
    return (input) => input.endsWith(suffix);
  }
  if (tokens.length === 3 && first?.kind === 'star' && second?.kind === 'text' && third?.kind === 'star') {
    const middle = second.text;
    return (input) => input.includes(middle);
  }
  const frozen = [...tokens];
  return (input) => matchTokens(frozen, input, noVariables) === true;
}

/**
 * `prefix*`, the commonest pattern (arn:aws:s3:::bucket/*). Most candidates fail, so two
 * single-character probes (the last character, and the middle one) reject them before the
 * full comparison; lastIndexOf(p, 0) is a faster startsWith in V8.
 */
function prefixMatcher(prefix: string): StaticMatcher {
  const length = prefix.length;
  if (length === 0) return () => true;
  const last = prefix.charCodeAt(length - 1);
  const middleAt = length >> 1;
  const middle = prefix.charCodeAt(middleAt);
  return (input) => input.length >= length && input.charCodeAt(length - 1) === last && input.charCodeAt(middleAt) === middle && input.lastIndexOf(prefix, 0) === 0;
}

const noVariables: Resolver = { resolve: () => undefined };

/**
 * true / false, or undefined when a variable in the pattern has no value in the request (AWS:
 * "any attempt to match it fails"); callers decide what an unresolved pattern means.
 */
export function matchTokens(tokens: readonly Token[], input: string, resolve: Resolver): boolean | undefined {
  // A pattern whose variable cannot be resolved fails as a whole, whatever the input.
  if (!resolvable(tokens, resolve)) return undefined;
  let ti = 0;
  let si = 0;
  let starTi = -1;
  let starSi = 0;
  const n = tokens.length;
  for (;;) {
    if (ti < n) {
      const token = tokens[ti] as Token;
      if (token.kind === 'star') {
        starTi = ti;
        starSi = si;
        ti++;
        continue;
      }
      if (token.kind === 'one') {
        if (si < input.length) {
          si++;
          ti++;
          continue;
        }
      } else {
        const text = token.kind === 'text' ? token.text : (resolve.resolve(token.variable) as string);
        if (input.startsWith(text, si)) {
          si += text.length;
          ti++;
          continue;
        }
      }
    } else if (si === input.length) {
      return true;
    }
    // Mismatch: let the most recent star swallow one more character, or give up.
    if (starTi < 0 || starSi >= input.length) return false;
    starSi++;
    si = starSi;
    ti = starTi + 1;
  }
}

export function resolvable(tokens: readonly Token[], resolve: Resolver): boolean {
  for (const token of tokens) if (token.kind === 'variable' && resolve.resolve(token.variable) === undefined) return false;
  return true;
}

/** Text of a pattern with variables resolved, for exact comparisons (StringEquals with variables). */
export function resolveText(tokens: readonly Token[], resolve: Resolver): string | undefined {
  let out = '';
  for (const token of tokens) {
    if (token.kind === 'text') out += token.text;
    else if (token.kind === 'variable') {
      const value = resolve.resolve(token.variable);
      if (value === undefined) return undefined;
      out += value;
    } else out += token.kind === 'star' ? '*' : '?';
  }
  return out;
}

export function lowerTokens(tokens: readonly Token[]): Token[] {
  return tokens.map((token) => (token.kind === 'text' ? { kind: 'text', text: token.text.toLowerCase() } : token));
}
