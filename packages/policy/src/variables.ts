/**
 * Policy variables: `${aws:username}`, `${aws:PrincipalTag/team, 'default'}`, and the escapes
 * `${*}`, `${?}`, `${$}` that stand for a literal *, ? and $. Only 2012-10-17 policies have
 * variables; in 2008-10-17 policies `${...}` is plain text.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html
 */
import { contextKey, type ContextKey } from './context.js';

/** One piece of a pattern: literal text, a wildcard, or a variable resolved per request. */
export type Token =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'star' }
  | { readonly kind: 'one' }
  | { readonly kind: 'variable'; readonly variable: Variable };

export interface Variable {
  readonly key: ContextKey;
  /** `${key, 'default'}`: used when the request has no value for key. */
  readonly fallback?: string;
}

export interface TokenizeOptions {
  /** Treat bare * and ? as wildcards (StringLike, ArnLike, Resource, Action). */
  readonly wildcards: boolean;
  /** Recognise ${...} (2012-10-17 only, and only where AWS allows variables). */
  readonly variables: boolean;
}

export function tokenize(pattern: string, options: TokenizeOptions): Token[] {
  const tokens: Token[] = [];
  let text = '';
  const flush = () => {
    if (text) tokens.push({ kind: 'text', text });
    text = '';
  };
  for (let i = 0; i < pattern.length; i++) {
    const char = pattern[i] as string;
    if (options.variables && char === '$' && pattern[i + 1] === '{') {
      const end = pattern.indexOf('}', i + 2);
      if (end !== -1) {
        const inner = pattern.slice(i + 2, end);
        const escaped = inner === '*' || inner === '?' || inner === '$' ? inner : undefined;
        const variable = escaped === undefined ? parseVariable(inner) : undefined;
        if (escaped !== undefined) {
          text += escaped;
          i = end;
          continue;
        }
        if (variable) {
          flush();
          tokens.push({ kind: 'variable', variable });
          i = end;
          continue;
        }
      }
    }
    if (options.wildcards && (char === '*' || char === '?')) {
      flush();
      // Consecutive stars mean the same as one; merging keeps matching linear in practice.
      if (char === '*' && tokens.at(-1)?.kind === 'star') continue;
      tokens.push(char === '*' ? { kind: 'star' } : { kind: 'one' });
      continue;
    }
    text += char;
  }
  flush();
  return tokens;
}

/** `aws:username` or `aws:username, 'default'` (AWS writes comma, space, single quotes). */
function parseVariable(inner: string): Variable | undefined {
  const comma = inner.indexOf(',');
  const key = (comma === -1 ? inner : inner.slice(0, comma)).trim();
  if (!key) return undefined;
  if (comma === -1) return { key: contextKey(key) };
  const rest = inner.slice(comma + 1).trim();
  const quoted = /^'(.*)'$/s.exec(rest);
  if (!quoted) return undefined;
  return { key: contextKey(key), fallback: quoted[1] ?? '' };
}

export function hasVariables(tokens: readonly Token[]): boolean {
  return tokens.some((token) => token.kind === 'variable');
}

export function hasWildcards(tokens: readonly Token[]): boolean {
  return tokens.some((token) => token.kind === 'star' || token.kind === 'one');
}

/** Every key a pattern's variables read, for GetContextKeysForPolicy-style listings. */
export function variableKeys(tokens: readonly Token[]): string[] {
  return tokens.flatMap((token) => (token.kind === 'variable' ? [token.variable.key.name] : []));
}
