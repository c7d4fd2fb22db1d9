import {
  CreatePolicyVersionCommand,
  DeletePolicyCommand,
  DeletePolicyVersionCommand,
  DetachGroupPolicyCommand,
  DetachRolePolicyCommand,
  DetachUserPolicyCommand,
  GetPolicyCommand,
  GetPolicyVersionCommand,
  ListEntitiesForPolicyCommand,
  ListPolicyVersionsCommand,
  SetDefaultPolicyVersionCommand,
  type Policy,
} from '@aws-sdk/client-iam';
import { useState } from 'react';
import { iam } from '../../api/aws';
import { errorCode } from '../../api/errors';
import type { Finding } from '../../api/console-api';
import { ConfirmButton } from '../../components/confirm-button';
import { CopyButton } from '../../components/copy-button';
import { EmptyState, ErrorMessage, Loading, Notice } from '../../components/feedback';
import { Page, Section } from '../../components/page';
import { PolicyEditor } from '../../components/policy-editor';
import { PolicySummary } from '../../components/policy-summary';
import { Tabs } from '../../components/tabs';
import { isAwsManagedPolicy } from '../../lib/arn';
import { formatDate } from '../../lib/format';
import { useAction, useLoad } from '../../lib/hooks';
import { fetchAll } from '../../lib/paged-list';
import { forgetPolicies, policyKind } from '../../lib/policy-catalog';
import { decodePolicyDocument, prettyJson } from '../../lib/policy-document';
import { Link, navigate, pagePath, setQueryParam, useLocation } from '../../router';

/** IAM keeps at most five versions of a managed policy. */
const MAX_VERSIONS = 5;

async function attachedEntities(arn: string) {
  const users: string[] = [];
  const groups: string[] = [];
  const roles: string[] = [];
  let marker: string | undefined;
  do {
    const r = await iam().send(new ListEntitiesForPolicyCommand({ PolicyArn: arn, Marker: marker, MaxItems: 1000 }));
    users.push(...(r.PolicyUsers ?? []).map((u) => u.UserName ?? ''));
    groups.push(...(r.PolicyGroups ?? []).map((g) => g.GroupName ?? ''));
    roles.push(...(r.PolicyRoles ?? []).map((g) => g.RoleName ?? ''));
    marker = r.IsTruncated ? r.Marker : undefined;
  } while (marker);
  return { users, groups, roles };
}

async function listVersions(arn: string) {
  return fetchAll(async (Marker, MaxItems) => {
    const r = await iam().send(new ListPolicyVersionsCommand({ PolicyArn: arn, Marker, MaxItems }));
    return { items: r.Versions ?? [], marker: r.IsTruncated ? r.Marker : undefined };
  });
}

/** DeletePolicy refuses while the policy is attached or has other versions, so those go first. */
async function deletePolicyCompletely(arn: string): Promise<void> {
  const entities = await attachedEntities(arn);
  for (const u of entities.users) await iam().send(new DetachUserPolicyCommand({ UserName: u, PolicyArn: arn }));
  for (const g of entities.groups) await iam().send(new DetachGroupPolicyCommand({ GroupName: g, PolicyArn: arn }));
  for (const r of entities.roles) await iam().send(new DetachRolePolicyCommand({ RoleName: r, PolicyArn: arn }));
  for (const v of await listVersions(arn)) if (!v.IsDefaultVersion) await iam().send(new DeletePolicyVersionCommand({ PolicyArn: arn, VersionId: v.VersionId }));
  await iam().send(new DeletePolicyCommand({ PolicyArn: arn }));
}

const TABS = [
  { id: 'permissions', label: 'Permissions' },
  { id: 'versions', label: 'Policy versions' },
  { id: 'entities', label: 'Entities attached' },
];

