import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertSecurityKey } from '../../src/storage/repositories/security-keys.js';
import { backends } from '../support/backends.js';
import { startTestServer, TEST_ACCOUNT_ID, type TestServer } from '../support/server.js';

describe.each(await backends())('stored security keys on %s', (backend) => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer(backend);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('stores a credential once: a second registration of the same key is refused, not a failure', async () => {
    const key = (serial: string) => ({
      credential_id: 'cred-1',
      account_id: TEST_ACCOUNT_ID,
      user_id: null,
      assigned_to_root: 1,
      serial_number: serial,
      serial_key: serial.toLowerCase(),
      name: 'key',
      public_key: 'pk',
      counter: 0,
      transports: '[]',
      created_at: new Date().toISOString(),
      last_used_at: null,
    });
    const db = t.testStore.store.db;
    expect(await db.transaction().execute((tx) => insertSecurityKey(tx, key(`arn:aws:iam::${TEST_ACCOUNT_ID}:u2f/root/key-A`)))).toBe(true);
    expect(await db.transaction().execute((tx) => insertSecurityKey(tx, key(`arn:aws:iam::${TEST_ACCOUNT_ID}:u2f/root/key-B`)))).toBe(false);
    expect(await db.selectFrom('security_keys').select('serial_number').execute()).toEqual([{ serial_number: `arn:aws:iam::${TEST_ACCOUNT_ID}:u2f/root/key-A` }]);
  });
});
