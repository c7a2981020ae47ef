// What the rendered chart must hold beyond its schemas, checked for each values file: every service
// starts (its config loader accepts its Deployment's environment in production), listens where the
// others call it, has probes, resources and a PodDisruptionBudget, admits only the gateway to its gRPC
// port; the gateway scales by an HPA; secrets are only referenced; and, when the chart runs them,
// Kafka and Postgres are what the services need (three brokers, min.insync.replicas=2, the topics of
// the event registry; three instances, each service's role).
import { registryTopics, topicConfig, TOPIC_PARTITIONS } from '@parkledger/messaging';
import { type ServiceSpec } from '../infra/services';
import { productionProblems, type Variable } from '../service-env';

export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; labels?: Labels };
  spec?: Record<string, unknown>;
  data?: Record<string, string>;
}
type Labels = Record<string, string>;

interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: { secretKeyRef?: { name: string; key: string }; configMapKeyRef?: { name: string; key: string } };
}
interface Probe {
  httpGet?: { path: string; port: string | number };
}
interface Container {
  name: string;
  env?: EnvVar[];
  ports?: { name?: string; containerPort: number }[];
  volumeMounts?: { name: string; mountPath: string }[];
  startupProbe?: Probe;
  livenessProbe?: Probe;
  readinessProbe?: Probe;
  resources?: { requests?: Record<string, unknown>; limits?: Record<string, unknown> };
}
interface PodTemplate {
  metadata: { labels: Labels };
  spec: {
    containers: Container[];
    volumes?: { name: string; secret?: { secretName: string; items?: { key: string; path: string }[] } }[];
  };
}
interface IngressRule {
  from?: Record<string, unknown>[];
  ports?: { protocol?: string; port?: number | string }[];
}

/** What a values file asks of the chart's Kafka and Postgres. */
export interface Expectations {
  /** the Strimzi Kafka's name, or undefined when the chart runs none */
  kafka: string | undefined;
  /** the CloudNativePG Cluster's name, or undefined when the chart runs none */
  postgres: string | undefined;
  /** the roles-and-schemas SQL the Cluster must run at bootstrap (files/postgres-init.sql) */
  postgresInitSql: string;
}

/** Variables that hold a secret: they must come from a Secret, never be written in the chart. */
const SECRET_NAME = /PASSWORD|SECRET|PRIVATE_KEY|SIGNING_KEY/;
/** Values that look like a secret, whatever the variable's name. */
const SECRET_VALUE = /-----BEGIN|PRIVATE\+KEY\+/;

const of = (docs: K8sObject[], kind: string) => docs.filter((d) => d.kind === kind);
const spec = <T>(doc: K8sObject | undefined): T => (doc?.spec ?? {}) as T;

const selects = (selector: { matchLabels?: Labels; matchExpressions?: unknown[] } | undefined, labels: Labels) =>
  selector !== undefined &&
  selector.matchExpressions === undefined &&
  Object.entries(selector.matchLabels ?? {}).every(([key, value]) => labels[key] === value);

const covers = (rule: IngressRule, port: { name?: string; containerPort: number }): boolean =>
  rule.ports === undefined ||
  rule.ports.some(
    (p) =>
      (p.protocol ?? 'TCP') === 'TCP' &&
      (p.port === undefined || p.port === port.name || p.port === port.containerPort),
  );

/** A container's environment as the config check reads it; a key file mounted from a Secret is supplied. */
export function containerEnv(pod: PodTemplate, container: Container): Record<string, Variable> {
  const secretFiles = new Map<string, string>();
  for (const mount of container.volumeMounts ?? []) {
    const volume = pod.spec.volumes?.find((v) => v.name === mount.name)?.secret;
    for (const item of volume?.items ?? [])
      secretFiles.set(`${mount.mountPath}/${item.path}`, volume?.secretName ?? '');
  }
  const entries = (container.env ?? []).map(({ name, value, valueFrom }): [string, Variable] => {
    const ref = valueFrom?.secretKeyRef ?? valueFrom?.configMapKeyRef;
    if (ref !== undefined) return [name, { supplied: `${ref.name}/${ref.key}` }];
    if (value !== undefined && secretFiles.has(value)) return [name, { suppliedFile: value }];
    return [name, { value: value ?? '' }];
  });
  return Object.fromEntries(entries);
}