export function PolicyDetailPage({ policyArn }: { policyArn: string }) {
  const { query } = useLocation();
  const tab = TABS.some((t) => t.id === query.get('tab')) ? (query.get('tab') as string) : 'permissions';
  const policy = useLoad(async () => (await iam().send(new GetPolicyCommand({ PolicyArn: policyArn }))).Policy, [policyArn]);
  const document = useLoad(async () => {
    const id = policy.data?.DefaultVersionId;
    if (!id) return undefined;
    return decodePolicyDocument((await iam().send(new GetPolicyVersionCommand({ PolicyArn: policyArn, VersionId: id }))).PolicyVersion?.Document);
  }, [policy.data?.DefaultVersionId, policy.data?.UpdateDate?.getTime()]);
  const awsManaged = isAwsManagedPolicy(policyArn);
  const name = policy.data?.PolicyName ?? policyArn.slice(policyArn.lastIndexOf('/') + 1);

  if (policy.error && errorCode(policy.error) === 'NoSuchEntity') {
    return (
      <Page title="Policy not found">
        <p>There is no policy {policyArn}.</p>
        <Link to="/iam/policies">Back to policies</Link>
      </Page>
    );
  }
  return (
    <Page
      title={name}
      description={<Link to="/iam/policies">Policies</Link>}
      actions={
        policy.data &&
        !awsManaged && (
          <ConfirmButton
            label="Delete policy"
            title={`Delete policy ${name}?`}
            onConfirm={async () => {
              await deletePolicyCompletely(policyArn);
              forgetPolicies();
              navigate('/iam/policies?scope=Local');
            }}
          >
            <p>It is detached from every user, group and role that has it, and all its versions are deleted. This cannot be undone.</p>
          </ConfirmButton>
        )
      }
    >
      <ErrorMessage error={policy.error} />
      {policy.loading && !policy.data && <Loading />}
      {policy.data && (
        <>
          <PolicyFacts policy={policy.data} />
          <Tabs tabs={TABS} selected={tab} onSelect={(id) => setQueryParam('tab', id === 'permissions' ? undefined : id)} label={`Policy ${name}`}>
            {tab === 'permissions' && <Permissions policyArn={policyArn} awsManaged={awsManaged} document={document.data} error={document.error} onSaved={policy.reload} />}
            {tab === 'versions' && <Versions policyArn={policyArn} awsManaged={awsManaged} onChanged={policy.reload} />}
            {tab === 'entities' && <Entities policyArn={policyArn} />}
          </Tabs>
        </>
      )}
    </Page>
  );
}

function PolicyFacts({ policy }: { policy: Policy }) {
  return (
    <dl className="facts summary">
      <div>
        <dt>ARN</dt>
        <dd>
          <code className="wrap">{policy.Arn}</code> <CopyButton value={policy.Arn ?? ''} label="Copy the policy's ARN" />
        </dd>
      </div>
      <div>
        <dt>Type</dt>
        <dd>{policyKind(policy)}</dd>
      </div>
      {policy.Description && (
        <div>
          <dt>Description</dt>
          <dd>{policy.Description}</dd>
        </div>
      )}
      <div>
        <dt>Default version</dt>
        <dd>{policy.DefaultVersionId}</dd>
      </div>
      <div>
        <dt>Last changed</dt>
        <dd>{formatDate(policy.UpdateDate)}</dd>
      </div>
      <div>
        <dt>Attached to</dt>
        <dd>{policy.AttachmentCount ?? 0} entities</dd>
      </div>
    </dl>
  );
}

function Permissions({ policyArn, awsManaged, document, error, onSaved }: { policyArn: string; awsManaged: boolean; document?: string; error: unknown; onSaved: () => void }) {
  const [view, setView] = useState<'summary' | 'json'>('summary');
  const [editing, setEditing] = useState<string | undefined>(undefined);
  const [findings, setFindings] = useState<Finding[] | undefined>(undefined);
  const [saved, setSaved] = useState(false);
  const save = useAction();

  async function submit() {
    if (editing === undefined) return;
    if (await save.run(() => iam().send(new CreatePolicyVersionCommand({ PolicyArn: policyArn, PolicyDocument: editing, SetAsDefault: true })))) {
      setEditing(undefined);
      setSaved(true);
      onSaved();
    }
  }

  if (error) return <ErrorMessage error={error} />;
  if (document === undefined) return <Loading />;
  if (editing !== undefined) {
    const errors = findings?.filter((f) => f.findingType === 'ERROR').length ?? 0;
    return (
      <Section title="Edit policy">
        <p className="hint">Saving creates a new version and makes it the default; the previous one is kept (up to {MAX_VERSIONS} versions).</p>
        <PolicyEditor value={editing} onChange={setEditing} onFindings={setFindings} />
        <ErrorMessage error={save.error} />
        {errorCode(save.error) === 'LimitExceeded' && (
          <p className="hint">
            Delete an old version on the <button type="button" className="link-button" onClick={() => setQueryParam('tab', 'versions')}>Policy versions</button> tab first.
          </p>
        )}
        <div className="actions">
          <button type="button" className="primary" onClick={submit} disabled={save.busy}>
            Save changes
          </button>
          <button type="button" onClick={() => setEditing(undefined)} disabled={save.busy}>
            Cancel
          </button>
          {errors > 0 && <span className="hint">The validator found {errors === 1 ? 'an error' : `${errors} errors`}.</span>}
        </div>
      </Section>
    );
  }
  return (
    <Section
      title="Permissions defined in this policy"
      actions={
        !awsManaged && (
          <button type="button" className="small primary" onClick={() => { setEditing(prettyJson(document)); setSaved(false); }}>
            Edit
          </button>
        )
      }
    >
      {saved && <Notice>The policy was saved as a new default version.</Notice>}
      <div className="segmented" role="group" aria-label="Show the policy as">
        <button type="button" aria-pressed={view === 'summary'} onClick={() => setView('summary')}>
          Summary
        </button>
        <button type="button" aria-pressed={view === 'json'} onClick={() => setView('json')}>
          JSON
        </button>
      </div>
      {view === 'summary' ? (
        <PolicySummary document={document} />
      ) : (
        <pre className="json" aria-label="Policy document">
          {prettyJson(document)}
        </pre>
      )}
    </Section>
  );
}

