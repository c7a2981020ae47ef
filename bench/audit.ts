// B12-B13, the audit log's benchmarks: part of `npm run bench`, and alone as `npm run bench:audit
// [-- --quick]`. B12 times the system's audit service taking in a backlog of events it was stopped
// for, beside kafka-consumer-perf-test and a bare kafkajs consumer reading the same records; B13
// times `npm run audit:verify` checking the whole log from offset 0, its own rate beside its wall time.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { encodeEvent, envelopeHeaders } from '@parkledger/contracts';
import { KafkajsEventPublisher, type OutboundRecord } from '@parkledger/messaging';
import { uuidv7 } from '@parkledger/platform';
import { testInfra } from '@parkledger/testing';
import { type Kafka } from 'kafkajs';
import { Client } from 'pg';
import { type RunningSystem } from '../test/support/system';
import { figure, show, type Figure } from './stats';
import { BENCH_REPS, benchAlone, consumerPerf, cpuSeconds, drained, rssMb, type AdminDb } from './tools';

export interface AuditBenchOptions {
  system: RunningSystem;
  /** the system's database, where the log's size is read */
  db: AdminDb;
  /** events in each repetition's backlog */
  backlog: number;
  reps: number;
  say: (line: string) => void;
}

export interface AuditResults {
  B12: {
    backlog: number;
    /** the backlog's records: mean value bytes, and aggregates (each with versions 1..n) */
    valueBytes: number;
    aggregates: number;
    /** events/s from the first batch's commit to the last */
    ingest: Figure;
    /** seconds from the service's start to the backlog's last entry, start-up and the group's join included */
    wallSeconds: Figure;
    consumerPerf: Figure;
    /** a kafkajs consumer doing nothing with the records: what Node reads them at */
    kafkajs: Figure;
    /** CPU ms per 1,000 events while the service took the backlog in */
    cpuMsPerThousand: Record<string, Figure>;
    /** the audit service's resident memory at its highest while it took the backlog in, MB */
    peakRssMb: Figure;
  };
  B13: {
    /** what each run verified: entries of the log, records read from Kafka */
    entries: number;
    records: number;
    /** entries/s of the verification, as the verifier reports it (start-up left out) */
    verify: Figure;
    /** seconds from the command's start to its exit */
    wallSeconds: Figure;
    /**
     * CPU µs per entry over each run, by process: the verifier (its whole command, tsx's start-up
     * included), the gateway and the audit service that serve its pages and proofs, Postgres, Kafka
     */
    cpuUsPerEntry: Record<string, Figure>;
    discrepancies: number;
  };
}

const root = join(__dirname, '..');
const AGGREGATES = 1000;
const PROBES_TOPIC = 'parkledger.probes.v1';

/** What a backlog's publish sends at most, values and headers: half of the broker's 1 MB a batch. */
const PUBLISH_BYTES = 512 * 1024;
/** A record's CloudEvents headers and overhead, about. */
const HEADER_BYTES = 400;

/**
 * The backlog: probe events (the registry's parkledger.probe.emitted.v1) on the system's own probes
 * topic, which only the audit service reads, so no other consumer takes CPU while it is measured.
 * Each is a real record as a relay would publish it: CloudEvents headers, a UUIDv7 id, the protobuf
 * payload, keyed by its probe; `AGGREGATES` probes take turns, each with versions 1, 2, 3, ... from
 * where it left off. The note pads the value to the size of the system's own events.
 */
