import { GetAccessKeyLastUsedCommand, ListAccessKeysCommand, type AccessKeyLastUsed, type AccessKeyMetadata } from '@aws-sdk/client-iam';
import { iam } from '../api/aws';
import { formatAge, formatDate } from './format';

export interface KeyRow extends AccessKeyMetadata {
  lastUsed?: AccessKeyLastUsed;
}

/** The UserName argument of the access key calls: none means the caller's own keys (the root user's, for root). */
export const keyOwner = (userName?: string) => (userName === undefined ? {} : { UserName: userName });

export async function listKeysWithLastUse(userName?: string): Promise<KeyRow[]> {
  const keys = (await iam().send(new ListAccessKeysCommand(keyOwner(userName)))).AccessKeyMetadata ?? [];
  return Promise.all(keys.map(async (k) => ({ ...k, lastUsed: (await iam().send(new GetAccessKeyLastUsedCommand({ AccessKeyId: k.AccessKeyId }))).AccessKeyLastUsed })));
}

/** "3 days ago (date), iam in us-east-1", or "Never used". */
export function describeLastUse(lastUsed?: AccessKeyLastUsed): string {
  if (!lastUsed?.LastUsedDate) return 'Never used';
  const where = [lastUsed.ServiceName, lastUsed.Region].filter((x) => x && x !== 'N/A').join(' in ');
  return `${formatAge(lastUsed.LastUsedDate)} (${formatDate(lastUsed.LastUsedDate)})${where ? `, ${where}` : ''}`;
}
