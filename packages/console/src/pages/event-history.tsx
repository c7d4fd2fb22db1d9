import { LookupEventsCommand, type Event, type LookupAttributeKey } from '@aws-sdk/client-cloudtrail';
import { useState, type FormEvent } from 'react';
import { cloudTrail } from '../api/aws';
import { EmptyState, ErrorMessage, Loading } from '../components/feedback';
import { Page } from '../components/page';
import { Pager } from '../components/pager';
import { formatDate } from '../lib/format';
import { usePagedList } from '../lib/paged-list';
import { prettyJson } from '../lib/policy-document';

const ATTRIBUTES: { key: LookupAttributeKey; label: string }[] = [
  { key: 'EventName', label: 'Event name' },
  { key: 'Username', label: 'User name' },
  { key: 'ResourceType', label: 'Resource type' },
  { key: 'ResourceName', label: 'Resource name' },
  { key: 'EventSource', label: 'Event source' },
  { key: 'AccessKeyId', label: 'AWS access key' },
  { key: 'EventId', label: 'Event ID' },
  { key: 'ReadOnly', label: 'Read-only' },
];

interface Filter {
  key: LookupAttributeKey;
  value: string;
  start: string;
  end: string;
}

/** A datetime-local input's value as a Date in the person's time zone, or undefined when empty or invalid. */
function localTime(value: string): Date | undefined {
  if (!value) return undefined;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? undefined : d;
}

/**
 * The event history (CloudTrail LookupEvents): one attribute filter and a time range, as
 * CloudTrail allows, 50 events a page with NextToken, each event's full record on demand.
 * https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_LookupEvents.html
 */
export function EventHistoryPage() {
  const [draft, setDraft] = useState<Filter>({ key: 'EventName', value: '', start: '', end: '' });
  const [applied, setApplied] = useState<Filter>(draft);
  const [open, setOpen] = useState<string | undefined>(undefined);
  const list = usePagedList(
    async (NextToken) => {
      const r = await cloudTrail().send(
        new LookupEventsCommand({
          MaxResults: 50,
          NextToken,
          ...(applied.value.trim() ? { LookupAttributes: [{ AttributeKey: applied.key, AttributeValue: applied.value.trim() }] } : {}),
          StartTime: localTime(applied.start),
          EndTime: localTime(applied.end),
        }),
      );
      return { items: r.Events ?? [], marker: r.NextToken };
    },
    [applied],
    { pageSize: 50 },
  );

  function submit(event: FormEvent) {
    event.preventDefault();
    setOpen(undefined);
    setApplied({ ...draft });
  }

  const badRange = localTime(draft.start) && localTime(draft.end) && (localTime(draft.start) as Date) > (localTime(draft.end) as Date);
  return (
    <Page title="Event history" description="Every call to IAM, STS and the console, allowed or denied, for the last 90 days.">
      <form onSubmit={submit} className="filters card" aria-label="Filter events">
        <div>
          <label htmlFor="event-attribute">Lookup attribute</label>
          <select id="event-attribute" value={draft.key} onChange={(e) => setDraft({ ...draft, key: e.target.value as LookupAttributeKey })}>
            {ATTRIBUTES.map((a) => (
              <option key={a.key} value={a.key}>
                {a.label}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="event-value">Value</label>
          <input id="event-value" value={draft.value} onChange={(e) => setDraft({ ...draft, value: e.target.value })} placeholder={draft.key === 'ReadOnly' ? 'true or false' : draft.key === 'EventName' ? 'e.g. CreateUser' : ''} />
        </div>
        <div>
          <label htmlFor="event-start">From</label>
          <input id="event-start" type="datetime-local" value={draft.start} onChange={(e) => setDraft({ ...draft, start: e.target.value })} />
        </div>
        <div>
          <label htmlFor="event-end">To</label>
          <input id="event-end" type="datetime-local" value={draft.end} onChange={(e) => setDraft({ ...draft, end: e.target.value })} aria-invalid={Boolean(badRange)} />
        </div>
        <div className="filter-actions">
          <button type="submit" className="primary" disabled={Boolean(badRange)}>
            Search events
          </button>
          {badRange && <p className="field-error">The start is after the end.</p>}
        </div>
      </form>
      <ErrorMessage error={list.error} prefix="The events could not be read." />
      {list.loading && list.items.length === 0 && <Loading label="Loading events…" />}
      {!list.loading && !list.error && list.items.length === 0 && <EmptyState title="No events match." >{<p>Widen the time range or clear the filter.</p>}</EmptyState>}
      {list.items.length > 0 && (
        <div className="table-wrap">
          <table className="events">
            <caption className="visually-hidden">Events</caption>
            <thead>
              <tr>
                <th scope="col">Event time</th>
                <th scope="col">Event name</th>
                <th scope="col">User name</th>
                <th scope="col">Event source</th>
                <th scope="col">Resources</th>
                <th scope="col">
                  <span className="visually-hidden">Details</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {list.items.map((e) => (
                <EventRow key={e.EventId} event={e} open={open === e.EventId} onToggle={() => setOpen(open === e.EventId ? undefined : e.EventId)} />
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pager list={list} label="Events" />
    </Page>
  );
}

function errorOf(event: Event): string | undefined {
  try {
    return (JSON.parse(event.CloudTrailEvent ?? '{}') as { errorCode?: string }).errorCode;
  } catch {
    return undefined;
  }
}

function EventRow({ event, open, onToggle }: { event: Event; open: boolean; onToggle: () => void }) {
  const detailId = `event-${event.EventId}`;
  const failed = errorOf(event);
  return (
    <>
      <tr>
        <td>{formatDate(event.EventTime)}</td>
        <th scope="row">
          {event.EventName}
          {failed && <span className="badge badge-fail">{failed}</span>}
        </th>
        <td>{event.Username}</td>
        <td>{event.EventSource}</td>
        <td className="description">{(event.Resources ?? []).map((r) => r.ResourceName).filter(Boolean).join(', ')}</td>
        <td>
          <button type="button" className="small" aria-expanded={open} aria-controls={detailId} onClick={onToggle} aria-label={`${open ? 'Hide' : 'View'} details of ${event.EventName} at ${formatDate(event.EventTime)}`}>
            {open ? 'Hide' : 'Details'}
          </button>
        </td>
      </tr>
      {open && (
        <tr id={detailId} className="event-detail">
          <td colSpan={6}>
            <pre className="json" aria-label={`Event record ${event.EventId}`}>
              {prettyJson(event.CloudTrailEvent ?? '')}
            </pre>
          </td>
        </tr>
      )}
    </>
  );
}
