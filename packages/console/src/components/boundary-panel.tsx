import { DeleteRolePermissionsBoundaryCommand, DeleteUserPermissionsBoundaryCommand, PutRolePermissionsBoundaryCommand, PutUserPermissionsBoundaryCommand } from '@aws-sdk/client-iam';
import { useState } from 'react';
import { iam } from '../api/aws';
import { useAction } from '../lib/hooks';
import { Link, pagePath } from '../router';
import { ConfirmButton } from './confirm-button';
import { ErrorMessage } from './feedback';
import { Section } from './page';
import { PolicyPicker } from './policy-picker';

/**
 * A user's or role's permissions boundary: the managed policy that caps what its identity
 * policies can grant. https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html
 */
export function BoundaryPanel({ kind, name, boundaryArn, onChanged }: { kind: 'user' | 'role'; name: string; boundaryArn?: string; onChanged: () => void }) {
  const [choosing, setChoosing] = useState(false);
  const [chosen, setChosen] = useState<string[]>([]);
  const save = useAction();

  async function put() {
    const arn = chosen[0];
    if (!arn) return;
    const work = kind === 'user' ? () => iam().send(new PutUserPermissionsBoundaryCommand({ UserName: name, PermissionsBoundary: arn })) : () => iam().send(new PutRolePermissionsBoundaryCommand({ RoleName: name, PermissionsBoundary: arn }));
    if (await save.run(work)) {
      setChoosing(false);
      setChosen([]);
      onChanged();
    }
  }

  async function remove() {
    if (kind === 'user') await iam().send(new DeleteUserPermissionsBoundaryCommand({ UserName: name }));
    else await iam().send(new DeleteRolePermissionsBoundaryCommand({ RoleName: name }));
    onChanged();
  }

  return (
    <Section title="Permissions boundary">
      {boundaryArn ? (
        <p>
          The {kind}’s permissions are limited to what <Link to={pagePath.policy(boundaryArn)}>{boundaryArn.slice(boundaryArn.lastIndexOf('/') + 1)}</Link> allows.
        </p>
      ) : (
        <p className="muted">No permissions boundary is set: the {kind}’s policies alone decide what it may do.</p>
      )}
      {choosing ? (
        <div className="panel">
          <PolicyPicker single selected={chosen} onChange={setChosen} legend="Policy to use as the boundary" />
          <ErrorMessage error={save.error} />
          <div className="actions">
            <button type="button" className="primary" onClick={put} disabled={save.busy || chosen.length === 0}>
              Set boundary
            </button>
            <button type="button" onClick={() => setChoosing(false)}>
              Cancel
            </button>
          </div>
        </div>
      ) : (
        <div className="actions">
          <button type="button" className="small" onClick={() => setChoosing(true)}>
            {boundaryArn ? 'Change boundary' : 'Set boundary'}
          </button>
          {boundaryArn && (
            <ConfirmButton label="Remove boundary" title="Remove the permissions boundary?" confirmLabel="Remove" onConfirm={remove}>
              <p>The {kind} gets every permission its policies grant, without the boundary’s limit.</p>
            </ConfirmButton>
          )}
        </div>
      )}
    </Section>
  );
}
