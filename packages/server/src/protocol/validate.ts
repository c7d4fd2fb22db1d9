/**
 * Validation of a decoded input against the model's constraints, in AWS's own wording, so
 * that a client sees exactly what real IAM/STS would send:
 *
 *   1 validation error detected: Value 'x y' at 'userName' failed to satisfy constraint:
 *   Member must satisfy regular expression pattern: [\w+=,.@-]+
 *
 * Wording and shape of the messages, as observed from AWS (no page documents them):
 * - the path names members in lowerCamel case, only the first letter lowered
 *   ('userName'; 'advancedSecurityOptions.sAMLOptions.masterUserName'), a structure inside a
 *   list as `tags.6.member.value` (github.com/SWO-GS/auto-tag/issues/90,
 *   awslabs/coldsnap#378, ministryofjustice/cloud-platform-infrastructure#4097);
 * - a missing required member is `Value null at 'x' ... Member must not be null`;
 * - constraints on the scalar members of a list or map are reported once, for the whole
 *   collection, listing the member's constraints: `Member must satisfy constraint: [...]` /
 *   `Map value must satisfy constraint: [...]`, maximum before minimum before pattern
 *   (SWO-GS/auto-tag#77, awslabs/aws-service-catalog-factory#279);
 * - numbers: `Member must have value greater than or equal to 1` (aws/aws-cli#5843);
 * - a value of a `sensitive` shape is never echoed: `Value at 'password' failed ...`
 *   (AWS does the same; and a password must not end up in a log through an error message).
 * String length counts Unicode code points, per the Smithy length trait
 * (https://smithy.io/2.0/spec/constraint-traits.html#length-trait).
 */
import type { ListShape, MapShape, Shape, StructureShape } from './model.js';
import { compilePattern } from './patterns.js';

/** Appends AWS-worded problems for `value` (the typed value at `path`) to `problems`. */
export type Check = (value: unknown, path: string, problems: string[]) => void;

const checks = new WeakMap<Shape, Check>();

/** The compiled check for a shape (built once per shape, shared by every operation). */
export function compileCheck(shape: Shape): Check {
  const existing = checks.get(shape);
  if (existing !== undefined) return existing;
  // Placeholder first so that a recursive shape refers to the finished check through it.
  checks.set(shape, (v, p, out) => compiled(v, p, out));
  const compiled: Check = build(shape);
  checks.set(shape, compiled);
  return compiled;
}

/** Validates a whole input structure; returns the problems in model order (empty when valid). */
export function validateInput(shape: StructureShape, value: object): string[] {
  const problems: string[] = [];
  compileCheck(shape)(value, '', problems);
  return problems;
}

export function lowerFirst(name: string): string {
  return name.length === 0 ? name : name[0]!.toLowerCase() + name.slice(1);
}

function build(shape: Shape): Check {
  switch (shape.type) {
    case 'structure':
      return buildStructure(shape);
    case 'list':
      return buildList(shape);
    case 'map':
      return buildMap(shape);
    default: {
      const rules = scalarRules(shape);
      if (rules.length === 0) return noCheck;
      return (value, path, problems) => {
        for (const rule of rules) {
          if (!rule.ok(value)) problems.push(problem(shape, value, path, rule.message));
        }
      };
    }
  }
}

const noCheck: Check = () => {};

function buildStructure(shape: StructureShape): Check {
  const members = shape.members.map((m) => ({
    name: m.name,
    pathName: lowerFirst(m.name),
    required: shape.required.has(m.name),
    shape: m.shape,
    // Resolved lazily: compiling every member eagerly would recurse forever on cyclic models.
    check: undefined as Check | undefined,
  }));
  return (value, path, problems) => {
    const obj = value as Record<string, unknown>;
    for (const m of members) {
      const v = obj[m.name];
      if (v === undefined || v === null) {
        if (m.required) {
          const at = path === '' ? m.pathName : `${path}.${m.pathName}`;
          problems.push(`Value null at '${at}' failed to satisfy constraint: Member must not be null`);
        }
        continue;
      }
      (m.check ??= compileCheck(m.shape))(v, path === '' ? m.pathName : `${path}.${m.pathName}`, problems);
    }
  };
}

function buildList(shape: ListShape): Check {
  const sizeRules = sizeRulesOf(shape);
  const member = shape.member.shape;
  const memberRules = isCollectionOrStructure(member) ? undefined : scalarRules(member);
  let memberCheck: Check | undefined;
  return (value, path, problems) => {
    const list = value as readonly unknown[];
    for (const rule of sizeRules) {
      if (!rule.ok(list)) problems.push(problem(shape, list, path, rule.message));
    }
    if (memberRules !== undefined) {
      if (memberRules.length > 0 && list.some((item) => memberRules.some((r) => !r.ok(item)))) {
        problems.push(problem(shape, list, path, `Member must satisfy constraint: [${bracketList(memberRules)}]`));
      }
      return;
    }
    memberCheck ??= compileCheck(member);
    for (let i = 0; i < list.length; i++) {
      const item = list[i];
      const at = `${path}.${i + 1}.member`;
      if (item === undefined || item === null) continue;
      memberCheck(item, at, problems);
    }
  };
}

