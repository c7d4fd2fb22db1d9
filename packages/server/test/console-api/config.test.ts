import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../../src/config.js';

describe('console settings from the environment', () => {
  it('defaults to an idle timeout of 60 minutes and sessions of 12 hours', () => {
    expect(resolveConfig({}, {})).toMatchObject({ consoleIdleMinutes: 60, consoleSessionHours: 12 });
  });

  it('reads GATEHOUSE_CONSOLE_IDLE_MINUTES and GATEHOUSE_CONSOLE_SESSION_HOURS', () => {
    expect(resolveConfig({}, { GATEHOUSE_CONSOLE_IDLE_MINUTES: '15', GATEHOUSE_CONSOLE_SESSION_HOURS: '8' })).toMatchObject({ consoleIdleMinutes: 15, consoleSessionHours: 8 });
  });

  it('refuses a value that is not a whole number of at least 1, naming it', () => {
    expect(() => resolveConfig({}, { GATEHOUSE_CONSOLE_IDLE_MINUTES: '0' })).toThrow('GATEHOUSE_CONSOLE_IDLE_MINUTES=0 is not a whole number of minutes. Use 1 or more (default 60).');
    expect(() => resolveConfig({}, { GATEHOUSE_CONSOLE_SESSION_HOURS: '1.5' })).toThrow('GATEHOUSE_CONSOLE_SESSION_HOURS=1.5 is not a whole number of hours');
  });
});
