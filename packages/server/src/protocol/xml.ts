/**
 * The XML side of the Query protocol: a hand-written writer compiled per shape.
 *
 * Element names come from the shape (member name, or `locationName`); lists are wrapped
 * `<member>` children unless flattened; maps are `<entry><key/><value/></entry>`; members are
 * written in model order and absent (undefined/null) members are left out — the layout of
 * https://smithy.io/2.0/aws/protocols/aws-query-protocol.html (responses) and of the
 * examples on every IAM/STS API reference page.
 */
import type { ListShape, MapShape, Shape, StructureShape } from './model.js';

/** Writes the *content* of an element for a value of a shape (text, or child elements). */
export type XmlWriter = (value: unknown) => string;

const writers = new WeakMap<Shape, XmlWriter>();

export function compileXmlWriter(shape: Shape): XmlWriter {
  const existing = writers.get(shape);
  if (existing !== undefined) return existing;
  // Placeholder first: a recursive shape reaches the finished writer through it.
  writers.set(shape, (v) => compiled(v));
  const compiled: XmlWriter = build(shape);
  writers.set(shape, compiled);
  return compiled;
}

function build(shape: Shape): XmlWriter {
  switch (shape.type) {
    case 'structure':
      return structureWriter(shape);
    case 'list':
      return listWriter(shape);
    case 'map':
      return mapWriter(shape);
    case 'string':
      return (v) => escapeXml(expect(shape, v, 'string') as string);
    case 'boolean':
      return (v) => ((expect(shape, v, 'boolean') as boolean) ? 'true' : 'false');
    case 'integer':
    case 'long':
    case 'float':
    case 'double':
      return (v) => {
        if (typeof v === 'bigint') return v.toString();
        return String(expect(shape, v, 'number'));
      };
    case 'timestamp':
      return (v) => formatTimestamp(v, shape.name);
    case 'blob':
      return (v) => {
        if (v instanceof Uint8Array) return Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('base64');
        if (typeof v === 'string') return Buffer.from(v, 'utf8').toString('base64');
        throw typeError(shape, v, 'Uint8Array');
      };
  }
}

interface ElementPlan {
  readonly name: string;
  /** Element name (locationName or member name). */
  readonly element: string;
  readonly open: string;
  readonly close: string;
  readonly shape: Shape;
  readonly flattenedList?: ListShape;
  readonly flattenedMap?: MapShape;
  write?: XmlWriter;
}

function structureWriter(shape: StructureShape): XmlWriter {
  const plans: ElementPlan[] = shape.members.map((m) => {
    const element = m.locationName ?? m.name;
    const flattened = m.flattened === true || ((m.shape.type === 'list' || m.shape.type === 'map') && m.shape.flattened);
    return {
      name: m.name,
      element,
      open: `<${element}>`,
      close: `</${element}>`,
      shape: m.shape,
      ...(flattened && m.shape.type === 'list' ? { flattenedList: m.shape } : {}),
      ...(flattened && m.shape.type === 'map' ? { flattenedMap: m.shape } : {}),
    };
  });
  return (value) => {
    if (value === null || typeof value !== 'object') throw typeError(shape, value, 'object');
    const obj = value as Record<string, unknown>;
    let out = '';
    for (const p of plans) {
      const v = obj[p.name];
      if (v === undefined || v === null) continue;
      if (p.flattenedList !== undefined) {
        // Flattened: the list's items repeat under the member's own element name.
        const item = (p.write ??= compileXmlWriter(p.flattenedList.member.shape));
        if (!Array.isArray(v)) throw typeError(p.flattenedList, v, 'array');
        for (const x of v) if (x !== undefined && x !== null) out += p.open + item(x) + p.close;
      } else if (p.flattenedMap !== undefined) {
        const entries = (p.write ??= mapEntriesWriter(p.flattenedMap, p.open, p.close));
        out += entries(v);
      } else {
        out += p.open + (p.write ??= compileXmlWriter(p.shape))(v) + p.close;
      }
    }
    return out;
  };
}

