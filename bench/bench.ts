// npm run bench [-- --quick]: measures the slice beside references from the same run and writes
// bench/results/<date>.json and .md. Benchmarks report; they never fail on a missed target.
import autocannon from 'autocannon';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { Client, Pool } from 'pg';
import pino from 'pino';
import {
  createKafka,
  ensureTopics,
  IdempotentConsumer,
  KafkajsEventPublisher,
  type EventHandler,
  type RunHandler,
  messagingSchemaSql,
  Outbox,
  OutboxRelay,
  sleep,
} from '@parkledger/messaging';
import { testInfra } from '@parkledger/testing';
import { startSystem, type RunningSystem } from '../test/support/system';
import { DEV_JWT_SECRET } from '../services/gateway/src/auth/dev-secret';
import { auditBenches, auditRows, type AuditResults } from './audit';
import { awardBenches, awardRows, type AwardResults } from './awards';
import { fundBenches, fundRows, type FundResults } from './funds';
import { tailBenches, tailRows, type TailResults } from './tail';
import { tracingBenches, tracingRows, type TracingResults } from './tracing';
import { figure, percentile, show, type Figure } from './stats';
import {
  benchWorld,
  buildReference,
  buildServices,
  consumerPerf,
  machine,
  pgbenchTables,
  pgbenchTps,
  producerPerf,
  loadOf,
  openLoad,
  referenceWrite,
  rssMb,
  startReference,
  type Reference,
  type Write,
  writeResults,
  BENCH_REPS,
  drained,
  busyWhile,
  infraUp,
} from './tools';

const quick = process.argv.includes('--quick');
const REPS = BENCH_REPS;
const SECONDS = quick ? 4 : 10;
const BACKLOG = quick ? 20_000 : 100_000;
const root = join(__dirname, '..');
const say = (line: string) => process.stdout.write(`bench: ${line}\n`);

/** B1 at one concurrency: the gateway beside both references, and its share of each (medians). */
interface B1Figures {
  gateway: Figure;
  /** the same write in one plain NestJS process (bench/reference): the framework's floor */
  plainNest: Figure;
  pgbench: Figure;
  share: { ofPlainNest: number; ofPgbench: number };
}

async function repeat(what: string, fn: (rep: number) => Promise<number>): Promise<Figure> {
  const runs: number[] = [];
  for (let rep = 1; rep <= REPS; rep += 1) {
    runs.push(await fn(rep));
    say(`  ${what} #${rep}: ${runs[runs.length - 1]?.toFixed(1)}`);
  }
  return figure(runs);
}

async function load(write: Write, connections: number, seconds: number) {
  return autocannon({ ...loadOf(write), connections, duration: seconds });
}

