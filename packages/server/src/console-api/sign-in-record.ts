import { randomUUID } from 'node:crypto';
import { EVENT_VERSION, eventTimeOf, HIDDEN, type CloudTrailRecord, type UserIdentity } from '../audit/event-record.js';
import { plainAddress } from '../http/client-address.js';

/** What a sign-in attempt's record says. */
export interface SignInFacts {
  readonly at: Date;
  readonly accountId: string;
  /** whom the attempt named; an unknown user is hidden, as CloudTrail hides them */
  readonly identity: UserIdentity;
  readonly success: boolean;
  readonly mfaUsed: boolean;
  readonly sourceIp: string;
  readonly userAgent: string;
  /** the console's address, CloudTrail's LoginTo */
  readonly loginTo: string;
}

/**
 * A ConsoleLogin record as CloudTrail writes one for every sign-in attempt, successful or not.
 * https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-aws-console-sign-in-events.html
 */
export function consoleLoginRecord(f: SignInFacts): CloudTrailRecord {
  return {
    eventVersion: EVENT_VERSION,
    userIdentity: f.identity,
    eventTime: eventTimeOf(f.at),
    eventSource: 'signin.amazonaws.com',
    eventName: 'ConsoleLogin',
    awsRegion: 'us-east-1',
    sourceIPAddress: plainAddress(f.sourceIp),
    userAgent: f.userAgent,
    ...(f.success ? {} : { errorMessage: 'Failed authentication' }),
    requestParameters: null,
    responseElements: { ConsoleLogin: f.success ? 'Success' : 'Failure' },
    additionalEventData: { LoginTo: f.loginTo, MobileVersion: 'No', MFAUsed: f.mfaUsed ? 'Yes' : 'No' },
    requestID: randomUUID(),
    eventID: randomUUID(),
    readOnly: false,
    eventType: 'AwsConsoleSignIn',
    managementEvent: true,
    recipientAccountId: f.accountId,
    eventCategory: 'Management',
  };
}

/**
 * The identity CloudTrail records for a failed sign-in as an IAM user that does not exist: the
 * name is hidden, since people type their password into the user name field.
 */
export function unknownUserIdentity(accountId: string): UserIdentity {
  return { type: 'IAMUser', accountId, accessKeyId: '', userName: HIDDEN };
}
