import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { apiCoverageMarkdown } from '../../scripts/api-coverage.js';
import { findOperation } from '../../src/operations.js';
import { iamOperationNames, stsOperationNames } from '../../src/protocol/model.js';

describe('operation table', () => {
  it('names only operations that exist in the AWS models', async () => {
    const { iamOperations, stsOperations } = await import('../../src/operations.js');
    const iam = new Set(iamOperationNames());
    const sts = new Set(stsOperationNames());
    expect(Object.keys(iamOperations).filter((n) => !iam.has(n))).toEqual([]);
    expect(Object.keys(stsOperations).filter((n) => !sts.has(n))).toEqual([]);
    expect(findOperation('iam', 'CreateUser')?.action).toBe('iam:CreateUser');
    expect(findOperation('iam', 'toString')).toBeUndefined();
  });

  it('matches the committed docs/api-coverage.md (run npm run docs:coverage)', () => {
    const committed = readFileSync(new URL('../../../../docs/api-coverage.md', import.meta.url), 'utf8');
    expect(committed).toBe(apiCoverageMarkdown());
  });
});
