import { describe, expect, it } from 'vitest';
import { findings, policy } from '../helpers.js';

const st = (Condition: object) => policy({ Effect: 'Allow', Action: 'ec2:CreateTags', Resource: '*', Condition });

describe('missing-qualifier', () => {
  it('reports a multivalued key compared without ForAllValues or ForAnyValue', () => {
    const found = findings(st({ StringEquals: { 'aws:TagKeys': ['Env', 'Team'] } }), 'MISSING_QUALIFIER');
    expect(found[0]?.findingDetails).toBe(
      'The request context key aws:TagKeys has multiple values. Use the ForAllValues or ForAnyValue condition key qualifiers in your policy, as in ForAnyValue:StringEquals.',
    );
  });

  it('accepts a qualifier, Null, and single-valued keys', () => {
    expect(findings(st({ 'ForAllValues:StringEquals': { 'aws:TagKeys': ['Env'] }, Null: { 'aws:TagKeys': 'false' }, StringEquals: { 'aws:RequestTag/Env': 'prod' } }), 'MISSING_QUALIFIER')).toEqual([]);
  });
});
