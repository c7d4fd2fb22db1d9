import { describe, expect, it } from 'vitest';
import { findings } from '../helpers.js';

describe('missing-statement', () => {
  it('reports a policy without a Statement', () => {
    const found = findings({ Version: '2012-10-17' }, 'MISSING_STATEMENT');
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ findingType: 'ERROR', findingDetails: 'Add a statement to the policy.' });
    expect(found[0]?.learnMoreLink).toBe(
      'https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html#access-analyzer-reference-policy-checks-error-missing-statement',
    );
  });

  it('reports an empty Statement array', () => {
    expect(findings({ Version: '2012-10-17', Statement: [] }, 'MISSING_STATEMENT')[0]?.locations[0]?.path).toEqual([{ value: 'Statement' }]);
  });

  it('accepts a single statement object', () => {
    expect(findings({ Version: '2012-10-17', Statement: { Effect: 'Allow', Action: '*', Resource: '*' } }, 'MISSING_STATEMENT')).toEqual([]);
  });
});
