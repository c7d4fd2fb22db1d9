/**
 * A small query-protocol model exercising what IAM's and STS's inputs never use (maps,
 * timestamps, blobs, longs, doubles, flattened lists, locationName, recursion), so the codecs
 * are tested on every shape kind the botocore format has.
 */
import { parseServiceModel, type RawServiceModel } from '../../src/protocol/model.js';

export const syntheticRaw: RawServiceModel = {
  metadata: {
    apiVersion: '2020-01-08',
    protocol: 'query',
    serviceId: 'Synthetic',
    endpointPrefix: 'synthetic',
    xmlNamespace: 'https://synthetic.example/doc/2020-01-08/',
  },
  operations: {
    Everything: {
      name: 'Everything',
      input: { shape: 'EverythingInput' },
      output: { shape: 'EverythingOutput', resultWrapper: 'EverythingResult' },
    },
    NoInput: { name: 'NoInput', output: { shape: 'EverythingOutput', resultWrapper: 'NoInputResult' } },
  },
  shapes: {
    EverythingInput: {
      type: 'structure',
      required: ['Name'],
      members: {
        Name: { shape: 'NameType' },
        Count: { shape: 'CountType' },
        Big: { shape: 'LongType' },
        Ratio: { shape: 'DoubleType' },
        Enabled: { shape: 'BoolType' },
        When: { shape: 'TimeType' },
        Epoch: { shape: 'EpochType' },
        Data: { shape: 'BlobType' },
        Attributes: { shape: 'AttributeMap' },
        FlatAttributes: { shape: 'FlatMap' },
        Items: { shape: 'ItemList' },
        Flat: { shape: 'FlatList' },
        Renamed: { shape: 'NameType', locationName: 'OtherName' },
        Named: { shape: 'NamedMemberList' },
        Node: { shape: 'TreeNode' },
        Secret: { shape: 'SecretType' },
        Level: { shape: 'LevelType' },
      },
    },
    EverythingOutput: {
      type: 'structure',
      members: {
        Name: { shape: 'NameType' },
        Count: { shape: 'CountType' },
        Big: { shape: 'LongType' },
        Ratio: { shape: 'DoubleType' },
        Enabled: { shape: 'BoolType' },
        When: { shape: 'TimeType' },
        Data: { shape: 'BlobType' },
        Attributes: { shape: 'AttributeMap' },
        FlatAttributes: { shape: 'FlatMap' },
        Items: { shape: 'ItemList' },
        Flat: { shape: 'FlatList' },
        Renamed: { shape: 'NameType', locationName: 'OtherName' },
        Named: { shape: 'NamedMemberList' },
        Node: { shape: 'TreeNode' },
      },
    },
    NameType: { type: 'string', min: 1, max: 8, pattern: '[a-z]+' },
    SecretType: { type: 'string', min: 4, sensitive: true },
    LevelType: { type: 'string', enum: ['Low', 'High'] },
    CountType: { type: 'integer', min: 1, max: 10 },
    LongType: { type: 'long' },
    DoubleType: { type: 'double' },
    BoolType: { type: 'boolean' },
    TimeType: { type: 'timestamp' },
    EpochType: { type: 'timestamp', timestampFormat: 'unixTimestamp' },
    BlobType: { type: 'blob', max: 4 },
    KeyType: { type: 'string', min: 1 },
    AttributeMap: { type: 'map', key: { shape: 'KeyType' }, value: { shape: 'NameType' }, max: 3 },
    FlatMap: {
      type: 'map',
      key: { shape: 'KeyType', locationName: 'Name' },
      value: { shape: 'CountType', locationName: 'Value' },
      flattened: true,
    },
    Item: {
      type: 'structure',
      required: ['Key'],
      members: { Key: { shape: 'NameType' }, Value: { shape: 'CountType' } },
    },
    ItemList: { type: 'list', member: { shape: 'Item' }, max: 3 },
    FlatList: { type: 'list', member: { shape: 'NameType' }, flattened: true },
    NamedMemberList: { type: 'list', member: { shape: 'NameType', locationName: 'item' } },
    TreeNode: {
      type: 'structure',
      members: { Label: { shape: 'NameType' }, Child: { shape: 'TreeNode' } },
    },
  },
};

export const syntheticModel = parseServiceModel(syntheticRaw);
