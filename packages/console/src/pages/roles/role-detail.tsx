import { GetRoleCommand, ListInstanceProfilesForRoleCommand, UpdateAssumeRolePolicyCommand, type Role } from '@aws-sdk/client-iam';
import { useState } from 'react';
import { iam } from '../../api/aws';
import { errorCode } from '../../api/errors';
import { AccessAdvisor } from '../../components/access-advisor';
import { BoundaryPanel } from '../../components/boundary-panel';
import { ConfirmButton } from '../../components/confirm-button';
import { CopyButton } from '../../components/copy-button';
import { EntityPoliciesPanel } from '../../components/entity-policies-panel';
import { EmptyState, ErrorMessage, Loading, Notice } from '../../components/feedback';
import { Page, Section } from '../../components/page';
import { PermissionsSummary } from '../../components/permissions-summary';
import { PolicyEditor } from '../../components/policy-editor';
import { Tabs } from '../../components/tabs';
import { deleteRoleCompletely } from '../../lib/delete-entities';
import { formatDate } from '../../lib/format';
import { useAction, useLoad } from '../../lib/hooks';
import { decodePolicyDocument, prettyJson } from '../../lib/policy-document';
import { describeTrust } from '../../lib/trust-policy';
import { Link, navigate, setQueryParam, useLocation } from '../../router';

const TABS = [
  { id: 'permissions', label: 'Permissions' },
  { id: 'trust', label: 'Trust relationships' },
  { id: 'instance-profiles', label: 'Instance profiles' },
  { id: 'access-advisor', label: 'Access Advisor' },
];

export function RoleDetailPage({ roleName }: { roleName: string }) {
  const { query } = useLocation();
  const tab = TABS.some((t) => t.id === query.get('tab')) ? (query.get('tab') as string) : 'permissions';
  const role = useLoad(async () => (await iam().send(new GetRoleCommand({ RoleName: roleName }))).Role, [roleName]);
  const [version, setVersion] = useState(0);

  if (role.error && errorCode(role.error) === 'NoSuchEntity') {
    return (
      <Page title="Role not found">
        <p>There is no role named {roleName} in this account.</p>
        <Link to="/iam/roles">Back to roles</Link>
      </Page>
    );
  }
  const r = role.data;
  return (
    <Page
      title={roleName}
      description={<Link to="/iam/roles">Roles</Link>}
      actions={
        r && (
          <ConfirmButton
            label="Delete role"
            title={`Delete role ${roleName}?`}
            onConfirm={async () => {
              await deleteRoleCompletely(roleName);
              navigate('/iam/roles');
            }}
          >
            <p>Its policies are detached or deleted and it leaves its instance profiles (the one named after it is deleted). Sessions already issued keep working until they expire.</p>
          </ConfirmButton>
        )
      }
    >
      <ErrorMessage error={role.error} />
      {role.loading && !r && <Loading />}
      {r && (
        <>
          <RoleSummary role={r} />
          <Tabs tabs={TABS} selected={tab} onSelect={(id) => setQueryParam('tab', id === 'permissions' ? undefined : id)} label={`Role ${roleName}`}>
            {tab === 'permissions' && (
              <>
                <EntityPoliciesPanel kind="role" name={roleName} onChanged={() => setVersion((v) => v + 1)} />
                <BoundaryPanel kind="role" name={roleName} boundaryArn={r.PermissionsBoundary?.PermissionsBoundaryArn} onChanged={role.reload} />
                <Section title="Permissions summary">
                  <PermissionsSummary kind="role" name={roleName} version={version} />
                </Section>
              </>
            )}
            {tab === 'trust' && <TrustPolicy role={r} onChanged={role.reload} />}
            {tab === 'instance-profiles' && <InstanceProfiles roleName={roleName} />}
            {tab === 'access-advisor' && r.Arn && <AccessAdvisor arn={r.Arn} />}
          </Tabs>
        </>
      )}
    </Page>
  );
}

function RoleSummary({ role }: { role: Role }) {
  return (
    <dl className="facts summary">
      <div>
        <dt>ARN</dt>
        <dd>
          <code className="wrap">{role.Arn}</code> <CopyButton value={role.Arn ?? ''} label="Copy the role's ARN" />
        </dd>
      </div>
      {role.Description && (
        <div>
          <dt>Description</dt>
          <dd>{role.Description}</dd>
        </div>
      )}
      <div>
        <dt>Created</dt>
        <dd>{formatDate(role.CreateDate)}</dd>
      </div>
      <div>
        <dt>Last used</dt>
        <dd>{role.RoleLastUsed?.LastUsedDate ? formatDate(role.RoleLastUsed.LastUsedDate) : 'Never'}</dd>
      </div>
      <div>
        <dt>Maximum session duration</dt>
        <dd>{(role.MaxSessionDuration ?? 3600) / 3600} hour(s)</dd>
      </div>
    </dl>
  );
}

function TrustPolicy({ role, onChanged }: { role: Role; onChanged: () => void }) {
  const document = prettyJson(decodePolicyDocument(role.AssumeRolePolicyDocument));
  const [editing, setEditing] = useState<string | undefined>(undefined);
  const [saved, setSaved] = useState(false);
  const save = useAction();

  async function submit() {
    if (editing === undefined) return;
    if (await save.run(() => iam().send(new UpdateAssumeRolePolicyCommand({ RoleName: role.RoleName, PolicyDocument: editing })))) {
      setEditing(undefined);
      setSaved(true);
      onChanged();
    }
  }

  return (
    <Section
      title="Trust policy"
      actions={
        editing === undefined && (
          <button type="button" className="small" onClick={() => { setEditing(document); setSaved(false); }}>
            Edit trust policy
          </button>
        )
      }
    >
      <p>Trusted entities: {describeTrust(decodePolicyDocument(role.AssumeRolePolicyDocument))}</p>
      {saved && <Notice>The trust policy was updated.</Notice>}
      {editing === undefined ? (
        <pre className="json" aria-label="Trust policy">
          {document}
        </pre>
      ) : (
        <>
          <PolicyEditor value={editing} onChange={setEditing} label="Trust policy" policyType="RESOURCE_POLICY" />
          <ErrorMessage error={save.error} />
          <div className="actions">
            <button type="button" className="primary" onClick={submit} disabled={save.busy}>
              Save trust policy
            </button>
            <button type="button" onClick={() => setEditing(undefined)}>
              Cancel
            </button>
          </div>
        </>
      )}
    </Section>
  );
}

function InstanceProfiles({ roleName }: { roleName: string }) {
  const profiles = useLoad(async () => (await iam().send(new ListInstanceProfilesForRoleCommand({ RoleName: roleName }))).InstanceProfiles ?? [], [roleName]);
  return (
    <Section title="Instance profiles">
      <p className="hint">A workload that runs with one of these instance profiles gets this role’s temporary credentials.</p>
      <ErrorMessage error={profiles.error} />
      {profiles.loading && !profiles.data && <Loading />}
      {profiles.data?.length === 0 && <EmptyState title="The role is in no instance profile." />}
      {profiles.data && profiles.data.length > 0 && (
        <ul className="plain-list">
          {profiles.data.map((p) => (
            <li key={p.InstanceProfileId} className="row">
              <span className="row-name">{p.InstanceProfileName}</span> <code className="wrap muted">{p.Arn}</code>
            </li>
          ))}
        </ul>
      )}
    </Section>
  );
}
