import type { Policy } from '@aws-sdk/client-iam';
import { useId, useMemo, useState } from 'react';
import { useLoad } from '../lib/hooks';
import { allPolicies, policyKind } from '../lib/policy-catalog';
import { EmptyState, ErrorMessage, Loading } from './feedback';

const SHOWN = 30;

/**
 * Choose managed policies by name: a search over every policy the account can attach, with
 * checkboxes (or radio buttons when only one may be chosen, as for a permissions boundary).
 */
export function PolicyPicker({
  selected,
  onChange,
  single = false,
  exclude = [],
  legend = 'Policies',
}: {
  selected: string[];
  onChange: (arns: string[]) => void;
  single?: boolean;
  exclude?: string[];
  legend?: string;
}) {
  const id = useId();
  const policies = useLoad(() => allPolicies(), []);
  const [search, setSearch] = useState('');
  const [kind, setKind] = useState<'all' | 'aws' | 'customer'>('all');
  const matches = useMemo(() => {
    const q = search.trim().toLowerCase();
    const found = (policies.data ?? []).filter(
      (p: Policy) =>
        p.Arn &&
        !exclude.includes(p.Arn) &&
        (kind === 'all' || (kind === 'aws') === p.Arn.startsWith('arn:aws:iam::aws:')) &&
        (q === '' || (p.PolicyName ?? '').toLowerCase().includes(q)),
    );
    // The exact name first, then names that start with the search, then the rest.
    const rank = (p: Policy) => {
      const name = (p.PolicyName ?? '').toLowerCase();
      return q === '' ? 0 : name === q ? 0 : name.startsWith(q) ? 1 : 2;
    };
    return found.map((p, i) => ({ p, r: rank(p), i })).sort((a, b) => a.r - b.r || a.i - b.i).map((x) => x.p);
  }, [policies.data, search, kind, exclude]);

  function toggle(arn: string, on: boolean) {
    if (single) onChange(on ? [arn] : []);
    else onChange(on ? [...selected, arn] : selected.filter((a) => a !== arn));
  }

  const chosenOutside = selected.filter((arn) => !matches.slice(0, SHOWN).some((p) => p.Arn === arn));
  return (
    <fieldset className="policy-picker">
      <legend>{legend}</legend>
      <div className="filters">
        <div>
          <label htmlFor={`${id}-search`}>Search policies</label>
          <input id={`${id}-search`} type="search" value={search} onChange={(e) => setSearch(e.target.value)} placeholder="Policy name" />
        </div>
        <div>
          <label htmlFor={`${id}-kind`}>Type</label>
          <select id={`${id}-kind`} value={kind} onChange={(e) => setKind(e.target.value as typeof kind)}>
            <option value="all">All types</option>
            <option value="aws">AWS managed</option>
            <option value="customer">Customer managed</option>
          </select>
        </div>
      </div>
      <ErrorMessage error={policies.error} prefix="The policies could not be listed." />
      {policies.loading && !policies.data && <Loading label="Loading policies…" />}
      {chosenOutside.length > 0 && <p className="hint">Chosen: {chosenOutside.map((a) => a.slice(a.lastIndexOf('/') + 1)).join(', ')}</p>}
      {policies.data && matches.length === 0 && <EmptyState title="No policy matches." />}
      <ul className="pick-list">
        {matches.slice(0, SHOWN).map((p) => {
          const arn = p.Arn as string;
          return (
            <li key={arn}>
              <label>
                <input type={single ? 'radio' : 'checkbox'} name={`${id}-policy`} checked={selected.includes(arn)} onChange={(e) => toggle(arn, e.target.checked)} />
                <span className="pick-name">{p.PolicyName}</span> <span className="muted">{policyKind(p)}</span>
                {p.Description && <span className="pick-description">{p.Description}</span>}
              </label>
            </li>
          );
        })}
      </ul>
      {matches.length > SHOWN && <p className="hint">{matches.length - SHOWN} more match; narrow the search to see them.</p>}
    </fieldset>
  );
}
