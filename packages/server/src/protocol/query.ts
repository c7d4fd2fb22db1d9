/**
 * The AWS Query protocol (IAM, STS): form-encoded input in, XML out, compiled from the model
 * once per operation at start-up.
 *
 * Input keys (https://smithy.io/2.0/aws/protocols/aws-query-protocol.html):
 *   UserName=bob                          top-level member
 *   Nested.StringArg=x                    structure member
 *   Tags.member.1.Key=k                   list of structures (1-based; `member` unless renamed)
 *   Tags=                                 an empty list (what botocore and SDK v3 send for [])
 *   Attrs.entry.1.key=k&Attrs.entry.1.value=v   map
 *
 * Decisions, with what backs each (AWS documents none of this):
 * - Unknown parameters are ignored. They have to be: SigV2/SigV4 query authentication
 *   (X-Amz-*, AWSAccessKeyId, Signature…) travels in the same parameter set.
 * - List indices only order the items, so `member.1` and `member.3` make a two-item list.
 *   AWS's handling of gaps is undocumented; compacting accepts everything an SDK sends and
 *   never sizes anything by an index (`member.1000000000` allocates one item). Indices that
 *   are not canonical positive integers (`0`, `01`, `x`) are unknown keys, hence ignored.
 * - A value that cannot be read as the member's type (MaxItems=abc, a boolean other than
 *   true/false, a bad timestamp or base64) and a plain value where a structure or list belongs
 *   are `MalformedInput` (400), the code AWS's Query services answer before any validation:
 *   STS for DurationSeconds=NaN (github.com/aws-azure-login/aws-azure-login/pull/30), ELB and
 *   CloudWatch for `Instances.member.1=i-…` ("Unexpected complex element termination",
 *   github.com/boto/boto/issues/37, jclouds/legacy-jclouds#274). The message text after that
 *   phrase is ours: AWS's conversion messages are not on record.
 * - Then the model's constraints, every problem at once, as one ValidationError (validate.ts).
 * - The same key twice: the first value counts.
 */
import { AwsError, validationError } from './errors.js';
import type { IamOperations } from './generated/iam.js';
import type { StsOperations } from './generated/sts.js';
import {
  loadServiceModel,
  type ListShape,
  type MapShape,
  type OperationModel,
  type ServiceModel,
  type ServiceName,
  type Shape,
  type StructureShape,
} from './model.js';
import { compileCheck } from './validate.js';
import { compileXmlWriter, escapeXml, type XmlWriter } from './xml.js';

/** Content-Type of every Query protocol response body (what IAM and STS send). */
export const QUERY_CONTENT_TYPE = 'text/xml';

export interface QueryOperation<I = unknown, O = unknown> {
  readonly name: string;
  readonly model: OperationModel;
  /**
   * Decodes and validates the request's parameters (body or query string, `Action` and
   * `Version` included or not — they are not members). Throws AwsError (400) for input AWS
   * would reject; returns a typed input otherwise.
   */
  decode(params: URLSearchParams): I;
  /** The whole XML body of a successful response. */
  encodeResult(output: O, requestId: string): string;
}

/**
 * A service's compiled Query codec: every operation of the model, compiled once.
 *
 * From an HTTP handler:
 *   const iam = queryService('iam');            // or compileService(loadServiceModel('iam')), at start-up
 *   const action = params.get('Action');        // absent → MissingAction
 *   if (!iam.has(action)) → InvalidAction       // present in the model but unhandled → NotImplemented
 *   const input = iam.decode(action, params);   // throws AwsError (400) for input AWS would reject
 *   body = iam.encodeResult(action, output, requestId);   // 200, Content-Type: text/xml
 *   on error: body = iam.encodeError(awsError, requestId), status = awsError.status
 */
export interface ServiceCodec {
  readonly model: ServiceModel;
  /** The API version clients send as `Version`, e.g. 2010-05-08. */
  readonly apiVersion: string;
  readonly xmlNamespace: string;
  readonly operationNames: readonly string[];
  /** Whether the model has this operation (own names only: `toString` is not one). */
  has(action: string): boolean;
  /** The codec of one operation. Throws (a programming error) for a name the model lacks. */
  operation(name: string): QueryOperation;
  /** The codec for an `Action` value, or undefined when the model has no such operation. */
  find(action: string): QueryOperation | undefined;
  /** Decodes and validates the parameters of `action`; InvalidAction for an unknown one. */
  decode(action: string, params: URLSearchParams): unknown;
  /** The XML body of a successful response to `action`. */
  encodeResult(action: string, output: unknown, requestId: string): string;
  /** The `<ErrorResponse>` body for an error. */
  encodeError(error: AwsError, requestId: string): string;
}

