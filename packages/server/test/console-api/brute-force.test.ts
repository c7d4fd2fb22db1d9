import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addressScope, afterFailure, KEYCLOAK_DEFAULTS, type BruteForceOptions, type FailureState } from '../../src/console-api/brute-force.js';
import { backends } from '../support/backends.js';
import { startTestServer, TEST_ACCOUNT_ID, type TestServer } from '../support/server.js';
import { ConsoleBrowser } from './console-client.js';
import { consoleUser, PASSWORD } from './setup.js';

const SECOND = 1000;
const MINUTE = 60 * SECOND;

describe("guessing protection: Keycloak's temporary lockout with its defaults", () => {
  /** Failures `gapMs` apart, each made once any lock from the one before has run out. */
  function fail(times: number, gapMs: number, options: BruteForceOptions = KEYCLOAK_DEFAULTS, start = new Date(0)) {
    let state: FailureState | undefined;
    let at = start.getTime();
    const waits: number[] = [];
    for (let i = 0; i < times; i++) {
      if (state?.lockedUntil) at = Math.max(at, state.lockedUntil.getTime());
      state = afterFailure(state, new Date(at), options);
      waits.push(state.lockedUntil ? state.lockedUntil.getTime() - at : 0);
      at += gapMs;
    }
    return { state: state!, waits };
  }

  it('uses the numbers of Keycloak\'s guide: 30 failures, 1 minute increments up to 15 minutes, 12 hours to reset, 1 s quick check, 1 minute quick wait', () => {
    expect(KEYCLOAK_DEFAULTS).toEqual({
      maxFailures: 30,
      waitIncrementMs: MINUTE,
      maxWaitMs: 15 * MINUTE,
      failureResetMs: 12 * 60 * MINUTE,
      quickLoginCheckMs: 1000,
      minimumQuickLoginWaitMs: MINUTE,
    });
  });

  it('locks for a minute at the 30th failure, two at the 60th, and never more than 15', () => {
    const { waits } = fail(600, 2 * SECOND);
    expect(waits.slice(0, 29).every((w) => w === 0)).toBe(true);
    expect(waits[29]).toBe(MINUTE);
    // The multiple strategy: every failure past the 30th locks again, for a minute per 30.
    expect(waits[30]).toBe(MINUTE);
    expect(waits[58]).toBe(MINUTE);
    expect(waits[59]).toBe(2 * MINUTE);
    expect(waits[449]).toBe(15 * MINUTE);
    expect(waits[599]).toBe(15 * MINUTE);
  });

  it('locks for the minimum quick login wait when failures come quicker than the quick login check', () => {
    const { waits } = fail(2, 500);
    expect(waits).toEqual([0, MINUTE]);
    expect(fail(2, 1000).waits).toEqual([0, 0]);
  });

  it('forgets the count once the failure reset time has passed since the last failure', () => {
    const { state } = fail(29, 2 * SECOND);
    expect(state.failures).toBe(29);
    const later = afterFailure(state, new Date(state.lastFailureAt.getTime() + 12 * 60 * MINUTE + 1), KEYCLOAK_DEFAULTS);
    expect(later).toMatchObject({ failures: 1, lockedUntil: null });
    const sooner = afterFailure(state, new Date(state.lastFailureAt.getTime() + 12 * 60 * MINUTE), KEYCLOAK_DEFAULTS);
    expect(sooner.failures).toBe(30);
  });

  it('counts an IPv6 client by its /64, an IPv4 client by its address', () => {
    expect(addressScope('2001:db8:1:2:aaaa::1')).toBe('2001:db8:1:2::/64');
    expect(addressScope('2001:0db8:0001:0002:ffff:ffff:ffff:ffff')).toBe('2001:db8:1:2::/64');
    expect(addressScope('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(addressScope('::1')).toBe('0:0:0:0::/64');
    expect(addressScope('2001:db8:1:3::1')).not.toBe(addressScope('2001:db8:1:2::1'));
    expect(addressScope('198.51.100.7')).toBe('198.51.100.7');
  });

  it('does not count a failure made while locked', () => {
    const locked = afterFailure({ failures: 29, lastFailureAt: new Date(0), lockedUntil: null }, new Date(5000), KEYCLOAK_DEFAULTS);
    expect(locked.lockedUntil).toEqual(new Date(5000 + MINUTE));
    expect(afterFailure(locked, new Date(10_000), KEYCLOAK_DEFAULTS)).toBe(locked);
  });
});

describe.each(await backends())('guessing protection at console sign-in on %s', (backend) => {
  let t: TestServer;
  // The server's clock only moves forward here, an hour for each test, so each starts afresh.
  let at = Date.now() + 24 * 3_600_000;
  const tick = (ms: number) => {
    at += ms;
    const fixed = at;
    t.setClock(() => new Date(fixed));
  };
  const options = { maxFailures: 3, waitIncrementMs: MINUTE, maxWaitMs: 5 * MINUTE, failureResetMs: 10 * MINUTE, quickLoginCheckMs: SECOND, minimumQuickLoginWaitMs: 30 * SECOND };

  beforeAll(async () => {
    t = await startTestServer(backend, { console: { bruteForce: options } });
    for (const name of ['mallory', 'oscar', 'peggy', 'trent', 'victor', 'walter']) await consoleUser(t, name);
  });
  afterAll(async () => {
    await t?.close();
  });

  const signIn = (userName: string, password: string, from?: string) => new ConsoleBrowser(t.server.url, from).signIn({ account: TEST_ACCOUNT_ID, userName, password });

  it('locks a user after repeated failures, refuses even the right password with Retry-After, and lifts the lock with time', async () => {
    tick(3_600_000);
    for (let i = 0; i < 3; i++) {
      tick(2 * SECOND);
      expect((await signIn('mallory', `wrong-${i}-Password`)).status).toBe(401);
    }
    tick(10 * SECOND);
    const locked = await signIn('mallory', PASSWORD);
    expect(locked.status).toBe(429);
    expect(locked.body).toEqual({ code: 'TooManyAttempts', message: 'Too many failed sign-in attempts. Try again in 50 seconds.', retryAfterSeconds: 50 });
    expect(locked.headers.get('retry-after')).toBe('50');
    expect(locked.headers.get('set-cookie')).toBeNull();

    tick(51 * SECOND);
    expect((await signIn('mallory', PASSWORD)).body).toEqual({ next: 'done' });

    // Every attempt is in the event history, the refused one included.
    await new Promise((resolve) => setTimeout(resolve, 50));
    const rows = await t.testStore.store.db.selectFrom('events').select('record').where('event_name', '=', 'ConsoleLogin').where('username', '=', 'mallory').orderBy('seq').execute();
    const outcomes = rows.map((r) => (JSON.parse(r.record) as { responseElements: { ConsoleLogin: string } }).responseElements.ConsoleLogin);
    expect(outcomes).toEqual(['Failure', 'Failure', 'Failure', 'Failure', 'Success']);
  });

  it('counts guesses sent all at once one by one, so a burst cannot outrun the lock', async () => {
    tick(3_600_000);
    const burst = Array.from({ length: 12 }, (_, i) => signIn('walter', `wrong-${i}-Password`, `127.0.1.${i + 1}`));
    const statuses = (await Promise.all(burst)).map((a) => a.status).sort();
    // The second failure comes within the quick login check of the first and locks the user;
    // every later guess waits out that lock instead of being checked against the password.
    expect(statuses).toEqual([401, 401, ...Array<number>(10).fill(429)]);
    expect((await signIn('walter', PASSWORD, '127.0.1.99')).status).toBe(429);
  });

  it('resets the user\'s count when they sign in, but not the address\'s', async () => {
    tick(3_600_000);
    const attempts: [string, string, number][] = [
      ['wrong-1-Password', '127.0.0.2', 401],
      ['wrong-2-Password', '127.0.0.2', 401],
      [PASSWORD, '127.0.0.2', 200],
      // Without the reset, the user's 3rd failure here would lock them.
      ['wrong-3-Password', '127.0.0.5', 401],
      ['wrong-4-Password', '127.0.0.5', 401],
      [PASSWORD, '127.0.0.1', 200],
      // The address 127.0.0.2 kept its count of 2: its 3rd failure locks it, for whoever signs in from it.
      ['wrong-5-Password', '127.0.0.2', 401],
    ];
    for (const [password, from, status] of attempts) {
      tick(2 * SECOND);
      expect((await signIn('oscar', password, from)).status).toBe(status);
    }
    tick(2 * SECOND);
    expect((await signIn('peggy', PASSWORD, '127.0.0.2')).status).toBe(429);
  });

  it('counts failures per source address across user names, known or not', async () => {
    tick(3_600_000);
    for (const userName of ['nobody-1', 'nobody-2', 'trent']) {
      tick(2 * SECOND);
      expect((await signIn(userName, 'wrong-Password-1', '127.0.0.3')).status).toBe(401);
    }
    tick(2 * SECOND);
    const fromThere = await signIn('victor', PASSWORD, '127.0.0.3');
    expect(fromThere.status).toBe(429);
    expect(fromThere.body.code).toBe('TooManyAttempts');
    // Elsewhere victor signs in; trent, whose count is 1, too.
    expect((await signIn('victor', PASSWORD)).status).toBe(200);
    expect((await signIn('trent', PASSWORD)).status).toBe(200);
  });

  it('locks for the quick login wait when failures come faster than a person types', async () => {
    tick(3_600_000);
    expect((await signIn('peggy', 'wrong-Password-1', '127.0.0.4')).status).toBe(401);
    tick(200);
    expect((await signIn('peggy', 'wrong-Password-2', '127.0.0.4')).status).toBe(401);
    tick(200);
    const quick = await signIn('peggy', PASSWORD, '127.0.0.4');
    expect(quick.status).toBe(429);
    expect(quick.body.retryAfterSeconds).toBe(30);
    tick(30 * SECOND);
    expect((await signIn('peggy', PASSWORD, '127.0.0.4')).status).toBe(200);
  });

  it('treats a lockout the same whether the user exists or not', async () => {
    tick(3_600_000);
    const answers = [];
    for (const userName of ['victor', 'no-such-user']) {
      for (let i = 0; i < 3; i++) {
        tick(2 * SECOND);
        await signIn(userName, 'wrong-Password-1', `127.0.1.${answers.length + 1}`);
      }
      tick(2 * SECOND);
      answers.push(await signIn(userName, 'anything-at-all', `127.0.1.${answers.length + 1}`));
    }
    expect(answers.map((a) => [a.status, a.body])).toEqual([
      [429, { code: 'TooManyAttempts', message: 'Too many failed sign-in attempts. Try again in 58 seconds.', retryAfterSeconds: 58 }],
      [429, { code: 'TooManyAttempts', message: 'Too many failed sign-in attempts. Try again in 58 seconds.', retryAfterSeconds: 58 }],
    ]);
  });
});
