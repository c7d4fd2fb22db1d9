import { SimulatePrincipalPolicyCommand, type EvaluationResult, type Statement } from '@aws-sdk/client-iam';
import { useState, type FormEvent } from 'react';
import { iam } from '../api/aws';
import { EmptyState, ErrorMessage, Loading } from '../components/feedback';
import { Page, Section } from '../components/page';
import { allRoles } from '../lib/all-roles';
import { allUsers } from '../lib/all-users';
import { useAction, useLoad } from '../lib/hooks';

type Kind = 'user' | 'role';

const DECISION: Record<string, string> = {
  allowed: 'Allowed',
  explicitDeny: 'Denied by a Deny statement',
  implicitDeny: 'Denied: no statement allows it',
};

const lines = (text: string) =>
  text
    .split(/[\n,]/)
    .map((s) => s.trim())
    .filter(Boolean);

function describeStatement(s: Statement): string {
  const where = s.StartPosition ? `, line ${s.StartPosition.Line}${s.EndPosition && s.EndPosition.Line !== s.StartPosition.Line ? `–${s.EndPosition.Line}` : ''}` : '';
  return `${s.SourcePolicyId ?? 'policy'} (${s.SourcePolicyType ?? 'unknown type'}${where})`;
}

/**
 * The policy simulator: what a user's or role's policies decide for actions on resources,
 * with the statements that decided (SimulatePrincipalPolicy).
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_SimulatePrincipalPolicy.html
 */
export function SimulatorPage() {
  const [kind, setKind] = useState<Kind>('user');
  const [arn, setArn] = useState('');
  const [actions, setActions] = useState('');
  const [resources, setResources] = useState('');
  const [results, setResults] = useState<EvaluationResult[] | undefined>(undefined);
  const principals = useLoad(async () => (kind === 'user' ? (await allUsers()).map((u) => ({ name: u.UserName ?? '', arn: u.Arn ?? '' })) : (await allRoles()).map((r) => ({ name: r.RoleName ?? '', arn: r.Arn ?? '' }))), [kind]);
  const run = useAction();

  async function submit(event: FormEvent) {
    event.preventDefault();
    await run.run(async () => {
      const all: EvaluationResult[] = [];
      let marker: string | undefined;
      do {
        const r = await iam().send(new SimulatePrincipalPolicyCommand({ PolicySourceArn: arn, ActionNames: lines(actions), ResourceArns: lines(resources).length ? lines(resources) : undefined, Marker: marker }));
        all.push(...(r.EvaluationResults ?? []));
        marker = r.IsTruncated ? r.Marker : undefined;
      } while (marker);
      setResults(all);
    });
  }

  return (
    <Page title="Policy simulator" description="Check what a user or role may do, and which statements decide it, without making the calls.">
      <form onSubmit={submit} className="stack">
        <Section title="Simulate">
          <fieldset className="choice">
            <legend>Principal type</legend>
            <label>
              <input type="radio" name="sim-kind" checked={kind === 'user'} onChange={() => { setKind('user'); setArn(''); }} /> User
            </label>
            <label>
              <input type="radio" name="sim-kind" checked={kind === 'role'} onChange={() => { setKind('role'); setArn(''); }} /> Role
            </label>
          </fieldset>
          <label htmlFor="sim-principal">{kind === 'user' ? 'Choose user' : 'Choose role'}</label>
          <select id="sim-principal" required value={arn} onChange={(e) => setArn(e.target.value)}>
            <option value="">{principals.loading ? 'Loading…' : `Choose a ${kind}`}</option>
            {(principals.data ?? []).map((p) => (
              <option key={p.arn} value={p.arn}>
                {p.name}
              </option>
            ))}
          </select>
          <ErrorMessage error={principals.error} />
          <label htmlFor="sim-actions">Actions</label>
          <textarea id="sim-actions" rows={4} required value={actions} onChange={(e) => setActions(e.target.value)} placeholder={'iam:CreateUser\ns3:GetObject'} aria-describedby="sim-actions-hint" />
          <p id="sim-actions-hint" className="hint">
            One per line (or separated by commas), as service:Action.
          </p>
          <label htmlFor="sim-resources">Resource ARNs (optional)</label>
          <textarea id="sim-resources" rows={3} value={resources} onChange={(e) => setResources(e.target.value)} placeholder="*" aria-describedby="sim-resources-hint" />
          <p id="sim-resources-hint" className="hint">
            One per line. Empty means every resource (*).
          </p>
          <ErrorMessage error={run.error} />
          <button type="submit" className="primary" disabled={run.busy || !arn || lines(actions).length === 0}>
            {run.busy ? 'Simulating…' : 'Run simulation'}
          </button>
        </Section>
      </form>
      {run.busy && <Loading label="Simulating…" />}
      {results && (
        <Section title="Results">
          {results.length === 0 ? (
            <EmptyState title="No results." />
          ) : (
            <div className="table-wrap">
              <table>
                <caption className="visually-hidden">Simulation results</caption>
                <thead>
                  <tr>
                    <th scope="col">Action</th>
                    <th scope="col">Resource</th>
                    <th scope="col">Decision</th>
                    <th scope="col">Matched statements</th>
                  </tr>
                </thead>
                <tbody>
                  {results.map((r, i) => (
                    <tr key={i} data-decision={r.EvalDecision}>
                      <th scope="row">{r.EvalActionName}</th>
                      <td>
                        <code className="wrap">{r.EvalResourceName}</code>
                      </td>
                      <td>
                        <span className={`badge ${r.EvalDecision === 'allowed' ? 'badge-pass' : 'badge-fail'}`}>{DECISION[r.EvalDecision ?? ''] ?? r.EvalDecision}</span>
                        {r.MissingContextValues && r.MissingContextValues.length > 0 && <p className="hint">Missing context: {r.MissingContextValues.join(', ')}</p>}
                      </td>
                      <td>{r.MatchedStatements?.length ? <ul className="tight">{r.MatchedStatements.map((s, j) => <li key={j}>{describeStatement(s)}</li>)}</ul> : <span className="muted">None</span>}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </Section>
      )}
    </Page>
  );
}