function Versions({ policyArn, awsManaged, onChanged }: { policyArn: string; awsManaged: boolean; onChanged: () => void }) {
  const versions = useLoad(() => listVersions(policyArn), [policyArn]);
  const [viewing, setViewing] = useState<{ id: string; document: string } | undefined>(undefined);
  const action = useAction();
  const changed = () => {
    versions.reload();
    onChanged();
  };
  return (
    <Section title="Policy versions">
      <p className="hint">The default version is the one in effect. {awsManaged ? 'AWS managed policies are read-only.' : `A policy keeps up to ${MAX_VERSIONS} versions.`}</p>
      <ErrorMessage error={versions.error ?? action.error} />
      {versions.loading && !versions.data && <Loading />}
      {versions.data?.length === 0 && <EmptyState title="No versions." />}
      {versions.data && versions.data.length > 0 && (
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">Policy versions</caption>
            <thead>
              <tr>
                <th scope="col">Version</th>
                <th scope="col">Created</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {versions.data.map((v) => (
                <tr key={v.VersionId}>
                  <th scope="row">
                    {v.VersionId} {v.IsDefaultVersion && <span className="badge badge-pass">Default</span>}
                  </th>
                  <td>{formatDate(v.CreateDate)}</td>
                  <td className="row-actions">
                    <button
                      type="button"
                      className="small"
                      aria-label={`View version ${v.VersionId}`}
                      onClick={() =>
                        void action.run(async () => {
                          const r = await iam().send(new GetPolicyVersionCommand({ PolicyArn: policyArn, VersionId: v.VersionId }));
                          setViewing({ id: v.VersionId ?? '', document: decodePolicyDocument(r.PolicyVersion?.Document) });
                        })
                      }
                    >
                      View
                    </button>
                    {!awsManaged && !v.IsDefaultVersion && (
                      <>
                        <button
                          type="button"
                          className="small"
                          aria-label={`Set version ${v.VersionId} as default`}
                          disabled={action.busy}
                          onClick={() => void action.run(async () => { await iam().send(new SetDefaultPolicyVersionCommand({ PolicyArn: policyArn, VersionId: v.VersionId })); changed(); })}
                        >
                          Set as default
                        </button>
                        <ConfirmButton
                          label="Delete"
                          buttonLabel={`Delete version ${v.VersionId}`}
                          title={`Delete version ${v.VersionId}?`}
                          onConfirm={async () => {
                            await iam().send(new DeletePolicyVersionCommand({ PolicyArn: policyArn, VersionId: v.VersionId }));
                            if (viewing?.id === v.VersionId) setViewing(undefined);
                            changed();
                          }}
                        >
                          <p>The version is deleted for good.</p>
                        </ConfirmButton>
                      </>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {viewing && (
        <div className="panel">
          <h3>Version {viewing.id}</h3>
          <pre className="json" aria-label={`Policy document, version ${viewing.id}`}>
            {prettyJson(viewing.document)}
          </pre>
          <button type="button" className="small" onClick={() => setViewing(undefined)}>
            Close
          </button>
        </div>
      )}
    </Section>
  );
}

function Entities({ policyArn }: { policyArn: string }) {
  const entities = useLoad(() => attachedEntities(policyArn), [policyArn]);
  const rows = entities.data ? [...entities.data.users.map((n) => ['User', n, pagePath.user(n)]), ...entities.data.groups.map((n) => ['Group', n, pagePath.group(n)]), ...entities.data.roles.map((n) => ['Role', n, pagePath.role(n)])] : [];
  return (
    <Section title="Entities attached">
      <ErrorMessage error={entities.error} />
      {entities.loading && !entities.data && <Loading />}
      {entities.data && rows.length === 0 && <EmptyState title="The policy is attached to nothing." />}
      {rows.length > 0 && (
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">Entities attached</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Type</th>
              </tr>
            </thead>
            <tbody>
              {rows.map(([type, name, to]) => (
                <tr key={`${type}:${name}`}>
                  <th scope="row">
                    <Link to={to as string}>{name}</Link>
                  </th>
                  <td>{type}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Section>
  );
}