async function produceBacklog(
  system: RunningSystem,
  rep: number,
  count: number,
  valueBytes: number,
): Promise<{ seconds: number; valueBytes: number }> {
  const publisher = new KafkajsEventPublisher(system.kafka);
  const topic = `${system.topicPrefix}${PROBES_TOPIC}`;
  const time = new Date().toISOString();
  const record = (n: number): OutboundRecord => {
    const probeId = `bench-${rep}-${n % AGGREGATES}`;
    const version = Math.floor(n / AGGREGATES) + 1;
    const bare = encodeEvent('parkledger.probe.emitted.v1', { probeId, sequence: BigInt(version), note: '' });
    const note = 'b'.repeat(Math.max(0, valueBytes - bare.length - 3));
    const value = Buffer.from(encodeEvent('parkledger.probe.emitted.v1', { probeId, sequence: BigInt(version), note }));
    const headers = envelopeHeaders({
      id: uuidv7(),
      source: '/parkledger/bench',
      type: 'parkledger.probe.emitted.v1',
      time,
      subject: probeId,
      aggregateType: 'probe',
      aggregateVersion: String(version),
      correlationId: uuidv7(),
    });
    return { topic, key: probeId, value, headers };
  };
  // a publish sends a batch a partition: below the broker's 1 MB a batch, whatever the events' size
  // (after B7's imports of 1,000 entries an event, the system's mean is a few KB)
  const perPublish = Math.max(1, Math.min(2000, Math.floor(PUBLISH_BYTES / (valueBytes + HEADER_BYTES))));
  const started = performance.now();
  let bytes = 0;
  try {
    for (let done = 0; done < count; done += perPublish) {
      const records = Array.from({ length: Math.min(perPublish, count - done) }, (_, i) => record(done + i));
      bytes += records.reduce((sum, r) => sum + r.value.length, 0);
      await publisher.publish(records);
    }
  } finally {
    await publisher.close();
  }
  return { seconds: (performance.now() - started) / 1000, valueBytes: bytes / count };
}

/** The log's size: its entries. */
async function logSize(pg: Client): Promise<number> {
  const { rows } = await pg.query<{ size: string }>(
    'SELECT coalesce(max(position) + 1, 0)::text AS size FROM audit.entries',
  );
  return Number(rows[0]?.size ?? 0);
}

/** A kafkajs consumer that reads `count` records of a topic from offset 0 and does nothing with them: records/s. */
async function kafkajsRate(system: RunningSystem, topic: string, count: number, group: string): Promise<number> {
  const consumer = system.kafka.consumer({ groupId: group });
  await consumer.connect();
  await consumer.subscribe({ topics: [topic], fromBeginning: true });
  let read = 0;
  let first: number | undefined;
  let last = 0;
  await new Promise<void>((resolve, reject) => {
    consumer
      .run({
        eachBatch: ({ batch }) => {
          first ??= performance.now();
          read += batch.messages.length;
          last = performance.now();
          if (read >= count) resolve();
          return Promise.resolve();
        },
      })
      .catch(reject);
  });
  await consumer.disconnect();
  await deleteGroup(system.kafka, group);
  return read / ((last - (first ?? last)) / 1000 || Infinity);
}

/** A bench's consumer group, gone once read: the broker is shared. */
async function deleteGroup(kafka: Kafka, group: string): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  await admin.deleteGroups([group]).catch(() => undefined);
  await admin.disconnect();
}

