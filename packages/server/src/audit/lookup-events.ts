import { createHmac, timingSafeEqual } from 'node:crypto';
import type { OperationSpec } from '../operation.js';
import { eventTimeOf } from './event-record.js';
import { AwsError } from '../protocol/errors.js';

export interface LookupAttribute {
  AttributeKey: 'EventId' | 'EventName' | 'ReadOnly' | 'Username' | 'ResourceType' | 'ResourceName' | 'EventSource' | 'AccessKeyId';
  AttributeValue: string;
}

export interface LookupEventsInput {
  LookupAttributes?: LookupAttribute[];
  StartTime?: Date;
  EndTime?: Date;
  EventCategory?: 'insight';
  MaxResults?: number;
  NextToken?: string;
}

export interface LookedUpEvent {
  EventId: string;
  EventName: string;
  ReadOnly: string;
  AccessKeyId?: string;
  EventTime: Date;
  EventSource: string;
  Username?: string;
  Resources: { ResourceType: string; ResourceName: string }[];
  CloudTrailEvent: string;
}

export interface LookupEventsOutput {
  Events: LookedUpEvent[];
  NextToken?: string;
}

const DEFAULT_MAX_RESULTS = 50;

/**
 * cloudtrail:LookupEvents over the account's event history, newest first: at most one lookup
 * attribute, a time range, pages of up to 50.
 * https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_LookupEvents.html
 */
export const lookupEvents: OperationSpec<LookupEventsInput, LookupEventsOutput> = {
  action: 'cloudtrail:LookupEvents',
  writes: false,
  seesHistory: true,
  authorization: 'policy',
  target: () => ({ resource: '*' }),
  async handle(ctx, input) {
    const attributes = input.LookupAttributes ?? [];
    if (attributes.length > 1) {
      throw new AwsError('InvalidLookupAttributesException', 'You cannot specify more than one lookup attribute. Send one of EventId, EventName, ReadOnly, Username, ResourceType, ResourceName, EventSource or AccessKeyId.');
    }
    if (input.StartTime && input.EndTime && input.StartTime > input.EndTime) {
      throw new AwsError('InvalidTimeRangeException', 'Start time must be earlier than end time.');
    }
    if (input.EventCategory === 'insight') {
      // Gatehouse records management events only; it has no Insights to look up.
      return { Events: [] };
    }
    const filter = { attributes, start: input.StartTime?.toISOString() ?? '', end: input.EndTime?.toISOString() ?? '' };
    const before = input.NextToken === undefined ? undefined : readToken(input.NextToken, ctx.accountId, filter);
    const limit = input.MaxResults ?? DEFAULT_MAX_RESULTS;

    let query = ctx.tx
      .selectFrom('events')
      .select(['events.seq', 'events.record', 'events.resources', 'events.access_key_id', 'events.username', 'events.event_time'])
      .where('events.account_id', '=', ctx.accountId);
    // Stored times are second-precision ISO strings ("…T13:08:33Z"); compare on the same form.
    if (input.StartTime) query = query.where('events.event_time', '>=', secondOf(input.StartTime, 'up'));
    if (input.EndTime) query = query.where('events.event_time', '<=', secondOf(input.EndTime, 'down'));
    if (before !== undefined) query = query.where('events.seq', '<', before);
    const attribute = attributes[0];
    if (attribute) {
      const value = attribute.AttributeValue;
      switch (attribute.AttributeKey) {
        case 'EventId':
          query = query.where('events.event_id', '=', value);
          break;
        case 'EventName':
          query = query.where('events.event_name', '=', value);
          break;
        case 'ReadOnly':
          if (value !== 'true' && value !== 'false') {
            throw new AwsError('InvalidLookupAttributesException', `ReadOnly must be true or false, not '${value}'.`);
          }
          query = query.where('events.read_only', '=', value === 'true' ? 1 : 0);
          break;
        case 'Username':
          query = query.where('events.username', '=', value);
          break;
        case 'EventSource':
          query = query.where('events.event_source', '=', value);
          break;
        case 'AccessKeyId':
          query = query.where('events.access_key_id', '=', value);
          break;
        case 'ResourceType':
        case 'ResourceName': {
          const column = attribute.AttributeKey === 'ResourceType' ? 'event_resources.resource_type' : 'event_resources.resource_name';
          query = query.where(({ exists, selectFrom }) =>
            exists(
              selectFrom('event_resources')
                .select('event_resources.seq')
                .whereRef('event_resources.account_id', '=', 'events.account_id')
                .whereRef('event_resources.seq', '=', 'events.seq')
                .where(column, '=', value),
            ),
          );
          break;
        }
      }
    }
    const rows = await query.orderBy('events.seq', 'desc').limit(limit + 1).execute();
    const page = rows.slice(0, limit);
    const events = page.map((row): LookedUpEvent => {
      const record = JSON.parse(row.record) as { eventID: string; eventName: string; readOnly: boolean; eventSource: string };
      const resources = JSON.parse(row.resources) as { type: string; name: string }[];
      return {
        EventId: record.eventID,
        EventName: record.eventName,
        ReadOnly: String(record.readOnly),
        ...(row.access_key_id ? { AccessKeyId: row.access_key_id } : {}),
        EventTime: new Date(row.event_time),
        EventSource: record.eventSource,
        ...(row.username ? { Username: row.username } : {}),
        Resources: resources.map((r) => ({ ResourceType: r.type, ResourceName: r.name })),
        CloudTrailEvent: row.record,
      };
    });
    const last = page.at(-1);
    return rows.length > limit && last ? { Events: events, NextToken: writeToken(Number(last.seq), ctx.accountId, filter) } : { Events: events };
  },
};

function secondOf(at: Date, round: 'up' | 'down'): string {
  const ms = at.getTime();
  const second = round === 'up' ? Math.ceil(ms / 1000) : Math.floor(ms / 1000);
  return eventTimeOf(new Date(second * 1000));
}

// The token binds the position to the account and the query it came from: AWS requires the
// same parameters with a NextToken. The tag is a checksum against mixed-up or mangled
// tokens, not a secret: the query is confined to the caller's account either way.
const TOKEN_KEY = 'gatehouse lookup-events page';

function writeToken(beforeSeq: number, accountId: string, filter: object): string {
  const body = `${beforeSeq}`;
  return `${body}.${mac(body, accountId, filter)}`;
}

function readToken(token: string, accountId: string, filter: object): number {
  const [body, tag] = token.split('.', 2);
  const invalid = () => new AwsError('InvalidNextTokenException', 'The NextToken is not valid. Send the NextToken from the previous response with the same parameters.');
  if (!body || !tag || !/^\d{1,15}$/.test(body)) throw invalid();
  const expected = Buffer.from(mac(body, accountId, filter), 'base64url');
  const given = Buffer.from(tag, 'base64url');
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) throw invalid();
  return Number(body);
}

function mac(body: string, accountId: string, filter: object): string {
  return createHmac('sha256', TOKEN_KEY).update(`${accountId}\n${JSON.stringify(filter)}\n${body}`).digest('base64url').slice(0, 22);
}
