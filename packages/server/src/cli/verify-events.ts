import { readFileSync } from 'node:fs';
import { digestSigner, parsePublicKey, type DigestPublicKey } from '../audit/digest-signer.js';
import { verifyEvents, type VerifyReport } from '../audit/verify-events.js';
import { resolveConfig } from '../config.js';
import { loadMasterKey, SecretBox } from '../crypto/secret-box.js';
import { openStore } from '../storage/database.js';

export interface VerifyEventsFlags {
  data?: string;
  database?: string;
  accountId?: string;
  publicKey?: string;
  retentionDays?: string;
  eventDigestMinutes?: string;
  json?: boolean;
}

/**
 * `gatehouse verify-events`: checks the event history in the database against its hash chain
 * and signed digests. The digests' public key comes from --public-key (the PEM that GET
 * /gatehouse/event-digest-key publishes) or is derived from the master key. The digest period
 * (--event-digest-minutes) must be the server's: it says which digests must exist by now.
 * Exit code 0 when intact, 1 when any problem was found (ProblemKind in audit/verify-events.ts).
 */
export async function verifyEventsCommand(flags: VerifyEventsFlags, out: (text: string) => void, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const config = resolveConfig({ ...flags, ...(flags.retentionDays ? { eventRetentionDays: flags.retentionDays } : {}) }, env);
  const retentionDays = config.eventRetentionDays;
  const publicKey: DigestPublicKey = flags.publicKey ? readPublicKey(flags.publicKey) : digestSigner(new SecretBox(loadMasterKey(config.dataDir, env))).publicKey;
  const store = await openStore(config);
  try {
    const report = await verifyEvents(store, { publicKey, now: new Date(), retentionDays, periodMinutes: config.eventDigestMinutes, ...(flags.accountId ? { accountId: flags.accountId } : {}) });
    out(flags.json ? JSON.stringify(report, null, 2) + '\n' : describe(report));
    return report.intact ? 0 : 1;
  } finally {
    await store.close();
  }
}

function readPublicKey(file: string): DigestPublicKey {
  const text = readFileSync(file, 'utf8');
  // Accept the endpoint's JSON as saved, or the PEM alone.
  const pem = text.trimStart().startsWith('{') ? (JSON.parse(text) as { publicKey: string }).publicKey : text;
  return parsePublicKey(pem);
}

function describe(report: VerifyReport): string {
  if (report.accounts.length === 0) return 'No event history to verify.\n';
  const lines: string[] = [];
  for (const a of report.accounts) {
    if (a.problems.length === 0) {
      lines.push(`Account ${a.accountId}: intact — ${a.records} records, ${a.digests} signed digests verified.`);
      continue;
    }
    lines.push(`Account ${a.accountId}: TAMPERED — ${a.problems.length} problem${a.problems.length === 1 ? '' : 's'} in ${a.records} records and ${a.digests} digests.`);
    const first = a.firstBreak!;
    lines.push(`  The chain first breaks at record ${first.seq}${first.eventTime ? ` (${first.eventTime}${first.eventId ? `, event ${first.eventId}` : ''})` : ''}.`);
    for (const p of a.problems) lines.push(`  ${p.kind.padEnd(14)} record ${p.seq}: ${p.detail}`);
  }
  return lines.join('\n') + '\n';
}
