import { rmSync } from 'node:fs';
import { kafkaDown, kafkaState, kafkaStatus, kafkaUp } from './kafka';
import { postgresCrash, postgresDown, postgresState, postgresStatus, postgresUp } from './postgres';
import { InfraError, step } from './process-tools';
import { infraSettings } from './settings';

const USAGE = 'usage: npm run infra -- up|down|status|reset [kafka|postgres] | crash postgres';

async function main(command: string | undefined, only: string | undefined): Promise<void> {
  const settings = infraSettings();
  if (only !== undefined && only !== 'kafka' && only !== 'postgres') throw new InfraError(USAGE);
  const postgres = only !== 'kafka';
  const kafka = only !== 'postgres';
  switch (command) {
    case 'up': {
      const started = Date.now();
      if (postgres) await postgresUp(settings);
      if (kafka) await kafkaUp(settings);
      step(`up in ${((Date.now() - started) / 1000).toFixed(1)} s (state in ${settings.stateDir})`);
      return;
    }
    case 'down':
      if (kafka) await kafkaDown(settings);
      if (postgres) await postgresDown(settings);
      return;
    case 'status':
      process.stdout.write(`${postgresStatus(settings)}\n${kafkaStatus(settings)}\n`);
      return;
    case 'reset':
      if (kafka) await kafkaDown(settings);
      if (postgres) await postgresDown(settings);
      if (kafka) rmSync(kafkaState(settings), { recursive: true, force: true });
      if (postgres) rmSync(postgresState(settings), { recursive: true, force: true });
      step('state removed; `npm run infra -- up` starts from empty (the jar cache is kept)');
      return;
    case 'crash':
      // only Postgres has an immediate mode worth testing; the fault suite uses it
      if (only !== 'postgres') throw new InfraError(USAGE);
      await postgresCrash(settings);
      return;
    case undefined:
    default:
      throw new InfraError(USAGE);
  }
}

main(process.argv[2], process.argv[3]).catch((error: unknown) => {
  const message = error instanceof InfraError ? error.message : error instanceof Error ? error.message : String(error);
  process.stderr.write(`infra: ${message}\n`);
  process.exit(1);
});