async function main(): Promise<void> {
  say(`${quick ? 'quick' : 'full'} run: ${REPS} repetitions, ${SECONDS} s load windows, backlog ${BACKLOG}`);
  infraUp(root);
  say('building the services');
  buildServices(root);
  say('building the plain-NestJS reference (tsc, for its decorator metadata)');
  buildReference(root);
  const infra = await testInfra();
  // the rate limit protects a real deployment; here it would measure the limiter, not the system
  const system: RunningSystem = await startSystem('bench', { RATE_LIMIT_PER_MINUTE: '1000000' });
  const results: Record<string, unknown> = { machine: machine(), date: new Date().toISOString(), quick };
  let reference: Reference | undefined;
  try {
    say('loading the demo world for realistic data');
    const { parks, write } = await benchWorld(system.base, 'bench');
    const pids = system.pids();
    const idle = Object.fromEntries(Object.entries(pids).map(([name, pid]) => [name, rssMb(pid)]));
    // Before each window: every consumer has read what the writes before it left. At B1's rate the
    // registry's, the fund ledger's and the audit's consumers end a window a little behind; caught up
    // during the next window, they would take its CPU (a reference's included).
    const settle = () => drained(system.kafka, system.topicPrefix, 300_000);

    // B1 and B6: writes through the gateway beside pgbench on the same Postgres
    const admin_db = {
      host: infra.postgres.host,
      port: infra.postgres.port,
      user: infra.postgres.user,
      password: infra.postgres.password,
      database: system.db.name,
    };
    await pgbenchTables(admin_db);
    say('starting the plain-NestJS reference on the same database');
    reference = await startReference(root, admin_db, DEV_JWT_SECRET);
    say(`  reference answering at ${reference.base} (pid ${reference.pid})`);
    const plainWrite = await referenceWrite(write, reference.base);
    say("  reference took B1's write (201) and refused an unknown field (400)");
    say('warming both up (5 s each, not counted): a cold JIT would flatter whichever runs second');
    await load(write, 8, 5);
    await load(plainWrite, 8, 5);
    const peak: Record<string, number> = { ...idle };
    const b1: Record<number, B1Figures> = {};
    for (const connections of [8, 32]) {
      say(`B1: register-project at ${connections} connections`);
      const gateway = await repeat(`gateway req/s @${connections}`, async () => {
        await settle();
        const sampler = setInterval(() => {
          for (const [name, pid] of Object.entries(pids)) peak[name] = Math.max(peak[name] ?? 0, rssMb(pid));
        }, 200);
        const result = await load(write, connections, SECONDS);
        clearInterval(sampler);
        if (result.non2xx > 0 || result.errors > 0) say(`  (${result.non2xx} non-2xx, ${result.errors} errors)`);
        return result['2xx'] / result.duration; // only answered writes count
      });
      const plainNest = await repeat(`plain NestJS req/s @${connections}`, async () => {
        await settle();
        const result = await load(plainWrite, connections, SECONDS);
        if (result.non2xx > 0 || result.errors > 0) say(`  (${result.non2xx} non-2xx, ${result.errors} errors)`);
        return result['2xx'] / result.duration;
      });
      const pgbench = await repeat(`pgbench tps @${connections}`, async () => {
        await settle();
        return pgbenchTps(admin_db, connections, SECONDS);
      });
      const share = {
        ofPlainNest: gateway.median / plainNest.median,
        ofPgbench: gateway.median / pgbench.median,
      };
      say(
        `  B1 @${connections}: ${(share.ofPlainNest * 100).toFixed(0)}% of plain NestJS, ${(share.ofPgbench * 100).toFixed(0)}% of pgbench`,
      );
      b1[connections] = { gateway, plainNest, pgbench, share };
    }
    say('stopping the plain-NestJS reference');
    await reference.stop();
    results.B1 = b1;
    results.B6 = { idleMb: idle, underLoadMb: peak };

    // B1 again with every service exporting its spans (bench/tracing.ts), then the services
    // restarted with tracing off for the rest
    results.tracing = await tracingBenches({
      system,
      write,
      off: Object.fromEntries(Object.entries(b1).map(([connections, r]) => [connections, r.gateway])),
      seconds: SECONDS,
      reps: REPS,
      settle,
      say,
    });
    say('warming the restarted services up (5 s, not counted)');
    await load(write, 8, 5);

    // B2: latency at half of B1's best rate, open model (a fixed arrival rate)
    const b1Max = Math.max(...Object.values(b1).map((r) => r.gateway.median));
    const half = Math.floor(b1Max / 2);
    say(`B2: ${half} req/s for ${SECONDS} s`);
    let non2xx = 0;
    const cores: number[] = [];
    const b2 = await repeat('p99 ms', async () => {
      await settle();
      const { result, cores: busy } = await busyWhile(() => openLoad(write, half, SECONDS));
      cores.push(busy);
      non2xx += result.non2xx + result.errors;
      return percentile(result.latenciesMs, 0.99);
    });
    say(
      `  the machine's cores busy during B2: ${cores.map((c) => c.toFixed(2)).join(', ')} of ${availableParallelism()}`,
    );
    results.B2 = { rate: half, p99Ms: b2, non2xx, coresBusy: figure(cores), cores: availableParallelism() };

    // B3: propagation, park registered → the pipeline's read model has it, while B2's load runs
    say('B3: propagation under half load');
    const watcher = new Client(admin_db);
    await watcher.connect();
    const b3 = { p50: [] as number[], p99: [] as number[] };
    for (let rep = 1; rep <= REPS; rep += 1) {
      await settle();
      const background = openLoad(write, half, SECONDS + 5);
      const delays: number[] = [];
      const until = Date.now() + SECONDS * 1000;
      for (let i = 0; Date.now() < until; i += 1) {
        const response = await fetch(`${system.base}/api/v1/parks`, {
          method: 'POST',
          headers: write.headers,
          body: JSON.stringify({
            parentId: parks.urumqi,
            kind: 'zone-or-area',
            nameZh: `基准${rep}-${i}`,
            nameEn: `Bench ${rep}-${i}`,
          }),
        });
        const { id } = (await response.json()) as { id: string };
        const acknowledged = process.hrtime.bigint();
        while ((await watcher.query('SELECT 1 FROM project_pipeline.known_parks WHERE id = $1', [id])).rowCount !== 1)
          await sleep(1);
        delays.push(Number(process.hrtime.bigint() - acknowledged) / 1e6);
      }
      await background;
      b3.p50.push(percentile(delays, 0.5));
      b3.p99.push(percentile(delays, 0.99));
      say(
        `  propagation #${rep}: ${delays.length} parks, p50 ${percentile(delays, 0.5).toFixed(1)} ms, p99 ${percentile(delays, 0.99).toFixed(1)} ms`,
      );
    }
    await watcher.end();
    results.B3 = { p50Ms: figure(b3.p50), p99Ms: figure(b3.p99) };

    // B4: the relay draining a pre-filled outbox beside kafka-producer-perf-test
    say(`B4: relay from an outbox of ${BACKLOG} rows`);
    const pool = new Pool({ ...admin_db, max: 4 });
    await pool.query('CREATE SCHEMA IF NOT EXISTS bench_relay');
    await pool.query(messagingSchemaSql('bench_relay'));
    const kafka = createKafka({ brokers: infra.kafkaBrokers, clientId: 'bench' });
    const topicA = `${system.topicPrefix}bench.a.parkledger.probes.v1`;
    const topicB = `${system.topicPrefix}bench.b.parkledger.probes.v1`;
    const perfTopic = `${system.topicPrefix}bench.perf`;
    await ensureTopics(kafka, [topicA, topicB, perfTopic]);
    const fill = async (prefix: string) => {
      await pool.query('TRUNCATE bench_relay.outbox');
      const outbox = new Outbox('bench_relay', '/parkledger/bench', prefix);
      for (let done = 0; done < BACKLOG; done += 1000) {
        const client = await pool.connect();
        await client.query('BEGIN');
        await outbox.append(
          client,
          Array.from({ length: 1000 }, (_, i) => ({
            type: 'parkledger.probe.emitted.v1' as const,
            aggregateId: `probe-${(done + i) % 500}`,
            aggregateVersion: done + i + 1,
            payload: { probeId: `probe-${(done + i) % 500}`, sequence: BigInt(done + i + 1), note: 'benchmark' },
          })),
        );
        await client.query('COMMIT');
        client.release();
      }
    };
    const publisher = new KafkajsEventPublisher(kafka);
    const relayRates = await repeat('relay events/s', async (rep) => {
      await fill(`${system.topicPrefix}bench.${rep === 1 ? 'a' : 'b'}.`);
      const relay = new OutboxRelay({
        schema: 'bench_relay',
        pool,
        connection: admin_db,
        publisher,
        logger: pino({ level: 'silent' }),
        batchSize: 1000,
      });
      const started = process.hrtime.bigint();
      relay.start();
      while (relay.published < BACKLOG) await sleep(20);
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      await relay.stop();
      return BACKLOG / seconds;
    });
    const sizes = await pool.query<{ size: number }>(
      'SELECT avg(length(payload) + length(headers::text))::int AS size FROM bench_relay.outbox',
    );
    const recordSize = sizes.rows[0]?.size ?? 500;
    const perfRates = await repeat('producer-perf records/s', () =>
      producerPerf(infra.kafkaBrokers.join(','), perfTopic, BACKLOG, recordSize),
    );
    results.B4 = { relay: relayRates, producerPerf: perfRates, recordSize };

    // B5: the idempotent consumer applying a backlog beside kafka-consumer-perf-test
    say(`B5: idempotent consumer over a backlog of ${BACKLOG}`);
    await pool.query(
      'CREATE TABLE IF NOT EXISTS bench_relay.effects (event_id uuid NOT NULL, sequence bigint NOT NULL)',
    );
    // the same effect, one statement per event or one per run
    const oneByOne: EventHandler = async ({ envelope, event }, tx) => {
      if (event.type !== 'parkledger.probe.emitted.v1') throw new Error(`unexpected ${event.type}`);
      await tx.query('INSERT INTO bench_relay.effects (event_id, sequence) VALUES ($1, $2)', [
        envelope.id,
        event.payload.sequence.toString(),
      ]);
    };
    const wholeRun: RunHandler = async (events, tx) => {
      const sequences = events.map(({ event }) => {
        if (event.type !== 'parkledger.probe.emitted.v1') throw new Error(`unexpected ${event.type}`);
        return event.payload.sequence.toString();
      });
      await tx.query(
        'INSERT INTO bench_relay.effects (event_id, sequence) SELECT * FROM unnest($1::uuid[], $2::bigint[])',
        [events.map(({ envelope }) => envelope.id), sequences],
      );
    };
    const consume = (handleRun: RunHandler | undefined) => async (rep: number) => {
      await pool.query('TRUNCATE bench_relay.inbox, bench_relay.effects');
      const consumer = new IdempotentConsumer({
        consumer: `${system.topicPrefix}bench-consumer-${handleRun === undefined ? 'each' : 'run'}-${rep}`,
        topics: [topicA],
        schema: 'bench_relay',
        kafka,
        pool,
        publisher,
        logger: pino({ level: 'silent' }),
        handle: oneByOne,
        ...(handleRun === undefined ? {} : { handleRun }),
      });
      await consumer.start();
      const started = process.hrtime.bigint();
      while (consumer.stats.applied < BACKLOG) await sleep(50);
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      await consumer.stop();
      return BACKLOG / seconds;
    };
    const consumerRates = await repeat('consumer events/s, effect per event', consume(undefined));
    const consumerRunRates = await repeat('consumer events/s, effects per run', consume(wholeRun));
    const consumerPerfRates = await repeat('consumer-perf records/s', (rep) =>
      consumerPerf(infra.kafkaBrokers.join(','), topicA, BACKLOG, `${system.topicPrefix}perf-${rep}`),
    );
    results.B5 = { consumer: consumerRates, consumerRuns: consumerRunRates, consumerPerf: consumerPerfRates };
    await publisher.close();
    await pool.end();

    // B7-B9: the fund ledger (bench/funds.ts, also alone as npm run bench:funds)
    results.funds = await fundBenches({
      base: system.base,
      adminDb: admin_db,
      quick,
      seconds: SECONDS,
      reps: REPS,
      say,
    });

    // B10-B11: the awards service (bench/awards.ts, also alone as npm run bench:awards)
    results.awards = await awardBenches({
      base: system.base,
      kafka: system.kafka,
      topicPrefix: system.topicPrefix,
      seconds: SECONDS,
      reps: REPS,
      say,
      db: admin_db,
    });

    // B12-B13: the audit log (bench/audit.ts, also alone as npm run bench:audit)
    results.audit = await auditBenches({ system, db: admin_db, backlog: BACKLOG, reps: REPS, say });
    // B14: the audit log's live tail (bench/tail.ts, also alone as npm run bench:tail), at B2's half load
    results.tail = await tailBenches({
      base: system.base,
      kafka: system.kafka,
      topicPrefix: system.topicPrefix,
      auditPid: system.pids().audit, // B12 restarted it
      write,
      rate: half,
      rateOf: `B1's maximum in this run, ${b1Max.toFixed(0)} req/s`,
      seconds: SECONDS,
      reps: REPS,
      say,
    });
  } catch (error) {
    // a service that died says why only in its own output, which goes with it otherwise
    for (const service of Object.values(system.services)) {
      if (!service.running())
        say(`${service.name} is not running; the end of its output:\n${service.output().slice(-4000)}`);
    }
    throw error;
  } finally {
    await reference?.stop();
    await system.stop();
  }
  report(results);
}

