import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { AwsError } from '../../src/protocol/errors.js';
import { compileOperation, compileService, encodeError, queryService } from '../../src/protocol/query.js';
import { escapeXml, formatTimestamp } from '../../src/protocol/xml.js';
import { syntheticModel } from './synthetic-model.js';

const sts = queryService('sts');
const synthetic = compileService(syntheticModel);

// Leaves every value a string, so the tests see exactly what was written.
const parser = new XMLParser({ ignoreAttributes: false, htmlEntities: true, parseTagValue: false, trimValues: false, isArray: (name) => name === 'member' || name === 'entry' });

function parse(xml: string): Record<string, unknown> {
  expect(XMLValidator.validate(xml)).toBe(true);
  return parser.parse(xml) as Record<string, unknown>;
}

describe('encoding results as XML', () => {
  it('wraps the output in <Op>Response / <Op>Result with the namespace and the request id', () => {
    const xml = compileOperation('iam', 'GetUser').encodeResult(
      {
        User: {
          Path: '/',
          UserName: 'alice',
          UserId: 'AIDAEXAMPLE0000000001',
          Arn: 'arn:aws:iam::123456789012:user/alice',
          CreateDate: new Date('2024-05-01T12:00:00.789Z'),
          PasswordLastUsed: undefined,
          Tags: [{ Key: 'team', Value: 'blue' }],
        },
      },
      'req-1',
    );
    expect(xml).toBe(
      '<GetUserResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><GetUserResult><User>' +
        '<Path>/</Path><UserName>alice</UserName><UserId>AIDAEXAMPLE0000000001</UserId>' +
        '<Arn>arn:aws:iam::123456789012:user/alice</Arn><CreateDate>2024-05-01T12:00:00Z</CreateDate>' +
        '<Tags><member><Key>team</Key><Value>blue</Value></member></Tags></User></GetUserResult>' +
        '<ResponseMetadata><RequestId>req-1</RequestId></ResponseMetadata></GetUserResponse>',
    );
    expect(parse(xml)).toMatchObject({ GetUserResponse: { '@_xmlns': 'https://iam.amazonaws.com/doc/2010-05-08/' } });
  });

  it('writes members in model order, whatever the order of the object', () => {
    const xml = compileOperation('sts', 'GetCallerIdentity').encodeResult({ Arn: 'arn:aws:iam::123456789012:root', Account: '123456789012', UserId: '123456789012' }, 'r');
    expect(xml).toContain('<UserId>123456789012</UserId><Account>123456789012</Account><Arn>arn:aws:iam::123456789012:root</Arn>');
  });

  it('writes lists as member children, booleans and integers as text', () => {
    const xml = compileOperation('iam', 'ListUsers').encodeResult(
      {
        Users: [
          { Path: '/', UserName: 'a', UserId: 'AIDA1', Arn: 'arn:aws:iam::123456789012:user/a', CreateDate: new Date(0) },
          { Path: '/', UserName: 'b', UserId: 'AIDA2', Arn: 'arn:aws:iam::123456789012:user/b', CreateDate: new Date(0) },
        ],
        IsTruncated: true,
        Marker: 'next',
      },
      'r',
    );
    const result = (parse(xml).ListUsersResponse as Record<string, Record<string, unknown>>).ListUsersResult!;
    expect((result.Users as { member: { UserName: string }[] }).member.map((u) => u.UserName)).toEqual(['a', 'b']);
    expect(result.IsTruncated).toBe('true');
    expect(result.Marker).toBe('next');
    expect(xml).toContain('<CreateDate>1970-01-01T00:00:00Z</CreateDate>');
  });

  it('writes an empty list as an empty element', () => {
    expect(compileOperation('iam', 'ListUsers').encodeResult({ Users: [], IsTruncated: false }, 'r')).toContain('<Users></Users><IsTruncated>false</IsTruncated>');
  });

  it('writes maps as entry/key/value', () => {
    const xml = compileOperation('iam', 'GetAccountSummary').encodeResult({ SummaryMap: { Users: 3, Groups: 1 } }, 'r');
    expect(xml).toContain('<SummaryMap><entry><key>Users</key><value>3</value></entry><entry><key>Groups</key><value>1</value></entry></SummaryMap>');
  });

  it('answers an operation without output with ResponseMetadata only', () => {
    expect(compileOperation('iam', 'DeleteUser').encodeResult({}, 'req-9')).toBe(
      '<DeleteUserResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><ResponseMetadata><RequestId>req-9</RequestId></ResponseMetadata></DeleteUserResponse>',
    );
  });

  it('writes blobs as base64, flattened lists and maps under the member name, and locationName', () => {
    const xml = synthetic.operation('Everything').encodeResult(
      {
        Data: new Uint8Array([1, 2, 3]),
        Flat: ['a', 'b'],
        FlatAttributes: { x: 1 },
        Named: ['n'],
        Renamed: 'r',
        Big: 2 ** 40,
        Ratio: 0.5,
        Node: { Label: 'top', Child: { Label: 'leaf' } },
      },
      'r',
    );
    expect(xml).toContain('<Big>1099511627776</Big><Ratio>0.5</Ratio><Data>AQID</Data>');
    expect(xml).toContain('<FlatAttributes><Name>x</Name><Value>1</Value></FlatAttributes>');
    expect(xml).toContain('<Flat>a</Flat><Flat>b</Flat>');
    expect(xml).toContain('<OtherName>r</OtherName><Named><item>n</item></Named>');
    expect(xml).toContain('<Node><Label>top</Label><Child><Label>leaf</Label></Child></Node>');
  });

  it('escapes markup and quotes, keeps CR, and replaces characters XML cannot carry', () => {
    const nasty = `a&b <c> "d" 'e' \r\n\t\u0000\u0008\u000B\u001F\uFFFE \uD800 😀 é`;
    const xml = compileOperation('iam', 'GetUser').encodeResult(
      { User: { Path: '/', UserName: nasty, UserId: 'x', Arn: 'x', CreateDate: new Date(0) } },
      'r',
    );
    expect(xml).toContain(
      '<UserName>a&amp;b &lt;c&gt; &quot;d&quot; &apos;e&apos; &#13;\n\t\uFFFD\uFFFD\uFFFD\uFFFD\uFFFD \uFFFD 😀 é</UserName>',
    );
    const user = ((parse(xml).GetUserResponse as Record<string, Record<string, Record<string, unknown>>>).GetUserResult!.User!);
    expect(user.UserName).toBe(`a&b <c> "d" 'e' \r\n\t\uFFFD\uFFFD\uFFFD\uFFFD\uFFFD \uFFFD 😀 é`);
  });

  it('leaves ordinary text untouched', () => {
    const text = 'arn:aws:iam::123456789012:user/division/alice';
    expect(escapeXml(text)).toBe(text);
  });

  it('writes timestamps in UTC to the second, never rounding up', () => {
    expect(formatTimestamp(new Date('2024-05-01T12:00:00.999Z'))).toBe('2024-05-01T12:00:00Z');
    expect(formatTimestamp(new Date('2024-05-01T14:00:00+02:00'))).toBe('2024-05-01T12:00:00Z');
  });

  it('fails loudly (a server bug, not a client error) when a handler returns the wrong type', () => {
    expect(() => compileOperation('iam', 'ListUsers').encodeResult({ Users: 'nope', IsTruncated: false } as never, 'r')).toThrow(TypeError);
    expect(() => compileOperation('iam', 'ListUsers').encodeResult({ Users: [], IsTruncated: 'yes' } as never, 'r')).toThrow(TypeError);
  });
});

describe('encoding errors as XML', () => {
  it('writes ErrorResponse with the fault type, code, message and request id', () => {
    const xml = encodeError('iam', new AwsError('NoSuchEntity', 'The user with name <bob> cannot be found.'), 'req-2');
    expect(xml).toBe(
      '<ErrorResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><Error><Type>Sender</Type><Code>NoSuchEntity</Code>' +
        '<Message>The user with name &lt;bob&gt; cannot be found.</Message></Error><RequestId>req-2</RequestId></ErrorResponse>',
    );
    expect(parse(xml)).toMatchObject({ ErrorResponse: { Error: { Type: 'Sender', Code: 'NoSuchEntity' }, RequestId: 'req-2' } });
  });

  it('marks server-side failures as Receiver faults, in the STS namespace for STS', () => {
    const xml = sts.encodeError(new AwsError('ServiceFailure', 'boom'), 'r');
    expect(xml).toContain('<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Receiver</Type>');
  });
});
