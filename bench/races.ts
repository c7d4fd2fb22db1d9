/**
 * The race suite (packages/server/test/race) at 200 races per pair instead of CI's 50: every
 * conflicting pair of calls, two nodes on one PostgreSQL and SQLite. Prints each pair's time;
 * a 5xx, a non-serial outcome or an orphaned row fails it. Needs PostgreSQL (CI=true requires it).
 */
import { spawnSync } from 'node:child_process';

const iterations = process.env.GATEHOUSE_RACE_ITERATIONS ?? '200';
const started = Date.now();
const run = spawnSync('npx', ['vitest', 'run', 'packages/server/test/race', '--reporter=verbose'], {
  stdio: 'inherit',
  env: { ...process.env, CI: 'true', GATEHOUSE_RACE_ITERATIONS: iterations },
});
console.log(`${iterations} races per pair in ${((Date.now() - started) / 1000).toFixed(1)} s; ${run.status === 0 ? 'no 5xx, no orphan' : 'FAILED'}`);
process.exitCode = run.status ?? 1;
