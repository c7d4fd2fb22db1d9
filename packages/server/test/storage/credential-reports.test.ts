import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { credentialReportCsv, credentialReportRows } from '../../src/audit/credential-report.js';
import { runGeneration } from '../../src/iam/account/credential-report.js';
import { completeCredentialReport, findCredentialReport, startCredentialReport } from '../../src/storage/repositories/credential-reports.js';
import { backends, openTestStore, type TestStore } from '../support/backends.js';

const ACCOUNT = '123456789012';
const CREATED = '2026-01-01T00:00:00.000Z';

describe.each(await backends())('credential report generations on %s', (backend) => {
  let t: TestStore;
  beforeAll(async () => {
    t = await openTestStore(backend);
    await t.store.db.insertInto('accounts').values({ id: ACCOUNT, alias: null, root_email: 'root@example.com', root_password_hash: 'x', created_at: CREATED }).execute();
  });
  beforeEach(async () => {
    await t.store.db.deleteFrom('credential_reports').execute();
  });
  afterAll(async () => {
    await t?.dispose();
  });

  const start = (generationId: string, at: string) => t.store.db.transaction().execute((tx) => startCredentialReport(tx, ACCOUNT, generationId, new Date(at)));

  it('completes a generation with the report as of its start', async () => {
    await start('g1', '2026-02-01T10:00:00.000Z');
    await runGeneration(t.store.db, ACCOUNT, 'g1');
    const report = await findCredentialReport(t.store.db, ACCOUNT);
    expect(report).toMatchObject({ state: 'COMPLETE', generation_id: 'g1', generated_at: '2026-02-01T10:00:00.000Z' });
    expect(report?.content).toBe(credentialReportCsv(await credentialReportRows(t.store.db, ACCOUNT)));
    expect(report?.content?.split('\n')[1]).toBe(
      `<root_account>,arn:aws:iam::${ACCOUNT}:root,2026-01-01T00:00:00+00:00,not_supported,no_information,not_supported,not_supported,false,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A`,
    );
  });

  it('keeps the last report while a new generation runs, and a late build of an abandoned generation writes nothing', async () => {
    await start('g1', '2026-02-01T10:00:00.000Z');
    await runGeneration(t.store.db, ACCOUNT, 'g1');
    await start('g2', '2026-02-01T15:00:00.000Z');
    // g2 is taken for dead and g3 starts; g2's build then finishes late
    await start('g3', '2026-02-01T15:10:00.000Z');
    expect(await completeCredentialReport(t.store.db, ACCOUNT, 'g2', 'stale')).toBe(false);
    const running = await findCredentialReport(t.store.db, ACCOUNT);
    expect(running).toMatchObject({ state: 'STARTED', generation_id: 'g3', generated_at: '2026-02-01T10:00:00.000Z' });
    expect(running?.content).not.toBe('stale');
    await runGeneration(t.store.db, ACCOUNT, 'g3');
    expect(await findCredentialReport(t.store.db, ACCOUNT)).toMatchObject({ state: 'COMPLETE', generation_id: 'g3', generated_at: '2026-02-01T15:10:00.000Z' });
  });

  it('marks a generation whose build fails as FAILED, and rethrows for the log', async () => {
    await start('g1', '2026-02-01T10:00:00.000Z');
    // the same database, but the build's transaction fails
    const db = t.store.db;
    const failing = new Proxy(db, {
      get(target, prop) {
        if (prop === 'transaction') return () => ({ execute: () => Promise.reject(new Error('disk full')) });
        const value: unknown = Reflect.get(target, prop);
        return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
      },
    });
    await expect(runGeneration(failing, ACCOUNT, 'g1')).rejects.toThrow('disk full');
    expect(await findCredentialReport(db, ACCOUNT)).toMatchObject({ state: 'FAILED', generation_id: 'g1', content: null });
  });
});
