import type { User } from './storage/schema.js';

/** Who is calling, as established by authentication. */
export type Principal =
  | { readonly type: 'Root'; readonly accountId: string; readonly arn: string; readonly accessKeyId?: string }
  | { readonly type: 'IAMUser'; readonly accountId: string; readonly arn: string; readonly user: User; readonly accessKeyId?: string };

export function rootArn(accountId: string): string {
  return `arn:aws:iam::${accountId}:root`;
}

/** arn:aws:iam::123456789012:user/path/name — the path keeps its leading and trailing slash. */
export function entityArn(accountId: string, kind: 'user' | 'group' | 'role' | 'policy' | 'instance-profile', path: string, name: string): string {
  return `arn:aws:iam::${accountId}:${kind}${path}${name}`;
}
