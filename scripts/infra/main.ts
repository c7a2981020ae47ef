import { rmSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { kafkaCrash, kafkaDown, kafkaPrune, kafkaState, kafkaStatus, kafkaUp, TEST_TOPIC_PREFIX } from './kafka';
import { postgresCrash, postgresDown, postgresState, postgresStatus, postgresUp } from './postgres';
import { InfraError, reason, step } from './process-tools';
import { brokerCount, infraSettings, type BrokerCount } from './settings';

const USAGE =
  'usage: npm run infra -- up|down|status|reset [kafka|postgres] [--brokers 1|3] | prune [--brokers 1|3] | crash postgres | crash kafka [--brokers 3 --node 1|2|3]';

interface Command {
  command: string | undefined;
  only: string | undefined;
  brokers: BrokerCount;
  node: number | undefined;
}

function read(argv: string[]): Command {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: { brokers: { type: 'string' }, node: { type: 'string' } },
      allowPositionals: true,
    });
  } catch {
    throw new InfraError(USAGE);
  }
  const [command, only, ...rest] = parsed.positionals;
  if (rest.length > 0) throw new InfraError(USAGE);
  let brokers: BrokerCount;
  try {
    brokers = brokerCount(parsed.values.brokers);
  } catch (error) {
    throw new InfraError(reason(error));
  }
  const rawNode = parsed.values.node;
  const node = rawNode === undefined ? undefined : Number(rawNode);
  if (node !== undefined && !(Number.isInteger(node) && node >= 1 && node <= brokers)) {
    throw new InfraError(`--node must be ${brokers === 1 ? '1 (one broker)' : '1, 2 or 3'}, got "${rawNode}"`);
  }
  return { command, only, brokers, node };
}

async function main({ command, only, brokers, node }: Command): Promise<void> {
  const settings = infraSettings();
  if (only !== undefined && only !== 'kafka' && only !== 'postgres') throw new InfraError(USAGE);
  if (node !== undefined && !(command === 'crash' && only === 'kafka')) throw new InfraError(USAGE);
  const postgres = only !== 'kafka';
  const kafka = only !== 'postgres';
  switch (command) {
    case 'up': {
      const started = Date.now();
      if (postgres) await postgresUp(settings);
      if (kafka) await kafkaUp(settings, brokers);
      step(`up in ${((Date.now() - started) / 1000).toFixed(1)} s (state in ${settings.stateDir})`);
      return;
    }
    case 'down':
      if (kafka) await kafkaDown(settings, brokers);
      if (postgres) await postgresDown(settings);
      return;
    case 'status':
      process.stdout.write(`${postgresStatus(settings)}\n${kafkaStatus(settings, brokers)}\n`);
      return;
    case 'reset':
      if (kafka) await kafkaDown(settings, brokers);
      if (postgres) await postgresDown(settings);
      if (kafka) rmSync(kafkaState(settings, brokers), { recursive: true, force: true });
      if (postgres) rmSync(postgresState(settings), { recursive: true, force: true });
      step(
        `state removed; \`npm run infra -- up${brokers === 1 ? '' : ` --brokers ${brokers}`}\` starts from empty (the jar cache is kept)`,
      );
      return;
    case 'prune':
      // the test kit's topics earlier runs left (see kafkaPrune); never another topic
      if (only !== undefined) throw new InfraError(USAGE);
      await kafkaPrune(settings, brokers, TEST_TOPIC_PREFIX);
      return;
    case 'crash':
      // the fault suite's: Postgres stopped immediately, a broker SIGKILLed
      if (only === 'postgres') return postgresCrash(settings);
      if (only === 'kafka' && (brokers === 1 || node !== undefined)) return kafkaCrash(settings, brokers, node ?? 1);
      throw new InfraError(USAGE);
    case undefined:
    default:
      throw new InfraError(USAGE);
  }
}

async function run(): Promise<void> {
  await main(read(process.argv.slice(2)));
}

run().catch((error: unknown) => {
  process.stderr.write(`infra: ${reason(error)}\n`);
  process.exit(1);
});