/** B12: the audit service stopped, a backlog produced, the service started again and timed until its log holds it. */
async function ingestBench(options: AuditBenchOptions): Promise<AuditResults['B12']> {
  const { system, backlog, say } = options;
  const infra = await testInfra();
  const brokers = infra.kafkaBrokers.join(',');
  const topic = `${system.topicPrefix}${PROBES_TOPIC}`;
  const pg = new Client(options.db);
  await pg.connect();
  try {
    // the size of the system's own events (the demo world's, the benches'), when it has some
    const { rows } = await pg.query<{ size: number | null }>(
      "SELECT avg(length(value))::int AS size FROM audit.entries WHERE aggregate_type IS DISTINCT FROM 'probe'",
    );
    const wanted = rows[0]?.size ?? 300;
    const ingest: number[] = [];
    const wall: number[] = [];
    const cpu: Record<string, number[]> = { audit: [], postgres: [], kafka: [] };
    const rss: number[] = [];
    let valueBytes = 0;
    for (let rep = 1; rep <= options.reps; rep += 1) {
      await drained(system.kafka, system.topicPrefix, 300_000);
      const before = await logSize(pg);
      await system.services.audit.stop();
      const produced = await produceBacklog(system, rep, backlog, wanted);
      valueBytes = produced.valueBytes;
      say(
        `  backlog #${rep}: ${backlog} events of ${produced.valueBytes.toFixed(0)} B produced in ${produced.seconds.toFixed(1)} s`,
      );
      const target = before + backlog;
      const spawned = performance.now();
      let first: { at: number; size: number } | undefined;
      let done: number | undefined;
      let cpuBefore: Record<string, number> | undefined;
      let peak = 0;
      const starting = system.services.audit.start();
      for (;;) {
        const size = await logSize(pg);
        const now = performance.now();
        if (system.services.audit.pid !== 0) peak = Math.max(peak, rssMb(system.services.audit.pid));
        if (first === undefined && size > before) {
          first = { at: now, size };
          cpuBefore = cpuSeconds({ audit: system.services.audit.pid });
        }
        if (size >= target) {
          done = now;
          break;
        }
        if (now - spawned > 600_000) throw new Error(`the audit log took ${size - before} of ${backlog} in 600 s`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      const cpuAfter = cpuSeconds({ audit: system.services.audit.pid });
      await starting;
      const start = first ?? { at: spawned, size: before };
      const counted = target - start.size;
      const rate = counted / ((done - start.at) / 1000);
      ingest.push(rate);
      wall.push((done - spawned) / 1000);
      rss.push(peak);
      for (const group of Object.keys(cpu)) {
        const ms = (((cpuAfter[group] ?? 0) - (cpuBefore?.[group] ?? 0)) * 1000 * 1000) / counted;
        cpu[group]?.push(ms);
      }
      say(
        `  B12 #${rep}: ${rate.toFixed(0)} events/s after the first batch (${wall[wall.length - 1]?.toFixed(1)} s from start); CPU ms per 1,000 events: ${Object.entries(
          cpu,
        )
          .map(([group, runs]) => `${group} ${runs[runs.length - 1]?.toFixed(0)}`)
          .join(', ')}; RSS at most ${peak.toFixed(0)} MB`,
      );
    }
    const perf: number[] = [];
    const bare: number[] = [];
    for (let rep = 1; rep <= options.reps; rep += 1) {
      // groups without the system's prefix: what they leave unread is not the system's lag
      const group = `bench-audit-perf-${randomBytes(4).toString('hex')}`;
      perf.push(await consumerPerf(brokers, topic, backlog, group));
      await deleteGroup(system.kafka, group);
      bare.push(await kafkajsRate(system, topic, backlog, `bench-audit-kafkajs-${randomBytes(4).toString('hex')}`));
      say(
        `  consumer-perf #${rep}: ${perf[rep - 1]?.toFixed(0)} records/s; kafkajs alone ${bare[rep - 1]?.toFixed(0)}`,
      );
    }
    return {
      backlog,
      valueBytes: Math.round(valueBytes),
      aggregates: AGGREGATES,
      ingest: figure(ingest),
      wallSeconds: figure(wall),
      consumerPerf: figure(perf),
      kafkajs: figure(bare),
      cpuMsPerThousand: Object.fromEntries(Object.entries(cpu).map(([group, runs]) => [group, figure(runs)])),
      peakRssMb: figure(rss),
    };
  } finally {
    await pg.end();
  }
}

/**
 * One run of `npm run audit:verify` against the system: what it printed, its exit code, its wall
 * time, and the CPU seconds it used (read from /proc every 20 ms while it runs, so at most that
 * much of its end is missed).
 */
function runVerifier(
  system: RunningSystem,
  brokers: string,
): Promise<{ code: number; output: string; seconds: number; cpuSeconds: number }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        join(root, 'scripts/audit-verify/main.ts'),
        '--base',
        system.base,
        '--key',
        system.auditKey,
        '--topic-prefix',
        system.topicPrefix,
        '--brokers',
        brokers,
      ],
      { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let output = '';
    let cpu = 0;
    const sampler = setInterval(() => {
      const used = child.pid === undefined ? 0 : (cpuSeconds({ verifier: child.pid }).verifier ?? 0);
      if (used > 0) cpu = used;
    }, 20);
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', (error) => {
      clearInterval(sampler);
      reject(error);
    });
    child.on('close', (code) => {
      clearInterval(sampler);
      resolve({ code: code ?? -1, output, seconds: (performance.now() - started) / 1000, cpuSeconds: cpu });
    });
  });
}