function buildMap(shape: MapShape): Check {
  const sizeRules = sizeRulesOf(shape);
  const keyRules = scalarRules(shape.key.shape);
  const valueShape = shape.value.shape;
  const valueRules = isCollectionOrStructure(valueShape) ? undefined : scalarRules(valueShape);
  let valueCheck: Check | undefined;
  return (value, path, problems) => {
    const map = value as Record<string, unknown>;
    const keys = Object.keys(map);
    for (const rule of sizeRules) {
      if (!rule.ok(keys)) problems.push(problem(shape, map, path, rule.message));
    }
    if (keyRules.length > 0 && keys.some((k) => keyRules.some((r) => !r.ok(k)))) {
      problems.push(problem(shape, map, path, `Map keys must satisfy constraint: [${bracketList(keyRules)}]`));
    }
    if (valueRules !== undefined) {
      if (valueRules.length > 0 && keys.some((k) => valueRules.some((r) => !r.ok(map[k])))) {
        problems.push(problem(shape, map, path, `Map value must satisfy constraint: [${bracketList(valueRules)}]`));
      }
      return;
    }
    valueCheck ??= compileCheck(valueShape);
    for (const k of keys) {
      const v = map[k];
      if (v !== undefined && v !== null) valueCheck(v, `${path}.${k}`, problems);
    }
  };
}

interface Rule {
  /** AWS's sentence, e.g. "Member must have length less than or equal to 64". */
  readonly message: string;
  readonly ok: (value: unknown) => boolean;
  /** Position inside a bracketed list: AWS lists max before min before pattern. */
  readonly order: number;
}

function isCollectionOrStructure(shape: Shape): boolean {
  return shape.type === 'structure' || shape.type === 'list' || shape.type === 'map';
}

function scalarRules(shape: Shape): Rule[] {
  const rules: Rule[] = [];
  switch (shape.type) {
    case 'string': {
      if (shape.min !== undefined) {
        const min = shape.min;
        rules.push({
          message: `Member must have length greater than or equal to ${min}`,
          ok: (v) => typeof v !== 'string' || stringLength(v) >= min,
          order: 1,
        });
      }
      if (shape.max !== undefined) {
        const max = shape.max;
        rules.push({
          message: `Member must have length less than or equal to ${max}`,
          ok: (v) => typeof v !== 'string' || stringLength(v) <= max,
          order: 0,
        });
      }
      if (shape.pattern !== undefined) {
        const re = compilePattern(shape.pattern);
        rules.push({
          message: `Member must satisfy regular expression pattern: ${shape.pattern}`,
          ok: (v) => typeof v !== 'string' || re.test(v),
          order: 2,
        });
      }
      if (shape.enum !== undefined) {
        const values = new Set(shape.enum);
        rules.push({
          message: `Member must satisfy enum value set: [${shape.enum.join(', ')}]`,
          ok: (v) => typeof v !== 'string' || values.has(v),
          order: 3,
        });
      }
      break;
    }
    case 'integer':
    case 'long':
    case 'float':
    case 'double': {
      if (shape.min !== undefined) {
        const min = shape.min;
        rules.push({
          message: `Member must have value greater than or equal to ${min}`,
          ok: (v) => typeof v !== 'number' || v >= min,
          order: 1,
        });
      }
      if (shape.max !== undefined) {
        const max = shape.max;
        rules.push({
          message: `Member must have value less than or equal to ${max}`,
          ok: (v) => typeof v !== 'number' || v <= max,
          order: 0,
        });
      }
      break;
    }
    case 'blob': {
      if (shape.min !== undefined) {
        const min = shape.min;
        rules.push({
          message: `Member must have length greater than or equal to ${min}`,
          ok: (v) => !(v instanceof Uint8Array) || v.byteLength >= min,
          order: 1,
        });
      }
      if (shape.max !== undefined) {
        const max = shape.max;
        rules.push({
          message: `Member must have length less than or equal to ${max}`,
          ok: (v) => !(v instanceof Uint8Array) || v.byteLength <= max,
          order: 0,
        });
      }
      break;
    }
    default:
      break;
  }
  // Pushed in the order single problems are reported: length, then pattern, then enum.
  return rules;
}

function bracketList(rules: readonly Rule[]): string {
  return [...rules]
    .sort((a, b) => a.order - b.order)
    .map((r) => r.message)
    .join(', ');
}

function sizeRulesOf(shape: ListShape | MapShape): Rule[] {
  const size = (v: unknown): number => (v as readonly unknown[]).length;
  const rules: Rule[] = [];
  if (shape.min !== undefined) {
    const min = shape.min;
    rules.push({ message: `Member must have length greater than or equal to ${min}`, ok: (v) => size(v) >= min, order: 1 });
  }
  if (shape.max !== undefined) {
    const max = shape.max;
    rules.push({ message: `Member must have length less than or equal to ${max}`, ok: (v) => size(v) <= max, order: 0 });
  }
  return rules;
}

function problem(shape: Shape, value: unknown, path: string, constraint: string): string {
  const shown = shape.sensitive ? 'Value' : `Value '${render(value)}'`;
  return `${shown} at '${path}' failed to satisfy constraint: ${constraint}`;
}

/** Renders a value the way AWS's Java service prints it inside `Value '…'`. */
function render(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value instanceof Date) return value.toISOString();
  if (value instanceof Uint8Array) return Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64');
  if (Array.isArray(value)) return `[${value.map(render).join(', ')}]`;
  if (value !== null && typeof value === 'object') {
    const parts: string[] = [];
    for (const [k, v] of Object.entries(value)) if (v !== undefined && v !== null) parts.push(`${k}=${render(v)}`);
    return `{${parts.join(', ')}}`;
  }
  return String(value);
}

/** Length in Unicode code points; the common case (no surrogates) costs one scan. */
export function stringLength(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n--;
        i++;
      }
    }
  }
  return n;
}