function serviceProblems(
  docs: K8sObject[],
  services: readonly ServiceSpec[],
  expect: Expectations,
  service: ServiceSpec,
) {
  const problems: string[] = [];
  const say = (problem: string) => problems.push(`${service.name}: ${problem}`);
  const deployment = of(docs, 'Deployment').find((d) => d.metadata.name === service.name);
  const pod = spec<{ template?: PodTemplate }>(deployment).template;
  const container = pod?.spec.containers.find((c) => c.name === service.name);
  if (pod === undefined || container === undefined) {
    say('no Deployment with a container of its name');
    return problems;
  }
  const env = containerEnv(pod, container);
  const value = (name: string) => {
    const variable = env[name];
    return variable !== undefined && 'value' in variable ? variable.value : undefined;
  };

  const loaded = productionProblems(service.name, env);
  if (loaded !== '') say(`its config refuses the Deployment's environment in production: ${loaded}`);
  if (value('NODE_ENV') !== 'production') say('NODE_ENV is not production');
  if (value('HTTP_HOST') !== '0.0.0.0') say('HTTP_HOST is not 0.0.0.0');
  if (value('HTTP_PORT') !== String(service.httpPort)) say(`HTTP_PORT is not ${service.httpPort}`);
  if (service.grpcPort !== undefined && value('GRPC_URL') !== `0.0.0.0:${service.grpcPort}`) {
    say(`GRPC_URL is not 0.0.0.0:${service.grpcPort}`);
  }
  if (service.name === 'gateway') {
    for (const callee of services.filter((s) => s.grpcPort !== undefined)) {
      const variable = `${callee.name.toUpperCase().replace(/-/g, '_')}_GRPC_URL`;
      if (value(variable) !== `${callee.name}:${callee.grpcPort}`)
        say(`${variable} is not ${callee.name}:${callee.grpcPort}`);
    }
  }
  if (value('KAFKA_CLIENT_ID') !== service.name) say(`KAFKA_CLIENT_ID is not ${service.name}`);
  const brokers = value('KAFKA_BROKERS') ?? '';
  if (expect.kafka !== undefined && brokers !== `${expect.kafka}-kafka-bootstrap:9092`) {
    say(`KAFKA_BROKERS is ${brokers}, not the chart's Kafka (${expect.kafka}-kafka-bootstrap:9092)`);
  }
  if (brokers === '' || /127\.0\.0\.1|localhost/.test(brokers)) say(`KAFKA_BROKERS is "${brokers}"`);
  if (service.dbRole !== undefined) {
    if (value('PG_USER') !== service.dbRole) say(`PG_USER is not its role ${service.dbRole}`);
    const host = value('PG_HOST') ?? '';
    if (expect.postgres !== undefined && host !== `${expect.postgres}-rw`) {
      say(`PG_HOST is ${host}, not the chart's cluster (${expect.postgres}-rw)`);
    }
    if (host === '' || /^(127\.0\.0\.1|localhost)$/.test(host)) say(`PG_HOST is "${host}"`);
  }

  for (const [name, variable] of Object.entries(env)) {
    if ('value' in variable && (SECRET_NAME.test(name) || SECRET_VALUE.test(variable.value))) {
      say(`${name} is written in the chart; a secret must come from a Secret (secretKeyRef)`);
    }
  }

  const ports = container.ports ?? [];
  const http = ports.find((p) => p.name === 'http');
  const grpc = ports.find((p) => p.name === 'grpc');
  if (http?.containerPort !== service.httpPort) say(`its container's http port is not ${service.httpPort}`);
  if (grpc?.containerPort !== service.grpcPort) say(`its container's grpc port is not ${service.grpcPort ?? 'absent'}`);
  const probe = (which: 'startupProbe' | 'livenessProbe' | 'readinessProbe', path: string) => {
    const get = container[which]?.httpGet;
    if (get?.path !== path || (get.port !== 'http' && get.port !== service.httpPort)) {
      say(`${which} is not GET ${path} on its http port`);
    }
  };
  probe('startupProbe', '/health');
  probe('livenessProbe', '/health');
  probe('readinessProbe', '/health/ready');
  const resources = container.resources;
  if (resources?.requests?.cpu === undefined || resources.requests.memory === undefined) {
    say('its container requests no cpu or no memory');
  }
  if (resources?.limits?.memory === undefined) say('its container has no memory limit');

  const labels = pod.metadata.labels;
  const budgets = of(docs, 'PodDisruptionBudget').filter((b) =>
    selects(spec<{ selector?: { matchLabels?: Labels } }>(b).selector, labels),
  );
  if (budgets.length !== 1) say(`${budgets.length} PodDisruptionBudgets select its pods, not 1`);

  if (grpc !== undefined) {
    const gatewayPod = spec<{ template?: PodTemplate }>(
      of(docs, 'Deployment').find((d) => d.metadata.name === 'gateway'),
    ).template;
    if (gatewayPod?.metadata.labels['app.kubernetes.io/name'] !== 'gateway') say('no gateway pods to admit');
    const rules = of(docs, 'NetworkPolicy')
      .map((p) => spec<{ podSelector?: { matchLabels?: Labels }; policyTypes?: string[]; ingress?: IngressRule[] }>(p))
      .filter((p) => selects(p.podSelector, labels) && (p.policyTypes ?? ['Ingress']).includes('Ingress'))
      .map((p) => p.ingress ?? []);
    if (rules.length === 0) say('no NetworkPolicy restricts ingress to its pods');
    const grpcPeers = rules.flat().filter((rule) => covers(rule, grpc));
    if (rules.length > 0 && grpcPeers.length === 0) say('its NetworkPolicies admit no one to its gRPC port');
    for (const rule of grpcPeers) {
      if (
        JSON.stringify(rule.from) !==
        JSON.stringify([{ podSelector: { matchLabels: { 'app.kubernetes.io/name': 'gateway' } } }])
      ) {
        say(`its gRPC port admits more than the gateway: ${JSON.stringify(rule.from ?? 'anyone')}`);
      }
    }
    if (http !== undefined && rules.length > 0 && !rules.flat().some((rule) => covers(rule, http))) {
      say('its NetworkPolicies admit no one to its HTTP port (health, metrics)');
    }
  }
  return problems;
}

