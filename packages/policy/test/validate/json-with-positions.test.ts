import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type JsonNode, parseJsonWithPositions, toPlainValue } from '../../src/validate/json-with-positions.js';

function parse(text: string): JsonNode {
  const r = parseJsonWithPositions(text);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

describe('parseJsonWithPositions', () => {
  it('gives every node its path and span, lines from 1 and columns and offsets from 0', () => {
    const text = '{\n  "Statement": [\n    { "Action": "s3:GetObject" }\n  ]\n}';
    const root = parse(text);
    expect(root.kind).toBe('object');
    if (root.kind !== 'object') return;
    const st = root.members[0]!.value;
    expect(st.path).toEqual([{ value: 'Statement' }]);
    expect(st.span.start).toEqual({ line: 2, column: 15, offset: 17 });
    if (st.kind !== 'array') throw new Error('array expected');
    const obj = st.items[0]!;
    expect(obj.path).toEqual([{ value: 'Statement' }, { index: 0 }]);
    if (obj.kind !== 'object') throw new Error('object expected');
    const action = obj.members[0]!;
    expect(action.keyPath).toEqual([{ value: 'Statement' }, { index: 0 }, { key: 'Action' }]);
    expect(text.slice(action.keySpan.start.offset, action.keySpan.end.offset)).toBe('"Action"');
    // Spans of strings include the quotes, as Access Analyzer's do.
    expect(text.slice(action.value.span.start.offset, action.value.span.end.offset)).toBe('"s3:GetObject"');
    expect(action.value.span.start).toEqual({ line: 3, column: 16, offset: 35 });
    expect(action.value.span.end).toEqual({ line: 3, column: 30, offset: 49 });
  });

  it('decodes escapes and keeps numbers as written', () => {
    const root = parse('["a\\u0041\\n\\"", 1.50, -0, true, null]');
    expect(toPlainValue(root)).toEqual(['aA\n"', 1.5, -0, true, null]);
    if (root.kind === 'array' && root.items[1]?.kind === 'number') expect(root.items[1].raw).toBe('1.50');
  });

  it('keeps duplicate keys, and the plain value takes the last as JSON.parse does', () => {
    const root = parse('{"a": 1, "a": 2}');
    if (root.kind !== 'object') throw new Error('object expected');
    expect(root.members).toHaveLength(2);
    expect(toPlainValue(root)).toEqual({ a: 2 });
  });

  it.each([
    ['', 'empty', { line: 1, column: 0, offset: 0 }],
    ['{"a": 1,}', 'trailing comma', { line: 1, column: 8, offset: 8 }],
    ['{"a" 1}', "expected ':'", { line: 1, column: 5, offset: 5 }],
    ['{\n  "a": tru\n}', "expected 'true'", { line: 2, column: 10, offset: 12 }],
    ['[01]', 'leading zero', { line: 1, column: 2, offset: 2 }],
    ['{"a": "b', 'not closed', { line: 1, column: 6, offset: 6 }],
    ['{} x', 'end of the document', { line: 1, column: 3, offset: 3 }],
    ['{"a": "\t"}', 'must be escaped', { line: 1, column: 7, offset: 7 }],
    ["{'a': 1}", 'double quotes', { line: 1, column: 1, offset: 1 }],
  ])('reports %j as a syntax error (%s) at its position', (text, message, position) => {
    const r = parseJsonWithPositions(text);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.message).toContain(message);
    expect(r.error.position).toEqual(position);
  });

  it('turns nesting too deep for the stack into a syntax error, not an exception', () => {
    const r = parseJsonWithPositions('['.repeat(100_000));
    expect(r.ok).toBe(false);
  });

  it('agrees with JSON.parse on every valid JSON text', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.boolean(), (value, pretty) => {
        const text = JSON.stringify(value, null, pretty ? 2 : undefined);
        const r = parseJsonWithPositions(text);
        expect(r.ok).toBe(true);
        if (r.ok) expect(toPlainValue(r.value)).toEqual(JSON.parse(text));
      }),
      { numRuns: 300 },
    );
  });

  it('never throws, and accepts exactly what JSON.parse accepts', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.json().map((j) => j.slice(0, Math.max(0, j.length - 1)))), (text) => {
        let expected = true;
        try {
          JSON.parse(text);
        } catch {
          expected = false;
        }
        // JSON.parse skips a leading BOM-free text identically; it differs from RFC 8259 nowhere else.
        expect(parseJsonWithPositions(text).ok).toBe(expected);
      }),
      { numRuns: 500 },
    );
  });

  it('gives every node a span whose text parses back to the node', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4 }), (value) => {
        const text = JSON.stringify(value, null, 1);
        const r = parseJsonWithPositions(text);
        if (!r.ok) throw new Error('valid JSON rejected');
        const visit = (n: JsonNode) => {
          expect(JSON.parse(text.slice(n.span.start.offset, n.span.end.offset))).toEqual(toPlainValue(n));
          if (n.kind === 'array') n.items.forEach(visit);
          if (n.kind === 'object') n.members.forEach((m) => visit(m.value));
        };
        visit(r.value);
      }),
      { numRuns: 200 },
    );
  });
});
