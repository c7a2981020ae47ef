import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { devPassword, SERVICE_NODE_ARGS, SERVICES } from './infra/services';
import { initSql, INIT_SQL_FILE } from './infra/write-init-sql';

// docker-compose.yml can't run here (no Docker engine), so its content is checked instead. That it
// gives each service every variable its config requires is checked with the k8s manifests, in
// deploy-manifests.spec.ts.
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

  it('runs the services with the same node options as npm start and the tests', () => {
    expect(readFileSync(join(root, 'Dockerfile'), 'utf8')).toContain(
      `exec node ${SERVICE_NODE_ARGS.join(' ')} services/\${SERVICE}/dist/main.js`,
    );
  });

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
});
