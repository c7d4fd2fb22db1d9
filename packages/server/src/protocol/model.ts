/**
 * The AWS service models (botocore `service-2.json` + `paginators-1.json`) as typed, linked
 * shapes. Everything in protocol/ is driven from here: one table of operations, never
 * hand-written per-action parsing.
 *
 * Shapes are resolved once into an object graph (a member points at its Shape, not at a
 * name), so codecs compiled from them never look names up on the hot path. The graph may
 * be cyclic in general (CloudTrail's is not, but nothing here assumes so).
 */
import { readFileSync } from 'node:fs';

/** Models shipped in packages/server/models (see its README for provenance). */
export type ServiceName = 'iam' | 'sts' | 'cloudtrail';

interface ShapeBase {
  readonly name: string;
  readonly documentation?: string;
  /** botocore's `sensitive`: the value must never be echoed back (e.g. in a ValidationError). */
  readonly sensitive: boolean;
}

export interface StringShape extends ShapeBase {
  readonly type: 'string';
  readonly min?: number;
  readonly max?: number;
  /** The model's pattern exactly as written (Java regex flavour); see patterns.ts. */
  readonly pattern?: string;
  readonly enum?: readonly string[];
}

export interface NumberShape extends ShapeBase {
  readonly type: 'integer' | 'long' | 'float' | 'double';
  readonly min?: number;
  readonly max?: number;
}

export interface BooleanShape extends ShapeBase {
  readonly type: 'boolean';
}

export interface TimestampShape extends ShapeBase {
  readonly type: 'timestamp';
  readonly timestampFormat?: 'iso8601' | 'unixTimestamp' | 'rfc822';
}

export interface BlobShape extends ShapeBase {
  readonly type: 'blob';
  readonly min?: number;
  readonly max?: number;
}

export interface ListShape extends ShapeBase {
  readonly type: 'list';
  readonly member: MemberRef;
  readonly min?: number;
  readonly max?: number;
  readonly flattened: boolean;
}

export interface MapShape extends ShapeBase {
  readonly type: 'map';
  readonly key: MemberRef;
  readonly value: MemberRef;
  readonly min?: number;
  readonly max?: number;
  readonly flattened: boolean;
}

export interface StructureShape extends ShapeBase {
  readonly type: 'structure';
  /** Members in model order, which is also the XML element order AWS writes. */
  readonly members: readonly StructureMember[];
  readonly required: ReadonlySet<string>;
  /** For exception shapes: botocore's `error` block. */
  readonly error?: { readonly code?: string; readonly httpStatusCode?: number; readonly senderFault?: boolean };
  readonly exception: boolean;
}

export type ScalarShape = StringShape | NumberShape | BooleanShape | TimestampShape | BlobShape;
export type Shape = ScalarShape | ListShape | MapShape | StructureShape;

/** A reference to a shape from a list member, map key/value or structure member. */
export interface MemberRef {
  readonly shape: Shape;
  /** Wire name override (`locationName`), used by Query keys and XML element names. */
  readonly locationName?: string;
  readonly flattened?: boolean;
}

export interface StructureMember extends MemberRef {
  /** The member's name in the model, which is also the property name in typed values. */
  readonly name: string;
}

export interface DocumentedError {
  readonly shape: string;
  /** The wire code (`error.code` when the model gives one, else the shape name). */
  readonly code: string;
  readonly httpStatusCode?: number;
  readonly senderFault?: boolean;
}

export interface Paginator {
  readonly inputToken: string;
  readonly outputToken: string;
  readonly limitKey?: string;
  readonly moreResults?: string;
  readonly resultKeys: readonly string[];
}

export interface OperationModel {
  readonly name: string;
  readonly input?: StructureShape;
  readonly output?: StructureShape;
  /** Query protocol: the element wrapping the output members, e.g. `CreateUserResult`. */
  readonly resultWrapper?: string;
  readonly errors: readonly DocumentedError[];
  readonly paginator?: Paginator;
  readonly documentation?: string;
}

export interface ServiceMetadata {
  readonly apiVersion: string;
  readonly protocol: string;
  readonly serviceId: string;
  readonly endpointPrefix: string;
  readonly signingName: string;
  readonly xmlNamespace?: string;
  readonly targetPrefix?: string;
  readonly jsonVersion?: string;
}

export interface ServiceModel {
  readonly metadata: ServiceMetadata;
  readonly shapes: ReadonlyMap<string, Shape>;
  readonly operations: ReadonlyMap<string, OperationModel>;
  /** Every operation name in the model, sorted as the model lists them. */
  readonly operationNames: readonly string[];
}

