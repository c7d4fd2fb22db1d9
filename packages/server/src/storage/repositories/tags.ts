import type { Tx } from '../database.js';

export interface Tag {
  Key: string;
  Value: string;
}

/** What a tag belongs to; the kind picks the foreign key that keeps the tag from outliving it. */
export interface TagOwner {
  kind: 'user' | 'role' | 'policy' | 'instance-profile' | 'oidc-provider' | 'mfa-device';
  id: string;
}

const OWNER_COLUMN = {
  user: 'user_id',
  role: 'role_id',
  policy: 'policy_id',
  'instance-profile': 'instance_profile_id',
  'oidc-provider': 'oidc_provider_id',
  'mfa-device': 'mfa_device_key',
} as const;

export async function listTags(tx: Tx, resourceId: string): Promise<Tag[]> {
  const rows = await tx.selectFrom('tags').select(['key', 'value']).where('resource_id', '=', resourceId).orderBy('position').execute();
  return rows.map((r) => ({ Key: r.key, Value: r.value }));
}

/** The keys an owner's tags already have, and the position of each. */
export function tagPositions(tx: Tx, resourceId: string): Promise<{ key_lower: string; position: number }[]> {
  return tx.selectFrom('tags').select(['key_lower', 'position']).where('resource_id', '=', resourceId).execute();
}

export async function updateTag(tx: Tx, resourceId: string, tag: Tag): Promise<void> {
  await tx.updateTable('tags').set({ key: tag.Key, value: tag.Value }).where('resource_id', '=', resourceId).where('key_lower', '=', tag.Key.toLowerCase()).execute();
}

export async function insertTag(tx: Tx, owner: TagOwner, tag: Tag, position: number): Promise<void> {
  await tx.insertInto('tags').values({ resource_id: owner.id, [OWNER_COLUMN[owner.kind]]: owner.id, key: tag.Key, key_lower: tag.Key.toLowerCase(), value: tag.Value, position }).execute();
}

export async function removeTags(tx: Tx, resourceId: string, keys: readonly string[]): Promise<void> {
  if (keys.length === 0) return;
  await tx
    .deleteFrom('tags')
    .where('resource_id', '=', resourceId)
    .where(
      'key_lower',
      'in',
      keys.map((k) => k.toLowerCase()),
    )
    .execute();
}
