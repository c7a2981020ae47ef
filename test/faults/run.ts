/**
 * npm run test:faults: writes through the gateway while faults are injected one at a time, then
 * checks the history: nothing acknowledged is lost, nothing is doubled, every event reached Kafka
 * and was applied once, the read model equals a rebuild from offset 0, the fund ledger's entries
 * balance, its limits hold (fees race for a fund's last cash) and its balances are the sums of its
 * postings, and the audit log holds every event once, raised no anomaly, kept no gap through the
 * kills of its service, and signed checkpoints that verify and extend one another.
 *
 * It brings up what it needs itself: Postgres and the three-broker Kafka (`npm run infra -- up
 * --brokers 3`), and builds the services; a cluster it started it stops when it ends.
 *
 *   tsx test/faults/run.ts [--rounds 5] [--rate 10] [--clients 8] [--outage-seconds 30] [--seed N]
 */
import { spawnSync } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { demoUscc } from '../../scripts/demo/demo-uscc';
import { sleep } from '@parkledger/messaging';
import { eventually } from '@parkledger/testing';
import { parseVerifierKey } from '@parkledger/tlog';
import { devToken } from '../../scripts/token';
import { call } from '../support/http';
import { startSystem, type RunningSystem, type ServiceName } from '../support/system';
import { auditLines, check, table } from './checker';
import { applied, collectFacts, consumerGroups, databaseState, progress, type Window } from './collect';
import { auditProgress } from './collect-audit';
import { FAULT_SUITE_BROKERS, FAULTS, inject } from './faults';
import { kafkaPrune, kafkaRunning } from '../../scripts/infra/kafka';
import { clusterBrokers, infraSettings, kafkaCluster } from '../../scripts/infra/settings';
import { AWARD, AWARD_BUDGET, AWARD_CAP, FEE, FEE_CASH, FUNDED_CASH, faultPolicy, Load } from './load';
import { Seeded } from './seeded';

const say = (line: string) => process.stdout.write(`faults: ${line}\n`);
const root = join(__dirname, '..', '..');

function run(what: string, command: string, args: string[]): void {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`${what} failed (exit ${result.status ?? result.signal})`);
}

const infra = (...args: string[]) =>
  run(`infra ${args.join(' ')}`, process.execPath, ['--import', 'tsx', join(root, 'scripts/infra/main.ts'), ...args]);

/**
 * Postgres and the three-broker Kafka up, and the run's clients pointed at the three brokers.
 * Returns whether this run started the cluster (then it stops it at the end).
 */
function bringUp(): boolean {
  const settings = infraSettings();
  const started = kafkaRunning(settings, FAULT_SUITE_BROKERS) === 0;
  const at = Date.now();
  infra('up', '--brokers', String(FAULT_SUITE_BROKERS));
  say(`infra up in ${((Date.now() - at) / 1000).toFixed(1)} s`);
  // testInfra() (the services' KAFKA_BROKERS, the checker's client) reads it
  process.env.KAFKA_BROKERS = clusterBrokers(kafkaCluster(settings, FAULT_SUITE_BROKERS));
  return started;
}

/** Stops the cluster this run started; a failure to is said, never taken for the run's verdict. */
function stopCluster(): void {
  say(`stopping the ${FAULT_SUITE_BROKERS}-broker Kafka this run started`);
  try {
    infra('down', 'kafka', '--brokers', String(FAULT_SUITE_BROKERS));
  } catch (error) {
    say(`${error instanceof Error ? error.message : String(error)}: stop it with npm run infra -- down --brokers 3`);
  }
}

function build(): void {
  say('building the services');
  run('the build', 'npx', [
    'tsc',
    '-b',
    ...['gateway', 'park-registry', 'project-pipeline', 'fund-ledger', 'policy-awards', 'audit'].map(
      (name) => `services/${name}/tsconfig.app.json`,
    ),
  ]);
}

/** Keeps every service's whole output in the state directory, for a look at any run, passed or not. */
function saveLogs(system: RunningSystem, runTag: string): void {
  const dir = join(infraSettings().stateDir, 'faults', runTag);
  mkdirSync(dir, { recursive: true });
  for (const name of Object.keys(system.services) as ServiceName[]) {
    writeFileSync(join(dir, `${name}.log`), system.output(name));
  }
  say(`the services' logs: ${dir}`);
}