const services = new Map<ServiceName, ServiceCodec>();

/** The compiled codec of a shipped service, cached per process; call it at start-up. */
export function queryService(name: ServiceName): ServiceCodec {
  let service = services.get(name);
  if (service === undefined) {
    service = compileService(loadServiceModel(name));
    services.set(name, service);
  }
  return service;
}

type IamCodec<K extends keyof IamOperations> = QueryOperation<IamOperations[K]['input'], IamOperations[K]['output']>;
type StsCodec<K extends keyof StsOperations> = QueryOperation<StsOperations[K]['input'], StsOperations[K]['output']>;

/**
 * One operation's codec, typed from the generated operation map:
 * `compileOperation('iam', 'CreateUser').decode(params)` is a CreateUserRequest.
 * The same object as `queryService(service).operation(name)`.
 */
export function compileOperation<K extends keyof IamOperations & string>(service: 'iam', operation: K): IamCodec<K>;
export function compileOperation<K extends keyof StsOperations & string>(service: 'sts', operation: K): StsCodec<K>;
export function compileOperation(service: ServiceName, operation: string): QueryOperation;
export function compileOperation(service: ServiceName, operation: string): QueryOperation {
  return queryService(service).operation(operation);
}

/** The `<ErrorResponse>` body for an error answered on behalf of a Query service. */
export function encodeError(service: ServiceName, error: AwsError, requestId: string): string {
  return queryService(service).encodeError(error, requestId);
}

/** Compiles every operation of a query-protocol model (tests also feed synthetic ones). */
export function compileService(model: ServiceModel): ServiceCodec {
  if (model.metadata.protocol !== 'query') {
    throw new Error(`${model.metadata.serviceId} uses the ${model.metadata.protocol} protocol, not query`);
  }
  const xmlNamespace = model.metadata.xmlNamespace ?? '';
  const xmlns = xmlNamespace === '' ? '' : ` xmlns="${escapeXml(xmlNamespace)}"`;
  const operations = new Map<string, QueryOperation>();
  for (const [opName, op] of model.operations) {
    operations.set(opName, compileQueryOperation(op, xmlns));
  }
  const apiVersion = model.metadata.apiVersion;
  const required = (action: string): QueryOperation => {
    const op = operations.get(action);
    if (op === undefined) {
      throw new AwsError('InvalidAction', `Could not find operation ${action} for version ${apiVersion}`);
    }
    return op;
  };
  const codec: ServiceCodec = {
    model,
    apiVersion,
    xmlNamespace,
    operationNames: model.operationNames,
    has: (action) => operations.has(action),
    operation(name: string) {
      const op = operations.get(name);
      if (op === undefined) throw new Error(`${model.metadata.serviceId} has no operation ${name}`);
      return op;
    },
    find: (action) => operations.get(action),
    decode: (action, params) => required(action).decode(params),
    encodeResult: (action, output, requestId) => required(action).encodeResult(output, requestId),
    encodeError: (error, requestId) =>
      `<ErrorResponse${xmlns}><Error><Type>${error.fault}</Type><Code>${escapeXml(error.code)}</Code>` +
      `<Message>${escapeXml(error.message)}</Message></Error><RequestId>${escapeXml(requestId)}</RequestId></ErrorResponse>`,
  };
  return codec;
}

function compileQueryOperation(op: OperationModel, xmlns: string): QueryOperation {
  const input = op.input;
  const reader = input ? compileReader(input) : undefined;
  const check = input ? compileCheck(input) : undefined;

  const responseOpen = `<${op.name}Response${xmlns}>`;
  const responseClose = `</${op.name}Response>`;
  const output = op.output;
  const wrapper = op.resultWrapper ?? `${op.name}Result`;
  const writeOutput: XmlWriter | undefined = output ? compileXmlWriter(output) : undefined;

  return {
    name: op.name,
    model: op,
    decode(params) {
      if (reader === undefined || check === undefined) return {};
      const root: RawNode = { v: undefined, c: undefined };
      // forEach rather than for…of: the entry iterator costs more than the decoding itself.
      params.forEach((value, key) => {
        if (key !== 'Action' && key !== 'Version') reader.insert(root, key, 0, value);
      });
      const value = reader.read(root, '') ?? {};
      const problems: string[] = [];
      check(value, '', problems);
      if (problems.length > 0) throw validationError(problems);
      return value;
    },
    encodeResult(result, requestId) {
      const meta = `<ResponseMetadata><RequestId>${escapeXml(requestId)}</RequestId></ResponseMetadata>`;
      if (writeOutput === undefined) return responseOpen + meta + responseClose;
      const body = writeOutput(result ?? {});
      return `${responseOpen}<${wrapper}>${body}</${wrapper}>${meta}${responseClose}`;
    },
  };
}

