import { execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { POSTGRES_URL, type Backend } from './backends.js';

export const GATEHOUSE_BIN = new URL('../../bin/gatehouse.js', import.meta.url).pathname;

/** Work to undo after a test, newest last. */
export type Cleanups = (() => Promise<void>)[];

export interface Place {
  /** the data directory: the SQLite database and the master key */
  dataDir: string;
  /** --data, and for PostgreSQL --database with a schema of the test's own */
  args: string[];
}

/** A data directory, plus for PostgreSQL a fresh schema named in the connection URL. */
export async function place(backend: Backend, cleanups: Cleanups): Promise<Place> {
  const dataDir = mkdtempSync(join(tmpdir(), 'gatehouse-cli-'));
  cleanups.push(async () => rmSync(dataDir, { recursive: true, force: true }));
  if (backend === 'sqlite') return { dataDir, args: ['--data', dataDir] };
  const schema = `cli_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: POSTGRES_URL });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  await admin.end();
  cleanups.push(async () => {
    const c = new pg.Client({ connectionString: POSTGRES_URL });
    await c.connect();
    try {
      // A process of the test that is still stopping may hold locks; PostgreSQL may then pick this drop as a deadlock's victim.
      for (let attempt = 1; ; attempt++) {
        try {
          await c.query(`drop schema ${schema} cascade`);
          break;
        } catch (error) {
          if (attempt >= 5 || (error as { code?: string }).code !== '40P01') throw error;
        }
      }
    } finally {
      await c.end();
    }
  });
  return { dataDir, args: ['--data', dataDir, '--database', `${POSTGRES_URL}?options=${encodeURIComponent(`-c search_path=${schema}`)}`] };
}

/** The environment without Gatehouse's own variables, so only the flags a test passes count. */
export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('GATEHOUSE_')));
  return { ...env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', ...extra };
}

export interface Ran {
  code: number;
  stdout: string;
  stderr: string;
}

/** `gatehouse …` to its end, never rejecting: the exit code is part of what tests check. */
export function gatehouse(args: string[], env: NodeJS.ProcessEnv = cleanEnv()): Promise<Ran> {
  return new Promise((resolve) => {
    execFile(process.execPath, [GATEHOUSE_BIN, ...args], { env }, (error, stdout, stderr) => {
      resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

export interface Started {
  url: string;
  /** everything it printed up to the serving line */
  output: string;
}

/** `gatehouse start` until it says where it serves; stopped with SIGTERM at cleanup. */
export async function startGatehouse(args: string[], cleanups: Cleanups, env: NodeJS.ProcessEnv = cleanEnv()): Promise<Started> {
  const child = spawn(process.execPath, [GATEHOUSE_BIN, 'start', ...args], { stdio: ['ignore', 'pipe', 'pipe'], env });
  cleanups.push(async () => {
    if (child.exitCode !== null) return;
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
  });
  let output = '';
  let errors = '';
  child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /serving IAM, STS and CloudTrail at (http:\/\/\S+)\n/.exec(output);
      if (match) resolve(match[1]!);
    });
    child.once('exit', (code) => reject(new Error(`gatehouse start exited with ${code}: ${output}${errors}`)));
  });
  return { url, output };
}
