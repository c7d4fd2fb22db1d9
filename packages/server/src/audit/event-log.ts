import { createHash } from 'node:crypto';
import type { Tx } from '../storage/database.js';
import type { EventsTable } from '../storage/schema.js';
import { resourcesOf, usernameOf, type CloudTrailRecord, type EventResource } from './event-record.js';

/** The hash the first record of every account's chain links to. */
export const GENESIS_HASH = '0'.repeat(64);

/**
 * A record's place in its account's chain: SHA-256 over the previous record's hash and the
 * record's exact JSON. Changing, removing or inserting a record breaks every link after it.
 */
export function chainHash(prevHash: string, record: string): string {
  return createHash('sha256').update(prevHash).update('\n').update(record).digest('hex');
}

/** The columns LookupEvents searches, all derived from the record itself. */
export function indexColumns(record: CloudTrailRecord): Omit<EventsTable, 'account_id' | 'seq' | 'record' | 'prev_hash' | 'hash'> & { resourceList: EventResource[] } {
  const resourceList = resourcesOf(record);
  return {
    event_id: record.eventID,
    event_time: record.eventTime,
    event_name: record.eventName,
    event_source: record.eventSource,
    read_only: record.readOnly ? 1 : 0,
    username: usernameOf(record.userIdentity),
    access_key_id: record.userIdentity.accessKeyId ?? null,
    resources: JSON.stringify(resourceList),
    resourceList,
  };
}

/**
 * Appends a record to its account's chain within the caller's transaction, so the record
 * commits or rolls back with the change it describes. The chain's head row is locked for
 * the rest of the transaction, which gives every account's records one order.
 */
export async function appendEvent(tx: Tx, record: CloudTrailRecord): Promise<void> {
  await appendEvents(tx, [record]);
}

// Rows per INSERT: well under SQLite's limit of 32,766 bound parameters (13 columns a row).
const ROWS_PER_INSERT = 500;

/** Appends records in order, each account's chain locked and advanced once. */
export async function appendEvents(tx: Tx, records: readonly CloudTrailRecord[]): Promise<void> {
  const byAccount = new Map<string, CloudTrailRecord[]>();
  for (const r of records) {
    const list = byAccount.get(r.recipientAccountId);
    if (list) list.push(r);
    else byAccount.set(r.recipientAccountId, [r]);
  }
  // Chain heads are locked in one order (account id), so two batches never wait on each other in a cycle.
  for (const [accountId, list] of [...byAccount].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const head = await lockHead(tx, accountId);
    let { seq, hash } = head;
    const rows: EventsTable[] = [];
    const resources: { account_id: string; seq: number; resource_type: string; resource_name: string }[] = [];
    for (const record of list) {
      const json = JSON.stringify(record);
      const prev = hash;
      seq += 1;
      hash = chainHash(prev, json);
      const { resourceList, ...columns } = indexColumns(record);
      rows.push({ account_id: accountId, seq, ...columns, record: json, prev_hash: prev, hash });
      for (const r of resourceList) resources.push({ account_id: accountId, seq, resource_type: r.type, resource_name: r.name });
    }
    for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) await tx.insertInto('events').values(rows.slice(i, i + ROWS_PER_INSERT)).execute();
    for (let i = 0; i < resources.length; i += ROWS_PER_INSERT) await tx.insertInto('event_resources').values(resources.slice(i, i + ROWS_PER_INSERT)).execute();
    await tx.updateTable('event_chains').set({ head_seq: seq, head_hash: hash }).where('account_id', '=', accountId).execute();
  }
}

/** The account's chain head, locked for the rest of the transaction. */
export async function lockHead(tx: Tx, accountId: string): Promise<{ seq: number; hash: string }> {
  const read = async () => {
    const query = tx.selectFrom('event_chains').select(['head_seq', 'head_hash']).where('account_id', '=', accountId);
    return query.forUpdate().executeTakeFirst();
  };
  let head = await read();
  if (!head) {
    await tx.insertInto('event_chains').values({ account_id: accountId, head_seq: 0, head_hash: GENESIS_HASH }).onConflict((oc) => oc.column('account_id').doNothing()).execute();
    head = await read();
  }
  if (!head) throw new Error(`event chain of account ${accountId} could not be created`);
  return { seq: Number(head.head_seq), hash: head.head_hash };
}
