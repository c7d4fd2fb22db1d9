import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordAccess } from '../../src/audit/access-advisor.js';
import type { Principal, SessionInfo } from '../../src/principal.js';
import { lastAccessOf } from '../../src/storage/repositories/last-accessed.js';
import { backends, openTestStore, type TestStore } from '../support/backends.js';

const ACCOUNT = '123456789012';
const user = { id: 'AIDAEXAMPLEUSER00001', account_id: ACCOUNT, name: 'alice', name_key: 'alice', path: '/', created_at: '2025-01-01T00:00:00.000Z', permissions_boundary_arn: null, password_last_used: null };
const session: SessionInfo = { accessKeyId: 'ASIAEXAMPLE000000001', kind: 'role', issuedAt: new Date(0), expiresAt: new Date(0), policies: [], tags: {}, transitiveTagKeys: [], chained: false };
const alice: Principal = { type: 'IAMUser', accountId: ACCOUNT, arn: `arn:aws:iam::${ACCOUNT}:user/alice`, user };
const roleSession: Principal = {
  type: 'AssumedRole',
  accountId: ACCOUNT,
  arn: `arn:aws:sts::${ACCOUNT}:assumed-role/app/s1`,
  role: { id: 'AROAEXAMPLEROLE00001', name: 'app', path: '/', arn: `arn:aws:iam::${ACCOUNT}:role/app` },
  sessionName: 's1',
  accessKeyId: 'ASIAEXAMPLE000000001',
  session,
};
const root: Principal = { type: 'Root', accountId: ACCOUNT, arn: `arn:aws:iam::${ACCOUNT}:root` };
const federated: Principal = { type: 'FederatedUser', accountId: ACCOUNT, arn: `arn:aws:sts::${ACCOUNT}:federated-user/bob`, name: 'bob', user, accessKeyId: 'ASIAEXAMPLE000000002', session: { ...session, kind: 'federated' } };

describe.each(await backends())('recording last accessed information on %s', (backend) => {
  let s: TestStore;
  beforeAll(async () => {
    s = await openTestStore(backend);
    // Attempts are kept only for entities that exist (a foreign key ties them to their entity).
    await s.store.db.insertInto('accounts').values({ id: ACCOUNT, alias: null, root_email: 'root@example.com', root_password_hash: 'x', created_at: '2025-01-01T00:00:00.000Z' }).execute();
    await s.store.db.insertInto('users').values(user).execute();
    await s.store.db
      .insertInto('roles')
      .values({ id: 'AROAEXAMPLEROLE00001', account_id: ACCOUNT, name: 'app', name_key: 'app', path: '/', assume_role_policy: '{}', description: null, max_session_duration: 3600, permissions_boundary_arn: null, created_at: '2025-01-01T00:00:00.000Z', last_used_at: null, last_used_region: null })
      .execute();
  });
  afterAll(async () => {
    await s?.dispose();
  });

  it('keeps one row per entity, service and action, with the latest attempt and its region', async () => {
    const db = s.store.db;
    await recordAccess(db, alice, 's3:GetObject', new Date('2025-05-01T10:00:00.000Z'), 'eu-west-1');
    await recordAccess(db, alice, 'S3:getobject', new Date('2025-05-01T11:00:00.000Z'), 'us-east-1');
    // An older attempt arriving late (a request that raced another) does not go back in time.
    await recordAccess(db, alice, 's3:GetObject', new Date('2025-05-01T09:00:00.000Z'), 'ap-south-1');
    await recordAccess(db, alice, 's3:PutObject', new Date('2025-05-01T08:00:00.000Z'), 'eu-west-1');
    const rows = await db.transaction().execute((tx) => lastAccessOf(tx, [user.id]));
    expect(rows.map((r) => [r.service, r.action, r.action_name, r.last_accessed_at, r.region, r.entity_type]).sort()).toEqual([
      ['s3', 'getobject', 'getobject', '2025-05-01T11:00:00.000Z', 'us-east-1', 'user'],
      ['s3', 'putobject', 'PutObject', '2025-05-01T08:00:00.000Z', 'eu-west-1', 'user'],
    ]);
    const s3Only = await db.transaction().execute((tx) => lastAccessOf(tx, [user.id], ['iam']));
    expect(s3Only).toEqual([]);
  });

  it("keeps a role session's attempts for the role, and none for the root user or a federated user", async () => {
    const db = s.store.db;
    await recordAccess(db, roleSession, 'iam:ListRoles', new Date('2025-05-02T00:00:00.000Z'), 'us-east-1');
    await recordAccess(db, root, 'iam:ListRoles', new Date('2025-05-02T00:00:00.000Z'), 'us-east-1');
    await recordAccess(db, federated, 'iam:ListRoles', new Date('2025-05-02T00:00:00.000Z'), 'us-east-1');
    const rows = await db.selectFrom('last_accessed').selectAll().where('service', '=', 'iam').execute();
    expect(rows).toEqual([
      {
        entity_id: 'AROAEXAMPLEROLE00001',
        user_id: null,
        role_id: 'AROAEXAMPLEROLE00001',
        service: 'iam',
        action: 'listroles',
        account_id: ACCOUNT,
        entity_type: 'role',
        action_name: 'ListRoles',
        last_accessed_at: '2025-05-02T00:00:00.000Z',
        region: 'us-east-1',
      },
    ]);
  });

  it('ignores an action that is not service:Action', async () => {
    await recordAccess(s.store.db, alice, 'nonsense', new Date(), 'us-east-1');
    await recordAccess(s.store.db, alice, 'kms:', new Date(), 'us-east-1');
    const rows = await s.store.db.selectFrom('last_accessed').select('service').where('entity_id', '=', user.id).execute();
    expect(rows.every((r) => r.service === 's3')).toBe(true);
  });
  it('drops an attempt whose entity was deleted before it was written', async () => {
    const gone: Principal = { ...alice, user: { ...user, id: 'AIDADELETEDUSER00001', name: 'gone' } };
    await recordAccess(s.store.db, gone, 's3:GetObject', new Date(), 'us-east-1');
    expect(await s.store.db.selectFrom('last_accessed').select('service').where('entity_id', '=', 'AIDADELETEDUSER00001').execute()).toEqual([]);
  });
});
