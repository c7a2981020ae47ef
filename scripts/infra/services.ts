/**
 * The services of parkledger, their database roles and their ports: the one list that
 * the infra script, `npm start`, docker-compose's check and the Postgres init script use.
 */
export interface ServiceSpec {
  /** folder under services/ */
  name: string;
  /** database role and schema, the same name: only this role can write the schema; none for a service that keeps no state */
  dbRole?: string;
  /** HTTP port (REST for the gateway; health and metrics for the others) */
  httpPort: number;
  /** the port of the gRPC server the gateway calls, for services that have one */
  grpcPort?: number;
}

/** In start-up order: the gateway last, once the services it calls answer. */
export const SERVICES: readonly ServiceSpec[] = [
  { name: 'park-registry', dbRole: 'park_registry', httpPort: 3101, grpcPort: 50051 },
  { name: 'project-pipeline', dbRole: 'project_pipeline', httpPort: 3102, grpcPort: 50052 },
  { name: 'fund-ledger', dbRole: 'fund_ledger', httpPort: 3103, grpcPort: 50053 },
  { name: 'policy-awards', dbRole: 'policy_awards', httpPort: 3104, grpcPort: 50054 },
  { name: 'audit', dbRole: 'audit', httpPort: 3105, grpcPort: 50055 },
  { name: 'gateway', httpPort: 3000 },
];

/** Where the gateway finds a service's gRPC server on this machine. */
export function grpcUrl(name: string): string {
  const port = SERVICES.find((service) => service.name === name)?.grpcPort;
  if (port === undefined) throw new Error(`${name} has no gRPC server`);
  return `127.0.0.1:${port}`;
}

/**
 * The options of node every service runs with, on its command line. V8 grows the old generation lazily: under load the
 * gateway's heap stood at 140 MB of which 55 MB was live, and RSS at 270 MB; with a 128 MB ceiling
 * it collects sooner. On Node 24 that ceiling alone sent the gateway and the pipeline, after ~20 s
 * of load, into garbage collection that never stopped, load or not (90% of an idle gateway's
 * samples, 1.7 cores; B1 fell from ~130 to ~40 req/s); a young-generation semi-space of 8 MB ended it
 * (~260 req/s in the same check, idle at 3%, RSS 180 MB after load). 4 MB does too, and holds
 * ~12 MB less: idle RSS after the world's load, gateway 156/165 -> 144/145 MB, registry 144/154 ->
 * 136/136, for ~4% more of the gateway's CPU a request (2.28 -> 2.38 ms at 8 clients, 2.31 -> 2.39
 * at 32; bench:cpu, 20 s windows, 4 of each, alternately). kafkajs 2.2.4
 * sets a negative timer on every connection, which Node 24 reports as a TimeoutNegativeWarning
 * (kafkajs issue 1751; Node runs it after 1 ms, as Node 20 did silently): that warning is off. Since
 * 2026-12-03 the services no longer set it (libs/messaging/src/kafka/request-queue-idle.ts replaces
 * kafkajs's method), so here the flag only stays until nothing else is known to set one.
 * (--single-threaded-gc, tried in issue 10, gave no throughput the noise of this machine would not
 * also give, and cost ~10 MB idle and 20-50 MB under load: left out.)
 * The Dockerfile's command has the same; .npmrc and scripts/node-env.sh turn the warning off for the scripts.
 */
export const SERVICE_NODE_ARGS: readonly string[] = [
  '--max-old-space-size=128',
  '--max-semi-space-size=4',
  '--disable-warning=TimeoutNegativeWarning',
];

/**
 * The environment every service runs with, under its own (npm start, nx serve, the tests, the
 * benches and the Dockerfile). glibc's malloc kept the 32-64 KB blocks freed in its main heap and
 * in the per-thread heaps of V8's compiler and collector threads, and never gave them back: after
 * the demo's load the gateway held ~44 MB it had freed (a malloc_trim returned them, 202 -> 158 MB).
 * Blocks of 32 KB and more are mapped on their own instead, and unmapped when freed: idle RSS after
 * the world's load, gateway 191/189 -> 157/164 MB, registry 155/156 -> 143/140 (B6 in the README).
 */
export const SERVICE_ENV: Readonly<Record<string, string>> = { MALLOC_MMAP_THRESHOLD_: '32768' };

/** The development password of a service role; production passes its own in PG_PASSWORD. */
export const devPassword = (role: string): string => `${role}_dev`;
