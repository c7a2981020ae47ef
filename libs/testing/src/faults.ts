import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { testInfra } from './infra';

const repoRoot = join(__dirname, '..', '..', '..');

/** Which local Kafka a fault acts on: the one broker, or the three-broker cluster (`--brokers 3`). */
export type KafkaBrokers = 1 | 3;

/**
 * Stops, starts or crashes one part of the local infra through the project's own infra command.
 * In a child process of its own, awaited: this process's event loop goes on meanwhile (the fault
 * suite's clients keep writing while a broker starts, which takes 15-25 s on three).
 */
async function infra(args: string[]): Promise<void> {
  const { source } = await testInfra();
  if (source !== 'local') throw new Error(`fault injection drives the local infra; this run uses ${source}`);
  const child = spawn(process.execPath, ['--import', 'tsx', join(repoRoot, 'scripts/infra/main.ts'), ...args], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  let errors = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), 360_000);
  const code = await new Promise<number | null>((resolve) => {
    child.on('error', () => resolve(null));
    child.on('close', (status) => resolve(status));
  });
  clearTimeout(timer);
  if (code !== 0) throw new Error(`infra ${args.join(' ')} failed: ${errors || output}`);
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
