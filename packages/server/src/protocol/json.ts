/**
 * The AWS JSON 1.1 protocol (CloudTrail): the operation named by the X-Amz-Target header,
 * the input as a JSON object, the output as JSON with timestamps in epoch seconds, errors as
 * { "__type": code, "message": text }.
 * https://smithy.io/2.0/aws/protocols/aws-json-1_1-protocol.html
 */
import { AwsError, validationError, type ErrorCode } from './errors.js';
import { loadServiceModel, type OperationModel, type ServiceModel, type Shape, type StructureShape } from './model.js';
import { compileCheck } from './validate.js';

export const JSON_CONTENT_TYPE = 'application/x-amz-json-1.1';

export interface JsonServiceCodec {
  readonly model: ServiceModel;
  /** the X-Amz-Target prefix, e.g. com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101 */
  readonly targetPrefix: string;
  /** The operation an X-Amz-Target header names; UnknownOperationException otherwise. */
  operationOf(target: string): string;
  decode(operation: string, body: Buffer): unknown;
  encodeResult(operation: string, output: unknown): string;
  encodeError(error: AwsError): string;
}

/** JSON protocol names of the errors every service shares (the Query protocol spells them otherwise). */
const JSON_ERROR_NAMES: Partial<Record<ErrorCode, string>> = {
  ValidationError: 'ValidationException',
  AccessDenied: 'AccessDeniedException',
  InvalidClientTokenId: 'UnrecognizedClientException',
  SignatureDoesNotMatch: 'InvalidSignatureException',
  MissingAuthenticationToken: 'MissingAuthenticationTokenException',
  IncompleteSignature: 'IncompleteSignatureException',
  ExpiredToken: 'ExpiredTokenException',
  RequestExpired: 'RequestExpired',
  MalformedInput: 'SerializationException',
  InvalidAction: 'UnknownOperationException',
  ServiceFailure: 'InternalFailure',
};

export function jsonErrorName(code: ErrorCode): string {
  return JSON_ERROR_NAMES[code] ?? code;
}

export function jsonService(name: 'cloudtrail'): JsonServiceCodec {
  const model = loadServiceModel(name);
  const targetPrefix = model.metadata.targetPrefix ?? '';
  const shortPrefix = targetPrefix.slice(targetPrefix.lastIndexOf('.') + 1);
  const compiled = new Map<string, { op: OperationModel; check?: ReturnType<typeof compileCheck> }>();
  for (const [opName, op] of model.operations) compiled.set(opName, { op, ...(op.input ? { check: compileCheck(op.input) } : {}) });
  const find = (operation: string) => {
    const entry = compiled.get(operation);
    if (!entry) throw new AwsError('InvalidAction', `${operation} is not an operation of ${model.metadata.serviceId}.`);
    return entry;
  };
  return {
    model,
    targetPrefix,
    operationOf(target) {
      const dot = target.lastIndexOf('.');
      const operation = dot < 0 ? '' : target.slice(dot + 1);
      const prefix = target.slice(0, dot);
      // The SDKs send the service shape's name alone (CloudTrail_20131101.LookupEvents); the
      // model's metadata has the fully qualified one. CloudTrail answers both.
      if ((prefix !== targetPrefix && prefix !== shortPrefix) || !compiled.has(operation)) {
        throw new AwsError('InvalidAction', `Unknown operation in X-Amz-Target: '${target}'. Expected ${targetPrefix}.<Operation>.`);
      }
      return operation;
    },
    decode(operation, body) {
      const { op, check } = find(operation);
      const text = body.toString('utf8').trim();
      let raw: unknown = {};
      if (text !== '') {
        try {
          raw = JSON.parse(text);
        } catch {
          throw new AwsError('MalformedInput', 'The request body is not valid JSON.');
        }
      }
      if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw new AwsError('MalformedInput', 'The request body must be a JSON object.');
      if (!op.input) return {};
      const input = readValue(op.input, raw, op.input.name);
      const problems: string[] = [];
      check?.(input, '', problems);
      if (problems.length > 0) {
        throw validationError(problems);
      }
      return input;
    },
    encodeResult(operation, output) {
      const { op } = find(operation);
      return JSON.stringify(op.output ? writeValue(op.output, output) : {});
    },
    encodeError: (error) => JSON.stringify({ __type: jsonErrorName(error.code), message: error.message }),
  };
}

/** Converts parsed JSON to the typed input: timestamps become Dates; wrong types are SerializationException. */
function readValue(shape: Shape, value: unknown, path: string): unknown {
  if (value === null || value === undefined) return undefined;
  const wrong = (): never => {
    throw new AwsError('MalformedInput', `Value at '${path}' is a ${Array.isArray(value) ? 'list' : typeof value} where the model expects ${shape.type === 'structure' ? 'an object' : `a ${shape.type}`}.`);
  };
  switch (shape.type) {
    case 'structure': {
      if (typeof value !== 'object' || Array.isArray(value)) return wrong();
      const out: Record<string, unknown> = {};
      for (const m of shape.members) {
        const v = readValue(m.shape, (value as Record<string, unknown>)[m.name], `${path}.${m.name}`);
        if (v !== undefined) out[m.name] = v;
      }
      return out;
    }
    case 'list':
      if (!Array.isArray(value)) return wrong();
      return value.map((v, i) => {
        if (v === null || v === undefined) throw new AwsError('MalformedInput', `Value at '${path}[${i}]' is null; a list cannot hold null.`);
        return readValue(shape.member.shape, v, `${path}[${i}]`);
      });
    case 'map': {
      if (typeof value !== 'object' || Array.isArray(value)) return wrong();
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value)) out[k] = readValue(shape.value.shape, v, `${path}.${k}`);
      return out;
    }
    case 'timestamp': {
      // JSON 1.1 sends epoch seconds (fractions allowed); accept ISO 8601 strings as well.
      const date = typeof value === 'number' ? new Date(value * 1000) : typeof value === 'string' ? new Date(value) : undefined;
      if (!date || Number.isNaN(date.getTime())) return wrong();
      return date;
    }
    case 'integer':
    case 'long':
      return typeof value === 'number' && Number.isInteger(value) ? value : wrong();
    case 'float':
    case 'double':
      return typeof value === 'number' ? value : wrong();
    case 'boolean':
      return typeof value === 'boolean' ? value : wrong();
    case 'blob':
      return typeof value === 'string' ? Buffer.from(value, 'base64') : wrong();
    case 'string':
      return typeof value === 'string' ? value : wrong();
  }
}

function writeValue(shape: Shape, value: unknown): unknown {
  if (value === null || value === undefined) return undefined;
  switch (shape.type) {
    case 'structure': {
      const out: Record<string, unknown> = {};
      for (const m of (shape as StructureShape).members) {
        const v = writeValue(m.shape, (value as Record<string, unknown>)[m.name]);
        if (v !== undefined) out[m.name] = v;
      }
      return out;
    }
    case 'list':
      return (value as unknown[]).map((v) => writeValue(shape.member.shape, v));
    case 'map': {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value as object)) out[k] = writeValue(shape.value.shape, v);
      return out;
    }
    case 'timestamp':
      return value instanceof Date ? value.getTime() / 1000 : value;
    case 'blob':
      return Buffer.isBuffer(value) || value instanceof Uint8Array ? Buffer.from(value).toString('base64') : value;
    default:
      return value;
  }
}
