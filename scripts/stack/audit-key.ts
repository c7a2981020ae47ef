import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { generateSignerKey, parseSignerKey } from '@parkledger/tlog';

/** The audit log's origin in development: the name of its checkpoints and of its key. */
export const DEV_AUDIT_ORIGIN = 'parkledger.local/audit';

/**
 * The key the audit service signs checkpoints with in development: generated once into the state
 * directory (readable by its owner only), then the same at every start, so the checkpoints an
 * auditor kept still verify. Production passes its own in AUDIT_SIGNING_KEY.
 */
/** The development key's verifier key, if `npm start` made one: never made here. */
export function devAuditVerifierKey(stateDir: string): string | undefined {
  const file = join(stateDir, 'audit', 'signing.key');
  return existsSync(file) ? parseSignerKey(readFileSync(file, 'utf8').trim()).verifier.text : undefined;
}

export function devAuditSigningKey(stateDir: string): { signer: string; verifier: string } {
  const file = join(stateDir, 'audit', 'signing.key');
  if (!existsSync(file)) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, `${generateSignerKey(DEV_AUDIT_ORIGIN)}\n`, { mode: 0o600 });
  }
  const signer = readFileSync(file, 'utf8').trim();
  return { signer, verifier: parseSignerKey(signer).verifier.text };
}
