import type { Migration } from 'kysely';
import * as initial from './001-initial.js';
import * as administratorAccess from './002-administrator-access.js';
import * as settings from './003-settings.js';
import * as sessions from './006-sessions.js';

/** Migrations in order; names sort the way they must run. Never edit one that has shipped. */
export const migrations: Record<string, Migration> = {
  '001-initial': initial,
  '002-administrator-access': administratorAccess,
  '003-settings': settings,
  '006-sessions': sessions,
};
