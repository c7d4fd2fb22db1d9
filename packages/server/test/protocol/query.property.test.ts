/**
 * Random and malformed parameter sets for every IAM and STS operation: decoding and
 * validation either produce a value or reject with an AwsError the client is to blame for
 * (4xx) — never another exception, never a 500, never an allocation sized by an index.
 */
import fc from 'fast-check';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { AwsError } from '../../src/protocol/errors.js';
import type { Shape } from '../../src/protocol/model.js';
import { compileOperation, queryService } from '../../src/protocol/query.js';
import { escapeXml } from '../../src/protocol/xml.js';

const services = [queryService('iam'), queryService('sts')];
const operations = services.flatMap((codec) => codec.operationNames.map((name) => ({ codec, name })));

const indexSegment = fc.oneof(
  fc.constantFrom('1', '2', '3', '10', '0', '01', '-1', '+1', 'x', '', ' 1', '1.5', '1000000000', '99999999999', '9'.repeat(40)),
  fc.nat({ max: 2 ** 31 }).map(String),
);

const junkSegment = fc.oneof(
  fc.constantFrom('member', 'entry', 'key', 'value', 'Key', 'Value', '', '__proto__', 'constructor', 'Action', 'Version'),
  fc.string({ maxLength: 8 }),
  fc.string({ unit: 'grapheme', maxLength: 4 }),
);

/** Key segments that follow the model most of the time and wander off some of the time. */
function keyFor(shape: Shape | undefined, depth: number): fc.Arbitrary<string[]> {
  const stop = fc.constant<string[]>([]);
  const junk = fc.array(junkSegment, { minLength: 1, maxLength: 3 });
  if (shape === undefined || depth > 6) return fc.oneof(stop, junk);
  switch (shape.type) {
    case 'structure': {
      if (shape.members.length === 0) return fc.oneof(stop, junk);
      const member = fc.constantFrom(...shape.members);
      return fc.oneof(
        { weight: 5, arbitrary: member.chain((m) => keyFor(m.shape, depth + 1).map((rest) => [m.locationName ?? m.name, ...rest])) },
        { weight: 1, arbitrary: fc.oneof(stop, junk) },
      );
    }
    case 'list': {
      const rest = keyFor(shape.member.shape, depth + 1);
      return fc.oneof(
        { weight: 5, arbitrary: fc.tuple(indexSegment, rest).map(([i, r]) => ['member', i, ...r]) },
        { weight: 1, arbitrary: fc.tuple(indexSegment, rest).map(([i, r]) => [i, ...r]) },
        { weight: 1, arbitrary: fc.oneof(stop, junk) },
      );
    }
    case 'map': {
      const part = fc.constantFrom('key', 'value', 'Key', 'other');
      return fc.oneof(
        { weight: 5, arbitrary: fc.tuple(indexSegment, part).map(([i, p]) => ['entry', i, p]) },
        { weight: 1, arbitrary: fc.oneof(stop, junk) },
      );
    }
    default:
      return fc.oneof({ weight: 5, arbitrary: stop }, { weight: 1, arbitrary: junk });
  }
}

const value = fc.oneof(
  fc.constantFrom('', 'true', 'false', 'TRUE', 'abc', '0', '-1', '1', '2147483648', '1e3', 'NaN', '2024-05-01T12:00:00Z', '/', '[]', 'x y', '&<>'),
  fc.string({ maxLength: 20 }),
  fc.string({ unit: 'grapheme', maxLength: 10 }),
  fc.string({ unit: 'binary', maxLength: 10 }),
  fc.integer().map(String),
  fc.string({ minLength: 200, maxLength: 2000 }),
);

const request = fc.constantFrom(...operations).chain(({ codec, name }) => {
  const input = codec.model.operations.get(name)?.input;
  const param = fc.tuple(
    fc.oneof(
      { weight: 4, arbitrary: keyFor(input, 0).map((segs) => segs.join('.')) },
      { weight: 1, arbitrary: fc.array(junkSegment, { maxLength: 40 }).map((segs) => segs.join('.')) },
      { weight: 1, arbitrary: fc.string() },
    ),
    value,
  );
  return fc.record({ codec: fc.constant(codec), name: fc.constant(name), params: fc.array(param, { maxLength: 30 }) });
});

function longestArray(value: unknown, seen = new Set<unknown>()): number {
  if (value === null || typeof value !== 'object' || seen.has(value)) return 0;
  seen.add(value);
  let longest = Array.isArray(value) ? value.length : 0;
  for (const v of Object.values(value)) longest = Math.max(longest, longestArray(v, seen));
  return longest;
}

describe('decoding random parameters for every IAM and STS operation', () => {
  it('returns a value or rejects with a 4xx AwsError, and never builds a list longer than the parameters given', () => {
    fc.assert(
      fc.property(request, ({ codec, name, params }) => {
        const search = new URLSearchParams();
        for (const [k, v] of params) search.append(k, v);
        try {
          const input = codec.decode(name, search);
          expect(longestArray(input)).toBeLessThanOrEqual(params.length);
        } catch (error) {
          if (!(error instanceof AwsError)) throw error;
          expect(error.status).toBeGreaterThanOrEqual(400);
          expect(error.status).toBeLessThan(500);
          expect(['ValidationError', 'MalformedInput']).toContain(error.code);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('survives raw query strings, including broken percent-encoding', () => {
    fc.assert(
      fc.property(fc.constantFrom(...operations), fc.string({ unit: 'binary', maxLength: 300 }), ({ codec, name }, raw) => {
        try {
          codec.decode(name, new URLSearchParams(raw));
        } catch (error) {
          if (!(error instanceof AwsError)) throw error;
          expect(error.status).toBeLessThan(500);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('decodes a sparse, huge index as a single item', () => {
    const input = compileOperation('iam', 'UntagUser').decode(new URLSearchParams({ UserName: 'u', 'TagKeys.member.1000000000': 'k' }));
    expect(input.TagKeys).toEqual(['k']);
  });
});

describe('XML text escaping', () => {
  const parser = new XMLParser({ htmlEntities: true, parseTagValue: false, trimValues: false });

  it('always yields well-formed XML that parses back to the text (illegal characters as U+FFFD)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 60 }), (text) => {
        const xml = `<A>${escapeXml(text)}</A>`;
        expect(XMLValidator.validate(xml)).toBe(true);
        // eslint-disable-next-line no-control-regex
        const expected = text.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDFFF]/gu, '\uFFFD');
        expect((parser.parse(xml) as { A: unknown }).A).toBe(expected);
      }),
      { numRuns: 1000 },
    );
  });
});
