import { describe, expect, it } from 'vitest';
import { findings, spanned } from '../helpers.js';

describe('invalid-policy-element', () => {
  it('reports unknown members at the top level and in statements, pointing at the name', () => {
    const text = JSON.stringify({ Version: '2012-10-17', Foo: 1, Statement: [{ Effect: 'Allow', Action: '*', Resource: '*', Actions: 'x' }] }, null, 2);
    const found = findings(text, 'INVALID_POLICY_ELEMENT');
    expect(found.map((f) => spanned(text, f))).toEqual(['"Foo"', '"Actions"']);
    expect(found[0]?.locations[0]?.path).toEqual([{ key: 'Foo' }]);
    expect(found[1]?.locations[0]?.path).toEqual([{ value: 'Statement' }, { index: 0 }, { key: 'Actions' }]);
    expect(found[0]?.findingDetails).toBe('The policy element Foo is not valid. Use only Version, Id, Statement at the top level of a policy.');
  });

  it('says element names are case-sensitive when only the case is wrong', () => {
    const found = findings({ Version: '2012-10-17', Statement: { effect: 'Allow', Action: '*', Resource: '*' } }, 'INVALID_POLICY_ELEMENT');
    expect(found[0]?.findingDetails).toBe('The policy element effect is not valid. Element names are case-sensitive: use Effect.');
  });

  it('accepts every element of the grammar', () => {
    const doc = { Version: '2012-10-17', Id: 'x', Statement: [{ Sid: 'a', Effect: 'Allow', Principal: '*', Action: '*', Resource: '*', Condition: {} }] };
    expect(findings(doc, 'INVALID_POLICY_ELEMENT', { policyType: 'RESOURCE_POLICY' })).toEqual([]);
  });
});
