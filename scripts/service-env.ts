// What a deployment (docker-compose.yml, the Helm chart) gives a service, judged by the service's own
// config loader in production. The deployments can't run here (no Docker engine, no cluster), so
// this is how their checks prove that each service would start: scripts/docker-compose.spec.ts and
// scripts/helm/chart-checks.ts.
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateSignerKey } from '@parkledger/tlog';
import { loadAuditConfig } from '../services/audit/src/config/audit.config';
import { loadFundLedgerConfig } from '../services/fund-ledger/src/config/fund-ledger.config';
import { loadGatewayConfig } from '../services/gateway/src/config/gateway.config';
import { loadParkRegistryConfig } from '../services/park-registry/src/config/park-registry.config';
import { loadPolicyAwardsConfig } from '../services/policy-awards/src/config/policy-awards.config';
import { loadProjectPipelineConfig } from '../services/project-pipeline/src/config/project-pipeline.config';

/** Each service's config loader; a new service must be added here, or its deployments' checks fail. */
export const LOADERS: Record<string, (source: NodeJS.ProcessEnv) => unknown> = {
  gateway: loadGatewayConfig,
  'park-registry': loadParkRegistryConfig,
  'project-pipeline': loadProjectPipelineConfig,
  'fund-ledger': loadFundLedgerConfig,
  'policy-awards': loadPolicyAwardsConfig,
  audit: loadAuditConfig,
};

/**
 * A variable as a deployment sets it: a value; one supplied where it runs (a Secret, `${X:?}`),
 * named by where it comes from; or the path of a file supplied where it runs (a Secret's key mounted).
 */
export type Variable = { value: string } | { supplied: string } | { suppliedFile: string };

// A supplied value is unknown here; one of the right form stands in, or the loader would refuse it.
const keys = generateKeyPairSync('ed25519');
const publicPem = keys.publicKey.export({ type: 'spki', format: 'pem' }).toString();
function placeholder(name: string): string {
  if (name.endsWith('_PRIVATE_KEY')) return keys.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  if (name.endsWith('_PUBLIC_KEY')) return publicPem;
  return `supplied-at-run-time-${'x'.repeat(64)}`;
}
function placeholderFile(name: string): string {
  if (name === 'JWT_JWKS_FILE') {
    const jwk = keys.publicKey.export({ format: 'jwk' });
    return JSON.stringify({ keys: [{ ...jwk, kid: 'placeholder', use: 'sig', alg: 'EdDSA' }] });
  }
  return publicPem;
}

/** What the service's config loader says of this environment in production: '' when it starts. */
export function productionProblems(service: string, env: Record<string, Variable>): string {
  const loader = LOADERS[service];
  if (loader === undefined) return `no config loader for ${service} in LOADERS of scripts/service-env.ts`;
  const files = mkdtempSync(join(tmpdir(), 'parkledger-env-'));
  try {
    const source: NodeJS.ProcessEnv = { NODE_ENV: 'production' };
    for (const [name, variable] of Object.entries(env)) {
      if (name === 'NODE_ENV') continue;
      if ('value' in variable) source[name] = variable.value;
      else if ('supplied' in variable) source[name] = placeholder(name);
      else {
        const path = join(files, name);
        writeFileSync(path, placeholderFile(name));
        source[name] = path;
      }
    }
    // a signer key is named for the log it signs: one of the deployed origin stands in
    const signer = env.AUDIT_SIGNING_KEY;
    if (signer !== undefined && !('value' in signer)) {
      source.AUDIT_SIGNING_KEY = generateSignerKey(source.AUDIT_ORIGIN ?? 'parkledger.local/audit');
    }
    loader(source);
    return '';
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  } finally {
    rmSync(files, { recursive: true, force: true });
  }
}
