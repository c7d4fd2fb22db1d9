import type { LastAccessRow } from '../../storage/repositories/last-accessed.js';
import type { Grants } from './grants.js';
import { serviceName } from './service-catalog.js';
import type { ReportEntity } from './subjects.js';

/**
 * A last accessed report as GenerateServiceLastAccessedDetails stores it: a snapshot, so
 * reading it later (and page by page) gives the same answer.
 */
export interface StoredReport {
  entities: ReportEntity[];
  /** by namespace */
  services: StoredService[];
}

/** An attempt: by entities[entity], at an ISO time, in a region. */
export interface StoredAccess {
  entity: number;
  at: string;
  region: string;
}

export interface StoredService {
  namespace: string;
  name: string;
  /** the last attempt of each entity that made one, the latest first */
  accessed: StoredAccess[];
  /**
   * ACTION_LEVEL, when some allowed action of the service was attempted: every action the
   * policies allow, each with its last attempt if there was one.
   */
  actions?: { name: string; last?: StoredAccess }[];
}

export type Granularity = 'SERVICE_LEVEL' | 'ACTION_LEVEL';

/**
 * One entry per service the policies allow (a service allowed but never attempted is listed
 * without an attempt), with the attempts of the report's entities at any of its actions:
 * for a user its own, for a role its sessions', for a group its members', for a managed
 * policy those of the users and roles that have it, directly or through a group.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_last-accessed-view-data.html
 *
 * AWS tracks actions for some services only (management actions); Gatehouse records every
 * action it authorizes, so at ACTION_LEVEL every allowed action of an attempted service is
 * listed.
 */
export async function buildReport(entities: readonly ReportEntity[], grants: Grants, rows: readonly LastAccessRow[], granularity: Granularity): Promise<StoredReport> {
  const index = new Map(entities.map((e, i) => [e.id, i]));
  const relevant = rows.filter((r) => index.has(r.entity_id));
  const seen = new Map<string, Set<string>>();
  const byService = new Map<string, LastAccessRow[]>();
  for (const row of relevant) {
    seen.set(row.service, (seen.get(row.service) ?? new Set()).add(row.action_name));
    const list = byService.get(row.service) ?? [];
    list.push(row);
    byService.set(row.service, list);
  }
  const services: StoredService[] = [];
  for (const namespace of await grants.services(seen)) {
    const attempts = byService.get(namespace) ?? [];
    const accessed = latestPerEntity(attempts, index, entities);
    const service: StoredService = { namespace, name: await serviceName(namespace), accessed };
    if (granularity === 'ACTION_LEVEL' && accessed.length > 0) {
      const actions = (await grants.allowedActions(namespace, seen)).map((name) => {
        const last = latestPerEntity(attempts.filter((a) => a.action === name.toLowerCase()), index, entities)[0];
        return last ? { name, last } : { name };
      });
      if (actions.some((a) => a.last)) service.actions = actions;
    }
    services.push(service);
  }
  return { entities: [...entities], services };
}

/** Each entity's latest attempt among these, the latest first (then by ARN, for a stable order). */
function latestPerEntity(attempts: readonly LastAccessRow[], index: ReadonlyMap<string, number>, entities: readonly ReportEntity[]): StoredAccess[] {
  const latest = new Map<number, StoredAccess>();
  for (const a of attempts) {
    const entity = index.get(a.entity_id)!;
    const kept = latest.get(entity);
    if (!kept || a.last_accessed_at > kept.at) latest.set(entity, { entity, at: a.last_accessed_at, region: a.region });
  }
  return [...latest.values()].sort((x, y) => (x.at !== y.at ? (x.at < y.at ? 1 : -1) : entities[x.entity]!.arn < entities[y.entity]!.arn ? -1 : 1));
}
