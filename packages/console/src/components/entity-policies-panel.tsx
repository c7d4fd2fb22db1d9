import { useState } from 'react';
import { entityPolicies, type EntityKind } from '../lib/entity-policies';
import { useAction, useLoad } from '../lib/hooks';
import { isAwsManagedPolicy } from '../lib/arn';
import { prettyJson } from '../lib/policy-document';
import { forgetPolicies } from '../lib/policy-catalog';
import { Link, pagePath } from '../router';
import { ConfirmButton } from './confirm-button';
import { EmptyState, ErrorMessage, Loading } from './feedback';
import { InlinePolicyForm } from './inline-policy-form';
import { Section } from './page';
import { PolicyPicker } from './policy-picker';

const KIND_WORD: Record<EntityKind, string> = { user: 'user', group: 'group', role: 'role' };

/**
 * The managed policies attached to a user, group or role and its inline policies: attach,
 * detach, create, edit and delete. `onChanged` lets the page refresh what depends on them.
 */
export function EntityPoliciesPanel({ kind, name, onChanged }: { kind: EntityKind; name: string; onChanged?: () => void }) {
  const api = entityPolicies(kind, name);
  const attached = useLoad(() => api.listAttached(), [kind, name]);
  const inline = useLoad(() => api.listInline(), [kind, name]);
  const [adding, setAdding] = useState(false);
  const [chosen, setChosen] = useState<string[]>([]);
  const attach = useAction();
  const [editing, setEditing] = useState<{ name?: string; document?: string } | undefined>(undefined);
  const [viewing, setViewing] = useState<{ name: string; document: string } | undefined>(undefined);
  const open = useAction();

  const changed = () => {
    attached.reload();
    inline.reload();
    onChanged?.();
  };

  async function attachChosen() {
    if (
      await attach.run(async () => {
        for (const arn of chosen) await api.attach(arn);
      })
    ) {
      setAdding(false);
      setChosen([]);
      changed();
    }
  }

  const attachedArns = (attached.data ?? []).map((p) => p.PolicyArn ?? '');
  return (
    <>
      <Section
        title="Attached managed policies"
        actions={
          !adding && (
            <button type="button" className="small" onClick={() => setAdding(true)}>
              Add permissions
            </button>
          )
        }
      >
        {adding && (
          <div className="panel">
            <PolicyPicker selected={chosen} onChange={setChosen} exclude={attachedArns} legend={`Policies to attach to ${KIND_WORD[kind]} ${name}`} />
            <ErrorMessage error={attach.error} />
            <div className="actions">
              <button type="button" className="primary" onClick={attachChosen} disabled={attach.busy || chosen.length === 0}>
                {chosen.length > 1 ? `Attach ${chosen.length} policies` : 'Attach policy'}
              </button>
              <button
                type="button"
                onClick={() => {
                  setAdding(false);
                  setChosen([]);
                  attach.clearError();
                }}
              >
                Cancel
              </button>
            </div>
          </div>
        )}
        <ErrorMessage error={attached.error} />
        {attached.loading && !attached.data && <Loading />}
        {attached.data?.length === 0 && <EmptyState title="No managed policies attached." />}
        {attached.data && attached.data.length > 0 && (
          <div className="table-wrap">
            <table>
              <caption className="visually-hidden">Attached managed policies</caption>
              <thead>
                <tr>
                  <th scope="col">Policy name</th>
                  <th scope="col">Type</th>
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {attached.data.map((p) => (
                  <tr key={p.PolicyArn}>
                    <th scope="row">
                      <Link to={pagePath.policy(p.PolicyArn ?? '')}>{p.PolicyName}</Link>
                    </th>
                    <td>{isAwsManagedPolicy(p.PolicyArn ?? '') ? 'AWS managed' : 'Customer managed'}</td>
                    <td className="row-actions">
                      <ConfirmButton label="Detach" buttonLabel={`Detach ${p.PolicyName}`} title={`Detach ${p.PolicyName}?`} confirmLabel="Detach" onConfirm={async () => { await api.detach(p.PolicyArn ?? ''); changed(); }}>
                        <p>
                          The {KIND_WORD[kind]} {name} loses the permissions this policy grants. The policy itself is kept.
                        </p>
                      </ConfirmButton>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Section>
      <Section
        title="Inline policies"
        actions={
          !editing && (
            <button type="button" className="small" onClick={() => setEditing({})}>
              Create inline policy
            </button>
          )
        }
      >
        {editing && (
          <InlinePolicyForm
            name={editing.name}
            document={editing.document}
            onSave={async (policyName, document) => {
              await api.putInline(policyName, document);
              setEditing(undefined);
              setViewing(undefined);
              forgetPolicies();
              changed();
            }}
            onCancel={() => setEditing(undefined)}
          />
        )}
        <ErrorMessage error={inline.error} />
        <ErrorMessage error={open.error} />
        {inline.loading && !inline.data && <Loading />}
        {inline.data?.length === 0 && !editing && <EmptyState title="No inline policies." />}
        {inline.data && inline.data.length > 0 && (
          <ul className="plain-list">
            {inline.data.map((policyName) => (
              <li key={policyName} className="row">
                <span className="row-name">{policyName}</span>
                <span className="row-actions">
                  <button type="button" className="small" aria-label={`View ${policyName}`} disabled={open.busy} onClick={() => void open.run(async () => setViewing({ name: policyName, document: await api.getInline(policyName) }))}>
                    View
                  </button>
                  <button type="button" className="small" aria-label={`Edit ${policyName}`} disabled={open.busy} onClick={() => void open.run(async () => setEditing({ name: policyName, document: await api.getInline(policyName) }))}>
                    Edit
                  </button>
                  <ConfirmButton label="Delete" buttonLabel={`Delete ${policyName}`} title={`Delete inline policy ${policyName}?`} onConfirm={async () => { await api.deleteInline(policyName); if (viewing?.name === policyName) setViewing(undefined); changed(); }}>
                    <p>The policy is deleted for good; an inline policy exists only in its {KIND_WORD[kind]}.</p>
                  </ConfirmButton>
                </span>
                {viewing?.name === policyName && (
                  <div className="row-detail">
                    <pre className="json" aria-label={`Policy document of ${policyName}`}>
                      {prettyJson(viewing.document)}
                    </pre>
                    <button type="button" className="small" onClick={() => setViewing(undefined)}>
                      Close
                    </button>
                  </div>
                )}
              </li>
            ))}
          </ul>
        )}
      </Section>
    </>
  );
}