function listWriter(shape: ListShape): XmlWriter {
  const element = shape.member.locationName ?? 'member';
  const open = `<${element}>`;
  const close = `</${element}>`;
  let item: XmlWriter | undefined;
  return (value) => {
    if (!Array.isArray(value)) throw typeError(shape, value, 'array');
    item ??= compileXmlWriter(shape.member.shape);
    let out = '';
    for (const x of value) if (x !== undefined && x !== null) out += open + item(x) + close;
    return out;
  };
}

function mapWriter(shape: MapShape): XmlWriter {
  return mapEntriesWriter(shape, '<entry>', '</entry>');
}

function mapEntriesWriter(shape: MapShape, open: string, close: string): XmlWriter {
  const keyName = shape.key.locationName ?? 'key';
  const valueName = shape.value.locationName ?? 'value';
  let key: XmlWriter | undefined;
  let val: XmlWriter | undefined;
  return (value) => {
    if (value === null || typeof value !== 'object') throw typeError(shape, value, 'object');
    key ??= compileXmlWriter(shape.key.shape);
    val ??= compileXmlWriter(shape.value.shape);
    const entries = value instanceof Map ? [...(value as Map<unknown, unknown>)] : Object.entries(value);
    let out = '';
    for (const [k, v] of entries) {
      if (v === undefined || v === null) continue;
      out += `${open}<${keyName}>${key(k)}</${keyName}><${valueName}>${val(v)}</${valueName}>${close}`;
    }
    return out;
  };
}

// Characters that need escaping or are not allowed in XML 1.0 (https://www.w3.org/TR/xml/#charsets):
// C0 controls other than TAB/LF/CR, U+FFFE/U+FFFF and unpaired surrogates (with the `u` flag a
// surrogate *pair* is one code point and does not match the class). CR is written as a
// character reference because XML parsers turn a literal CR into LF (end-of-line handling).
// eslint-disable-next-line no-control-regex
const NEEDS_ESCAPE = /[&<>"'\r\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF\uD800-\uDFFF]/u;
// eslint-disable-next-line no-control-regex
const ESCAPE_ALL = /[&<>"'\r\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF\uD800-\uDFFF]/gu;

const ENTITY: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
  '\r': '&#13;',
};

/**
 * Escapes text for element content or a quoted attribute. Characters XML 1.0 cannot carry at
 * all (not even as a reference) become U+FFFD rather than vanish, so two different values
 * never print the same.
 */
export function escapeXml(text: string): string {
  if (!NEEDS_ESCAPE.test(text)) return text;
  return text.replace(ESCAPE_ALL, (c) => ENTITY[c] ?? '\uFFFD');
}

/**
 * ISO 8601 in UTC to the second, as IAM writes every date (`2024-05-01T12:00:00Z`); the
 * fraction is dropped (floored) rather than rounded so an expiry is never moved later.
 */
export function formatTimestamp(value: unknown, shapeName = 'timestamp'): string {
  let ms: number;
  if (value instanceof Date) ms = value.getTime();
  else if (typeof value === 'number') ms = value;
  else throw new TypeError(`${shapeName}: expected a Date, got ${describe(value)}`);
  if (!Number.isFinite(ms)) throw new TypeError(`${shapeName}: invalid Date`);
  const d = new Date(ms);
  const year = d.getUTCFullYear();
  // Formatting by hand is three times faster than toISOString() and needs no trimming.
  if (year < 0 || year > 9999) return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
  return `${String(year).padStart(4, '0')}-${two(d.getUTCMonth() + 1)}-${two(d.getUTCDate())}T${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}Z`;
}

function two(n: number): string {
  return n < 10 ? `0${n}` : `${n}`;
}

function expect(shape: Shape, value: unknown, type: 'string' | 'number' | 'boolean'): unknown {
  if (typeof value !== type) throw typeError(shape, value, type);
  return value;
}

function typeError(shape: Shape, value: unknown, expected: string): TypeError {
  // A handler returned something its output shape cannot carry: a server bug, never the
  // client's, so this surfaces as ServiceFailure through the error boundary.
  return new TypeError(`output shape ${shape.name}: expected ${expected}, got ${describe(value)}`);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}
