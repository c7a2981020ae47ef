import { generateKeyPairSync } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { loadGatewayConfig } from '../services/gateway/src/config/gateway.config';
import { loadParkRegistryConfig } from '../services/park-registry/src/config/park-registry.config';
import { loadProjectPipelineConfig } from '../services/project-pipeline/src/config/project-pipeline.config';
import { loadFundLedgerConfig } from '../services/fund-ledger/src/config/fund-ledger.config';
import { loadPolicyAwardsConfig } from '../services/policy-awards/src/config/policy-awards.config';
import { loadAuditConfig } from '../services/audit/src/config/audit.config';
import { generateSignerKey } from '@parkledger/tlog';
import { SERVICES } from './infra/services';

// The deployments can't run here (no Docker engine, no cluster), so what they give each service is
// checked instead: docker-compose.yml and every manifest in deploy/k8s.
const root = join(__dirname, '..');
const K8S = join(root, 'deploy/k8s');

/** Each service's config loader; a new service must be added here, or this test fails. */
const LOADERS: Record<string, (source: NodeJS.ProcessEnv) => unknown> = {
  gateway: loadGatewayConfig,
  'park-registry': loadParkRegistryConfig,
  'project-pipeline': loadProjectPipelineConfig,
  'fund-ledger': loadFundLedgerConfig,
  'policy-awards': loadPolicyAwardsConfig,
  audit: loadAuditConfig,
};

/** A variable as a deployment sets it: a value, or one supplied where it runs (a Secret, `${X:?}`). */
type Variable = { value: string } | { supplied: string };

interface Rendered {
  where: string;
  service: string;
  env: Record<string, Variable>;
}

interface PodSpec {
  containers: { name: string; env?: EnvVar[]; ports?: { name?: string; containerPort: number }[] }[];
}
interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: { secretKeyRef?: { name: string; key: string }; configMapKeyRef?: { name: string; key: string } };
}
type Labels = Record<string, string>;
interface K8sObject {
  kind: string;
  metadata: { name: string };
  spec: {
    template?: { metadata: { labels: Labels }; spec: PodSpec };
    ports?: { name?: string; port: number }[];
    podSelector?: { matchLabels?: Labels; matchExpressions?: unknown[] };
    policyTypes?: string[];
    ingress?: IngressRule[];
  };
}
interface IngressRule {
  from?: Record<string, unknown>[];
  ports?: { protocol?: string; port?: number | string }[];
}

const compose = parse(readFileSync(join(root, 'docker-compose.yml'), 'utf8')) as {
  services: Record<string, { environment?: Record<string, string> }>;
};
const manifests: K8sObject[] = readdirSync(K8S)
  .filter((file) => file.endsWith('.yaml'))
  .flatMap((file) => parseAllDocuments(readFileSync(join(K8S, file), 'utf8')).map((doc) => doc.toJS() as K8sObject));
const present = SERVICES.filter((service) => existsSync(join(root, 'services', service.name, 'package.json')));

const deployment = (name: string): K8sObject | undefined =>
  manifests.find((m) => m.kind === 'Deployment' && m.metadata.name === name);
const container = (name: string) => deployment(name)?.spec.template?.spec.containers.find((c) => c.name === name);

function composeEnv(service: string): Record<string, Variable> {
  const entries = Object.entries(compose.services[service]?.environment ?? {}).map(
    ([name, raw]): [string, Variable] => {
      const substituted = /^\$\{(\w+)(:?[-?])(.*)\}$/.exec(String(raw));
      if (substituted === null) return [name, { value: String(raw) }];
      return [name, substituted[2]?.endsWith('?') === true ? { supplied: raw } : { value: substituted[3] ?? '' }];
    },
  );
  return Object.fromEntries(entries);
}

function k8sEnv(service: string): Record<string, Variable> {
  const entries = (container(service)?.env ?? []).map(({ name, value, valueFrom }): [string, Variable] => {
    const ref = valueFrom?.secretKeyRef ?? valueFrom?.configMapKeyRef;
    return [name, ref === undefined ? { value: value ?? '' } : { supplied: `${ref.name}/${ref.key}` }];
  });
  return Object.fromEntries(entries);
}

const rendered: Rendered[] = present.flatMap((service) => [
  { where: 'docker-compose.yml', service: service.name, env: composeEnv(service.name) },
  { where: 'deploy/k8s', service: service.name, env: k8sEnv(service.name) },
]);

// A supplied value is unknown here; it stands in with one of the right form, or the check would fail on it.
const keys = generateKeyPairSync('ed25519');
function placeholder(name: string): string {
  if (name.endsWith('_PRIVATE_KEY')) return keys.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  if (name.endsWith('_PUBLIC_KEY')) return keys.publicKey.export({ type: 'spki', format: 'pem' }).toString();
  return `supplied-at-run-time-${'x'.repeat(64)}`;
}

