import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ListUsersCommand } from '@aws-sdk/client-iam';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CONSOLE_DIR } from '../../src/console-api/static.js';
import { backends } from '../support/backends.js';
import { startTestServer, TEST_ACCOUNT_ID, type TestServer } from '../support/server.js';

const INDEX = '<!doctype html><title>fake console</title><div id="root"></div>';

describe.each(await backends())('serving the console\'s files on %s', (backend) => {
  let t: TestServer;
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'gatehouse-console-'));
    writeFileSync(join(dir, 'index.html'), INDEX);
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'assets', 'app-1234.js'), 'console.log("app")');
    writeFileSync(join(dir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    writeFileSync(join(tmpdir(), 'gatehouse-outside.txt'), 'secret');
    t = await startTestServer(backend, { consoleDir: dir });
  });
  afterAll(async () => {
    await t?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const get = (path: string, accept = 'text/html,application/xhtml+xml') => fetch(`${t.server.url}${path}`, { headers: { accept } });

  it('answers GET / with index.html, refusing to be framed', async () => {
    const response = await get('/');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('cache-control')).toBe('no-cache');
    expect(response.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(response.headers.get('x-frame-options')).toBe('DENY');
    expect(await response.text()).toBe(INDEX);
  });

  it('answers the app\'s own paths and sign-in links with index.html', async () => {
    for (const path of ['/iam/users/alice', '/iam/policies?filter=aws']) expect(await (await get(path)).text()).toBe(INDEX);
    // A sign-in link works even for a client that does not ask for HTML.
    for (const path of [`/${TEST_ACCOUNT_ID}`, '/example-corp']) {
      const response = await get(path, '*/*');
      expect(response.status).toBe(200);
      expect(await response.text()).toBe(INDEX);
    }
  });

  it('serves assets by name, with long caching, and 404 for one that is missing', async () => {
    const asset = await get('/assets/app-1234.js', '*/*');
    expect(asset.status).toBe(200);
    expect(asset.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(await asset.text()).toBe('console.log("app")');
    expect((await get('/favicon.svg', 'image/*')).headers.get('content-type')).toBe('image/svg+xml');
    expect((await get('/assets/missing.js', '*/*')).status).toBe(404);
    expect((await get('/favicon.ico', 'image/*')).status).toBe(404);
    // Nothing outside the directory, however the path is spelled.
    for (const path of ['/assets/..%2f..%2fgatehouse-outside.txt', '/..%2fgatehouse-outside.txt']) {
      const response = await get(path, '*/*');
      expect(await response.text()).not.toBe('secret');
    }
  });

  it('keeps API paths first: POST / and GET /?Action= reach IAM, /healthz and /console-api answer themselves', async () => {
    const iam = t.iam();
    const { Users } = await iam.send(new ListUsersCommand({}));
    expect(Users?.map((u) => u.UserName)).toContain('admin');
    iam.destroy();
    const unsigned = await get('/?Action=ListUsers&Version=2010-05-08');
    expect(unsigned.status).toBe(403);
    expect(await unsigned.text()).toContain('<Code>MissingAuthenticationToken</Code>');
    expect(await (await get('/healthz')).json()).toEqual({ status: 'ok' });
    const session = await get('/console-api/session', 'application/json');
    expect(await session.json()).toEqual({ signedIn: false });
    const unknown = await get('/console-api/no-such-thing');
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ code: 'NotFound' });
  });

  it('says how to build the console when its directory has no index.html', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'gatehouse-empty-'));
    const bare = await startTestServer(backend, { consoleDir: empty });
    try {
      const response = await fetch(`${bare.server.url}/`);
      expect(response.status).toBe(503);
      const text = await response.text();
      expect(text).toContain('The Gatehouse console is not built');
      expect(text).toContain('npm run build');
    } finally {
      await bare.close();
      rmSync(empty, { recursive: true, force: true });
    }
  });

  it('looks for the console in packages/console/dist by default', () => {
    expect(DEFAULT_CONSOLE_DIR.replace(/\\/g, '/')).toMatch(/\/packages\/console\/dist$/);
  });
});
