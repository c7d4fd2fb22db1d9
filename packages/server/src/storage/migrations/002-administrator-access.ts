import type { Kysely } from 'kysely';

/**
 * AWS managed AdministratorAccess, with AWS's own id and ARN, so the bootstrap's Administrators
 * group can attach it. The full catalogue of AWS managed policies arrives with the policy engine.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const created = '2015-02-06T18:39:46.000Z';
  await db
    .insertInto('policies' as never)
    .values({
      id: 'ANPAIWMBCKSKIEE64ZLYK',
      arn: 'arn:aws:iam::aws:policy/AdministratorAccess',
      account_id: null,
      name: 'AdministratorAccess',
      path: '/',
      description: 'Provides full access to AWS services and resources.',
      default_version_id: 'v1',
      created_at: created,
      updated_at: created,
    } as never)
    .execute();
  await db
    .insertInto('policy_versions' as never)
    .values({
      policy_id: 'ANPAIWMBCKSKIEE64ZLYK',
      version_id: 'v1',
      document: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }),
      created_at: created,
    } as never)
    .execute();
}
