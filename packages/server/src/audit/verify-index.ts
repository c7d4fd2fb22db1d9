import type { Kysely } from 'kysely';
import type { Database, EventsTable } from '../storage/schema.js';
import { indexColumns } from './event-log.js';
import type { CloudTrailRecord } from './event-record.js';

export interface ResourceRow {
  seq: number;
  resource_type: string;
  resource_name: string;
}

// The columns LookupEvents searches by or answers from, each derived from the record.
const COLUMNS = ['event_id', 'event_time', 'event_name', 'event_source', 'read_only', 'username', 'access_key_id', 'resources'] as const;

/**
 * What in a record's searchable columns and event_resources rows disagrees with the record
 * itself. The record is what is hashed and signed; LookupEvents finds records by these copies,
 * so a changed copy hides a record from a lookup or puts it in the wrong one, and a changed,
 * missing or extra event_resources row does the same for ResourceType and ResourceName.
 */
export function indexProblems(row: EventsTable, resources: readonly ResourceRow[]): string[] {
  let record: CloudTrailRecord;
  try {
    record = JSON.parse(row.record) as CloudTrailRecord;
  } catch {
    return ['the record is not readable JSON'];
  }
  const { resourceList, ...derived } = indexColumns(record);
  const found: string[] = [];
  for (const column of COLUMNS) {
    const stored = column === 'read_only' ? Number(row.read_only) : row[column];
    if (stored !== derived[column]) found.push(`${column} is ${JSON.stringify(stored)}, the record says ${JSON.stringify(derived[column])}`);
  }
  // event_resources as a multiset of (type, name) against what the record names
  const key = (type: string, name: string) => `${type} ${name}`;
  const expected = new Map<string, number>();
  for (const r of resourceList) expected.set(key(r.type, r.name), (expected.get(key(r.type, r.name)) ?? 0) + 1);
  const extra: string[] = [];
  for (const r of resources) {
    const k = key(r.resource_type, r.resource_name);
    const left = expected.get(k) ?? 0;
    if (left > 0) expected.set(k, left - 1);
    else extra.push(k);
  }
  const missing = [...expected].flatMap(([k, n]) => Array<string>(n).fill(k));
  if (missing.length > 0) found.push(`event_resources lacks ${missing.join(', ')}`);
  if (extra.length > 0) found.push(`event_resources has ${extra.join(', ')}, which the record does not name`);
  return found;
}

/** An account's event_resources rows by record, for records after `from` (and up to `to`). */
export async function resourcesBySeq(db: Kysely<Database>, accountId: string, from: number, to?: number): Promise<Map<number, ResourceRow[]>> {
  let query = db.selectFrom('event_resources').select(['seq', 'resource_type', 'resource_name']).where('account_id', '=', accountId).where('seq', '>', from);
  if (to !== undefined) query = query.where('seq', '<=', to);
  const bySeq = new Map<number, ResourceRow[]>();
  for (const r of await query.execute()) {
    const row = { ...r, seq: Number(r.seq) };
    const list = bySeq.get(row.seq);
    if (list) list.push(row);
    else bySeq.set(row.seq, [row]);
  }
  return bySeq;
}
