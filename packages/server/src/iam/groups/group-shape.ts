import { entityArn } from '../../principal.js';
import type { Group } from '../../storage/schema.js';

export function groupShape(group: Group) {
  return {
    Path: group.path,
    GroupName: group.name,
    GroupId: group.id,
    Arn: entityArn(group.account_id, 'group', group.path, group.name),
    CreateDate: new Date(group.created_at),
  };
}

