import { createContext, useContext } from 'react';
import type { ConsolePrincipal } from './api/console-api';

export interface ActiveSession {
  principal: ConsolePrincipal;
  expiresAt: string;
  idleExpiresAt: string;
  signOut: () => Promise<void>;
  /** Reads the session again (after a change it shows, such as the account alias). */
  refresh: () => Promise<void>;
}

export const SessionContext = createContext<ActiveSession | undefined>(undefined);

/** The signed-in principal; only pages behind sign-in use it. */
export function useSession(): ActiveSession {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside a signed-in page');
  return session;
}

/** The name IAM calls about "my own" credentials take: the user's name, or none for root. */
export function ownUserName(principal: ConsolePrincipal): string | undefined {
  return principal.type === 'IAMUser' ? principal.userName : undefined;
}

/** How the principal is shown in the header. */
export function principalLabel(principal: ConsolePrincipal): string {
  return principal.type === 'Root' ? 'Root user' : (principal.userName ?? principal.arn);
}
