import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { testInfra } from './infra';

const repoRoot = join(__dirname, '..', '..', '..');

/** Which local Kafka a fault acts on: the one broker, or the three-broker cluster (`--brokers 3`). */
export type KafkaBrokers = 1 | 3;

/** Stops, starts or crashes one part of the local infra through the project's own infra command. */
async function infra(args: string[]): Promise<void> {
  const { source } = await testInfra();
  if (source !== 'local') throw new Error(`fault injection drives the local infra; this run uses ${source}`);
  const result = spawnSync(process.execPath, ['--import', 'tsx', join(repoRoot, 'scripts/infra/main.ts'), ...args], {
    cwd: repoRoot,
    encoding: 'utf8',
    timeout: 360_000,
  });
  if (result.status !== 0) throw new Error(`infra ${args.join(' ')} failed: ${result.stderr || result.stdout}`);
}

/** Stops every broker of the local Kafka (SIGTERM, all at once). */
export const stopKafka = (brokers: KafkaBrokers = 1): Promise<void> =>
  infra(['down', 'kafka', '--brokers', String(brokers)]);
/**
 * Starts what of the local Kafka is not running; returns once a produce/consume round trip works
 * and, on three brokers, all three are registered and every partition is in sync again.
 */
export const startKafka = (brokers: KafkaBrokers = 1): Promise<void> =>
  infra(['up', 'kafka', '--brokers', String(brokers)]);
/** SIGKILLs node `node` (1, 2 or 3) of the three-broker cluster. */
export const crashKafkaBroker = (node: number): Promise<void> =>
  infra(['crash', 'kafka', '--brokers', '3', '--node', String(node)]);
export const crashPostgres = (): Promise<void> => infra(['crash', 'postgres']);
export const startPostgres = (): Promise<void> => infra(['up', 'postgres']);
