import { randomUUID } from 'node:crypto';
import { plainAddress } from '../http/client-address.js';
import type { AwsError } from '../protocol/errors.js';
import type { StructureShape } from '../protocol/model.js';
import { EVENT_VERSION, eventTimeOf, isReadOnly, recordedShape, type CloudTrailRecord, type UserIdentity } from './event-record.js';

/** What the endpoint knows of one API call when it records it. */
export interface ApiCallFacts {
  readonly requestId: string;
  readonly at: Date;
  readonly sourceIp: string;
  readonly userAgent: string;
  /** iam, sts, cloudtrail, or the service a call through the authorize API was made to */
  readonly service: string;
  readonly action: string;
  readonly region: string;
  readonly identity: UserIdentity;
  readonly accountId: string;
  readonly input?: { readonly shape?: StructureShape; readonly value: unknown };
  readonly output?: { readonly shape?: StructureShape; readonly value: unknown };
  readonly error?: { readonly code: string; readonly message: string };
  readonly resources?: CloudTrailRecord['resources'];
  readonly eventCategory?: CloudTrailRecord['eventCategory'];
}

/**
 * A CloudTrail record of an API call. Reads record no response (CloudTrail writes null
 * responseElements for them); secrets never appear (event-record.ts).
 */
export function apiCallRecord(f: ApiCallFacts): CloudTrailRecord {
  const eventSource = `${f.service}.amazonaws.com`;
  const readOnly = isReadOnly(eventSource, f.action);
  return {
    eventVersion: EVENT_VERSION,
    userIdentity: f.identity,
    eventTime: eventTimeOf(f.at),
    eventSource,
    eventName: f.action,
    // IAM is global: CloudTrail records its calls in us-east-1.
    awsRegion: f.service === 'iam' ? 'us-east-1' : f.region || 'us-east-1',
    sourceIPAddress: plainAddress(f.sourceIp),
    userAgent: f.userAgent,
    ...(f.error ? { errorCode: f.error.code, errorMessage: f.error.message } : {}),
    requestParameters: f.input ? recordedShape(f.input.shape, f.input.value) : null,
    responseElements: !readOnly && !f.error && f.output ? recordedShape(f.output.shape, f.output.value) : null,
    requestID: f.requestId,
    eventID: randomUUID(),
    readOnly,
    ...(f.resources ? { resources: f.resources } : {}),
    eventType: 'AwsApiCall',
    managementEvent: (f.eventCategory ?? 'Management') === 'Management',
    recipientAccountId: f.accountId,
    eventCategory: f.eventCategory ?? 'Management',
  };
}

/**
 * The errorCode CloudTrail records: for Query services the error's shape name in the model
 * (NoSuchEntity is recorded as NoSuchEntityException), otherwise the code as sent.
 */
export function recordedErrorCode(error: AwsError, errorShapes: ReadonlyMap<string, string>): string {
  return errorShapes.get(error.code) ?? error.code;
}
