import { describe, expect, it } from 'vitest';
import { AwsError } from '../../src/protocol/errors.js';
import { compileOperation, compileService, queryService } from '../../src/protocol/query.js';
import { syntheticModel } from './synthetic-model.js';

const iam = queryService('iam');
const sts = queryService('sts');
const synthetic = compileService(syntheticModel);

function params(query: string | Record<string, string>): URLSearchParams {
  return new URLSearchParams(query);
}

/** The AwsError a decode throws (fails the test when it does not throw one). */
function rejection(fn: () => unknown): AwsError {
  try {
    fn();
  } catch (error) {
    if (error instanceof AwsError) return error;
    throw error;
  }
  throw new Error('expected the decode to be rejected');
}

function decodeSynthetic(query: Record<string, string>): Record<string, unknown> {
  return synthetic.decode('Everything', params({ Name: 'abc', ...query })) as Record<string, unknown>;
}

describe('decoding Query parameters', () => {
  it('reads top-level members by name and ignores Action, Version and unknown parameters', () => {
    const input = compileOperation('iam', 'CreateUser').decode(
      params({
        Action: 'CreateUser',
        Version: '2010-05-08',
        UserName: 'alice',
        Path: '/eng/',
        'X-Amz-Algorithm': 'AWS4-HMAC-SHA256',
        Unknown: 'x',
        'UserName.Extra': 'ignored',
      }),
    );
    expect(input).toEqual({ UserName: 'alice', Path: '/eng/' });
  });

  it('reads a list of structures in index order, tolerating gaps and disorder', () => {
    const input = compileOperation('iam', 'TagUser').decode(
      params(
        'UserName=bob&Tags.member.10.Key=ten&Tags.member.10.Value=10' +
          '&Tags.member.2.Key=two&Tags.member.2.Value=2&Tags.member.1.Key=one&Tags.member.1.Value=1',
      ),
    );
    expect(input.Tags).toEqual([
      { Key: 'one', Value: '1' },
      { Key: 'two', Value: '2' },
      { Key: 'ten', Value: '10' },
    ]);
  });

  it('allocates only the items given, however large the index', () => {
    const input = compileOperation('iam', 'UntagUser').decode(
      params({ UserName: 'bob', 'TagKeys.member.1000000000': 'b', 'TagKeys.member.99999999999999999999999': 'c', 'TagKeys.member.1': 'a' }),
    );
    expect(input.TagKeys).toEqual(['a', 'b', 'c']);
  });

  it('treats non-canonical list indices as unknown parameters', () => {
    const input = compileOperation('iam', 'UntagUser').decode(
      params({ UserName: 'bob', 'TagKeys.member.1': 'a', 'TagKeys.member.0': 'zero', 'TagKeys.member.01': 'lead', 'TagKeys.member.x': 'x', 'TagKeys.member.-1': 'neg', 'TagKeys.item.2': 'other' }),
    );
    expect(input.TagKeys).toEqual(['a']);
  });

  it('reads an empty value for a list as the empty list, as SDKs send []', () => {
    expect(compileOperation('iam', 'CreateUser').decode(params('UserName=bob&Tags='))).toEqual({ UserName: 'bob', Tags: [] });
  });

  it('keeps the first of two values for the same key', () => {
    expect(compileOperation('iam', 'GetUser').decode(params('UserName=first&UserName=second'))).toEqual({ UserName: 'first' });
  });

  it('converts integers and booleans', () => {
    expect(compileOperation('iam', 'ListUsers').decode(params('MaxItems=25&Marker=abc'))).toEqual({ MaxItems: 25, Marker: 'abc' });
    expect(
      compileOperation('iam', 'UpdateAccountPasswordPolicy').decode(params('MinimumPasswordLength=12&RequireSymbols=true&AllowUsersToChangePassword=FALSE')),
    ).toEqual({ MinimumPasswordLength: 12, RequireSymbols: true, AllowUsersToChangePassword: false });
    expect(decodeSynthetic({ Count: '+7', Big: '9007199254740991', Ratio: '-1.5e3' })).toMatchObject({ Count: 7, Big: 9007199254740991, Ratio: -1500 });
  });

  it('converts ISO 8601 timestamps, with offsets and fractions, and epoch seconds where the model says so', () => {
    expect(decodeSynthetic({ When: '2024-05-01T12:00:00Z' }).When).toEqual(new Date('2024-05-01T12:00:00Z'));
    expect(decodeSynthetic({ When: '2024-05-01T14:00:00.250+02:00' }).When).toEqual(new Date('2024-05-01T12:00:00.250Z'));
    expect(decodeSynthetic({ Epoch: '1714564800' }).Epoch).toEqual(new Date('2024-05-01T12:00:00Z'));
  });

  it('decodes base64 blobs', () => {
    expect(decodeSynthetic({ Data: 'AQID' }).Data).toEqual(new Uint8Array([1, 2, 3]));
  });

  it('reads maps from entry.N.key / entry.N.value, and flattened maps by their own names', () => {
    const input = decodeSynthetic({
      'Attributes.entry.2.key': 'b',
      'Attributes.entry.2.value': 'two',
      'Attributes.entry.1.key': 'a',
      'Attributes.entry.1.value': 'one',
      'FlatAttributes.1.Name': 'x',
      'FlatAttributes.1.Value': '3',
    });
    expect({ ...(input.Attributes as object) }).toEqual({ a: 'one', b: 'two' });
    expect({ ...(input.FlatAttributes as object) }).toEqual({ x: 3 });
  });

  it('keeps a map key named __proto__ as data', () => {
    const input = decodeSynthetic({ 'Attributes.entry.1.key': '__proto__', 'Attributes.entry.1.value': 'x' });
    expect(Object.keys(input.Attributes as object)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });

  it('reads flattened lists, renamed list members and locationName members', () => {
    const input = decodeSynthetic({ 'Flat.1': 'a', 'Flat.2': 'b', 'Named.item.1': 'c', OtherName: 'd', Renamed: 'ignored' });
    expect(input).toMatchObject({ Flat: ['a', 'b'], Named: ['c'], Renamed: 'd' });
  });

  it('reads nested and recursive structures', () => {
    const input = decodeSynthetic({ 'Node.Label': 'top', 'Node.Child.Label': 'mid', 'Node.Child.Child.Label': 'leaf' });
    expect(input.Node).toEqual({ Label: 'top', Child: { Label: 'mid', Child: { Label: 'leaf' } } });
  });

  it('decodes an operation without input to an empty object', () => {
    expect(compileOperation('sts', 'GetCallerIdentity').decode(params('Action=GetCallerIdentity&Version=2011-06-15&Foo=bar'))).toEqual({});
  });

  it('answers InvalidAction for an action the model does not have', () => {
    const error = rejection(() => iam.decode('CreateUsers', params('')));
    expect(error.code).toBe('InvalidAction');
    expect(error.message).toBe('Could not find operation CreateUsers for version 2010-05-08');
    expect(iam.has('toString')).toBe(false);
  });
});

describe('values that cannot be read as their type: MalformedInput', () => {
  it.each([
    ['ListUsers', 'MaxItems=abc', "Invalid value 'abc' for parameter MaxItems: expected an integer."],
    ['ListUsers', 'MaxItems=1.5', "Invalid value '1.5' for parameter MaxItems: expected an integer."],
    ['ListUsers', 'MaxItems=2147483648', "Invalid value '2147483648' for parameter MaxItems: expected an integer."],
    ['ListUsers', 'MaxItems=', "Invalid value '' for parameter MaxItems: expected an integer."],
    ['UpdateAccountPasswordPolicy', 'RequireSymbols=yes', "Invalid value 'yes' for parameter RequireSymbols: expected a boolean (true or false)."],
    ['CreateUser', 'UserName=a&Tags.member.1=x', 'Unexpected complex element termination: Tags.member.1 is a structure and takes no value of its own.'],
    ['CreateUser', 'UserName=a&Tags=x', 'Unexpected list element termination: Tags is a list; send its items as Tags.member.1, Tags.member.2, …'],
  ])('%s with %s', (action, query, message) => {
    const error = rejection(() => iam.decode(action, params(query)));
    expect(error.code).toBe('MalformedInput');
    expect(error.status).toBe(400);
    expect(error.message).toBe(message);
  });

  it.each([
    ['When', '2024-02-30T00:00:00Z'],
    ['When', '2024-05-01 12:00:00'],
    ['When', 'yesterday'],
    ['Data', 'not base64!'],
    ['Data', 'AQI'],
    ['Big', '9007199254740993'],
    ['Ratio', 'one'],
  ])('synthetic %s=%s', (member, value) => {
    const error = rejection(() => decodeSynthetic({ [member]: value }));
    expect(error.code).toBe('MalformedInput');
    expect(error.message).toContain(`for parameter ${member}`);
  });

  it('names the nested key that failed', () => {
    const error = rejection(() => decodeSynthetic({ 'Items.member.2.Key': 'a', 'Items.member.2.Value': 'x' }));
    expect(error.message).toBe("Invalid value 'x' for parameter Items.member.2.Value: expected an integer.");
  });

  it('reports a map entry without its key or value', () => {
    expect(rejection(() => decodeSynthetic({ 'Attributes.entry.1.value': 'a' })).message).toBe(
      'Map entry Attributes.entry.1 has a value but no key.',
    );
  });
});

describe('validation against the model, in AWS wording', () => {
  const message = (action: string, query: string): string => rejection(() => iam.decode(action, params(query))).message;

  it('reports a missing required member as null', () => {
    const error = rejection(() => iam.decode('DeleteUser', params('')));
    expect(error.code).toBe('ValidationError');
    expect(error.status).toBe(400);
    expect(error.message).toBe("1 validation error detected: Value null at 'userName' failed to satisfy constraint: Member must not be null");
  });

  it('reports patterns with the value and the model pattern as written', () => {
    expect(message('CreateUser', 'UserName=x%20y')).toBe(
      "1 validation error detected: Value 'x y' at 'userName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]+",
    );
  });

  it('reports minimum and maximum length', () => {
    expect(message('CreateUser', `UserName=${'a'.repeat(65)}`)).toBe(
      `1 validation error detected: Value '${'a'.repeat(65)}' at 'userName' failed to satisfy constraint: Member must have length less than or equal to 64`,
    );
    expect(message('CreateGroup', 'GroupName=')).toBe(
      "2 validation errors detected: Value '' at 'groupName' failed to satisfy constraint: Member must have length greater than or equal to 1; " +
        "Value '' at 'groupName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]+",
    );
  });

  it('reports enums', () => {
    expect(message('UpdateAccessKey', 'AccessKeyId=AKIAIOSFODNN7EXAMPLE&Status=Enabled')).toBe(
      "1 validation error detected: Value 'Enabled' at 'status' failed to satisfy constraint: Member must satisfy enum value set: [Active, Inactive, Expired]",
    );
  });

  it('reports numeric ranges', () => {
    expect(message('ListUsers', 'MaxItems=0')).toBe(
      "1 validation error detected: Value '0' at 'maxItems' failed to satisfy constraint: Member must have value greater than or equal to 1",
    );
    expect(message('ListUsers', 'MaxItems=1001')).toBe(
      "1 validation error detected: Value '1001' at 'maxItems' failed to satisfy constraint: Member must have value less than or equal to 1000",
    );
  });

  it('reports members of structures in lists as tags.N.member.key', () => {
    expect(message('TagUser', 'UserName=bob&Tags.member.1.Key=ok&Tags.member.1.Value=a%21&Tags.member.2.Value=v')).toBe(
      '2 validation errors detected: ' +
        "Value 'a!' at 'tags.1.member.value' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*; " +
        "Value null at 'tags.2.member.key' failed to satisfy constraint: Member must not be null",
    );
  });

  it('reports list length with the list as the value', () => {
    const query = ['UserName=bob', ...Array.from({ length: 51 }, (_, i) => `TagKeys.member.${i + 1}=k${i}`)].join('&');
    const text = message('UntagUser', query);
    expect(text).toMatch(/^1 validation error detected: Value '\[k0, k1, .*, k50\]' at 'tagKeys' failed to satisfy constraint: Member must have length less than or equal to 50$/);
  });

  it('reports constraints on a list of strings once, for the whole list', () => {
    expect(message('UntagUser', 'UserName=bob&TagKeys.member.1=&TagKeys.member.2=ok')).toBe(
      "1 validation error detected: Value '[, ok]' at 'tagKeys' failed to satisfy constraint: Member must satisfy constraint: " +
        '[Member must have length less than or equal to 128, Member must have length greater than or equal to 1, ' +
        'Member must satisfy regular expression pattern: [\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]+]',
    );
  });

  it('never echoes the value of a sensitive member', () => {
    const text = message('CreateLoginProfile', 'UserName=bob&Password=%01secret');
    expect(text).toBe(
      "1 validation error detected: Value at 'password' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\u0009\\u000A\\u000D\\u0020-\\u00FF]+",
    );
    expect(text).not.toContain('secret');
  });

  it('lower-cases only the first letter of a member name in the path', () => {
    expect(rejection(() => sts.decode('AssumeRoleWithSAML', params('RoleArn=arn:aws:iam::123456789012:role/r&PrincipalArn=arn:aws:iam::123456789012:saml-provider/p'))).message).toBe(
      "1 validation error detected: Value null at 'sAMLAssertion' failed to satisfy constraint: Member must not be null",
    );
  });

  it('counts string length in code points', () => {
    // Eight letters, each a surrogate pair in UTF-16: within a maximum of 8.
    expect(() => decodeSynthetic({ Name: '𝒶𝒷𝒸𝒹𝒺𝒻𝒼𝒽' })).toThrow(/regular expression/);
    expect(() => decodeSynthetic({ Name: '𝒶𝒷𝒸𝒹𝒺𝒻𝒼𝒽' })).not.toThrow(/length/);
  });

  it('validates nested structures, maps and list sizes in a synthetic model', () => {
    const error = rejection(() =>
      decodeSynthetic({
        Name: 'x1',
        Count: '11',
        Level: 'Medium',
        'Items.member.1.Key': 'ok',
        'Items.member.2.Value': '0',
        'Node.Child.Label': 'UPPER',
        'Attributes.entry.1.key': '',
        'Attributes.entry.1.value': 'fine',
        Data: 'AQIDBAU=',
        Secret: 'abc',
      }),
    );
    expect(error.message.split('; ')).toEqual([
      "9 validation errors detected: Value 'x1' at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-z]+",
      "Value '11' at 'count' failed to satisfy constraint: Member must have value less than or equal to 10",
      "Value 'AQIDBAU=' at 'data' failed to satisfy constraint: Member must have length less than or equal to 4",
      "Value '{=fine}' at 'attributes' failed to satisfy constraint: Map keys must satisfy constraint: [Member must have length greater than or equal to 1]",
      "Value null at 'items.2.member.key' failed to satisfy constraint: Member must not be null",
      "Value '0' at 'items.2.member.value' failed to satisfy constraint: Member must have value greater than or equal to 1",
      "Value 'UPPER' at 'node.child.label' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-z]+",
      "Value at 'secret' failed to satisfy constraint: Member must have length greater than or equal to 4",
      "Value 'Medium' at 'level' failed to satisfy constraint: Member must satisfy enum value set: [Low, High]",
    ]);
  });
});
