import type { Migration } from 'kysely';
import * as initial from './001-initial.js';
import * as administratorAccess from './002-administrator-access.js';
import * as settings from './003-settings.js';
import * as roles from './004-roles.js';
import * as mfa from './005-mfa.js';
import * as sessions from './006-sessions.js';
import * as workloadTokens from './007-workload-tokens.js';
import * as oidcProviders from './008-oidc-providers.js';
import * as events from './009-events.js';
import * as credentialReports from './010-credential-reports.js';
import * as lastAccessed from './011-last-accessed.js';
import * as consoleTables from './012-console.js';
import * as foreignKeys from './013-foreign-keys.js';

/** Migrations in order; names sort the way they must run. Never edit one that has shipped. */
export const migrations: Record<string, Migration> = {
  '001-initial': initial,
  '002-administrator-access': administratorAccess,
  '003-settings': settings,
  '004-roles': roles,
  '005-mfa': mfa,
  '006-sessions': sessions,
  '007-workload-tokens': workloadTokens,
  '008-oidc-providers': oidcProviders,
  '009-events': events,
  '010-credential-reports': credentialReports,
  '011-last-accessed': lastAccessed,
  '012-console': consoleTables,
  '013-foreign-keys': foreignKeys,
};
