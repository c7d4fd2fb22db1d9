import { ListRolesCommand, type Role } from '@aws-sdk/client-iam';
import { iam } from '../api/aws';
import { fetchAll } from './paged-list';

export function allRoles(): Promise<Role[]> {
  return fetchAll(async (Marker, MaxItems) => {
    const r = await iam().send(new ListRolesCommand({ Marker, MaxItems }));
    return { items: r.Roles ?? [], marker: r.IsTruncated ? r.Marker : undefined };
  });
}