/** Says a report's lines under its title, or that it could not be read. */
async function sayLines(title: string, lines: Promise<string[]>): Promise<void> {
  await lines.then(
    (read) => say(`${title}:\n${read.map((line) => `  ${line}`).join('\n')}`),
    (error: unknown) => say(`${title} unknown: ${String(error)}`),
  );
}

/**
 * `eventually`, saying every 5 s where it stands: `state` is undefined once done. A timeout's error
 * ends with the last state, since a failed run's output may be read from its tail only.
 */
async function until(what: string, state: () => Promise<string | undefined>, timeoutMs: number): Promise<void> {
  let said = Date.now();
  let last: string | undefined;
  try {
    await eventually(
      what,
      async () => {
        last = await state();
        if (last !== undefined && Date.now() - said > 5000) {
          say(`waiting for ${what}: ${last}`);
          said = Date.now();
        }
        return last === undefined;
      },
      timeoutMs,
    );
  } catch (error) {
    throw new Error(`${error instanceof Error ? error.message : String(error)}; last: ${last ?? 'unknown'}`);
  }
}

async function created(system: RunningSystem, token: string, path: string, body: object): Promise<string> {
  const answer = await call<{ id: string }>(system.base, 'POST', path, { token, body });
  if (answer.status !== 201)
    throw new Error(`setup: POST ${path} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
  return answer.body.id;
}

/** A fund whose only partner has paid in `amount`, all of it cash. */
async function fundWithCash(system: RunningSystem, token: string, name: string, amount: string): Promise<string> {
  const post = async <T>(path: string, body: object): Promise<T> => {
    const answer = await call<T>(system.base, 'POST', path, { token, body });
    if (answer.status >= 300)
      throw new Error(`setup: POST ${path} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
    return answer.body;
  };
  const cash = { amount, currency: 'CNY' };
  const fundId = await created(system, token, '/api/v1/funds', {
    nameZh: `故障测试基金 ${name}`,
    nameEn: `Fault suite ${name} fund`,
    kind: 'direct',
    currency: 'CNY',
    manager: 'Fault suite',
    vintageOn: '2026-01-01',
  });
  const { partner } = await post<{ partner: { id: string } }>(`/api/v1/funds/${fundId}/partners`, {
    name: 'Fault suite partner',
    kind: 'private',
    role: 'LP',
    commitment: cash,
    effectiveOn: '2026-01-02',
  });
  const { call: capitalCall } = await post<{ call: { id: string } }>(`/api/v1/funds/${fundId}/capital-calls`, {
    amount: cash,
    effectiveOn: '2026-01-03',
    dueOn: '2026-01-20',
  });
  await post(`/api/v1/funds/${fundId}/contributions`, {
    callId: capitalCall.id,
    partnerId: partner.id,
    amount: cash,
    effectiveOn: '2026-01-10',
  });
  return fundId;
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      rounds: { type: 'string', default: '5' },
      rate: { type: 'string', default: '10' },
      clients: { type: 'string', default: '8' },
      'outage-seconds': { type: 'string', default: '30' },
      seed: { type: 'string' },
    },
  });
  const rounds = Number(values.rounds);
  const seed = values.seed === undefined ? randomInt(1, 2 ** 31) : Number(values.seed);
  const seeded = new Seeded(seed);
  const runTag = seed.toString(36);
  say(`seed ${seed} (replay: npm run test:faults -- --seed ${seed} --rounds ${rounds})`);

  const startedCluster = bringUp();
  let system: RunningSystem;
  try {
    build();
    system = await startSystem('faults', { RATE_LIMIT_PER_MINUTE: '1000000' });
  } catch (error) {
    if (startedCluster) stopCluster();
    throw error;
  }
  const pool = system.db.pool(2);
  const token = devToken('admin', [], 'fault-suite');
  let rebuild: Awaited<ReturnType<RunningSystem['startRebuild']>> | undefined;
  let passed = false;
  try {
    const rootParkId = await created(system, token, '/api/v1/parks', {
      kind: 'park',
      nameZh: `故障测试园区${runTag}`,
      nameEn: `Fault suite ${runTag}`,
    });
    const projectParkIds: string[] = [];
    for (const n of [1, 2, 3]) {
      projectParkIds.push(
        await created(system, token, '/api/v1/parks', {
          parentId: rootParkId,
          kind: 'park',
          nameZh: `项目园区${runTag}-${n}`,
          nameEn: `Fault suite ${runTag} project park ${n}`,
        }),
      );
    }
    const enterpriseId = await created(system, token, '/api/v1/enterprises', {
      name: `Fault suite ${runTag} enterprise`,
      uscc: demoUscc(`faults:${runTag}:setup`, '370100'),
    });
    await until(
      'the pipeline to know the setup parks and enterprise',
      async () => {
        const { rows } = await pool.query<{ n: number }>(
          `SELECT (SELECT count(*) FROM project_pipeline.known_parks WHERE id = ANY($1::uuid[]))
                + (SELECT count(*) FROM project_pipeline.known_enterprises WHERE id = $2)::int AS n`,
          [projectParkIds, enterpriseId],
        );
        return Number(rows[0]?.n) === 4 ? undefined : `${rows[0]?.n ?? 0} of 4`;
      },
      60_000,
    );

    // the enterprise is settled in the root park, which the fault policy covers: the awards service
    // must know the settlement (from the registry's events) before it takes applications
    await created(system, token, '/api/v1/settlements', { enterpriseId, parkId: rootParkId, settledOn: '2020-01-01' });
    const policy = `fault-suite-${runTag}`;
    const published = await call(system.base, 'POST', '/api/v1/policies', {
      token,
      body: faultPolicy(policy, rootParkId),
    });
    if (published.status !== 201)
      throw new Error(`setup: the fault policy answered ${published.status}: ${JSON.stringify(published.body)}`);
    await until(
      'the awards service to know the enterprise is settled',
      async () => {
        const { rows } = await pool.query('SELECT 1 FROM policy_awards.known_settlements WHERE enterprise_id = $1', [
          enterpriseId,
        ]);
        return rows.length > 0 ? undefined : 'not yet';
      },
      60_000,
    );
    say(
      `fault policy ${policy}: awards of CNY ${AWARD}, capped at ${AWARD_CAP} per item, a yearly budget of ${AWARD_BUDGET}`,
    );

    // fees race for the first fund's little cash; the second's never runs out, so the fund ledger
    // writes events all round long (a relay fault on it needs one to catch)
    const fundIds = {
      racing: await fundWithCash(system, token, `${runTag} racing`, FEE_CASH),
      funded: await fundWithCash(system, token, `${runTag} funded`, FUNDED_CASH),
    };
    say(
      `fault funds: ${fundIds.racing}, CNY ${FEE_CASH} of cash that fees of ${FEE} race for; ${fundIds.funded}, CNY ${FUNDED_CASH}`,
    );

    const load = new Load({
      base: system.base,
      token,
      rate: Number(values.rate),
      clients: Number(values.clients),
      seeded,
      runTag,
      rootParkId,
      projectParkIds,
      enterpriseId,
      fundIds,
      policy,
      giveUpAfterMs: 60_000,
    });
    const windows: Window[] = [];
    const done: string[] = [];
    for (let round = 1; round <= rounds; round += 1) {
      for (const fault of seeded.shuffle(FAULTS)) {
        const label = `${round}.${fault}`;
        windows.push({ label, from: Date.now() });
        load.label = label;
        if (windows.length === 1) load.start();
        await sleep(seeded.between(1000, 3000));
        say(`round ${round}/${rounds}: ${fault}`);
        const what = await inject(fault, {
          system,
          seeded,
          pool,
          outageMs: Number(values['outage-seconds']) * 1000,
          say,
        });
        done.push(`${label}: ${what}`);
        await sleep(3000);
        say(`  ${what}; ${load.writes.length} writes so far`);
      }
    }
    say('faults done; letting the clients finish');
    await load.stop();

    await until(
      'the outboxes to drain and the consumer to catch up',
      async () => {
        const p = await progress(pool, system.topicPrefix);
        return p.unpublished === 0 && p.applied >= p.toConsume && p.behind === 0
          ? undefined
          : `${p.unpublished} unpublished, ${p.applied} of ${p.toConsume} applied, ${p.behind} behind in the awards' consumers`;
      },
      300_000,
    );
    await until(
      'the audit log to read every record and sign its last entry',
      async () => {
        const a = await auditProgress(pool, system.kafka, system.topicPrefix);
        return a.unread <= 0 && a.unsigned === 0 && a.unpublished === 0
          ? undefined
          : `${a.unread} records unread, ${a.unsigned} entries unsigned, ${a.unpublished} checkpoints unpublished`;
      },
      300_000,
    );
    say('rebuilding the read model from offset 0 in a second pipeline');
    const target = (await progress(pool, system.topicPrefix)).toConsume;
    const rebuilt = await system.startRebuild('rebuild');
    rebuild = rebuilt;
    const rebuildPool = rebuilt.db.pool(2);
    await until(
      'the rebuild to apply every event',
      async () => {
        const n = await applied(rebuildPool);
        return n >= target ? undefined : `${n} of ${target}`;
      },
      300_000,
    );

    const facts = await collectFacts({
      pool,
      rebuild: rebuildPool,
      kafka: system.kafka,
      topicPrefix: system.topicPrefix,
      writes: load.writes,
      windows,
      base: system.base,
      token: devToken('auditor', [], 'fault-suite'),
      auditKey: system.auditKey,
      // the service signs as its origin's key: the key's name is the checkpoints' origin
      auditOrigin: parseVerifierKey(system.auditKey).name,
    });
    const verdict = await check(facts);
    say(`what each fault did:\n${done.map((line) => `  ${line}`).join('\n')}`);
    const refusals = new Map<number, number>();
    for (const write of load.writes.filter((w) => !w.acked)) {
      refusals.set(write.status, (refusals.get(write.status) ?? 0) + 1);
    }
    if (refusals.size > 0) {
      say(`refused writes by last status (0 = no answer): ${[...refusals].map(([s, n]) => `${s}: ${n}`).join(', ')}`);
    }
    process.stdout.write(`\n${table(verdict)}\n\n`);
    for (const line of auditLines(verdict)) say(line);
    for (const problem of verdict.problems.slice(0, 30)) say(`PROBLEM ${problem}`);
    if (verdict.problems.length > 30) say(`... and ${verdict.problems.length - 30} more`);
    const failed = verdict.total.lost + verdict.total.doubled + verdict.total.ledger + verdict.total.audit > 0;
    say(
      failed
        ? `FAILED: ${verdict.total.lost} lost, ${verdict.total.doubled} doubled, ${verdict.total.ledger} invariants broken, ${verdict.total.audit} audit log problems (seed ${seed})`
        : `passed: nothing lost, nothing doubled, the ledger balanced within its limits, no cap or budget passed, the audit log whole and consistent (seed ${seed})`,
    );
    passed = !failed;
    return failed ? 1 : 0;
  } catch (error) {
    // a run that stops short: what each service said last (its request log left out), where each
    // consumer group stands, and what the outboxes and the database's sessions hold
    for (const name of Object.keys(system.services) as ServiceName[]) {
      const lines = system
        .output(name)
        .trimEnd()
        .split('\n')
        .filter((line) => !line.includes('"msg":"request"'))
        .slice(-15);
      say(`${name}'s last ${lines.length} lines:\n${lines.map((line) => `  ${line.slice(0, 400)}`).join('\n')}`);
    }
    await sayLines('consumer groups', consumerGroups(system.kafka, system.topicPrefix));
    await sayLines('the database', databaseState(pool));
    throw error;
  } finally {
    await rebuild?.stop();
    await system.stop();
    try {
      saveLogs(system, runTag);
    } catch (error) {
      say(`the services' logs were not kept: ${error instanceof Error ? error.message : String(error)}`);
    }
    // a failed run's topics are kept to look into; the verdict stands whether or not this works
    if (passed) {
      // so that runs do not pile partitions up on the cluster
      await kafkaPrune(infraSettings(), FAULT_SUITE_BROKERS, system.topicPrefix).catch((error: unknown) =>
        say(`the run's topics were not deleted: ${error instanceof Error ? error.message : String(error)}`),
      );
    }
    if (startedCluster) stopCluster();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    say(`error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exit(1);
  },
);
