import { parseArgs } from 'node:util';
import { kafkaBrokers } from '../infra/kafka';
import { infraSettings, type InfraSettings } from '../infra/settings';
import { type LiveSystem } from './replay';

/** What `npm run replay` was asked to do, with the live system it compares against. */
export interface ReplayArgs {
  /** the services whose read models are rebuilt, by folder name */
  services: string[];
  /** its Postgres role is the local infra's administrator (PG_ADMIN_USER, PG_ADMIN_PASSWORD) */
  live: LiveSystem;
  timeoutMs: number;
  /** keep the rebuilt database for a look instead of dropping it */
  keep: boolean;
  help: boolean;
}

/** A command line the replay can't run: the message names the flag. Exit code 2. */
export class ReplayArgsError extends Error {
  override name = 'ReplayArgsError';
}

/** The help, naming the services a replay knows. */
export const usage = (known: readonly string[]): string => `usage: npm run replay -- [--service <name>|all] [options]

Rebuilds the read models of a service (or of all of them) from offset 0 into a fresh database,
compares them with the live ones table by table, and prints the differences.

  --service <name>         ${known.join(', ')} or all (default all)
  --database <name>        the live database (default parkledger, or PG_DATABASE)
  --pg-host <host>         its Postgres (default 127.0.0.1)
  --pg-port <port>         (default 5433, or PG_PORT)
  --brokers <host:port,…>  Kafka (default 127.0.0.1:9092, or KAFKA_PORT)
  --topic-prefix <prefix>  the live system's KAFKA_TOPIC_PREFIX (default none, as npm start runs it)
  --group-prefix <prefix>  its KAFKA_GROUP_PREFIX (default the topic prefix, as the services take it)
  --timeout-seconds <n>    how long to wait for the rebuild and the live consumers (default 600)
  --keep                   keep the rebuilt database and print its name
  --help

The Postgres role is PG_ADMIN_USER / PG_ADMIN_PASSWORD (default parkledger_admin, as npm run infra).
Exit codes: 0 no differences, 1 differences, 2 bad arguments, 3 the replay could not run.`;

/** A port, as --pg-port takes it. */
function portOf(flag: string, raw: string): number {
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value < 1 || value > 65535) {
    throw new ReplayArgsError(`${flag} must be a TCP port (1-65535), got "${raw}"`);
  }
  return value;
}

const OPTIONS = {
  service: { type: 'string' },
  database: { type: 'string' },
  'pg-host': { type: 'string' },
  'pg-port': { type: 'string' },
  brokers: { type: 'string' },
  'topic-prefix': { type: 'string' },
  'group-prefix': { type: 'string' },
  'timeout-seconds': { type: 'string' },
  keep: { type: 'boolean', default: false },
  help: { type: 'boolean', default: false },
} as const;

function read(argv: readonly string[]) {
  try {
    return parseArgs({ args: [...argv], strict: true, allowPositionals: false, options: OPTIONS });
  } catch (error) {
    // node's messages name the flag: "Unknown option '--servce'", "Option '--service <value>' argument missing"
    throw new ReplayArgsError(error instanceof Error ? error.message : String(error));
  }
}

/**
 * Reads the command line against the names of the services a replay knows. The live system defaults
 * to the one `npm start` runs: the local infra's database and broker (scripts/infra/settings.ts,
 * with its environment overrides), no topic prefix, and groups named by the topic prefix.
 */
export function parseReplayArgs(
  argv: readonly string[],
  known: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
): ReplayArgs {
  const { values } = read(argv);
  let settings: InfraSettings;
  try {
    settings = infraSettings(env);
  } catch (error) {
    // a PG_PORT or KAFKA_PORT that is no port: the message names the variable
    throw new ReplayArgsError(error instanceof Error ? error.message : String(error));
  }
  const service = values.service ?? 'all';
  if (service !== 'all' && !known.includes(service)) {
    throw new ReplayArgsError(`--service must be one of ${[...known, 'all'].join(', ')}; got "${service}"`);
  }
  const database = values.database ?? settings.postgres.database;
  if (database === '') throw new ReplayArgsError('--database must name a database');
  const brokers = (values.brokers ?? kafkaBrokers(settings)).split(',').map((broker) => broker.trim());
  for (const broker of brokers) {
    if (!/^[^\s:]+:\d+$/.test(broker)) {
      throw new ReplayArgsError(`--brokers must be host:port, comma-separated; got "${broker}"`);
    }
  }
  const rawTimeout = values['timeout-seconds'] ?? '600';
  const timeout = Number(rawTimeout);
  if (!/^\d+$/.test(rawTimeout) || timeout < 1) {
    throw new ReplayArgsError(`--timeout-seconds must be a whole number of seconds above 0, got "${rawTimeout}"`);
  }
  const topicPrefix = values['topic-prefix'] ?? '';
  const groupPrefix = values['group-prefix'] ?? '';
  return {
    services: service === 'all' ? [...known] : [service],
    live: {
      postgres: {
        host: values['pg-host'] ?? settings.postgres.host,
        port: values['pg-port'] === undefined ? settings.postgres.port : portOf('--pg-port', values['pg-port']),
        database,
        user: settings.postgres.adminUser,
        password: settings.postgres.adminPassword,
      },
      brokers,
      topicPrefix,
      groupPrefix: groupPrefix === '' ? topicPrefix : groupPrefix,
    },
    timeoutMs: timeout * 1000,
    keep: values.keep,
    help: values.help,
  };
}
