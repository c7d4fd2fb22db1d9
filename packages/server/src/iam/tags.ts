import { AwsError } from '../protocol/errors.js';
import type { Tx } from '../storage/database.js';
import { insertTag, tagPositions, updateTag, type Tag, type TagOwner } from '../storage/repositories/tags.js';

// The quota names IAM's LimitExceeded messages give. https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html
const QUOTA_NAME = {
  user: 'TagsPerUser',
  role: 'TagsPerRole',
  policy: 'TagsPerPolicy',
  'instance-profile': 'TagsPerInstanceProfile',
  'oidc-provider': 'TagsPerOpenIdConnectProvider',
  'mfa-device': 'TagsPerMFADevice',
} as const;

const TAGS_PER_ENTITY = 50;

/**
 * Adds or overwrites tags. IAM tag keys are unique without regard to case, a request may not
 * repeat a key, keys beginning with aws: are reserved, and an entity holds at most 50 tags.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_tags.html#id_tags_rules_creating
 */
export async function putTags(tx: Tx, owner: TagOwner, tags: readonly Tag[]): Promise<void> {
  const seen = new Set<string>();
  for (const tag of tags) {
    const lower = tag.Key.toLowerCase();
    if (seen.has(lower)) throw new AwsError('InvalidInput', `Duplicate tag keys found. Tag key ${tag.Key} appears more than once; tag keys are not case sensitive.`);
    seen.add(lower);
    if (lower.startsWith('aws:')) throw new AwsError('InvalidInput', `Tag key ${tag.Key} uses the reserved prefix aws:. Choose a key that does not begin with aws:.`);
  }
  const existing = await tagPositions(tx, owner.id);
  const existingKeys = new Set(existing.map((r) => r.key_lower));
  const added = [...seen].filter((k) => !existingKeys.has(k)).length;
  if (existing.length + added > TAGS_PER_ENTITY) throw new AwsError('LimitExceeded', `Cannot exceed quota for ${QUOTA_NAME[owner.kind]}: ${TAGS_PER_ENTITY}`);
  let position = existing.reduce((max, r) => Math.max(max, r.position), -1);
  for (const tag of tags) {
    if (existingKeys.has(tag.Key.toLowerCase())) await updateTag(tx, owner.id, tag);
    else await insertTag(tx, owner, tag, ++position);
  }
}
