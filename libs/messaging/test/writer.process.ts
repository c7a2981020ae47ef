// A writer process for the delivery proofs: TRANSACTIONS business transactions, each appending
// EVENTS_PER_TX events for one of PROBES. Prints "ok <event id>" for every committed event.
import { Pool } from 'pg';
import { emitProbes, probeOutbox } from './probe-service';

async function main(): Promise<void> {
  const pool = new Pool({ ...(JSON.parse(process.env.PG_CONFIG ?? '{}') as object), max: 4 });
  const outbox = probeOutbox(process.env.TOPIC_PREFIX ?? '');
  const probes = (process.env.PROBES ?? '').split(',');
  const transactions = Number(process.env.TRANSACTIONS);
  const perTx = Number(process.env.EVENTS_PER_TX);
  const pauseMs = Number(process.env.PAUSE_MS ?? 0);
  for (let i = 0; i < transactions; i += 1) {
    const probe = probes[i % probes.length] as string;
    for (;;) {
      try {
        const ids = await emitProbes(pool, outbox, probe, perTx);
        process.stdout.write(ids.map((id) => `ok ${id}\n`).join(''));
        break;
      } catch (error) {
        process.stderr.write(`retrying: ${error instanceof Error ? error.message : String(error)}\n`);
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    }
    if (pauseMs > 0) await new Promise((resolve) => setTimeout(resolve, pauseMs));
  }
  await pool.end();
  process.stdout.write('done\n');
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
