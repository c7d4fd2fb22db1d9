import { execFile, spawn } from 'node:child_process';
import { statSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { afterEach, describe, expect, it } from 'vitest';
import { backends } from '../support/backends.js';
import { gatehouse, place as placeFor, startGatehouse } from '../support/cli.js';

const run = promisify(execFile);
const bin = new URL('../../bin/gatehouse.js', import.meta.url).pathname;

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  // Newest first: a server started on a place stops before the place is removed.
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe.each(await backends())('the gatehouse command on %s', (backend) => {
  it('bootstraps once, printing the credentials as JSON, and refuses a second time', async () => {
    const where = (await placeFor(backend, cleanups)).args;
    const { stdout } = await run(process.execPath, [bin, 'bootstrap', ...where, '--json', '--account-id', '111122223333']);
    const result = JSON.parse(stdout);
    expect(Object.keys(result).sort()).toEqual(['accessKeyId', 'accountId', 'rootEmail', 'rootPassword', 'secretAccessKey', 'userName']);
    expect(result).toMatchObject({ accountId: '111122223333', userName: 'admin' });
    expect(result.accessKeyId).toMatch(/^AKIA[A-Z2-7]{16}$/);

    const again = run(process.execPath, [bin, 'bootstrap', ...where, '--json']);
    await expect(again).rejects.toMatchObject({ code: 1, stderr: expect.stringContaining('already bootstrapped: account 111122223333 exists') });
  });

  it('starts: bootstraps on first start, prints the credentials, and serves them', async () => {
    const where = (await placeFor(backend, cleanups)).args;
    const child = spawn(process.execPath, [bin, 'start', ...where, '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    cleanups.push(async () => {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
    });
    let output = '';
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        const match = /serving IAM, STS and CloudTrail at (http:\/\/\S+)\nWeb console: (http:\/\/\S+)/.exec(output);
        if (match) resolve(match[1]!);
      });
      child.once('exit', (code) => reject(new Error(`gatehouse start exited with ${code}: ${output}`)));
    });
    const accessKeyId = /Access key id\s+(AKIA\w+)/.exec(output)?.[1];
    const secretAccessKey = /Secret access key\s+(\S+)/.exec(output)?.[1];
    expect(accessKeyId).toBeDefined();
    const sts = new STSClient({ endpoint: url, region: 'us-east-1', credentials: { accessKeyId: accessKeyId!, secretAccessKey: secretAccessKey! } });
    const me = await sts.send(new GetCallerIdentityCommand({}));
    expect(me.Arn).toMatch(/^arn:aws:iam::\d{12}:user\/admin$/);
    sts.destroy();
    // The console is served at the address it names: its page when built, or how to build it.
    const consoleUrl = /Web console: (http:\/\/\S+)/.exec(output)![1]!;
    const page = await fetch(consoleUrl, { headers: { accept: 'text/html' } });
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await page.text()).toMatch(/Gatehouse console|npm run build/);
  });

  // Each of these runs processes that compile the sources as they start: seconds apiece on a busy machine.
  it('on a first start whose port is taken, exits saying so and creates nothing; the next start prints the credentials', async () => {
    const { dataDir, args } = await placeFor(backend, cleanups);
    // a data directory Gatehouse makes itself
    const data = join(dataDir, 'fresh');
    const where = args.map((a) => (a === dataDir ? data : a));
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => new Promise((resolve) => taken.close(() => resolve())));
    const port = (taken.address() as AddressInfo).port;

    const refused = await gatehouse(['start', ...where, '--port', String(port)]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`gatehouse: cannot listen on 127.0.0.1 port ${port}: another program is using it. No account was created: the next start that can listen creates it and prints its credentials.`);
    expect(refused.stdout).not.toContain('Secret access key');
    expect(statSync(data).mode & 0o777).toBe(0o700);
    expect(statSync(join(data, 'master.key')).mode & 0o777).toBe(0o600);

    const { url, output } = await startGatehouse([...where, '--port', '0'], cleanups);
    const accessKeyId = /Access key id\s+(AKIA\w+)/.exec(output)?.[1];
    const secretAccessKey = /Secret access key\s+(\S+)/.exec(output)?.[1];
    const sts = new STSClient({ endpoint: url, region: 'us-east-1', credentials: { accessKeyId: accessKeyId!, secretAccessKey: secretAccessKey! } });
    expect((await sts.send(new GetCallerIdentityCommand({}))).Arn).toMatch(/^arn:aws:iam::\d{12}:user\/admin$/);
    sts.destroy();
  }, 120_000);

  it('tells a taken port apart from a store that already has its account', async () => {
    const { args } = await placeFor(backend, cleanups);
    expect((await gatehouse(['bootstrap', ...args, '--json'])).code).toBe(0);
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => new Promise((resolve) => taken.close(() => resolve())));
    const port = (taken.address() as AddressInfo).port;
    const refused = await gatehouse(['start', ...args, '--port', String(port)]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toBe(`gatehouse: cannot listen on 127.0.0.1 port ${port}: another program is using it. Stop that program, or start Gatehouse on another port with --port N (or GATEHOUSE_PORT; 0 picks a free one).\n`);
  }, 120_000);
});