// ---------------------------------------------------------------------------------------
// Raw botocore JSON, only the parts we read.

interface RawRef {
  shape: string;
  locationName?: string;
  flattened?: boolean;
}
interface RawShape {
  type: string;
  documentation?: string;
  sensitive?: boolean;
  min?: number;
  max?: number;
  pattern?: string;
  enum?: string[];
  timestampFormat?: 'iso8601' | 'unixTimestamp' | 'rfc822';
  member?: RawRef;
  key?: RawRef;
  value?: RawRef;
  members?: Record<string, RawRef>;
  required?: string[];
  flattened?: boolean;
  exception?: boolean;
  error?: { code?: string; httpStatusCode?: number; senderFault?: boolean };
}
interface RawOperation {
  name: string;
  input?: { shape: string };
  output?: { shape: string; resultWrapper?: string };
  errors?: { shape: string }[];
  documentation?: string;
}
export interface RawServiceModel {
  metadata: {
    apiVersion: string;
    protocol: string;
    serviceId: string;
    endpointPrefix: string;
    signingName?: string;
    xmlNamespace?: string;
    targetPrefix?: string;
    jsonVersion?: string;
  };
  operations: Record<string, RawOperation>;
  shapes: Record<string, RawShape>;
}
export interface RawPaginators {
  pagination: Record<
    string,
    {
      input_token: string | string[];
      output_token: string | string[];
      limit_key?: string;
      more_results?: string;
      result_key?: string | string[];
    }
  >;
}

const modelsDir = new URL('../../models/', import.meta.url);

const cache = new Map<ServiceName, ServiceModel>();

/** Loads (once per process) and links the model of one of the shipped services. */
export function loadServiceModel(service: ServiceName): ServiceModel {
  let model = cache.get(service);
  if (model === undefined) {
    const raw = JSON.parse(readFileSync(new URL(`${service}/service-2.json`, modelsDir), 'utf8')) as RawServiceModel;
    const paginators = JSON.parse(
      readFileSync(new URL(`${service}/paginators-1.json`, modelsDir), 'utf8'),
    ) as RawPaginators;
    model = parseServiceModel(raw, paginators);
    cache.set(service, model);
  }
  return model;
}

/** Links a raw botocore model. Exposed so tests can drive the codecs with small synthetic models. */
export function parseServiceModel(raw: RawServiceModel, paginators?: RawPaginators): ServiceModel {
  const shapes = new Map<string, Shape>();

  // Two passes so that members can point at shapes defined later (or at themselves):
  // first create every shape object, then fill in the references.
  const pending: (() => void)[] = [];
  for (const [name, rs] of Object.entries(raw.shapes)) {
    shapes.set(name, createShape(name, rs, pending));
  }
  const resolve = (ref: RawRef | undefined, where: string): MemberRef => {
    if (ref === undefined) throw new Error(`model: ${where} has no shape reference`);
    const shape = shapes.get(ref.shape);
    if (shape === undefined) throw new Error(`model: ${where} refers to unknown shape ${ref.shape}`);
    return {
      shape,
      ...(ref.locationName !== undefined ? { locationName: ref.locationName } : {}),
      ...(ref.flattened !== undefined ? { flattened: ref.flattened } : {}),
    };
  };
  for (const [name, rs] of Object.entries(raw.shapes)) {
    // The only place shapes are written: linking, before anything can see them.
    const shape = shapes.get(name) as { member?: MemberRef; key?: MemberRef; value?: MemberRef; members?: StructureMember[] };
    if (rs.type === 'list') shape.member = resolve(rs.member, `${name}.member`);
    if (rs.type === 'map') {
      shape.key = resolve(rs.key, `${name}.key`);
      shape.value = resolve(rs.value, `${name}.value`);
    }
    if (rs.type === 'structure') {
      const members: StructureMember[] = [];
      for (const [memberName, ref] of Object.entries(rs.members ?? {})) {
        members.push({ name: memberName, ...resolve(ref, `${name}.${memberName}`) });
      }
      shape.members = members;
    }
  }
  for (const fill of pending) fill();

  const errorOf = (shapeName: string): DocumentedError => {
    const shape = shapes.get(shapeName);
    const error = shape?.type === 'structure' ? shape.error : undefined;
    return {
      shape: shapeName,
      code: error?.code ?? shapeName,
      ...(error?.httpStatusCode !== undefined ? { httpStatusCode: error.httpStatusCode } : {}),
      ...(error?.senderFault !== undefined ? { senderFault: error.senderFault } : {}),
    };
  };
  const structureOf = (shapeName: string | undefined, where: string): StructureShape | undefined => {
    if (shapeName === undefined) return undefined;
    const shape = shapes.get(shapeName);
    if (shape?.type !== 'structure') throw new Error(`model: ${where} is not a structure shape`);
    return shape;
  };

  const operations = new Map<string, OperationModel>();
  for (const [name, ro] of Object.entries(raw.operations)) {
    const page = paginators?.pagination[name];
    const input = structureOf(ro.input?.shape, `${name} input`);
    const output = structureOf(ro.output?.shape, `${name} output`);
    const op: OperationModel = {
      name,
      ...(input ? { input } : {}),
      ...(output ? { output } : {}),
      ...(ro.output?.resultWrapper !== undefined ? { resultWrapper: ro.output.resultWrapper } : {}),
      errors: (ro.errors ?? []).map((e) => errorOf(e.shape)),
      ...(page ? { paginator: toPaginator(page) } : {}),
      ...(ro.documentation !== undefined ? { documentation: ro.documentation } : {}),
    };
    operations.set(name, op);
  }

  const md = raw.metadata;
  const metadata: ServiceMetadata = {
    apiVersion: md.apiVersion,
    protocol: md.protocol,
    serviceId: md.serviceId,
    endpointPrefix: md.endpointPrefix,
    signingName: md.signingName ?? md.endpointPrefix,
    ...(md.xmlNamespace !== undefined ? { xmlNamespace: md.xmlNamespace } : {}),
    ...(md.targetPrefix !== undefined ? { targetPrefix: md.targetPrefix } : {}),
    ...(md.jsonVersion !== undefined ? { jsonVersion: md.jsonVersion } : {}),
  };
  return { metadata, shapes, operations, operationNames: [...operations.keys()] };
}