/** B13: the verifier over the whole log (the demo world, the benches' events and B12's backlogs). */
async function verifyBench(options: AuditBenchOptions): Promise<AuditResults['B13']> {
  const { system, say } = options;
  const infra = await testInfra();
  await drained(system.kafka, system.topicPrefix, 300_000);
  await new Promise((resolve) => setTimeout(resolve, 2000)); // the checkpoint due by time (1 s here)
  const verify: number[] = [];
  const wall: number[] = [];
  let entries = 0;
  let records = 0;
  let discrepancies = 0;
  const servers = { gateway: system.services.gateway.pid, audit: system.services.audit.pid };
  const cpu: Record<string, number[]> = { verifier: [], gateway: [], audit: [], postgres: [], kafka: [] };
  for (let rep = 1; rep <= options.reps; rep += 1) {
    const before = cpuSeconds(servers);
    const run = await runVerifier(system, infra.kafkaBrokers.join(','));
    const after = cpuSeconds(servers);
    const summary = /(\d+) records on Kafka, (\d+) entries in the log, verified in ([\d.]+) s/.exec(run.output);
    if (summary === null || run.code === 2)
      throw new Error(`audit:verify exited ${run.code}:\n${run.output.slice(-3000)}`);
    records = Number(summary[1]);
    entries = Number(summary[2]);
    verify.push(entries / Number(summary[3]));
    wall.push(run.seconds);
    discrepancies = Math.max(discrepancies, (run.output.match(/DISCREPANCY/g) ?? []).length);
    const perEntry = (seconds: number) => (seconds * 1_000_000) / entries;
    cpu.verifier?.push(perEntry(run.cpuSeconds));
    for (const group of ['gateway', 'audit', 'postgres', 'kafka']) {
      cpu[group]?.push(perEntry((after[group] ?? 0) - (before[group] ?? 0)));
    }
    if (run.code !== 0) say(run.output.slice(-3000));
    say(
      `  B13 #${rep}: ${entries} entries (${records} records on Kafka) verified at ${verify[verify.length - 1]?.toFixed(0)}/s, ${run.seconds.toFixed(1)} s in all; exit ${run.code}; CPU µs per entry: ${Object.entries(
        cpu,
      )
        .map(([group, runs]) => `${group} ${runs[runs.length - 1]?.toFixed(0)}`)
        .join(', ')}`,
    );
  }
  return {
    entries,
    records,
    verify: figure(verify),
    wallSeconds: figure(wall),
    cpuUsPerEntry: Object.fromEntries(Object.entries(cpu).map(([group, runs]) => [group, figure(runs)])),
    discrepancies,
  };
}

export async function auditBenches(options: AuditBenchOptions): Promise<AuditResults> {
  options.say(`B12: the audit service taking in a backlog of ${options.backlog} events`);
  const B12 = await ingestBench(options);
  options.say('B13: npm run audit:verify from offset 0 over the whole log');
  const B13 = await verifyBench(options);
  return { B12, B13 };
}

export function auditRows(results: AuditResults): string[] {
  const met = (ok: boolean) => (ok ? 'met' : '**missed**');
  const { B12, B13 } = results;
  const cpu = Object.entries(B12.cpuMsPerThousand)
    .map(([group, f]) => `${group} ${f.median.toFixed(0)}`)
    .join(', ');
  const verifyCpu = Object.entries(B13.cpuUsPerEntry)
    .map(([group, f]) => `${group} ${f.median.toFixed(0)}`)
    .join(', ');
  return [
    `| B12 | audit ingest from a backlog of ${B12.backlog.toLocaleString('en-US')} events (${B12.valueBytes} B, ${B12.aggregates} aggregates), hashed, in the tree, chained, events/s | ${show(B12.ingest)} | consumer-perf ${show(B12.consumerPerf)} rec/s; kafkajs alone ${show(B12.kafkajs)} rec/s | ≥ 20,000/s — ${met(B12.ingest.median >= 20_000)} |`,
    `| B12 | the same, seconds from the service's start to the last entry; CPU ms per 1,000 events; the service's RSS at most, MB | ${show(B12.wallSeconds, 1)}; ${cpu}; ${show(B12.peakRssMb)} | — | — |`,
    `| B13 | audit:verify from offset 0 over ${B13.entries.toLocaleString('en-US')} entries, entries/s of the verification; discrepancies | ${show(B13.verify)}; ${B13.discrepancies} | — | ≥ 20,000/s — ${met(B13.verify.median >= 20_000)} |`,
    `| B13 | the same, seconds from the command's start to its exit; CPU µs per entry (the verifier's with tsx's start-up) | ${show(B13.wallSeconds, 1)}; ${verifyCpu} | — | — |`,
  ];
}

if (require.main === module) {
  benchAlone('audit', async ({ system, adminDb, quick, say }) => {
    const results = await auditBenches({
      system,
      db: adminDb,
      backlog: quick ? 20_000 : 100_000,
      reps: BENCH_REPS,
      say,
    });
    return { results, rows: auditRows(results) };
  });
}