function report(results: Record<string, unknown>): void {
  const b1 = results.B1 as Record<number, B1Figures>;
  const b2 = results.B2 as { rate: number; p99Ms: Figure; non2xx: number; coresBusy: Figure; cores: number };
  const b3 = results.B3 as { p50Ms: Figure; p99Ms: Figure };
  const b4 = results.B4 as { relay: Figure; producerPerf: Figure; recordSize: number };
  const b5 = results.B5 as { consumer: Figure; consumerRuns: Figure; consumerPerf: Figure };
  const b6 = results.B6 as { idleMb: Record<string, number>; underLoadMb: Record<string, number> };
  const pct = (a: Figure, b: Figure) => ((a.median / b.median) * 100).toFixed(0);
  const met = (ok: boolean) => (ok ? 'met' : '**missed**');
  const rows = [
    ...[8, 32].map((c) => {
      const r = b1[c] as B1Figures;
      return `| B1 | register-project @${c} clients, req/s | ${show(r.gateway)} | plain NestJS ${show(r.plainNest)} req/s (${pct(r.gateway, r.plainNest)}%); pgbench ${show(r.pgbench)} tps (${pct(r.gateway, r.pgbench)}%) | ≥ 50% of plain NestJS — ${met(r.gateway.median >= 0.5 * r.plainNest.median)} |`;
    }),
    ...tracingRows(results.tracing as TracingResults),
    `| B2 | p99 at ${b2.rate} req/s (half of B1's max), ms; non-2xx | ${show(b2.p99Ms, 1)}; ${b2.non2xx} | — | p99 ≤ 50 ms, 0 non-2xx — ${met(b2.p99Ms.median <= 50 && b2.non2xx === 0)} |`,
    `| B2 | the machine's cores busy meanwhile (/proc/stat: everything on it), of ${b2.cores} | ${show(b2.coresBusy, 2)} | — | — |`,
    `| B3 | propagation park → pipeline read model at half load, p50 / p99 ms | ${show(b3.p50Ms, 1)} / ${show(b3.p99Ms, 1)} | — | p50 ≤ 30, p99 ≤ 100 — ${met(b3.p50Ms.median <= 30 && b3.p99Ms.median <= 100)} |`,
    `| B4 | relay events/s from ${BACKLOG} outbox rows | ${show(b4.relay)} | producer-perf ${show(b4.producerPerf)} rec/s, ${b4.recordSize} B (${pct(b4.relay, b4.producerPerf)}%) | ≥ 15% — ${met(b4.relay.median >= 0.15 * b4.producerPerf.median)} |`,
    `| B5 | idempotent consumer events/s from ${BACKLOG}, an effect statement per event | ${show(b5.consumer)} | consumer-perf ${show(b5.consumerPerf)} rec/s | ≥ 10,000/s — ${met(b5.consumer.median >= 10_000)} |`,
    `| B5 | the same, effects applied per run (\`handleRun\`) | ${show(b5.consumerRuns)} | consumer-perf ${show(b5.consumerPerf)} rec/s | ≥ 10,000/s — ${met(b5.consumerRuns.median >= 10_000)} |`,
    ...fundRows(results.funds as FundResults),
    ...awardRows(results.awards as AwardResults),
    ...auditRows(results.audit as AuditResults),
    ...tailRows(results.tail as TailResults),
    ...Object.keys(b6.idleMb).map(
      (name) =>
        `| B6 | RSS ${name}, idle / under B1 load, MB | ${(b6.idleMb[name] ?? 0).toFixed(0)} / ${(b6.underLoadMb[name] ?? 0).toFixed(0)} | — | ≤ 150 / ≤ 250 — ${met((b6.idleMb[name] ?? 0) <= 150 && (b6.underLoadMb[name] ?? 0) <= 250)} |`,
    ),
  ];
  writeResults(root, results as { machine: string; date: string; quick: boolean }, rows, REPS);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    // fetch's "fetch failed" says why only in its cause (refused, reset, closed by the other side)
    const cause = error instanceof Error && error.cause !== undefined ? `\ncause: ${inspect(error.cause)}` : '';
    process.stderr.write(`bench: ${error instanceof Error ? error.stack : String(error)}${cause}\n`);
    process.exit(1);
  },
);
