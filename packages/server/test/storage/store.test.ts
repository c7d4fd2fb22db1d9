import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate, type Tx } from '../../src/storage/database.js';
import { ADMINISTRATOR_ACCESS_ARN, attachPolicy, policyOwner } from '../../src/storage/repositories/policies.js';
import { putTags } from '../../src/iam/tags.js';
import { listTags, removeTags } from '../../src/storage/repositories/tags.js';
import { countUsers, findUser, insertUser, listUsers } from '../../src/storage/repositories/users.js';
import { backends, openTestStore, type TestStore } from '../support/backends.js';

const ACCOUNT = '123456789012';
const user = (id: string, name: string, path = '/') => ({
  id,
  account_id: ACCOUNT,
  name,
  name_key: name.toLowerCase(),
  path,
  permissions_boundary_arn: null,
  created_at: '2026-01-01T00:00:00.000Z',
  password_last_used: null,
});

describe.each(await backends())('storage on %s', (backend) => {
  let t: TestStore;
  beforeAll(async () => {
    t = await openTestStore(backend);
    await t.store.db
      .insertInto('accounts')
      .values({ id: ACCOUNT, alias: null, root_email: 'root@example.com', root_password_hash: 'x', created_at: '2026-01-01T00:00:00.000Z' })
      .execute();
  });
  afterAll(async () => {
    await t?.dispose();
  });

  it('migrates idempotently', async () => {
    await migrate(t.store);
    const policy = await t.store.db.selectFrom('policies').select('name').where('arn', '=', 'arn:aws:iam::aws:policy/AdministratorAccess').executeTakeFirst();
    expect(policy?.name).toBe('AdministratorAccess');
  });

  it('rolls a failed transaction back completely', async () => {
    await expect(
      t.store.db.transaction().execute(async (tx) => {
        await insertUser(tx, user('AIDAROLLBACK000000001', 'ghost'));
        throw new Error('handler failed');
      }),
    ).rejects.toThrow('handler failed');
    await t.store.db.transaction().execute(async (tx) => {
      expect(await findUser(tx, ACCOUNT, 'ghost')).toBeUndefined();
    });
  });

  it('enforces case-insensitive name uniqueness in the schema itself', async () => {
    await t.store.db.transaction().execute((tx) => insertUser(tx, user('AIDAUNIQUE0000000001', 'Zed')));
    await expect(t.store.db.transaction().execute((tx) => insertUser(tx, user('AIDAUNIQUE0000000002', 'zED')))).rejects.toThrow();
  });

  it('lists users by name and filters path prefixes case-sensitively', async () => {
    await t.store.db.transaction().execute(async (tx) => {
      await insertUser(tx, user('AIDAPATH000000000001', 'amy', '/Eng/'));
      await insertUser(tx, user('AIDAPATH000000000002', 'bo', '/eng/'));
      expect((await listUsers(tx, ACCOUNT, '/eng/')).map((u) => u.name)).toEqual(['bo']);
      expect((await listUsers(tx, ACCOUNT)).map((u) => u.name)).toEqual(['amy', 'bo', 'Zed']);
      expect(await countUsers(tx, ACCOUNT)).toBe(3);
    });
  });

  it('keeps tag order, overwrites by key without regard to case, and removes', async () => {
    await t.store.db.transaction().execute(async (tx) => {
      await putTags(tx, { kind: 'user', id: 'AIDAPATH000000000001' }, [{ Key: 'b', Value: '1' }, { Key: 'a', Value: '2' }]);
      await putTags(tx, { kind: 'user', id: 'AIDAPATH000000000001' }, [{ Key: 'B', Value: '3' }]);
      expect(await listTags(tx, 'AIDAPATH000000000001')).toEqual([
        { Key: 'B', Value: '3' },
        { Key: 'a', Value: '2' },
      ]);
      await removeTags(tx, 'AIDAPATH000000000001', ['A']);
      expect(await listTags(tx, 'AIDAPATH000000000001')).toEqual([{ Key: 'B', Value: '3' }]);
    });
  });
  it('refuses a child row whose parent does not exist, for every kind of owner', async () => {
    const missing = 'AIDAMISSING000000001';
    const attempts: [string, (tx: Tx) => Promise<unknown>][] = [
      ['tag', (tx) => putTags(tx, { kind: 'user', id: missing }, [{ Key: 'k', Value: 'v' }])],
      ['role tag', (tx) => putTags(tx, { kind: 'role', id: missing }, [{ Key: 'k', Value: 'v' }])],
      ['inline policy', (tx) => tx.insertInto('inline_policies').values({ ...policyOwner('user', missing), name: 'p', document: '{}' }).execute()],
      ['attachment to a missing user', (tx) => attachPolicy(tx, ACCOUNT, ADMINISTRATOR_ACCESS_ARN, 'group', missing, new Date())],
      ['attachment of a missing policy', (tx) => attachPolicy(tx, ACCOUNT, `arn:aws:iam::${ACCOUNT}:policy/nothing`, 'user', 'AIDAPATH000000000001', new Date())],
      ['access key', (tx) => tx.insertInto('access_keys').values({ id: 'AKIAMISSING000000001', account_id: ACCOUNT, user_id: missing, secret_ciphertext: 'x', status: 'Active', created_at: 'x', last_used_at: null, last_used_service: null, last_used_region: null }).execute()],
      ['group member', (tx) => tx.insertInto('group_members').values({ group_id: 'AGPAMISSING000000001', user_id: 'AIDAPATH000000000001', added_at: 'x' }).execute()],
    ];
    for (const [what, insert] of attempts) {
      await expect(t.store.transaction(insert, { write: true }), what).rejects.toThrow();
    }
  });

  it('refuses a typed owner column that disagrees with the generic id', async () => {
    await expect(
      t.store.transaction((tx) => tx.insertInto('tags').values({ resource_id: 'AIDAPATH000000000002', user_id: 'AIDAPATH000000000001', key: 'k', key_lower: 'k', value: 'v', position: 0 }).execute(), { write: true }),
    ).rejects.toThrow();
  });

  it('deletes a user\'s tags with the user', async () => {
    await t.store.transaction(async (tx) => {
      await insertUser(tx, user('AIDACASCADE000000001', 'cascade'));
      await putTags(tx, { kind: 'user', id: 'AIDACASCADE000000001' }, [{ Key: 'team', Value: 'a' }]);
    }, { write: true });
    await t.store.db.deleteFrom('users').where('id', '=', 'AIDACASCADE000000001').execute();
    expect(await t.store.db.selectFrom('tags').select('key').where('resource_id', '=', 'AIDACASCADE000000001').execute()).toEqual([]);
  });
});
