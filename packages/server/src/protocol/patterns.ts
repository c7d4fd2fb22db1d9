/**
 * The models' `pattern` constraints are Java regular expressions (AWS validates with
 * java.util.regex, and a constraint must match the *whole* value, as Pattern.matches does).
 * This translates the subset the models use into an equivalent JavaScript RegExp, compiled
 * once and anchored.
 *
 * Differences handled:
 * - JavaScript needs the `u` flag for `\p{L}` and friends, and `u` mode rejects identity
 *   escapes of ordinary punctuation (`\:`), which Java accepts; every escaped punctuation
 *   character is therefore rewritten as a `\u{…}` escape of itself.
 * - Java's `\uXXXX` always takes exactly four hex digits, so the STS pattern's `\u10000-\u10FFFF`
 *   means `\u1000`, `0-\u10FF`, `F`, `F` in Java. JavaScript's `\uXXXX` reads the same way,
 *   so it is kept as written rather than "fixed" — the aim is to accept exactly what AWS does.
 *   An escaped surrogate *pair* (`\uD800\uDC00`) is one code point in Java and here.
 * - Java's `\s` is ASCII whitespace only; JavaScript's is Unicode-wide.
 * Anything else the translator does not know is an error at start-up, never a silently
 * different pattern (test/protocol/patterns.test.ts compiles every pattern in the models).
 */

const JS_SYNTAX = new Set(['^', '$', '\\', '.', '*', '+', '?', '(', ')', '[', ']', '{', '}', '|', '/']);

/** Unicode property names Java and JavaScript spell the same way (general categories). */
const GENERAL_CATEGORIES = new Set([
  'L', 'Lu', 'Ll', 'Lt', 'Lm', 'Lo', 'M', 'Mn', 'Mc', 'Me', 'N', 'Nd', 'Nl', 'No',
  'P', 'Pc', 'Pd', 'Ps', 'Pe', 'Pi', 'Pf', 'Po', 'S', 'Sm', 'Sc', 'Sk', 'So',
  'Z', 'Zs', 'Zl', 'Zp', 'C', 'Cc', 'Cf', 'Cs', 'Co', 'Cn',
]);

/** Java's POSIX-style classes (US-ASCII only by default, per java.util.regex.Pattern). */
const POSIX: Record<string, string> = {
  Lower: 'a-z',
  Upper: 'A-Z',
  ASCII: '\\u{0}-\\u{7F}',
  Alpha: 'a-zA-Z',
  Digit: '0-9',
  Alnum: 'a-zA-Z0-9',
  Punct: '!-\\u{2F}:-@\\u{5B}-`\\u{7B}-~',
  Graph: '!-~',
  Print: ' -~',
  Blank: ' \\t',
  Cntrl: '\\u{0}-\\u{1F}\\u{7F}',
  XDigit: '0-9a-fA-F',
  Space: ' \\t\\n\\u{B}\\f\\r',
};

const cache = new Map<string, RegExp>();

/** Compiles a model pattern for a full match. Throws for syntax the translator does not know. */
export function compilePattern(javaPattern: string): RegExp {
  let re = cache.get(javaPattern);
  if (re === undefined) {
    // Leading inline flags, e.g. CloudTrail's `(?s).*`, become RegExp flags.
    let flags = 'u';
    let body = javaPattern;
    for (let m = /^\(\?([a-z]+)\)/.exec(body); m !== null; m = /^\(\?([a-z]+)\)/.exec(body)) {
      for (const f of m[1]!) {
        if (f === 's' || f === 'i' || f === 'm') {
          if (!flags.includes(f)) flags += f;
        } else {
          throw unsupported(javaPattern, `inline flag (?${f})`);
        }
      }
      body = body.slice(m[0].length);
    }
    re = new RegExp(`^(?:${translateJavaRegex(body)})$`, flags);
    cache.set(javaPattern, re);
  }
  return re;
}

