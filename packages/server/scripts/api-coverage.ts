/**
 * Writes docs/api-coverage.md from the operation table and the AWS models:
 *   npm run docs:coverage
 * A test fails when the committed file differs from what this produces.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { findOperation } from '../src/operations.js';
import { loadServiceModel, iamOperationNames, stsOperationNames } from '../src/protocol/model.js';

export function apiCoverageMarkdown(): string {
  const lines = [
    '# API coverage',
    '',
    'Generated from the operation table (`packages/server/src/operations.ts`) and the AWS models by',
    '`npm run docs:coverage`; do not edit by hand. An operation marked "not yet" answers',
    '`NotImplemented` (HTTP 501) naming the action.',
    '',
  ];
  for (const [service, names] of [
    ['iam', iamOperationNames()],
    ['sts', stsOperationNames()],
    ['cloudtrail', loadServiceModel('cloudtrail').operationNames],
  ] as const) {
    const implemented = names.filter((n) => findOperation(service, n));
    lines.push(`## ${service === 'cloudtrail' ? 'CloudTrail' : service.toUpperCase()}: ${implemented.length} of ${names.length}`, '', '| operation | status |', '|---|---|');
    for (const name of [...names].sort()) lines.push(`| ${name} | ${findOperation(service, name) ? 'yes' : 'not yet'} |`);
    lines.push('');
  }
  return lines.join('\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const target = fileURLToPath(new URL('../../../docs/api-coverage.md', import.meta.url));
  writeFileSync(target, apiCoverageMarkdown());
  process.stdout.write(`wrote ${target}\n`);
}