/** What the service's own config loader says of the deployment's environment in production. */
function productionProblems({ service, env }: Rendered): string {
  const source: NodeJS.ProcessEnv = { NODE_ENV: 'production' };
  for (const [name, variable] of Object.entries(env)) {
    if (name !== 'NODE_ENV') source[name] = 'value' in variable ? variable.value : placeholder(name);
  }
  // a signer key is named for the log it signs: one of the deployed origin stands in
  if (env.AUDIT_SIGNING_KEY !== undefined && 'supplied' in env.AUDIT_SIGNING_KEY) {
    source.AUDIT_SIGNING_KEY = generateSignerKey(source.AUDIT_ORIGIN ?? 'parkledger.local/audit');
  }
  try {
    LOADERS[service]?.(source);
    return '';
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

const selects = (policy: K8sObject, labels: Labels): boolean =>
  policy.spec.podSelector?.matchExpressions === undefined &&
  Object.entries(policy.spec.podSelector?.matchLabels ?? {}).every(([key, value]) => labels[key] === value);

const covers = (rule: IngressRule, port: { name?: string; containerPort: number }): boolean =>
  rule.ports === undefined ||
  rule.ports.some(
    (p) =>
      (p.protocol ?? 'TCP') === 'TCP' &&
      (p.port === undefined || p.port === port.name || p.port === port.containerPort),
  );

describe('deployments (docker-compose.yml and deploy/k8s)', () => {
  it('know the config loader of every service', () => {
    expect(Object.keys(LOADERS).sort()).toEqual(present.map((service) => service.name).sort());
  });

  it.each(rendered.map((r) => [r.where, r.service, r] as const))(
    '%s gives %s every variable its config requires in production',
    (_where, _service, deployed) => {
      expect(deployed.env).not.toEqual({});
      expect(productionProblems(deployed)).toBe('');
      const nodeEnv = deployed.env.NODE_ENV;
      expect(nodeEnv === undefined || ('value' in nodeEnv && nodeEnv.value === 'production')).toBe(true);
    },
  );

  it.each(rendered.map((r) => [r.where, r.service, r] as const))(
    '%s has %s listen on every interface and the gateway call each service at its own address',
    (_where, service, { env }) => {
      expect(env.HTTP_HOST).toEqual({ value: '0.0.0.0' });
      const grpcPort = present.find((s) => s.name === service)?.grpcPort;
      if (grpcPort !== undefined) expect(env.GRPC_URL).toEqual({ value: `0.0.0.0:${grpcPort}` });
      if (service !== 'gateway') return;
      for (const callee of present.filter((s) => s.grpcPort !== undefined)) {
        const variable = `${callee.name.toUpperCase().replace(/-/g, '_')}_GRPC_URL`;
        expect([variable, env[variable]]).toEqual([variable, { value: `${callee.name}:${callee.grpcPort}` }]);
      }
    },
  );

  it.each(present.filter((s) => s.grpcPort !== undefined).map((s) => [s.name, s] as const))(
    'deploy/k8s admits only the gateway to the gRPC port of %s, and anyone in the namespace to its HTTP port',
    (name, service) => {
      const pod = deployment(name)?.spec.template;
      const gatewayLabels = deployment('gateway')?.spec.template?.metadata.labels ?? {};
      const ports = container(name)?.ports ?? [];
      const grpc = ports.find((p) => p.name === 'grpc');
      const http = ports.find((p) => p.name === 'http');
      expect([grpc?.containerPort, http?.containerPort]).toEqual([service.grpcPort, service.httpPort]);
      const policies = manifests.filter(
        (m) =>
          m.kind === 'NetworkPolicy' &&
          selects(m, pod?.metadata.labels ?? {}) &&
          (m.spec.policyTypes ?? ['Ingress']).includes('Ingress'),
      );
      expect(policies.length).toBeGreaterThan(0);
      const rules = policies.flatMap((policy) => policy.spec.ingress ?? []);
      const grpcPeers = rules.filter((rule) => grpc !== undefined && covers(rule, grpc)).map((rule) => rule.from);
      expect(grpcPeers.length).toBeGreaterThan(0);
      for (const from of grpcPeers) {
        expect(from).toEqual([{ podSelector: { matchLabels: { 'app.kubernetes.io/name': 'gateway' } } }]);
      }
      expect(gatewayLabels['app.kubernetes.io/name']).toBe('gateway');
      expect(rules.some((rule) => http !== undefined && covers(rule, http))).toBe(true);
    },
  );
});
