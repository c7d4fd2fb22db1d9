import { LookupEventsCommand, type Event } from '@aws-sdk/client-cloudtrail';
import { AddUserToGroupCommand, CreateLoginProfileCommand, CreateUserCommand } from '@aws-sdk/client-iam';
import type { CloudTrailRecord } from '../../src/audit/event-record.js';
import type { TestServer } from '../support/server.js';

/** Guessing protection out of the way for tests about something else: many failures, no quick-login wait. */
export const RELAXED_GUARD = { bruteForce: { maxFailures: 10_000, quickLoginCheckMs: 0 } };

export const PASSWORD = 'Correct-Horse-9-battery';

/** An IAM user with a console password; `admin` puts them in the bootstrap's Administrators group. */
export async function consoleUser(t: TestServer, userName: string, options: { admin?: boolean; resetRequired?: boolean; password?: string } = {}): Promise<string> {
  const iam = t.iam();
  try {
    await iam.send(new CreateUserCommand({ UserName: userName }));
    await iam.send(new CreateLoginProfileCommand({ UserName: userName, Password: options.password ?? PASSWORD, PasswordResetRequired: options.resetRequired ?? false }));
    if (options.admin) await iam.send(new AddUserToGroupCommand({ GroupName: 'Administrators', UserName: userName }));
  } finally {
    iam.destroy();
  }
  return options.password ?? PASSWORD;
}

/** The account's ConsoleLogin records, newest first, as LookupEvents returns them. */
export async function consoleLogins(t: TestServer): Promise<CloudTrailRecord[]> {
  const trail = t.cloudtrail();
  try {
    const { Events } = await trail.send(new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'ConsoleLogin' }], MaxResults: 50 }));
    return (Events ?? []).map((e: Event) => JSON.parse(e.CloudTrailEvent!) as CloudTrailRecord);
  } finally {
    trail.destroy();
  }
}

/** The newest record of an event, by name. */
export async function latestEvent(t: TestServer, eventName: string): Promise<CloudTrailRecord | undefined> {
  const trail = t.cloudtrail();
  try {
    const { Events } = await trail.send(new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: eventName }], MaxResults: 1 }));
    const event = Events?.[0];
    return event ? (JSON.parse(event.CloudTrailEvent!) as CloudTrailRecord) : undefined;
  } finally {
    trail.destroy();
  }
}
