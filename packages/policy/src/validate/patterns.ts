// Wildcard patterns as IAM reads them: `*` matches any run of characters (slashes included)
// and `?` any one character, in Action, NotAction, Resource and NotResource
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html#reference_policies_elements_resource_wildcards).
// In resources a policy variable ${...} stands for a value known only at request time, so
// for static analysis it is a wildcard too, except the escapes ${*}, ${?} and ${$}, which
// are the literal characters (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html#policy-vars-specialchars).

export type Token = { t: 'lit'; c: string } | { t: 'one' } | { t: 'star' };

const tokenCache = new Map<string, Token[]>();

/** Splits a pattern into literal characters, `?` and `*`; `variables` reads ${...} as above. */
export function tokenize(pattern: string, variables: boolean): Token[] {
  const cacheKey = (variables ? 'v' : 'p') + pattern;
  const cached = tokenCache.get(cacheKey);
  if (cached) return cached;
  const out: Token[] = [];
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i] as string;
    if (variables && c === '$' && pattern[i + 1] === '{') {
      const close = pattern.indexOf('}', i + 2);
      if (close > 0) {
        const name = pattern.slice(i + 2, close);
        if (name === '*' || name === '?' || name === '$') out.push({ t: 'lit', c: name });
        else out.push({ t: 'star' });
        i = close;
        continue;
      }
    }
    if (c === '*') {
      if (out.at(-1)?.t !== 'star') out.push({ t: 'star' });
    } else if (c === '?') out.push({ t: 'one' });
    else out.push({ t: 'lit', c });
  }
  if (tokenCache.size > 5000) tokenCache.clear();
  tokenCache.set(cacheKey, out);
  return out;
}

export function hasWildcard(pattern: string): boolean {
  return pattern.includes('*') || pattern.includes('?');
}

const regexCache = new Map<string, RegExp>();