// ---------------------------------------------------------------------------------------
// Decoding: one pass over the parameters builds a tree that follows the model (unknown keys
// never enter it), then one pass over the tree converts it to typed values.

/** A node of the parameter tree: its own value (`A=…`) and/or children (`A.x=…`). */
interface RawNode {
  v: string | undefined;
  c: Map<string, RawNode> | undefined;
}

interface Reader {
  /**
   * Adds the rest of `key` from `pos` (the start of its next dot-separated segment; past the
   * end when none is left) = value under node. False, and nothing added, for a key the model
   * does not have. Keys are walked in place rather than split: this is the hot path.
   */
  insert(node: RawNode, key: string, pos: number, value: string): boolean;
  /** The typed value for a node, or undefined when nothing was given. `wire` names it in errors. */
  read(node: RawNode, wire: string): unknown;
}

const readers = new WeakMap<Shape, Reader>();

function compileReader(shape: Shape): Reader {
  const existing = readers.get(shape);
  if (existing !== undefined) return existing;
  // A recursive shape reaches the finished reader through this forwarding placeholder.
  readers.set(shape, {
    insert: (n, k, p, v) => compiled.insert(n, k, p, v),
    read: (n, w) => compiled.read(n, w),
  });
  const compiled: Reader = buildReader(shape);
  readers.set(shape, compiled);
  return compiled;
}

function buildReader(shape: Shape): Reader {
  switch (shape.type) {
    case 'structure':
      return structureReader(shape);
    case 'list':
      return listReader(shape);
    case 'map':
      return mapReader(shape);
    default:
      return scalarReader(shape);
  }
}

/** Adds a child under `key`, keeping it only if the rest of the key is accepted. */
function insertChild(node: RawNode, name: string, reader: Reader, key: string, pos: number, value: string): boolean {
  node.c ??= new Map();
  let child = node.c.get(name);
  if (child !== undefined) return reader.insert(child, key, pos, value);
  child = { v: undefined, c: undefined };
  if (!reader.insert(child, key, pos, value)) return false;
  node.c.set(name, child);
  return true;
}

/** Where the segment starting at `pos` ends (the next dot, or the end of the key). */
function segmentEnd(key: string, pos: number): number {
  const dot = key.indexOf('.', pos);
  return dot < 0 ? key.length : dot;
}

/** Whether the segment starting at `pos` is exactly `word`. */
function segmentIs(key: string, pos: number, word: string): boolean {
  const end = pos + word.length;
  return key.startsWith(word, pos) && (end === key.length || key.charCodeAt(end) === 0x2e);
}

function setOwnValue(node: RawNode, value: string): boolean {
  if (node.v === undefined) node.v = value;
  return true;
}

function structureReader(shape: StructureShape): Reader {
  const byWire = new Map<string, { name: string; shape: Shape; reader?: Reader }>();
  for (const m of shape.members) {
    // A flattened list or map keeps the member's own name on the wire (Smithy awsQuery).
    byWire.set(m.locationName ?? m.name, { name: m.name, shape: m.shape });
  }
  const members = [...byWire.entries()];
  return {
    insert(node, key, pos, value) {
      if (pos > key.length) return setOwnValue(node, value);
      const end = segmentEnd(key, pos);
      const m = byWire.get(key.slice(pos, end));
      if (m === undefined) return false;
      return insertChild(node, m.name, (m.reader ??= compileReader(m.shape)), key, end + 1, value);
    },
    read(node, wire) {
      if (node.v !== undefined && node.v !== '') {
        throw malformed(`Unexpected complex element termination: ${wire} is a structure and takes no value of its own.`);
      }
      const out: Record<string, unknown> = {};
      if (node.c === undefined) return node.v === undefined ? undefined : out;
      for (const [wireName, m] of members) {
        const child = node.c.get(m.name);
        if (child === undefined) continue;
        const v = m.reader!.read(child, wire === '' ? wireName : `${wire}.${wireName}`);
        if (v !== undefined) out[m.name] = v;
      }
      return out;
    },
  };
}