function kafkaProblems(docs: K8sObject[], name: string | undefined): string[] {
  const problems: string[] = [];
  const kafkas = of(docs, 'Kafka');
  const topics = of(docs, 'KafkaTopic');
  if (name === undefined) {
    if (kafkas.length > 0 || topics.length > 0 || of(docs, 'KafkaNodePool').length > 0) {
      problems.push("Kafka: Strimzi resources rendered though the values disable the chart's Kafka");
    }
    return problems;
  }
  const kafka = kafkas.find((k) => k.metadata.name === name);
  if (kafkas.length !== 1 || kafka === undefined) return [`Kafka: not exactly one Kafka, named ${name}`];
  if (kafka.apiVersion !== 'kafka.strimzi.io/v1') problems.push(`Kafka: ${kafka.apiVersion}, not kafka.strimzi.io/v1`);
  const config = spec<{ kafka?: { config?: Record<string, unknown> } }>(kafka).kafka?.config ?? {};
  if (String(config['min.insync.replicas']) !== '2') problems.push('Kafka: min.insync.replicas is not 2');
  if (String(config['default.replication.factor']) !== '3') problems.push('Kafka: default.replication.factor is not 3');
  const pools = of(docs, 'KafkaNodePool').filter((p) => p.metadata.labels?.['strimzi.io/cluster'] === name);
  const brokers = pools
    .map((p) => spec<{ replicas?: number; roles?: string[] }>(p))
    .filter((p) => p.roles?.includes('broker'))
    .reduce((sum, p) => sum + (p.replicas ?? 0), 0);
  const controllers = pools
    .map((p) => spec<{ replicas?: number; roles?: string[] }>(p))
    .filter((p) => p.roles?.includes('controller'))
    .reduce((sum, p) => sum + (p.replicas ?? 0), 0);
  if (brokers !== 3) problems.push(`Kafka: ${brokers} brokers in its node pools, not 3`);
  if (controllers < 3) problems.push(`Kafka: ${controllers} KRaft controllers in its node pools, fewer than 3`);

  const wanted = registryTopics();
  const rendered = topics.map((t) => spec<{ topicName?: string }>(t).topicName ?? t.metadata.name);
  const missing = wanted.filter((t) => !rendered.includes(t));
  const extra = rendered.filter((t) => !wanted.includes(t));
  if (missing.length > 0) problems.push(`Kafka: no KafkaTopic for ${missing.join(', ')}`);
  if (extra.length > 0) problems.push(`Kafka: KafkaTopics not in the event registry: ${extra.join(', ')}`);
  for (const topic of topics) {
    const s = spec<{ topicName?: string; partitions?: number; replicas?: number; config?: Record<string, unknown> }>(
      topic,
    );
    const topicName = s.topicName ?? topic.metadata.name;
    if (topic.metadata.labels?.['strimzi.io/cluster'] !== name)
      problems.push(`Kafka: ${topicName} is not of cluster ${name}`);
    if (s.partitions !== TOPIC_PARTITIONS)
      problems.push(`Kafka: ${topicName} has ${s.partitions} partitions, not ${TOPIC_PARTITIONS}`);
    if (s.replicas !== 3) problems.push(`Kafka: ${topicName} has ${s.replicas} replicas, not 3`);
    const configured = Object.fromEntries(Object.entries(s.config ?? {}).map(([k, v]) => [k, String(v)]));
    if (JSON.stringify(configured) !== JSON.stringify(topicConfig(topicName))) {
      problems.push(
        `Kafka: ${topicName}'s config ${JSON.stringify(configured)} is not ${JSON.stringify(topicConfig(topicName))}`,
      );
    }
  }
  return problems;
}

