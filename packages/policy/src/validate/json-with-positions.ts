// A small JSON parser that keeps the position of every node.
//
// The validator reports locations the way IAM Access Analyzer's ValidatePolicy does: a path
// of object keys and array indexes, and a span whose positions count lines from 1, columns
// from 0 and offsets from 0 (https://docs.aws.amazon.com/access-analyzer/latest/APIReference/API_Position.html).
// JSON.parse keeps no positions, so we parse the text ourselves. The grammar is RFC 8259's,
// strictly: no comments, no trailing commas, no leading zeros, no unescaped control characters.
//
// The parser never throws: bad input (including nesting deep enough to exhaust the stack)
// comes back as a `JsonSyntaxError`, which the validator turns into a JSON_SYNTAX_ERROR finding.
// Offsets and columns count UTF-16 code units, as JavaScript string indexes do.

export interface Position {
  line: number;
  column: number;
  offset: number;
}

export interface Span {
  start: Position;
  end: Position;
}

// Access Analyzer's PathElement: `value` names an object member and points at its value,
// `key` points at the member's name itself, `index` is an array element.
// https://docs.aws.amazon.com/access-analyzer/latest/APIReference/API_PathElement.html
export type PathElement = { index: number } | { key: string } | { value: string };

interface NodeBase {
  span: Span;
  path: PathElement[];
}

export interface JsonString extends NodeBase {
  kind: 'string';
  value: string;
}

export interface JsonNumber extends NodeBase {
  kind: 'number';
  value: number;
  /** The number as written, e.g. `1.50`. */
  raw: string;
}

export interface JsonBoolean extends NodeBase {
  kind: 'boolean';
  value: boolean;
}

export interface JsonNull extends NodeBase {
  kind: 'null';
}

export interface JsonMember {
  key: string;
  keySpan: Span;
  /** Path to the member's name (ends in `{ key }`). */
  keyPath: PathElement[];
  value: JsonNode;
}

export interface JsonObject extends NodeBase {
  kind: 'object';
  /** Every member in document order, duplicates included. */
  members: JsonMember[];
}

export interface JsonArray extends NodeBase {
  kind: 'array';
  items: JsonNode[];
}

export type JsonNode = JsonString | JsonNumber | JsonBoolean | JsonNull | JsonObject | JsonArray;

export interface JsonSyntaxError {
  message: string;
  position: Position;
}

export type JsonParseResult =
  | {
      ok: true;
      value: JsonNode;
      /** Characters of whitespace between tokens (not inside strings): what IAM leaves out of a policy's size. */
      whitespace: number;
    }
  | { ok: false; error: JsonSyntaxError };

/** Deep enough for any policy; shallow enough that recursion never exhausts the stack. */
const MAX_DEPTH = 256;

class SyntaxFailure {
  constructor(
    readonly message: string,
    readonly offset: number,
  ) {}
}

/** Parses `text` as one JSON value. Never throws. */
export function parseJsonWithPositions(text: string): JsonParseResult {
  const parser = new Parser(text);
  try {
    const value = parser.parseDocument();
    return { ok: true, value, whitespace: parser.whitespace };
  } catch (e) {
    if (e instanceof SyntaxFailure) {
      return { ok: false, error: { message: e.message, position: parser.positionAt(e.offset) } };
    }
    // Nothing below throws anything else; keep the promise of never throwing regardless.
    return { ok: false, error: { message: 'the document could not be parsed', position: { line: 1, column: 0, offset: 0 } } };
  }
}