/** Canonical 1-based index: no sign, no leading zero, digits only. */
function isIndex(seg: string): boolean {
  if (seg.length === 0) return false;
  const first = seg.charCodeAt(0);
  if (first < 0x31 || first > 0x39) return false;
  for (let i = 1; i < seg.length; i++) {
    const c = seg.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return false;
  }
  return true;
}

/** Numeric order of canonical indices without converting them (they may exceed 2^53). */
function byIndex(a: string, b: string): number {
  if (a.length !== b.length) return a.length - b.length;
  return a < b ? -1 : a > b ? 1 : 0;
}

function listReader(shape: ListShape): Reader {
  const flattened = shape.flattened;
  const memberName = shape.member.locationName ?? 'member';
  let item: Reader | undefined;
  return {
    insert(node, key, pos, value) {
      if (pos > key.length) return setOwnValue(node, value);
      let at = pos;
      if (!flattened) {
        if (!segmentIs(key, at, memberName)) return false;
        at += memberName.length + 1;
        if (at > key.length) return false;
      }
      const end = segmentEnd(key, at);
      const index = key.slice(at, end);
      if (!isIndex(index)) return false;
      return insertChild(node, index, (item ??= compileReader(shape.member.shape)), key, end + 1, value);
    },
    read(node, wire) {
      if (node.c === undefined) {
        if (node.v === undefined) return undefined;
        // `Tags=` is how SDKs send an empty list.
        if (node.v === '') return [];
        throw malformed(`Unexpected list element termination: ${wire} is a list; send its items as ${wire}.${flattened ? '' : `${memberName}.`}1, ${wire}.${flattened ? '' : `${memberName}.`}2, …`);
      }
      const indices = [...node.c.keys()].sort(byIndex);
      const out: unknown[] = [];
      for (const index of indices) {
        const v = item!.read(node.c.get(index)!, `${wire}.${flattened ? '' : `${memberName}.`}${index}`);
        if (v !== undefined) out.push(v);
      }
      return out;
    },
  };
}

function mapReader(shape: MapShape): Reader {
  const flattened = shape.flattened;
  const keyName = shape.key.locationName ?? 'key';
  const valueName = shape.value.locationName ?? 'value';
  let keyReader: Reader | undefined;
  let valueReader: Reader | undefined;
  return {
    insert(node, key, pos, value) {
      if (pos > key.length) return setOwnValue(node, value);
      let at = pos;
      if (!flattened) {
        if (!segmentIs(key, at, 'entry')) return false;
        at += 'entry'.length + 1;
        if (at > key.length) return false;
      }
      const indexEnd = segmentEnd(key, at);
      const index = key.slice(at, indexEnd);
      if (!isIndex(index)) return false;
      at = indexEnd + 1;
      if (at > key.length) return false;
      const partEnd = segmentEnd(key, at);
      const part = key.slice(at, partEnd);
      let reader: Reader;
      if (part === keyName) reader = keyReader ??= compileReader(shape.key.shape);
      else if (part === valueName) reader = valueReader ??= compileReader(shape.value.shape);
      else return false;
      node.c ??= new Map();
      let entry = node.c.get(index);
      const created = entry === undefined;
      entry ??= { v: undefined, c: undefined };
      if (!insertChild(entry, part, reader, key, partEnd + 1, value)) return false;
      if (created) node.c.set(index, entry);
      return true;
    },
    read(node, wire) {
      if (node.c === undefined) {
        if (node.v === undefined) return undefined;
        if (node.v === '') return Object.create(null) as Record<string, unknown>;
        throw malformed(`Unexpected map element termination: ${wire} is a map; send its entries as ${wire}.${flattened ? '' : 'entry.'}1.${keyName} and ${wire}.${flattened ? '' : 'entry.'}1.${valueName}.`);
      }
      // Keys come from the client: a prototype-less object cannot be polluted via `__proto__`.
      const out = Object.create(null) as Record<string, unknown>;
      for (const index of [...node.c.keys()].sort(byIndex)) {
        const entry = node.c.get(index)!;
        const at = `${wire}.${flattened ? '' : 'entry.'}${index}`;
        const k = entry.c?.get(keyName);
        const v = entry.c?.get(valueName);
        const key = k === undefined ? undefined : keyReader!.read(k, `${at}.${keyName}`);
        const val = v === undefined ? undefined : valueReader!.read(v, `${at}.${valueName}`);
        if (key === undefined) throw malformed(`Map entry ${at} has a ${valueName} but no ${keyName}.`);
        if (val === undefined) throw malformed(`Map entry ${at} has a ${keyName} but no ${valueName}.`);
        if (!(String(key) in out)) out[String(key)] = val;
      }
      return out;
    },
  };
}

