import { AwsError } from '../../protocol/errors.js';
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

// The quota names IAM's LimitExceeded messages give. https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html
const QUOTA_NAME = {
  user: 'TagsPerUser',
  role: 'TagsPerRole',
  policy: 'TagsPerPolicy',
  'instance-profile': 'TagsPerInstanceProfile',
  'oidc-provider': 'TagsPerOpenIdConnectProvider',
  'mfa-device': 'TagsPerMFADevice',
} as const;

export async function listTags(tx: Tx, resourceId: string): Promise<Tag[]> {
  const rows = await tx.selectFrom('tags').select(['key', 'value']).where('resource_id', '=', resourceId).orderBy('position').execute();
  return rows.map((r) => ({ Key: r.key, Value: r.value }));
}

/**
 * Adds or overwrites tags. IAM tag keys are unique without regard to case, a request may not
 * repeat a key, keys beginning with aws: are reserved, and an entity holds at most 50 tags.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_tags.html#id_tags_rules_creating
 */
export async function putTags(tx: Tx, owner: TagOwner, tags: readonly Tag[]): Promise<void> {
  const resourceId = owner.id;
  const quotaName = QUOTA_NAME[owner.kind];
  const seen = new Set<string>();
  for (const tag of tags) {
    const lower = tag.Key.toLowerCase();
    if (seen.has(lower)) throw new AwsError('InvalidInput', `Duplicate tag keys found. Tag key ${tag.Key} appears more than once; tag keys are not case sensitive.`);
    seen.add(lower);
    if (lower.startsWith('aws:')) throw new AwsError('InvalidInput', `Tag key ${tag.Key} uses the reserved prefix aws:. Choose a key that does not begin with aws:.`);
  }
  const existing = await tx.selectFrom('tags').select(['key_lower', 'position']).where('resource_id', '=', resourceId).execute();
  const existingKeys = new Set(existing.map((r) => r.key_lower));
  const added = [...seen].filter((k) => !existingKeys.has(k)).length;
  if (existing.length + added > 50) throw new AwsError('LimitExceeded', `Cannot exceed quota for ${quotaName}: 50`);
  let position = existing.reduce((max, r) => Math.max(max, r.position), -1);
  for (const tag of tags) {
    const keyLower = tag.Key.toLowerCase();
    if (existingKeys.has(keyLower)) {
      await tx.updateTable('tags').set({ key: tag.Key, value: tag.Value }).where('resource_id', '=', resourceId).where('key_lower', '=', keyLower).execute();
    } else {
      position += 1;
      await tx.insertInto('tags').values({ resource_id: resourceId, [OWNER_COLUMN[owner.kind]]: resourceId, key: tag.Key, key_lower: keyLower, value: tag.Value, position }).execute();
    }
  }
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
