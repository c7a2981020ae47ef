import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { isReadModel, type ConsumerDeclaration } from '@parkledger/service-kit';
import { REPLAYED_SERVICES } from './replayed-services';

const root = join(__dirname, '..', '..');

interface Source {
  path: string;
  text: string;
}

/** A folder's TypeScript files, specs left out: what the service runs. */
function sourcesUnder(dir: string): Source[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourcesUnder(path);
    if (!name.endsWith('.ts') || name.endsWith('.spec.ts') || name.endsWith('.int-spec.ts')) return [];
    return [{ path: relative(root, path), text: readFileSync(path, 'utf8') }];
  });
}

const IDEMPOTENT_CONSUMER = /new\s+IdempotentConsumer\s*\(/;
/** a Kafka consumer built with kafkajs itself */
const KAFKAJS_CONSUMER = /\.consumer\(\s*\{/;
const SERVICE_CONSUMERS = /serviceConsumers\s*\(([^)]*)\)/g;

/**
 * What in a service's sources starts a consumer other than as its src/consumers.ts declares it, one
 * line each: an IdempotentConsumer only through `serviceConsumers(parts, CONSUMERS)`, a kafkajs
 * consumer only in the file a declaration names as the one that builds it (`builtIn`). Anything else
 * has no replay decision, and `npm run replay` would leave it out without a word.
 */
function undeclaredConsumers(
  service: string,
  sources: readonly Source[],
  declared: readonly ConsumerDeclaration[],
): string[] {
  const builtIn = new Set(declared.flatMap((d) => ('builtIn' in d ? [`services/${service}/${d.builtIn}`] : [])));
  const problems: string[] = [];
  for (const { path, text } of sources) {
    if (IDEMPOTENT_CONSUMER.test(text)) {
      problems.push(`${path} builds an IdempotentConsumer itself: declare it in src/consumers.ts`);
    }
    if (KAFKAJS_CONSUMER.test(text) && !builtIn.has(path)) {
      problems.push(`${path} builds a Kafka consumer that no declaration in src/consumers.ts names (builtIn)`);
    }
    for (const call of text.matchAll(SERVICE_CONSUMERS)) {
      const args = call[1] ?? '';
      if (args.replace(/\s/g, '') !== 'parts,CONSUMERS') {
        problems.push(`${path} starts serviceConsumers(${args}), not the declared list (parts, CONSUMERS)`);
      } else if (!/import \{ CONSUMERS \} from '\.\/consumers';/.test(text)) {
        problems.push(`${path} starts a CONSUMERS that is not the one src/consumers.ts declares`);
      }
    }
  }
  return problems;
}

const startsConsumers = (sources: readonly Source[]): boolean =>
  sources.some(
    ({ text }) => /serviceConsumers\s*\(/.test(text) || IDEMPOTENT_CONSUMER.test(text) || KAFKAJS_CONSUMER.test(text),
  );

/** Why a declaration's decision is not one: empty when it is. */
function undecided(service: string, declared: ConsumerDeclaration, migrations: string): string[] {
  const at = `${service}: ${declared.name}`;
  const problems: string[] = [];
  if (!declared.name.startsWith(`${service}.`)) problems.push(`${at} is not named after its service`);
  if (isReadModel(declared)) {
    if (declared.readModel.length === 0) problems.push(`${at} is a read model of no table`);
    for (const { table, key } of declared.readModel) {
      if (key.length === 0) problems.push(`${at}: ${table} has no key`);
      if (!new RegExp(`CREATE TABLE ${table} \\(`).test(migrations)) {
        problems.push(`${at}: no migration of ${service} creates ${table}`);
      }
    }
  } else if (typeof declared.notReplayed !== 'string' || declared.notReplayed.trim().length < 20) {
    problems.push(`${at} is neither a read model nor says why it is not replayed`);
  } else if ('builtIn' in declared && !existsSync(join(root, 'services', service, declared.builtIn))) {
    problems.push(`${at} is built in ${declared.builtIn}, which is not there`);
  }
  return problems;
}

describe('every consumer of every service has a replay decision', () => {
  const services = readdirSync(join(root, 'services')).filter((name) =>
    statSync(join(root, 'services', name, 'src'), { throwIfNoEntry: false })?.isDirectory(),
  );

  it('finds the services', () => {
    expect(services).toEqual(
      expect.arrayContaining(['park-registry', 'project-pipeline', 'fund-ledger', 'policy-awards', 'audit']),
    );
  });

  it.each(services)(
    '%s starts only the consumers its src/consumers.ts declares, and the replay knows them',
    async (name) => {
      const sources = sourcesUnder(join(root, 'services', name, 'src'));
      const replayed = REPLAYED_SERVICES.find((service) => service.service === name);
      expect(undeclaredConsumers(name, sources, replayed?.consumers ?? [])).toEqual([]);
      if (!startsConsumers(sources)) {
        expect(replayed).toBeUndefined();
        return;
      }
      expect(replayed).toBeDefined();
      // the very list the service starts, not a copy of it
      const declared = ((await import(join(root, 'services', name, 'src', 'consumers'))) as { CONSUMERS: unknown })
        .CONSUMERS;
      expect(replayed?.consumers).toBe(declared);
    },
  );

  it.each(REPLAYED_SERVICES.map((service) => [service.service, service] as const))(
    '%s: each consumer is a read model of tables its migrations create, or says why it is not replayed',
    (name, service) => {
      const migrations = sourcesUnder(join(root, 'services', name, 'src', 'database'))
        .map((source) => source.text)
        .join('\n');
      expect(service.consumers.length).toBeGreaterThan(0);
      expect(service.consumers.flatMap((declared) => undecided(name, declared, migrations))).toEqual([]);
      const names = service.consumers.map((declared) => declared.name);
      expect(new Set(names).size).toBe(names.length);
    },
  );

  it('catches a consumer started outside the declared list', () => {
    const main = (call: string) => ({
      path: 'services/x/src/main.ts',
      text: `import { CONSUMERS } from './consumers';\nAppModule.register(parts, ${call});\n`,
    });
    expect(undeclaredConsumers('x', [main('serviceConsumers(parts, CONSUMERS)')], [])).toEqual([]);
    expect(undeclaredConsumers('x', [main('serviceConsumers(parts, [...CONSUMERS, tail])')], [])).toEqual([
      'services/x/src/main.ts starts serviceConsumers(parts, [...CONSUMERS, tail]), not the declared list (parts, CONSUMERS)',
    ]);
    const unimported = { path: 'services/x/src/main.ts', text: 'serviceConsumers(parts, CONSUMERS)' };
    expect(undeclaredConsumers('x', [unimported], [])).toEqual([
      'services/x/src/main.ts starts a CONSUMERS that is not the one src/consumers.ts declares',
    ]);
    const idempotent = { path: 'services/x/src/tail.ts', text: 'new IdempotentConsumer({ consumer })' };
    expect(undeclaredConsumers('x', [idempotent], [])).toEqual([
      'services/x/src/tail.ts builds an IdempotentConsumer itself: declare it in src/consumers.ts',
    ]);
    const kafkajs = { path: 'services/x/src/log/tail.ts', text: 'this.kafka.consumer({ groupId })' };
    expect(undeclaredConsumers('x', [kafkajs], [])).toEqual([
      'services/x/src/log/tail.ts builds a Kafka consumer that no declaration in src/consumers.ts names (builtIn)',
    ]);
    const tail = { name: 'x.tail', topics: [], notReplayed: 'its own log', builtIn: 'src/log/tail.ts' };
    expect(undeclaredConsumers('x', [kafkajs], [tail])).toEqual([]);
  });

  it('catches a declaration without a decision', () => {
    const handle = () => Promise.resolve();
    const undeclared = { name: 'x.tail', topics: [], notReplayed: '', handlers: () => ({ handle }) };
    expect(undecided('x', undeclared, '')).toEqual([
      'x: x.tail is neither a read model nor says why it is not replayed',
    ]);
    const noTable = { name: 'x.read-model', topics: [], handle, readModel: [{ table: 'known_parks', key: [] }] };
    expect(undecided('x', noTable, 'CREATE TABLE other (')).toEqual([
      'x: x.read-model: known_parks has no key',
      'x: x.read-model: no migration of x creates known_parks',
    ]);
    const nowhere = {
      name: 'x.tail',
      topics: [],
      notReplayed: 'its own log, in an order of its own',
      builtIn: 'src/no.ts',
    };
    expect(undecided('x', nowhere, '')).toEqual(['x: x.tail is built in src/no.ts, which is not there']);
  });
});