/** Describes the character at `offset` for an error message. */
function describe(text: string, offset: number): string {
  if (offset >= text.length) return 'the end of the document';
  const ch = text[offset] as string;
  const code = ch.charCodeAt(0);
  if (code < 0x20 || code === 0x7f) return `the control character U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
  return `'${ch}'`;
}

class Parser {
  private pos = 0;
  whitespace = 0;
  /** Offsets at which each line starts; filled lazily by positionAt. */
  private lineStarts: number[] | undefined;

  constructor(private readonly text: string) {}

  positionAt(offset: number): Position {
    if (!this.lineStarts) {
      const starts = [0];
      for (let i = 0; i < this.text.length; i++) {
        if (this.text.charCodeAt(i) === 10) starts.push(i + 1);
      }
      this.lineStarts = starts;
    }
    const starts = this.lineStarts;
    // Binary search for the last line start <= offset.
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((starts[mid] as number) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - (starts[lo] as number), offset };
  }

  private span(start: number, end: number): Span {
    return { start: this.positionAt(start), end: this.positionAt(end) };
  }

  private fail(message: string, offset = this.pos): never {
    throw new SyntaxFailure(message, offset);
  }

  private skipWhitespace(): void {
    const t = this.text;
    const start = this.pos;
    while (this.pos < t.length) {
      const c = t.charCodeAt(this.pos);
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) this.pos++;
      else break;
    }
    this.whitespace += this.pos - start;
  }

  parseDocument(): JsonNode {
    this.skipWhitespace();
    if (this.pos >= this.text.length) this.fail('the document is empty; expected a JSON object');
    const value = this.parseValue([], 0);
    this.skipWhitespace();
    if (this.pos < this.text.length) {
      this.fail(`expected the end of the document after the top-level value but found ${describe(this.text, this.pos)}`);
    }
    return value;
  }

  private parseValue(path: PathElement[], depth: number): JsonNode {
    if (depth > MAX_DEPTH) this.fail(`the document nests more than ${MAX_DEPTH} levels deep`);
    const t = this.text;
    const c = t[this.pos];
    switch (c) {
      case '{':
        return this.parseObject(path, depth);
      case '[':
        return this.parseArray(path, depth);
      case '"': {
        const start = this.pos;
        const value = this.parseStringToken();
        return { kind: 'string', value, span: this.span(start, this.pos), path };
      }
      case 't':
        return this.parseLiteral('true', { kind: 'boolean', value: true }, path);
      case 'f':
        return this.parseLiteral('false', { kind: 'boolean', value: false }, path);
      case 'n':
        return this.parseLiteral('null', { kind: 'null' }, path);
      default:
        if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) return this.parseNumber(path);
        return this.fail(`expected a value (object, array, string, number, true, false or null) but found ${describe(t, this.pos)}`);
    }
  }

  private parseLiteral<T extends { kind: 'boolean'; value: boolean } | { kind: 'null' }>(
    word: string,
    node: T,
    path: PathElement[],
  ): JsonNode {
    const start = this.pos;
    for (let i = 0; i < word.length; i++) {
      if (this.text[start + i] !== word[i]) {
        this.fail(`expected '${word}' but found ${describe(this.text, start + i)}`, start + i);
      }
    }
    this.pos = start + word.length;
    return { ...node, span: this.span(start, this.pos), path } as JsonNode;
  }

  private parseNumber(path: PathElement[]): JsonNumber {
    const t = this.text;
    const start = this.pos;
    const isDigit = (i: number) => {
      const c = t.charCodeAt(i);
      return c >= 48 && c <= 57;
    };
    if (t[this.pos] === '-') this.pos++;
    if (t[this.pos] === '0') {
      this.pos++;
      if (isDigit(this.pos)) this.fail('a number may not have a leading zero');
    } else if (isDigit(this.pos)) {
      while (isDigit(this.pos)) this.pos++;
    } else {
      this.fail(`expected a digit but found ${describe(t, this.pos)}`);
    }
    if (t[this.pos] === '.') {
      this.pos++;
      if (!isDigit(this.pos)) this.fail(`expected a digit after the decimal point but found ${describe(t, this.pos)}`);
      while (isDigit(this.pos)) this.pos++;
    }
    if (t[this.pos] === 'e' || t[this.pos] === 'E') {
      this.pos++;
      if (t[this.pos] === '+' || t[this.pos] === '-') this.pos++;
      if (!isDigit(this.pos)) this.fail(`expected a digit in the exponent but found ${describe(t, this.pos)}`);
      while (isDigit(this.pos)) this.pos++;
    }
    const raw = t.slice(start, this.pos);
    return { kind: 'number', value: Number(raw), raw, span: this.span(start, this.pos), path };
  }

  /** Reads a string token starting at the opening quote; returns its decoded value. */
  private parseStringToken(): string {
    const t = this.text;
    const open = this.pos;
    this.pos++; // opening quote
    let out = '';
    let chunkStart = this.pos;
    for (;;) {
      if (this.pos >= t.length) this.fail('the string is not closed; add the closing double quote', open);
      const c = t.charCodeAt(this.pos);
      if (c === 0x22) {
        out += t.slice(chunkStart, this.pos);
        this.pos++;
        return out;
      }
      if (c < 0x20) this.fail(`${describe(t, this.pos)} must be escaped inside a string`);
      if (c === 0x5c) {
        out += t.slice(chunkStart, this.pos);
        const e = t[this.pos + 1];
        switch (e) {
          case '"':
          case '\\':
          case '/':
            out += e;
            this.pos += 2;
            break;
          case 'b':
            out += '\b';
            this.pos += 2;
            break;
          case 'f':
            out += '\f';
            this.pos += 2;
            break;
          case 'n':
            out += '\n';
            this.pos += 2;
            break;
          case 'r':
            out += '\r';
            this.pos += 2;
            break;
          case 't':
            out += '\t';
            this.pos += 2;
            break;
          case 'u': {
            const hex = t.slice(this.pos + 2, this.pos + 6);
            if (!/^[0-9a-fA-F]{4}$/.test(hex)) this.fail('expected four hexadecimal digits after \\u');
            out += String.fromCharCode(parseInt(hex, 16));
            this.pos += 6;
            break;
          }
          default:
            this.fail(`'\\${e ?? ''}' is not a valid escape sequence`);
        }
        chunkStart = this.pos;
        continue;
      }
      this.pos++;
    }
  }

  private parseObject(path: PathElement[], depth: number): JsonObject {
    const start = this.pos;
    this.pos++; // {
    const members: JsonMember[] = [];
    this.skipWhitespace();
    if (this.text[this.pos] === '}') {
      this.pos++;
      return { kind: 'object', members, span: this.span(start, this.pos), path };
    }
    for (;;) {
      this.skipWhitespace();
      if (this.text[this.pos] !== '"') {
        this.fail(`expected a member name in double quotes but found ${describe(this.text, this.pos)}`);
      }
      const keyStart = this.pos;
      const key = this.parseStringToken();
      const keySpan = this.span(keyStart, this.pos);
      this.skipWhitespace();
      if (this.text[this.pos] !== ':') this.fail(`expected ':' after the member name "${key}" but found ${describe(this.text, this.pos)}`);
      this.pos++;
      this.skipWhitespace();
      const value = this.parseValue([...path, { value: key }], depth + 1);
      members.push({ key, keySpan, keyPath: [...path, { key }], value });
      this.skipWhitespace();
      const c = this.text[this.pos];
      if (c === ',') {
        this.pos++;
        this.skipWhitespace();
        if (this.text[this.pos] === '}') this.fail('a trailing comma is not allowed before }');
        continue;
      }
      if (c === '}') {
        this.pos++;
        return { kind: 'object', members, span: this.span(start, this.pos), path };
      }
      this.fail(`expected ',' or '}' after an object member but found ${describe(this.text, this.pos)}`);
    }
  }

  private parseArray(path: PathElement[], depth: number): JsonArray {
    const start = this.pos;
    this.pos++; // [
    const items: JsonNode[] = [];
    this.skipWhitespace();
    if (this.text[this.pos] === ']') {
      this.pos++;
      return { kind: 'array', items, span: this.span(start, this.pos), path };
    }
    for (;;) {
      this.skipWhitespace();
      items.push(this.parseValue([...path, { index: items.length }], depth + 1));
      this.skipWhitespace();
      const c = this.text[this.pos];
      if (c === ',') {
        this.pos++;
        this.skipWhitespace();
        if (this.text[this.pos] === ']') this.fail('a trailing comma is not allowed before ]');
        continue;
      }
      if (c === ']') {
        this.pos++;
        return { kind: 'array', items, span: this.span(start, this.pos), path };
      }
      this.fail(`expected ',' or ']' after an array element but found ${describe(this.text, this.pos)}`);
    }
  }
}

/** The plain JavaScript value of a node, as JSON.parse would give it (last duplicate key wins). */
export function toPlainValue(node: JsonNode): unknown {
  switch (node.kind) {
    case 'string':
    case 'number':
    case 'boolean':
      return node.value;
    case 'null':
      return null;
    case 'array':
      return node.items.map(toPlainValue);
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const m of node.members) {
        Object.defineProperty(out, m.key, { value: toPlainValue(m.value), enumerable: true, writable: true, configurable: true });
      }
      return out;
    }
  }
}
