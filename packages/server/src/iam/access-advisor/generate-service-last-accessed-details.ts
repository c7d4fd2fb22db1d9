import { principalUserId } from '../../principal.js';
import type { Random } from '../../crypto/random.js';
import { deleteLastAccessedJobs, insertLastAccessedJob, lastAccessOf } from '../../storage/repositories/last-accessed.js';
import { iamOperation } from '../define.js';
import { Grants } from './grants.js';
import { buildReport } from './report.js';
import { compiled, invalidArn, parseIamArn, resolveSubject, subjectTarget } from './subjects.js';

/**
 * How long a report can be read. AWS does not say how long it keeps one; a caller reads it
 * right after generating it, and Gatehouse drops an account's reports a month old.
 */
export const REPORT_RETENTION_MS = 30 * 24 * 3600 * 1000;

/**
 * Generates a last accessed report for an IAM user, group, role or managed policy. IAM builds
 * it in the background; Gatehouse builds it at once, so the job is COMPLETED as soon as its
 * JobId is returned, and GetServiceLastAccessedDetails(WithEntities) read the stored snapshot.
 * Only the user or role session that generated a report may read it.
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_GenerateServiceLastAccessedDetails.html
 */
export const generateServiceLastAccessedDetails = iamOperation<'GenerateServiceLastAccessedDetails'>({
  action: 'iam:GenerateServiceLastAccessedDetails',
  writes: true,
  seesHistory: true,
  authorization: 'policy',
  target: (input, at) => subjectTarget(at, input.Arn),
  async handle(ctx, input) {
    const parsed = parseIamArn(input.Arn);
    if (!parsed) throw invalidArn(input.Arn, 'an IAM user, group, role or managed policy');
    const subject = await resolveSubject(ctx.tx, ctx.accountId, input.Arn, parsed);
    const granularity = input.Granularity ?? 'SERVICE_LEVEL';
    const grants = new Grants(subject.policies.map((p) => compiled(ctx.policies, p)));
    const attempts = await lastAccessOf(ctx.tx, subject.entities.map((e) => e.id));
    const report = await buildReport(subject.entities, grants, attempts, granularity);

    await deleteLastAccessedJobs(ctx.tx, ctx.accountId, new Date(ctx.now.getTime() - REPORT_RETENTION_MS));
    const id = jobId(ctx.random);
    await insertLastAccessedJob(ctx.tx, {
      id,
      account_id: ctx.accountId,
      requester: principalUserId(ctx.principal),
      arn: subject.arn,
      granularity,
      created_at: ctx.now.toISOString(),
      completed_at: ctx.now.toISOString(),
      report: JSON.stringify(report),
    });
    return { JobId: id };
  },
});

/** A random (version 4) UUID, the shape of IAM's job ids (36 characters). */
function jobId(random: Random): string {
  const b = random.bytes(16);
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const hex = b.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