function postgresProblems(docs: K8sObject[], services: readonly ServiceSpec[], expect: Expectations): string[] {
  const clusters = of(docs, 'Cluster');
  const name = expect.postgres;
  if (name === undefined) {
    return clusters.length > 0 ? ["Postgres: a Cluster rendered though the values disable the chart's Postgres"] : [];
  }
  const cluster = clusters.find((c) => c.metadata.name === name);
  if (clusters.length !== 1 || cluster === undefined) return [`Postgres: not exactly one Cluster, named ${name}`];
  const problems: string[] = [];
  const s = spec<{
    instances?: number;
    bootstrap?: {
      initdb?: { database?: string; postInitApplicationSQLRefs?: { configMapRefs?: { name: string; key: string }[] } };
    };
    managed?: { roles?: { name: string; login?: boolean; superuser?: boolean; passwordSecret?: { name: string } }[] };
  }>(cluster);
  if (s.instances !== 3) problems.push(`Postgres: ${s.instances} instances, not 3`);
  const refs = s.bootstrap?.initdb?.postInitApplicationSQLRefs?.configMapRefs ?? [];
  const sql = refs.map((ref) => of(docs, 'ConfigMap').find((c) => c.metadata.name === ref.name)?.data?.[ref.key]);
  if (sql.length !== 1 || sql[0] !== expect.postgresInitSql) {
    problems.push("Postgres: the bootstrap does not run files/postgres-init.sql (each service's role and schema)");
  }
  const roles = s.managed?.roles ?? [];
  for (const service of services.filter((x) => x.dbRole !== undefined)) {
    const role = roles.find((r) => r.name === service.dbRole);
    const deployment = of(docs, 'Deployment').find((d) => d.metadata.name === service.name);
    const password = spec<{ template?: PodTemplate }>(deployment)
      .template?.spec.containers.find((c) => c.name === service.name)
      ?.env?.find((e) => e.name === 'PG_PASSWORD')?.valueFrom?.secretKeyRef?.name;
    if (role === undefined) problems.push(`Postgres: no managed role ${service.dbRole}`);
    else if (role.login !== true || role.superuser === true)
      problems.push(`Postgres: ${service.dbRole} can't log in, or is a superuser`);
    else if (role.passwordSecret?.name !== password) {
      problems.push(
        `Postgres: ${service.dbRole}'s password is from ${role.passwordSecret?.name}, the service's from ${password}`,
      );
    }
  }
  return problems;
}

/** Every problem of one rendering of the chart; none when it holds what the header says. */
export function chartProblems(docs: K8sObject[], services: readonly ServiceSpec[], expect: Expectations): string[] {
  const problems = services.flatMap((service) => serviceProblems(docs, services, expect, service));
  const known = new Set(services.map((s) => s.name));
  for (const deployment of of(docs, 'Deployment')) {
    if (!known.has(deployment.metadata.name)) problems.push(`${deployment.metadata.name}: a Deployment of no service`);
  }
  if (of(docs, 'Secret').length > 0) problems.push('the chart renders a Secret; it must only refer to existing ones');
  const hpa = of(docs, 'HorizontalPodAutoscaler').find(
    (h) =>
      JSON.stringify(spec<{ scaleTargetRef?: unknown }>(h).scaleTargetRef) ===
      JSON.stringify({ apiVersion: 'apps/v1', kind: 'Deployment', name: 'gateway' }),
  );
  if (hpa === undefined) problems.push('gateway: no HorizontalPodAutoscaler scales its Deployment');
  else if (
    spec<{ replicas?: number }>(of(docs, 'Deployment').find((d) => d.metadata.name === 'gateway')).replicas !==
    undefined
  ) {
    problems.push('gateway: its Deployment sets replicas, which its HPA owns');
  }
  return [...problems, ...kafkaProblems(docs, expect.kafka), ...postgresProblems(docs, services, expect)];
}