/** A RegExp matching exactly the strings the pattern matches. */
export function patternRegExp(pattern: string, options: { ignoreCase: boolean; variables: boolean }): RegExp {
  const cacheKey = `${options.ignoreCase ? 'i' : 's'}${options.variables ? 'v' : 'p'}${pattern}`;
  const cached = regexCache.get(cacheKey);
  if (cached) return cached;
  const source = tokenize(pattern, options.variables)
    .map((tok) => (tok.t === 'star' ? '[\\s\\S]*' : tok.t === 'one' ? '[\\s\\S]' : tok.c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('');
  const re = new RegExp(`^${source}$`, options.ignoreCase ? 'i' : '');
  if (regexCache.size > 5000) regexCache.clear();
  regexCache.set(cacheKey, re);
  return re;
}

/**
 * True when every string `specific` matches is also matched by `general`. A sound test: a
 * `*` in `specific` must be met by a `*` in `general`, a `?` by a `?` or a `*`. It can miss
 * a containment that only holds by coincidence of letters, never claims a false one.
 */
const subsumesCache = new Map<string, boolean>();

/** Index of the first character that is or starts a wildcard (* ? or, with variables, ${). */
function firstWildcard(p: string, variables: boolean): number {
  for (let i = 0; i < p.length; i++) {
    const c = p.charCodeAt(i);
    if (c === 42 || c === 63 || (variables && c === 36 && p.charCodeAt(i + 1) === 123)) return i;
  }
  return -1;
}

/** Index of the last character that is or ends a wildcard (* ? or, with variables, a ${...}). */
function lastWildcard(p: string, variables: boolean): number {
  for (let i = p.length - 1; i >= 0; i--) {
    const c = p.charCodeAt(i);
    if (c === 42 || c === 63 || (variables && c === 125 && p.lastIndexOf('${', i) !== -1)) return i;
  }
  return -1;
}

export function subsumes(general: string, specific: string, options: { ignoreCase: boolean; variables: boolean }): boolean {
  if (general === specific || general === '*') return true;
  // Fast answers for the common cases, before any allocation: a pattern without wildcards
  // covers only itself, and a pattern's literal head and tail must begin and end the other.
  const g = options.ignoreCase ? general.toLowerCase() : general;
  const sp = options.ignoreCase ? specific.toLowerCase() : specific;
  const firstWild = firstWildcard(g, options.variables);
  if (firstWild === -1) return g === sp;
  if (!sp.startsWith(g.slice(0, firstWild))) return false;
  const lastWild = lastWildcard(g, options.variables);
  if (!sp.endsWith(g.slice(lastWild + 1))) return false;
  const key = `${options.ignoreCase ? 'i' : 's'}${options.variables ? 'v' : 'p'}${general}\u0000${specific}`;
  const hit = subsumesCache.get(key);
  if (hit !== undefined) return hit;
  const result = subsumesUncached(general, specific, options);
  if (subsumesCache.size > 20_000) subsumesCache.clear();
  subsumesCache.set(key, result);
  return result;
}

function subsumesUncached(general: string, specific: string, options: { ignoreCase: boolean; variables: boolean }): boolean {
  const g = tokenize(general, options.variables);
  const s = tokenize(specific, options.variables);
  const eq = options.ignoreCase
    ? (a: string, b: string) => a === b || a.toLowerCase() === b.toLowerCase()
    : (a: string, b: string) => a === b;
  // memo[i * (s.length + 1) + j]: 0 unknown, 1 true, 2 false
  const memo = new Uint8Array((g.length + 1) * (s.length + 1));
  const go = (i: number, j: number): boolean => {
    const idx = i * (s.length + 1) + j;
    const m = memo[idx];
    if (m) return m === 1;
    let r: boolean;
    const gt = g[i];
    const st = s[j];
    if (gt === undefined) r = st === undefined;
    else if (gt.t === 'star') r = go(i + 1, j) || (st !== undefined && go(i, j + 1));
    else if (st === undefined) r = false;
    else if (gt.t === 'one') r = st.t !== 'star' && go(i + 1, j + 1);
    else r = st.t === 'lit' && eq(gt.c, st.c) && go(i + 1, j + 1);
    memo[idx] = r ? 1 : 2;
    return r;
  };
  return go(0, 0);
}

// --- Intersection of a resource pattern with a resource type's ARN format -------------------

/** One step of a pattern: a single character of a class, or any number of them. */
type Step = { kind: 'lit'; c: string } | { kind: 'one'; noSlash: boolean } | { kind: 'loop'; noSlash: boolean };

/** Bounded memo tables: a policy being typed repeats the same patterns keystroke after keystroke. */
function memo<T>(table: Map<string, T>, key: string, compute: () => T): T {
  const hit = table.get(key);
  if (hit !== undefined) return hit;
  const value = compute();
  if (table.size > 20_000) table.clear();
  table.set(key, value);
  return value;
}

const globStepCache = new Map<string, Step[]>();
const formatStepCache = new Map<string, Step[]>();
const meetCache = new Map<string, boolean>();

function globSteps(pattern: string): Step[] {
  return memo(globStepCache, pattern, () => globStepsUncached(pattern));
}

function formatSteps(format: string): Step[] {
  return memo(formatStepCache, format, () => formatStepsUncached(format));
}

function globStepsUncached(pattern: string): Step[] {
  return tokenize(pattern, true).map((t) =>
    t.t === 'lit' ? { kind: 'lit', c: t.c } : t.t === 'one' ? { kind: 'one', noSlash: false } : { kind: 'loop', noSlash: false },
  );
}

/**
 * Steps of the resource part of an ARN format such as `${BucketName}/${ObjectName}`. A
 * variable is one or more characters; it may contain `/` only when it is the last part of
 * a path-like format (role/${RoleNameWithPath}, ${BucketName}/${ObjectName}), so that a bucket
 * name cannot swallow an object key and s3:ListBucket on bucket/* is seen not to apply.
 */
function formatStepsUncached(format: string): Step[] {
  const parts = format.split(/(\$\{[^}]*\})/);
  const steps: Step[] = [];
  let sawSeparator = false;
  parts.forEach((part, i) => {
    if (i % 2 === 1) {
      const last = parts.slice(i + 1).every((p) => p === '');
      const noSlash = !(last && sawSeparator);
      steps.push({ kind: 'one', noSlash }, { kind: 'loop', noSlash });
    } else {
      for (const c of part) {
        if (c === '*') steps.push({ kind: 'loop', noSlash: false });
        else steps.push({ kind: 'lit', c });
        if (c === '/' || c === ':') sawSeparator = true;
      }
    }
  });
  return steps;
}

function stepsMeet(a: Step, b: Step): boolean {
  if (a.kind === 'lit') return b.kind === 'lit' ? a.c === b.c : !(b.noSlash && a.c === '/');
  if (b.kind === 'lit') return !(a.noSlash && b.c === '/');
  return true;
}

function intersectSteps(a: Step[], b: Step[]): boolean {
  const width = b.length + 1;
  const seen = new Uint8Array((a.length + 1) * width);
  const stack: number[] = [0];
  seen[0] = 1;
  const push = (i: number, j: number) => {
    const idx = i * width + j;
    if (!seen[idx]) {
      seen[idx] = 1;
      stack.push(idx);
    }
  };
  while (stack.length > 0) {
    const idx = stack.pop() as number;
    const i = Math.floor(idx / width);
    const j = idx % width;
    if (i === a.length && j === b.length) return true;
    const sa = a[i];
    const sb = b[j];
    // A loop may match nothing.
    if (sa?.kind === 'loop') push(i + 1, j);
    if (sb?.kind === 'loop') push(i, j + 1);
    if (sa && sb && stepsMeet(sa, sb)) {
      push(sa.kind === 'loop' ? i : i + 1, sb.kind === 'loop' ? j : j + 1);
    }
  }
  return false;
}

/** Could some resource match both the policy's pattern and the ARN format's part? */
export function patternMeetsFormat(pattern: string, format: string): boolean {
  return memo(meetCache, `f${pattern}\u0000${format}`, () => intersectSteps(globSteps(pattern), formatSteps(format)));
}

/** Could some string match both wildcard patterns? */
export function patternsMayOverlap(a: string, b: string): boolean {
  return memo(meetCache, `g${a}\u0000${b}`, () => intersectSteps(globSteps(a), globSteps(b)));
}

/** Could the policy's pattern match an ARN field that the format's field allows? */
export function fieldMeetsFormat(field: string, formatField: string): boolean {
  return patternMeetsFormat(field, formatField);
}
