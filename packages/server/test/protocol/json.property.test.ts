import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AwsError } from '../../src/protocol/errors.js';
import { jsonService } from '../../src/protocol/json.js';

const cloudtrail = jsonService('cloudtrail');
const operations = [...cloudtrail.model.operations.keys()];

describe('the JSON 1.1 codec', () => {
  it('reads LookupEvents input with epoch-second times', () => {
    const input = cloudtrail.decode('LookupEvents', Buffer.from(JSON.stringify({ StartTime: 1_700_000_000.5, MaxResults: 5, LookupAttributes: [{ AttributeKey: 'Username', AttributeValue: 'alice' }] })));
    expect(input).toEqual({ StartTime: new Date(1_700_000_000_500), MaxResults: 5, LookupAttributes: [{ AttributeKey: 'Username', AttributeValue: 'alice' }] });
  });

  it('writes times as epoch seconds and leaves out absent members', () => {
    const body = cloudtrail.encodeResult('LookupEvents', { Events: [{ EventId: 'e', EventTime: new Date(1_700_000_000_000), Resources: [] }] });
    expect(JSON.parse(body)).toEqual({ Events: [{ EventId: 'e', EventTime: 1_700_000_000, Resources: [] }] });
  });

  it('names an operation by the short or the fully qualified target prefix, and nothing else', () => {
    expect(cloudtrail.operationOf('CloudTrail_20131101.LookupEvents')).toBe('LookupEvents');
    expect(cloudtrail.operationOf('com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.LookupEvents')).toBe('LookupEvents');
    for (const bad of ['LookupEvents', 'CloudTrail_20131101.toString', 'Other_1.LookupEvents', '']) {
      expect(() => cloudtrail.operationOf(bad)).toThrow(AwsError);
    }
  });

  it('answers any body for any operation with a typed input or an AwsError, never anything else', () => {
    const json = fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v));
    const body = fc.oneof(json, fc.string({ maxLength: 60 }), fc.constantFrom('{"StartTime":"x"}', '{"MaxResults":1.5}', '{"LookupAttributes":{}}', '{"LookupAttributes":[null]}', '[]', 'null'));
    fc.assert(
      fc.property(fc.constantFrom(...operations), body, (operation, text) => {
        try {
          const input = cloudtrail.decode(operation, Buffer.from(text));
          expect(typeof input).toBe('object');
        } catch (error) {
          expect(error).toBeInstanceOf(AwsError);
          expect((error as AwsError).status).toBeLessThan(500);
        }
      }),
      { numRuns: 2000 },
    );
  });
});