function createShape(name: string, rs: RawShape, pending: (() => void)[]): Shape {
  const base = {
    name,
    sensitive: rs.sensitive === true,
    ...(rs.documentation !== undefined ? { documentation: rs.documentation } : {}),
  };
  const bounds = {
    ...(rs.min !== undefined ? { min: rs.min } : {}),
    ...(rs.max !== undefined ? { max: rs.max } : {}),
  };
  switch (rs.type) {
    case 'string':
      return {
        ...base,
        type: 'string',
        ...bounds,
        ...(rs.pattern !== undefined ? { pattern: rs.pattern } : {}),
        ...(rs.enum !== undefined ? { enum: rs.enum } : {}),
      };
    case 'integer':
    case 'long':
    case 'float':
    case 'double':
      return { ...base, type: rs.type, ...bounds };
    case 'boolean':
      return { ...base, type: 'boolean' };
    case 'timestamp':
      return { ...base, type: 'timestamp', ...(rs.timestampFormat ? { timestampFormat: rs.timestampFormat } : {}) };
    case 'blob':
      return { ...base, type: 'blob', ...bounds };
    case 'list':
      // `member` is linked in the second pass.
      return { ...base, type: 'list', ...bounds, flattened: rs.flattened === true } as unknown as ListShape;
    case 'map':
      return { ...base, type: 'map', ...bounds, flattened: rs.flattened === true } as unknown as MapShape;
    case 'structure': {
      const shape = {
        ...base,
        type: 'structure' as const,
        members: [] as StructureMember[],
        required: new Set(rs.required ?? []),
        exception: rs.exception === true,
        ...(rs.error !== undefined ? { error: rs.error } : {}),
      };
      pending.push(() => {
        for (const r of shape.required) {
          if (!shape.members.some((m) => m.name === r)) {
            throw new Error(`model: ${name} requires unknown member ${r}`);
          }
        }
      });
      return shape;
    }
    default:
      throw new Error(`model: shape ${name} has unsupported type ${rs.type}`);
  }
}

function toPaginator(p: RawPaginators['pagination'][string]): Paginator {
  const one = (v: string | string[]): string => (Array.isArray(v) ? (v[0] ?? '') : v);
  const resultKeys = p.result_key === undefined ? [] : Array.isArray(p.result_key) ? p.result_key : [p.result_key];
  return {
    inputToken: one(p.input_token),
    outputToken: one(p.output_token),
    ...(p.limit_key !== undefined ? { limitKey: p.limit_key } : {}),
    ...(p.more_results !== undefined ? { moreResults: p.more_results } : {}),
    resultKeys,
  };
}

/** All IAM operation names in the model (the lead builds the operation table from these). */
export function iamOperationNames(): readonly string[] {
  return loadServiceModel('iam').operationNames;
}

/** All STS operation names in the model. */
export function stsOperationNames(): readonly string[] {
  return loadServiceModel('sts').operationNames;
}
