/** Runs every benchmark in turn, each in its own process so one cannot warm up another. */
import { execFileSync } from 'node:child_process';

for (const name of ['policy.ts', 'sigv4.ts', 'get-user.ts']) {
  console.log(`\n== ${name}`);
  execFileSync(process.execPath, ['--import', 'tsx', new URL(name, import.meta.url).pathname], { stdio: 'inherit' });
}