const INTEGER = /^[+-]?\d{1,20}$/;
const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const ISO_8601 = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?:([Zz])|([+-])(\d{2}):?(\d{2}))$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

function scalarReader(shape: Exclude<Shape, StructureShape | ListShape | MapShape>): Reader {
  const convert = scalarConverter(shape);
  return {
    insert(node, key, pos, value) {
      // `UserName.x=…` is not a key of this model: ignored like any unknown parameter.
      if (pos <= key.length) return false;
      return setOwnValue(node, value);
    },
    read(node, wire) {
      if (node.v === undefined) return undefined;
      return convert(node.v, wire);
    },
  };
}

function scalarConverter(shape: Exclude<Shape, StructureShape | ListShape | MapShape>): (v: string, wire: string) => unknown {
  switch (shape.type) {
    case 'string':
      return (v) => v;
    case 'integer':
      // Java int range: AWS parses into a 32-bit int.
      return (v, wire) => {
        const n = INTEGER.test(v) ? Number(v) : NaN;
        if (!Number.isInteger(n) || n < -2147483648 || n > 2147483647) throw notA(shape, wire, v, 'an integer');
        return n;
      };
    case 'long':
      return (v, wire) => {
        const n = INTEGER.test(v) ? Number(v) : NaN;
        if (!Number.isSafeInteger(n)) throw notA(shape, wire, v, 'an integer');
        return n;
      };
    case 'float':
    case 'double':
      return (v, wire) => {
        if (!DECIMAL.test(v)) throw notA(shape, wire, v, 'a number');
        return Number(v);
      };
    case 'boolean':
      return (v, wire) => {
        const lower = v.length <= 5 ? v.toLowerCase() : '';
        if (lower === 'true') return true;
        if (lower === 'false') return false;
        throw notA(shape, wire, v, 'a boolean (true or false)');
      };
    case 'timestamp':
      return (v, wire) => {
        const d = parseTimestamp(v, shape.timestampFormat);
        if (d === undefined) throw notA(shape, wire, v, 'an ISO 8601 date-time such as 2024-05-01T12:00:00Z');
        return d;
      };
    case 'blob':
      return (v, wire) => {
        if (!BASE64.test(v)) throw notA(shape, wire, v, 'base64-encoded data');
        return new Uint8Array(Buffer.from(v, 'base64'));
      };
  }
}

export function parseTimestamp(v: string, format?: string): Date | undefined {
  if (format === 'unixTimestamp') {
    if (!DECIMAL.test(v)) return undefined;
    const d = new Date(Number(v) * 1000);
    return Number.isNaN(d.getTime()) ? undefined : d;
  }
  const m = ISO_8601.exec(v);
  if (m === null) return undefined;
  const [, y, mo, d, h, mi, s, frac, , sign, oh, om] = m;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = Number(s);
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return undefined;
  const ms = frac === undefined ? 0 : Math.floor(Number(`0.${frac}`) * 1000);
  let t = Date.UTC(year, month - 1, day, hour, minute, second, ms);
  // Date.UTC rolls 31 February over into March; a real date round-trips.
  const check = new Date(t);
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) {
    return undefined;
  }
  if (sign !== undefined) {
    const offset = (Number(oh) * 60 + Number(om)) * 60_000;
    if (Number(oh) > 23 || Number(om) > 59) return undefined;
    t += sign === '+' ? -offset : offset;
  }
  return new Date(t);
}

function malformed(message: string): AwsError {
  return new AwsError('MalformedInput', message);
}

function notA(shape: Shape, wire: string, value: string, what: string): AwsError {
  if (shape.sensitive) return malformed(`Invalid value for parameter ${wire}: expected ${what}.`);
  // Long garbage is cut so the message stays readable; the key name is the useful part.
  const shown = value.length > 64 ? `${value.slice(0, 64)}…` : value;
  return malformed(`Invalid value '${shown}' for parameter ${wire}: expected ${what}.`);
}
