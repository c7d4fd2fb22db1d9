import { describe, expect, it } from 'vitest';
import { findings, policy, SCP } from '../helpers.js';

describe('scp-syntax-error-principal', () => {
  it('reports a principal in a service control policy', () => {
    const found = findings(policy({ Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: '*' }), 'SCP_SYNTAX_ERROR_PRINCIPAL', SCP);
    expect(found).toHaveLength(1);
    expect(found[0]?.findingDetails).toContain('aws:PrincipalArn');
  });

  it('is silent for an SCP without principals and for other policy types', () => {
    expect(findings(policy({ Effect: 'Deny', Action: 's3:*', Resource: '*' }), 'SCP_SYNTAX_ERROR_PRINCIPAL', SCP)).toEqual([]);
    expect(findings(policy({ Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: '*' }), 'SCP_SYNTAX_ERROR_PRINCIPAL')).toEqual([]);
  });
});
