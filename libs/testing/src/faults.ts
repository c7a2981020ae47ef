import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { testInfra } from './infra';

const repoRoot = join(__dirname, '..', '..', '..');

/** Stops or starts one part of the local infra through the project's own infra command. */
async function infra(command: 'up' | 'down' | 'crash', part: 'kafka' | 'postgres'): Promise<void> {
  const { source } = await testInfra();
  if (source !== 'local') throw new Error(`fault injection drives the local infra; this run uses ${source}`);
  const result = spawnSync(
    process.execPath,
    ['--import', 'tsx', join(repoRoot, 'scripts/infra/main.ts'), command, part],
    {
      cwd: repoRoot,
      encoding: 'utf8',
      timeout: 180_000,
    },
  );
  if (result.status !== 0) throw new Error(`infra ${command} ${part} failed: ${result.stderr || result.stdout}`);
}

export const stopKafka = (): Promise<void> => infra('down', 'kafka');
export const startKafka = (): Promise<void> => infra('up', 'kafka');
export const crashPostgres = (): Promise<void> => infra('crash', 'postgres');
export const startPostgres = (): Promise<void> => infra('up', 'postgres');
