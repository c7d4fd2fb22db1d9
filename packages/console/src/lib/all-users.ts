import { ListUsersCommand, type User } from '@aws-sdk/client-iam';
import { iam } from '../api/aws';
import { fetchAll } from './paged-list';

export function allUsers(): Promise<User[]> {
  return fetchAll(async (Marker, MaxItems) => {
    const r = await iam().send(new ListUsersCommand({ Marker, MaxItems }));
    return { items: r.Users ?? [], marker: r.IsTruncated ? r.Marker : undefined };
  });
}
