import { resolve } from 'node:path';
import { DEFAULT_EVENT_DIGEST_MINUTES, parseDigestMinutes } from './audit/digest-periods.js';

/** Settings shared by the commands; each flag has a GATEHOUSE_* environment variable. */
export interface ServeConfig {
  dataDir: string;
  databaseUrl: string | undefined;
  host: string;
  port: number;
  logLevel: string;
  /** days the event history keeps records before pruning them */
  eventRetentionDays: number;
  /** minutes each signed digest of the event history covers, dividing a day (GATEHOUSE_EVENT_DIGEST_MINUTES) */
  eventDigestMinutes: number;
  /** a console session ends after this many minutes without a request (GATEHOUSE_CONSOLE_IDLE_MINUTES) */
  consoleIdleMinutes: number;
  /** and after this many hours whatever the activity (GATEHOUSE_CONSOLE_SESSION_HOURS) */
  consoleSessionHours: number;
  /** reverse proxies whose X-Forwarded-For/-Proto are believed (GATEHOUSE_TRUSTED_PROXIES) */
  trustedProxies: string[];
  /**
   * PostgreSQL: how long a call waits for a connection (GATEHOUSE_DB_ACQUIRE_TIMEOUT_MS) and
   * one statement may run (GATEHOUSE_DB_STATEMENT_TIMEOUT_MS) before it answers ServiceUnavailable.
   */
  postgres: { acquireTimeoutMs: number; statementTimeoutMs: number };
  /** SQLite: how long a write waits for a lock another process holds (GATEHOUSE_DB_LOCK_WAIT_MS) */
  sqlite: { lockWaitMs: number };
}

export const DEFAULT_PORT = 7400;

export function resolveConfig(
  flags: { data?: string; database?: string; host?: string; port?: string; logLevel?: string; eventRetentionDays?: string; eventDigestMinutes?: string; trustedProxies?: string },
  env: NodeJS.ProcessEnv = process.env): ServeConfig {
  const portText = flags.port ?? env.GATEHOUSE_PORT ?? String(DEFAULT_PORT);
  const port = Number(portText);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`Port ${portText} is not a valid TCP port. Use a number from 0 to 65535 (0 picks a free port).`);
  const retentionText = flags.eventRetentionDays ?? env.GATEHOUSE_EVENT_RETENTION_DAYS ?? '90';
  const eventRetentionDays = Number(retentionText);
  if (!Number.isInteger(eventRetentionDays) || eventRetentionDays < 1) {
    throw new Error(`Event retention ${retentionText} is not a whole number of days. Use 1 or more (default 90).`);
  }
  const eventDigestMinutes = flags.eventDigestMinutes !== undefined
    ? parseDigestMinutes(flags.eventDigestMinutes, '--event-digest-minutes')
    : env.GATEHOUSE_EVENT_DIGEST_MINUTES ? parseDigestMinutes(env.GATEHOUSE_EVENT_DIGEST_MINUTES, 'GATEHOUSE_EVENT_DIGEST_MINUTES') : DEFAULT_EVENT_DIGEST_MINUTES;
  const consoleIdleMinutes = wholeNumber(env.GATEHOUSE_CONSOLE_IDLE_MINUTES, 60, 'GATEHOUSE_CONSOLE_IDLE_MINUTES', 'minutes');
  const consoleSessionHours = wholeNumber(env.GATEHOUSE_CONSOLE_SESSION_HOURS, 12, 'GATEHOUSE_CONSOLE_SESSION_HOURS', 'hours');
  return {
    dataDir: resolve(flags.data ?? env.GATEHOUSE_DATA ?? 'data'),
    databaseUrl: flags.database ?? env.GATEHOUSE_DATABASE ?? undefined,
    host: flags.host ?? env.GATEHOUSE_HOST ?? '127.0.0.1',
    port,
    logLevel: flags.logLevel ?? env.GATEHOUSE_LOG_LEVEL ?? 'info',
    eventRetentionDays,
    eventDigestMinutes,
    consoleIdleMinutes,
    consoleSessionHours,
    postgres: {
      acquireTimeoutMs: wholeNumber(env.GATEHOUSE_DB_ACQUIRE_TIMEOUT_MS, 5_000, 'GATEHOUSE_DB_ACQUIRE_TIMEOUT_MS', 'milliseconds'),
      statementTimeoutMs: wholeNumber(env.GATEHOUSE_DB_STATEMENT_TIMEOUT_MS, 5_000, 'GATEHOUSE_DB_STATEMENT_TIMEOUT_MS', 'milliseconds'),
    },
    sqlite: { lockWaitMs: wholeNumber(env.GATEHOUSE_DB_LOCK_WAIT_MS, 5_000, 'GATEHOUSE_DB_LOCK_WAIT_MS', 'milliseconds') },
    trustedProxies: (flags.trustedProxies ?? env.GATEHOUSE_TRUSTED_PROXIES ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== ''),
  };
}

function wholeNumber(text: string | undefined, fallback: number, name: string, unit: string): number {
  if (text === undefined || text === '') return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name}=${text} is not a whole number of ${unit}. Use 1 or more (default ${fallback}).`);
  return value;
}
