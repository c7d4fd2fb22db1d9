import { randomUUID } from 'node:crypto';
import type { Tx } from '../storage/database.js';
import { EVENT_VERSION, eventTimeOf, type CloudTrailRecord } from './event-record.js';

/** The eventName of the record the sealer writes when it will not build on what it found. */
export const CHAIN_BROKEN_EVENT = 'EventDigestChainBroken';
/** Events Gatehouse itself raises come from this source, as AWS's service events come from their service. */
export const GATEHOUSE_EVENT_SOURCE = 'gatehouse.amazonaws.com';

/** Why the sealer refuses to seal an account's next period. */
export interface ChainBreak {
  reason: 'digest-invalid' | 'digest-missing' | 'digests-deleted' | 'records-removed' | 'unresolved';
  detail: string;
  /** the digest the next one would have built on, as found; null when none was found */
  lastDigest: { digestStartTime: string; digestEndTime: string; lastSeq: number; digestHash: string } | null;
}

/** One break is one alarm: it is named by the digest the sealer would have built on. */
export function breakKey(b: ChainBreak): string {
  return b.lastDigest?.digestHash ?? 'none';
}

/**
 * The record of a broken digest chain, written into the account's own history so that whoever
 * reads it (LookupEvents, a SIEM) sees it beside the calls. It is shaped as CloudTrail's
 * records of events a service raises itself, not calls: eventType AwsServiceEvent, the service
 * in userIdentity.invokedBy, the facts in serviceEventDetails.
 * https://docs.aws.amazon.com/awscloudtrail/latest/userguide/non-api-aws-service-events.html
 */
export function chainBrokenRecord(accountId: string, at: Date, b: ChainBreak): CloudTrailRecord {
  return {
    eventVersion: EVENT_VERSION,
    userIdentity: { type: 'AWSService', invokedBy: GATEHOUSE_EVENT_SOURCE },
    eventTime: eventTimeOf(at),
    eventSource: GATEHOUSE_EVENT_SOURCE,
    eventName: CHAIN_BROKEN_EVENT,
    awsRegion: 'us-east-1',
    sourceIPAddress: GATEHOUSE_EVENT_SOURCE,
    userAgent: GATEHOUSE_EVENT_SOURCE,
    requestParameters: null,
    responseElements: null,
    requestID: randomUUID(),
    eventID: randomUUID(),
    readOnly: false,
    eventType: 'AwsServiceEvent',
    managementEvent: true,
    recipientAccountId: accountId,
    serviceEventDetails: {
      reason: b.reason,
      detail: b.detail,
      lastDigestStartTime: b.lastDigest?.digestStartTime ?? null,
      lastDigestEndTime: b.lastDigest?.digestEndTime ?? null,
      lastDigestHash: b.lastDigest?.digestHash ?? null,
      sealing: 'stopped',
    },
    eventCategory: 'Management',
  };
}

/**
 * Whether the account's history already holds the alarm for this break, among the records
 * after `afterSeq` (a break stops sealing, so its alarm is never sealed before it is resolved).
 * The alarm is written once per break, not once per sealing run or per restart.
 */
export async function alarmRecorded(tx: Tx, accountId: string, afterSeq: number, key: string): Promise<boolean> {
  const rows = await tx
    .selectFrom('events')
    .select('record')
    .where('account_id', '=', accountId)
    .where('seq', '>', afterSeq)
    .where('event_name', '=', CHAIN_BROKEN_EVENT)
    .where('event_source', '=', GATEHOUSE_EVENT_SOURCE)
    .execute();
  return rows.some((r) => {
    try {
      return ((JSON.parse(r.record) as CloudTrailRecord).serviceEventDetails?.lastDigestHash ?? 'none') === key;
    } catch {
      return false;
    }
  });
}
