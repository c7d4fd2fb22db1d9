import { useLoad } from '../lib/hooks';
import { entityPolicies, managedPolicyDocument, type EntityKind } from '../lib/entity-policies';
import { combineDocuments } from '../lib/policy-document';
import { EmptyState, ErrorMessage, Loading } from './feedback';
import { PolicySummary } from './policy-summary';

/** Every policy document that applies to an entity: its own, and for a user those of its groups. */
async function documentsOf(kind: EntityKind, name: string, groups: string[]): Promise<string[]> {
  const owners: [EntityKind, string][] = [[kind, name], ...groups.map((g): [EntityKind, string] => ['group', g])];
  const documents: string[] = [];
  for (const [k, n] of owners) {
    const api = entityPolicies(k, n);
    const [attached, inline] = await Promise.all([api.listAttached(), api.listInline()]);
    documents.push(...(await Promise.all(attached.map((p) => managedPolicyDocument(p.PolicyArn ?? '')))));
    documents.push(...(await Promise.all(inline.map((p) => api.getInline(p)))));
  }
  return documents;
}

/** The summary by service and access level of everything an entity's identity policies allow. */
export function PermissionsSummary({ kind, name, groups = [], version }: { kind: EntityKind; name: string; groups?: string[]; version: number }) {
  const documents = useLoad(() => documentsOf(kind, name, groups), [kind, name, groups.join('\n'), version]);
  if (documents.error) return <ErrorMessage error={documents.error} prefix="The policies could not be read for the summary." />;
  if (!documents.data) return <Loading label="Reading policies…" />;
  const combined = combineDocuments(documents.data);
  // IAM's grammar wants at least one statement; with none there is nothing to summarize.
  if ((JSON.parse(combined) as { Statement: unknown[] }).Statement.length === 0) {
    return <EmptyState title={`No policy applies to ${name}.`}>{<p>It may do nothing until a policy allows it.</p>}</EmptyState>;
  }
  return <PolicySummary document={combined} caption={`What ${name}'s policies allow, by service and access level${groups.length ? ' (its groups included)' : ''}`} />;
}
