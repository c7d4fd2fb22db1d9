import { describe, expect, it } from 'vitest';
import { findings, policy, RESOURCE } from '../helpers.js';

describe('variable-unsupported-in-element', () => {
  it('reports a variable in Action or Principal', () => {
    const text = policy({ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::123456789012:user/${aws:username}' }, Action: 's3:${aws:username}', Resource: '*' });
    const found = findings(text, 'VARIABLE_UNSUPPORTED_IN_ELEMENT', RESOURCE);
    expect(found.map((f) => f.findingDetails)).toEqual([
      'Policy variables are supported in the Resource and Condition elements. Remove the policy variable ${aws:username} from the Principal element.',
      'Policy variables are supported in the Resource and Condition elements. Remove the policy variable ${aws:username} from the Action element.',
    ]);
  });

  it('accepts a variable in Resource', () => {
    expect(findings(policy({ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/${aws:username}/*' }), 'VARIABLE_UNSUPPORTED_IN_ELEMENT')).toEqual([]);
  });
});
