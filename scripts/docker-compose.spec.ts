import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { requiredVariables, type Setting } from '@parkledger/platform';
import { parse } from 'yaml';
import { gatewaySettings } from '../services/gateway/src/config/gateway.config';
import { parkRegistrySettings } from '../services/park-registry/src/config/park-registry.config';
import { projectPipelineSettings } from '../services/project-pipeline/src/config/project-pipeline.config';
import { SERVICE_NODE_OPTIONS, SERVICES } from './infra/services';
import { initSql, INIT_SQL_FILE } from './infra/write-init-sql';

// docker-compose.yml can't run here (no Docker engine), so its content is checked instead.
const root = join(__dirname, '..');

/** Each service's config spec; a new service must be added here, or this test fails. */
const SETTINGS: Record<string, Record<string, Setting<unknown>>> = {
  gateway: gatewaySettings,
  'park-registry': parkRegistrySettings,
  'project-pipeline': projectPipelineSettings,
};

interface ComposeService {
  image?: string;
  build?: { context: string; args?: Record<string, string> };
  environment?: Record<string, string>;
  depends_on?: Record<string, { condition: string }>;
  volumes?: string[];
}

const compose = parse(readFileSync(join(root, 'docker-compose.yml'), 'utf8')) as {
  services: Record<string, ComposeService>;
};
const present = SERVICES.filter((service) => existsSync(join(root, 'services', service.name, 'package.json')));

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
    expect(readFileSync(join(root, 'Dockerfile'), 'utf8')).toContain(`NODE_OPTIONS=${SERVICE_NODE_OPTIONS}\n`);
  });

  it('knows the config of every service', () => {
    expect(Object.keys(SETTINGS).sort()).toEqual(present.map((service) => service.name).sort());
  });

  it.each(present.map((service) => [service.name, service] as const))(
    'has %s with every required variable, its own database role and the broker',
    (name, service) => {
      const entry = compose.services[name];
      expect(entry?.build?.args?.SERVICE).toBe(name);
      const environment = entry?.environment ?? {};
      for (const variable of requiredVariables(SETTINGS[name] ?? {})) expect(environment).toHaveProperty([variable]);
      expect(environment.PG_USER).toBe(service.dbRole);
      expect(environment.PG_HOST).toBe('postgres');
      expect(environment.KAFKA_BROKERS).toBe('kafka:9092');
      expect(environment.HTTP_PORT).toBeDefined();
      expect(entry?.depends_on).toMatchObject({
        postgres: { condition: 'service_healthy' },
        kafka: { condition: 'service_healthy' },
      });
    },
  );
});