export function translateJavaRegex(src: string): string {
  let out = '';
  let inClass = false;
  for (let i = 0; i < src.length; i++) {
    const ch = src[i] as string;
    if (ch === '[') {
      if (inClass) throw unsupported(src, 'nested character classes');
      inClass = true;
      out += ch;
      // A leading `]` (or `^]`) is a literal in Java; JavaScript would end the class there.
      if (src[i + 1] === '^') {
        out += '^';
        i++;
      }
      if (src[i + 1] === ']') {
        out += '\\u{5D}';
        i++;
      }
      continue;
    }
    if (ch === ']' && inClass) {
      inClass = false;
      out += ch;
      continue;
    }
    if (inClass && ch === '&' && src[i + 1] === '&') throw unsupported(src, 'class intersection');
    if (ch !== '\\') {
      // JavaScript's `u` mode wants a literal `{`/`}` outside quantifiers escaped; Java allows
      // `{` only as a quantifier there too, so keep quantifiers and escape stray braces in classes.
      if (inClass && (ch === '{' || ch === '}' || ch === '(' || ch === ')' || ch === '|' || ch === '/')) {
        out += `\\u{${ch.charCodeAt(0).toString(16)}}`;
      } else if (!inClass && ch === '/') {
        out += '\\/';
      } else {
        out += ch;
      }
      continue;
    }
    const next = src[i + 1];
    if (next === undefined) throw unsupported(src, 'trailing backslash');
    i++;
    if (!/[0-9A-Za-z]/.test(next)) {
      // An escaped punctuation character always means the character itself in Java.
      out += JS_SYNTAX.has(next) ? `\\${next}` : `\\u{${next.codePointAt(0)!.toString(16)}}`;
      continue;
    }
    switch (next) {
      case 'w':
      case 'W':
      case 'd':
      case 'D':
      case 't':
      case 'n':
      case 'r':
      case 'f':
        out += `\\${next}`;
        break;
      case 'b':
      case 'B':
        if (inClass) throw unsupported(src, '\\b inside a class');
        out += `\\${next}`;
        break;
      case 's':
        out += inClass ? ' \\t\\n\\u{B}\\f\\r' : '[ \\t\\n\\u{B}\\f\\r]';
        break;
      case 'S':
        if (inClass) throw unsupported(src, '\\S inside a class');
        out += '[^ \\t\\n\\u{B}\\f\\r]';
        break;
      case 'e':
        out += '\\u{1B}';
        break;
      case 'a':
        out += '\\u{7}';
        break;
      case 'u': {
        const hex = src.slice(i + 1, i + 5);
        if (!/^[0-9A-Fa-f]{4}$/.test(hex)) throw unsupported(src, 'malformed \\u escape');
        i += 4;
        const unit = parseInt(hex, 16);
        // Like java.util.regex.Pattern.u(): an escaped high surrogate followed by an escaped
        // low one is a single supplementary code point (CloudTrail writes U+10000 this way).
        const low = /^\\u(D[C-F][0-9A-F]{2})/i.exec(src.slice(i + 1, i + 7));
        if (unit >= 0xd800 && unit <= 0xdbff && low !== null) {
          const cp = 0x10000 + ((unit - 0xd800) << 10) + (parseInt(low[1]!, 16) - 0xdc00);
          out += `\\u{${cp.toString(16)}}`;
          i += 6;
        } else {
          out += `\\u{${hex}}`;
        }
        break;
      }
      case 'x': {
        if (src[i + 1] === '{') {
          const end = src.indexOf('}', i + 2);
          const hex = end < 0 ? '' : src.slice(i + 2, end);
          if (!/^[0-9A-Fa-f]{1,6}$/.test(hex)) throw unsupported(src, 'malformed \\x{} escape');
          out += `\\u{${hex}}`;
          i = end;
        } else {
          const hex = src.slice(i + 1, i + 3);
          if (!/^[0-9A-Fa-f]{2}$/.test(hex)) throw unsupported(src, 'malformed \\x escape');
          out += `\\u{${hex}}`;
          i += 2;
        }
        break;
      }
      case 'p':
      case 'P': {
        let name: string;
        if (src[i + 1] === '{') {
          const end = src.indexOf('}', i + 2);
          if (end < 0) throw unsupported(src, 'unterminated \\p{');
          name = src.slice(i + 2, end);
          i = end;
        } else {
          name = src[i + 1] ?? '';
          i += 1;
        }
        if (name.startsWith('Is') && GENERAL_CATEGORIES.has(name.slice(2))) name = name.slice(2);
        if (GENERAL_CATEGORIES.has(name)) {
          out += `\\${next}{${name}}`;
        } else if (POSIX[name] !== undefined) {
          const set = POSIX[name];
          if (inClass) {
            if (next === 'P') throw unsupported(src, `\\P{${name}} inside a class`);
            out += set;
          } else {
            out += next === 'P' ? `[^${set}]` : `[${set}]`;
          }
        } else {
          throw unsupported(src, `\\${next}{${name}}`);
        }
        break;
      }
      default:
        throw unsupported(src, `\\${next}`);
    }
  }
  if (inClass) throw unsupported(src, 'unterminated character class');
  return out;
}

function unsupported(pattern: string, what: string): Error {
  return new Error(`pattern ${JSON.stringify(pattern)}: ${what} is not supported by the Java→JavaScript translation`);
}
