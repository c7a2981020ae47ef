import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { devPassword, SERVICE_ENV, SERVICE_NODE_ARGS, SERVICES } from './infra/services';
import { initSql, INIT_SQL_FILE } from './infra/write-init-sql';
import { LOADERS, productionProblems, type Variable } from './service-env';

// docker-compose.yml can't run here (no Docker engine), so its content is checked instead, and what
// it gives each service by the service's own config loader. (The Helm chart's rendered Deployments
// get the same check in scripts/helm/chart-checks.ts.)
const root = join(__dirname, '..');

interface ComposeService {
  image?: string;
  build?: { context: string; args?: Record<string, string> };
  environment?: Record<string, string>;
  depends_on?: Record<string, { condition: string }>;
  volumes?: string[];
  ports?: string[];
  healthcheck?: { test: string[] };
}

const compose = parse(readFileSync(join(root, 'docker-compose.yml'), 'utf8')) as {
  services: Record<string, ComposeService>;
};
const present = SERVICES.filter((service) => existsSync(join(root, 'services', service.name, 'package.json')));
/** every folder under services/ that is a service: what `npm start` starts */
const folders = readdirSync(join(root, 'services')).filter((name) =>
  existsSync(join(root, 'services', name, 'package.json')),
);

/** A service's environment in docker-compose.yml; `${X:?...}` is supplied where it runs, `${X:-v}` is v. */
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

describe('docker-compose.yml', () => {
  it('runs Kafka 4.1 in KRaft mode and Postgres 15', () => {
    expect(compose.services.kafka?.image).toMatch(/^apache\/kafka:4\.1\.\d+$/);
    expect(compose.services.kafka?.environment?.KAFKA_PROCESS_ROLES).toBe('broker,controller');
    expect(compose.services.postgres?.image).toBe('postgres:15');
  });

  it('gives Postgres the same roles-and-schemas script as the local infra', () => {
    expect(compose.services.postgres?.volumes).toContain(
      './deploy/postgres/init.sql:/docker-entrypoint-initdb.d/10-roles-and-schemas.sql:ro',
    );
    expect(readFileSync(INIT_SQL_FILE, 'utf8')).toBe(initSql());
  });

  it('gives the production gateway a JWT secret and the registry', () => {
    expect(compose.services.gateway?.environment?.JWT_SECRET).toMatch(/^\$\{JWT_SECRET:\?/);
    expect(compose.services.gateway?.environment?.PARK_REGISTRY_GRPC_URL).toBe('park-registry:50051');
  });

  it('runs the services with the same node options and environment as npm start and the tests', () => {
    const dockerfile = readFileSync(join(root, 'Dockerfile'), 'utf8');
    expect(dockerfile).toContain(`exec node ${SERVICE_NODE_ARGS.join(' ')} services/\${SERVICE}/dist/main.js`);
    // the image's environment: every ENV of the last stage, as name=value words
    const lastStage = dockerfile.slice(dockerfile.lastIndexOf('\nFROM '));
    const imageEnv = lastStage
      .split('\n')
      .filter((line) => line.startsWith('ENV '))
      .flatMap((line) => line.slice('ENV '.length).trim().split(/\s+/));
    for (const [name, value] of Object.entries(SERVICE_ENV)) expect(imageEnv).toContain(`${name}=${value}`);
  });

  it.each(present.map((service) => [service.name] as const))(
    'has nx serve run %s with the same node options and environment',
    (name) => {
      const project = JSON.parse(readFileSync(join(root, 'services', name, 'project.json'), 'utf8')) as {
        targets: { serve: { command: string; options?: { env?: Record<string, string> } } };
      };
      expect(project.targets.serve.command).toBe(`node ${SERVICE_NODE_ARGS.join(' ')} services/${name}/dist/main.js`);
      expect(project.targets.serve.options?.env).toEqual(SERVICE_ENV);
    },
  );

  it('builds exactly the services there are: each folder under services/, each listed in scripts/infra/services.ts', () => {
    expect(present.map((service) => service.name).sort()).toEqual(folders.sort());
    const built = Object.entries(compose.services).filter(([, entry]) => entry.build !== undefined);
    expect(built.map(([name]) => name).sort()).toEqual(folders.sort());
  });

  it.each(present.map((service) => [service.name, service] as const))(
    'has %s with its own database role (or none, if it keeps no state) and the broker',
    (name, service) => {
      const entry = compose.services[name];
      expect(entry?.build?.args?.SERVICE).toBe(name);
      const environment = entry?.environment ?? {};
      expect(environment.PG_USER).toBe(service.dbRole);
      expect(environment.PG_PASSWORD).toBe(service.dbRole === undefined ? undefined : devPassword(service.dbRole));
      expect(environment.PG_HOST).toBe(service.dbRole === undefined ? undefined : 'postgres');
      expect(environment.KAFKA_BROKERS).toBe('kafka:9092');
      expect(environment.KAFKA_CLIENT_ID).toBe(name);
      expect(entry?.depends_on?.kafka).toEqual({ condition: 'service_healthy' });
      expect(entry?.depends_on?.postgres).toEqual(
        service.dbRole === undefined ? undefined : { condition: 'service_healthy' },
      );
    },
  );

  it.each(present.map((service) => [service.name, service] as const))(
    'serves %s on the ports of scripts/infra/services.ts, and checks its health on its HTTP port',
    (name, service) => {
      const entry = compose.services[name];
      const environment = entry?.environment ?? {};
      expect(environment.HTTP_PORT).toBe(String(service.httpPort));
      expect(environment.GRPC_URL).toBe(service.grpcPort === undefined ? undefined : `0.0.0.0:${service.grpcPort}`);
      expect(entry?.healthcheck?.test.join(' ')).toContain(`http://127.0.0.1:${service.httpPort}/health/ready`);
    },
  );

  it('lets the gateway reach every service with a gRPC server, started and healthy before it', () => {
    const gateway = compose.services.gateway;
    const called = present.filter((service) => service.grpcPort !== undefined);
    for (const service of called) {
      const variable = `${service.name.toUpperCase().replace(/-/g, '_')}_GRPC_URL`;
      expect([variable, gateway?.environment?.[variable]]).toEqual([variable, `${service.name}:${service.grpcPort}`]);
      expect([service.name, gateway?.depends_on?.[service.name]]).toEqual([
        service.name,
        { condition: 'service_healthy' },
      ]);
    }
    expect(gateway?.ports).toEqual(['3000:3000']);
  });

  it('knows the config loader of every service', () => {
    expect(Object.keys(LOADERS).sort()).toEqual(present.map((service) => service.name).sort());
  });

  it.each(present.map((service) => [service.name] as const))(
    'gives %s every variable its config requires in production',
    (name) => {
      const env = composeEnv(name);
      expect(env).not.toEqual({});
      expect(productionProblems(name, env)).toBe('');
      expect(env.NODE_ENV === undefined || ('value' in env.NODE_ENV && env.NODE_ENV.value === 'production')).toBe(true);
    },
  );

  it.each(present.map((service) => [service.name] as const))('has %s listen on every interface', (name) => {
    expect(composeEnv(name).HTTP_HOST).toEqual({ value: '0.0.0.0' });
  });
});
