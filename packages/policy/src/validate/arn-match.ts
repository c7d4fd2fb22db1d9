// Matching a policy's resource pattern against the ARN formats of the Service Authorization
// Reference (arn:${Partition}:s3:::${BucketName}/${ObjectName} ...).

import { type ArnRef, parseArn } from './analysis.js';
import { fieldMeetsFormat, patternMeetsFormat } from './patterns.js';

export interface FieldFit {
  partition: boolean;
  service: boolean;
  region: boolean;
  account: boolean;
  resource: boolean;
}

/** How each field of a parsed ARN pattern fits the format's. */
export function fitArn(arn: Extract<ArnRef, { kind: 'arn' }>, format: string): FieldFit | undefined {
  const f = parseArn(format);
  if (f.kind !== 'arn') return undefined;
  return {
    partition: fieldMeetsFormat(arn.partition, f.partition),
    service: fieldMeetsFormat(arn.service, f.service),
    region: fieldMeetsFormat(arn.region, f.region),
    account: fieldMeetsFormat(arn.account, f.account),
    resource: patternMeetsFormat(arn.resource, f.resource),
  };
}

/** Could some resource match both the policy's resource pattern and the ARN format? */
const meetCache = new Map<string, boolean>();

export function resourceMeetsFormat(value: string, format: string): boolean {
  const key = `${value}\u0000${format}`;
  const hit = meetCache.get(key);
  if (hit !== undefined) return hit;
  const result = resourceMeetsFormatUncached(value, format);
  if (meetCache.size > 20_000) meetCache.clear();
  meetCache.set(key, result);
  return result;
}

function resourceMeetsFormatUncached(value: string, format: string): boolean {
  if (value === '*') return true;
  const arn = parseArn(value);
  // A wildcard may span the colons between fields: arn:aws:s3:::* or arn:*.
  if (arn.kind !== 'arn') return value.includes('*') && value.startsWith('arn:');
  const fit = fitArn(arn, format);
  return fit !== undefined && fit.partition && fit.service && fit.region && fit.account && fit.resource;
}
