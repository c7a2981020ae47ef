// Faults seeded into a rendering of the chart, each of which chart-checks.ts must report: the proof,
// run with every check, that the checks can fail (a check that passes everything proves nothing).
import { type K8sObject } from './chart-checks';

interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: unknown;
}
interface Pod {
  containers: { name: string; env: EnvVar[]; readinessProbe?: { httpGet?: { path: string } } }[];
  volumes?: unknown[];
}

export interface SeededFault {
  /** what is broken */
  fault: string;
  /** the values file it is seeded into */
  values: string;
  /** a text the checks' report must hold */
  reported: string;
  seed(docs: K8sObject[]): void;
}

const find = (docs: K8sObject[], kind: string, name: string): K8sObject => {
  const doc = docs.find((d) => d.kind === kind && d.metadata.name === name);
  if (doc === undefined) throw new Error(`seeded fault: no ${kind} ${name} in the rendering`);
  return doc;
};
const podOf = (docs: K8sObject[], name: string) =>
  (find(docs, 'Deployment', name).spec as { template: { spec: Pod } }).template.spec;
const envOf = (docs: K8sObject[], name: string) => podOf(docs, name).containers[0]?.env ?? [];
const without = (env: EnvVar[], name: string) =>
  env.splice(
    env.findIndex((e) => e.name === name),
    1,
  );

export const SEEDED_FAULTS: SeededFault[] = [
  {
    fault: "park-registry's database password left out",
    values: 'values.yaml',
    reported:
      "park-registry: its config refuses the Deployment's environment in production: invalid configuration: PG_PASSWORD is required",
    seed: (docs) => without(envOf(docs, 'park-registry'), 'PG_PASSWORD'),
  },
  {
    fault: "the gateway's caller-token key left out",
    values: 'values.yaml',
    reported:
      "gateway: its config refuses the Deployment's environment in production: invalid configuration: CALLER_TOKEN_PRIVATE_KEY is required",
    seed: (docs) => without(envOf(docs, 'gateway'), 'CALLER_TOKEN_PRIVATE_KEY'),
  },
  {
    fault: 'the audit signing key written into the chart',
    values: 'values.yaml',
    reported: 'audit: AUDIT_SIGNING_KEY is written in the chart',
    seed: (docs) => {
      const key = envOf(docs, 'audit').find((e) => e.name === 'AUDIT_SIGNING_KEY');
      if (key !== undefined) {
        delete key.valueFrom;
        key.value = 'PRIVATE+KEY+parkledger.local/audit+00000000+AAAA';
      }
    },
  },
  {
    fault: "fund-ledger's gRPC port opened to the whole namespace",
    values: 'values.yaml',
    reported: 'fund-ledger: its gRPC port admits more than the gateway',
    seed: (docs) => {
      const spec = find(docs, 'NetworkPolicy', 'fund-ledger').spec as { ingress: { from: unknown[] }[] };
      spec.ingress[0]?.from.push({ podSelector: {} });
    },
  },
  {
    fault: "policy-awards' readiness probe on the liveness path",
    values: 'values.yaml',
    reported: 'policy-awards: readinessProbe is not GET /health/ready',
    seed: (docs) => {
      const probe = podOf(docs, 'policy-awards').containers[0]?.readinessProbe?.httpGet;
      if (probe !== undefined) probe.path = '/health';
    },
  },
  {
    fault: "audit's PodDisruptionBudget left out",
    values: 'values.yaml',
    reported: 'audit: 0 PodDisruptionBudgets select its pods',
    seed: (docs) => docs.splice(docs.indexOf(find(docs, 'PodDisruptionBudget', 'audit')), 1),
  },
  {
    fault: 'a topic of the registry without its KafkaTopic',
    values: 'values.yaml',
    reported: 'Kafka: no KafkaTopic for parkledger.funds.v1',
    seed: (docs) => docs.splice(docs.indexOf(find(docs, 'KafkaTopic', 'parkledger.funds.v1')), 1),
  },
  {
    fault: 'min.insync.replicas 1',
    values: 'values.yaml',
    reported: 'Kafka: min.insync.replicas is not 2',
    seed: (docs) => {
      const spec = find(docs, 'Kafka', 'parkledger').spec as { kafka: { config: Record<string, unknown> } };
      spec.kafka.config['min.insync.replicas'] = 1;
    },
  },
  {
    fault: 'one Postgres instance',
    values: 'values.yaml',
    reported: 'Postgres: 1 instances, not 3',
    seed: (docs) => {
      (find(docs, 'Cluster', 'parkledger-postgres').spec as { instances: number }).instances = 1;
    },
  },
  {
    fault: "audit's role left out of the managed roles",
    values: 'values.yaml',
    reported: 'Postgres: no managed role audit',
    seed: (docs) => {
      const spec = find(docs, 'Cluster', 'parkledger-postgres').spec as { managed: { roles: { name: string }[] } };
      spec.managed.roles = spec.managed.roles.filter((role) => role.name !== 'audit');
    },
  },
  {
    fault: "the gateway's public key file not mounted",
    values: 'values-existing-kafka-postgres.yaml',
    reported:
      "gateway: its config refuses the Deployment's environment in production: invalid configuration: JWT_PUBLIC_KEY_FILE cannot be read",
    seed: (docs) => {
      delete podOf(docs, 'gateway').volumes;
    },
  },
  {
    fault: "the fund ledger's OTLP endpoint without its scheme",
    values: 'values-existing-kafka-postgres.yaml',
    reported:
      'fund-ledger: its config refuses the Deployment\'s environment in production: invalid configuration: OTEL_EXPORTER_OTLP_ENDPOINT must be an http or https URL, got "otel-collector.monitoring.svc:4318"',
    seed: (docs) => {
      const endpoint = envOf(docs, 'fund-ledger').find((e) => e.name === 'OTEL_EXPORTER_OTLP_ENDPOINT');
      if (endpoint !== undefined) endpoint.value = 'otel-collector.monitoring.svc:4318';
    },
  },
];
