/**
 * String operators: StringEquals (case-sensitive), StringEqualsIgnoreCase, StringLike (`*` and
 * `?` wildcards, case-sensitive), and their negations. Policy variables are allowed in values.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_String
 */
import { scalarText } from '../context.js';
import { compileStatic, lowerTokens, matchTokens, resolveText, type Resolver, type StaticMatcher } from '../glob.js';
import { hasVariables, tokenize, type Token, type Variable } from '../variables.js';
import type { ContextScalar } from '../request.js';
import type { ValueTest } from './value-test.js';

export type StringMode = 'equals' | 'ignoreCase' | 'like';

const NO_VARIABLES: Resolver = { resolve: () => undefined };

export function stringTest(mode: StringMode, values: readonly string[], variables: boolean, strict: boolean): ValueTest {
  const patterns = values.map((value) => {
    const tokens = tokenize(value, { wildcards: mode === 'like', variables });
    return mode === 'ignoreCase' ? lowerTokens(tokens) : tokens;
  });
  const fold = mode === 'ignoreCase' ? (text: string) => text.toLowerCase() : (text: string) => text;

  if (!patterns.some(hasVariables)) {
    if (mode === 'like') {
      const matchers: StaticMatcher[] = patterns.map(compileStatic);
      return (value) => {
        const text = scalarText(value);
        if (text === undefined) return undefined;
        for (const matcher of matchers) if (matcher(text)) return true;
        return false;
      };
    }
    const set = new Set(patterns.map((tokens) => fold(resolveText(tokens, NO_VARIABLES) ?? '')));
    return (value) => {
      const text = scalarText(value);
      return text === undefined ? undefined : set.has(fold(text));
    };
  }

  return (value: ContextScalar, resolve: Resolver) => {
    const raw = scalarText(value);
    if (raw === undefined) return undefined;
    const text = fold(raw);
    let unresolved = false;
    for (const tokens of patterns) {
      const variables = mode === 'ignoreCase' ? new LowerCase(resolve) : resolve;
      const matched = mode === 'like' ? matchTokens(tokens, text, variables) : equalsTemplate(tokens, text, variables);
      if (matched === true) return true;
      if (matched === undefined) unresolved = true;
    }
    return unresolved && strict ? undefined : false;
  };
}

function equalsTemplate(tokens: readonly Token[], text: string, resolve: Resolver): boolean | undefined {
  const expected = resolveText(tokens, resolve);
  return expected === undefined ? undefined : expected === text;
}

/** Variable values folded to lower case, for the IgnoreCase operators. */
class LowerCase implements Resolver {
  constructor(private readonly inner: Resolver) {}
  resolve(variable: Variable): string | undefined {
    return this.inner.resolve(variable)?.toLowerCase();
  }
}
