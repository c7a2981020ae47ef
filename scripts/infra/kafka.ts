import { spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { KAFKA_VERSION, LOG4J_VERSION, type InfraSettings } from './settings';
import {
  assertPortFree,
  commandExists,
  fail,
  isAlive,
  lastLines,
  readPid,
  step,
  stopPid,
  waitUntil,
} from './process-tools';

const paths = (settings: InfraSettings) => {
  const home = join(settings.stateDir, 'kafka');
  return {
    home,
    data: join(home, 'data'),
    config: join(home, 'server.properties'),
    log4j: join(home, 'log4j2.properties'),
    out: join(home, 'server.out'),
    pid: join(home, 'kafka.pid'),
    jars: join(settings.cacheDir, `kafka-${KAFKA_VERSION}`, 'libs'),
  };
};

function pom(): string {
  const dependency = (group: string, artifact: string, version: string) =>
    `<dependency><groupId>${group}</groupId><artifactId>${artifact}</artifactId><version>${version}</version></dependency>`;
  return `<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>parkledger.infra</groupId>
  <artifactId>kafka-runtime</artifactId>
  <version>1</version>
  <packaging>pom</packaging>
  <dependencies>
    ${dependency('org.apache.kafka', 'kafka_2.13', KAFKA_VERSION)}
    ${dependency('org.apache.kafka', 'kafka-tools', KAFKA_VERSION)}
    ${dependency('org.apache.logging.log4j', 'log4j-slf4j2-impl', LOG4J_VERSION)}
    ${dependency('org.apache.logging.log4j', 'log4j-core', LOG4J_VERSION)}
  </dependencies>
</project>
`;
}

/** Fetches the broker's jars from Maven Central once; later runs use the cache and need no network. */
async function fetchJars(settings: InfraSettings): Promise<string> {
  const { jars } = paths(settings);
  const marker = join(jars, '.complete');
  if (existsSync(marker)) return jars;
  if (!commandExists('mvn')) fail('mvn not found (install Maven, or use docker-compose on a host with Docker)');

  const work = join(settings.cacheDir, `kafka-${KAFKA_VERSION}.download`);
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  writeFileSync(join(work, 'pom.xml'), pom());
  step(
    `downloading Apache Kafka ${KAFKA_VERSION} and its dependencies from Maven Central (once; cached in ${settings.cacheDir})`,
  );

  const log: string[] = [];
  let downloaded = 0;
  const exitCode = await new Promise<number>((resolveExit) => {
    const mvn = spawn(
      'mvn',
      [
        '-B',
        '-f',
        join(work, 'pom.xml'),
        'dependency:copy-dependencies',
        `-DoutputDirectory=${join(work, 'libs')}`,
        '-DincludeScope=runtime',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const onData = (chunk: Buffer) => {
      for (const line of chunk.toString().split('\n')) {
        if (line.trim() === '') continue;
        log.push(line);
        if (line.includes('Downloaded from')) {
          downloaded += 1;
          if (downloaded % 25 === 0) step(`  ... ${downloaded} artifacts downloaded`);
        }
      }
    };
    mvn.stdout.on('data', onData);
    mvn.stderr.on('data', onData);
    mvn.on('error', () => resolveExit(127));
    mvn.on('close', (code) => resolveExit(code ?? 1));
  });
  writeFileSync(join(work, 'mvn.log'), log.join('\n'));
  if (exitCode !== 0) {
    const text = log.join('\n');
    if (
      /UnknownHost|Unknown host|Connection refused|Connect timed out|Network is unreachable|Could not transfer|Could not resolve/i.test(
        text,
      )
    ) {
      fail(`Maven Central unreachable (details in ${join(work, 'mvn.log')})`);
    }
    const firstError = log.find((line) => line.startsWith('[ERROR]')) ?? `exit code ${exitCode}`;
    fail(`mvn failed: ${firstError.replace('[ERROR] ', '')}`);
  }
  const jarCount = readdirSync(join(work, 'libs')).length;
  writeFileSync(join(work, 'libs', '.complete'), `${KAFKA_VERSION}\n`);
  rmSync(join(settings.cacheDir, `kafka-${KAFKA_VERSION}`), { recursive: true, force: true });
  renameSync(work, join(settings.cacheDir, `kafka-${KAFKA_VERSION}`));
  step(`Kafka ${KAFKA_VERSION}: ${jarCount} jars cached (${downloaded} downloaded)`);
  return jars;
}

function writeConfig(settings: InfraSettings): void {
  const p = paths(settings);
  const { host, port, controllerPort } = settings.kafka;
  writeFileSync(
    p.config,
    [
      'process.roles=broker,controller',
      'node.id=1',
      `controller.quorum.voters=1@${host}:${controllerPort}`,
      `listeners=PLAINTEXT://${host}:${port},CONTROLLER://${host}:${controllerPort}`,
      `advertised.listeners=PLAINTEXT://${host}:${port}`,
      'controller.listener.names=CONTROLLER',
      'inter.broker.listener.name=PLAINTEXT',
      'listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT',
      `log.dirs=${p.data}`,
      'num.partitions=3',
      // Topics are created explicitly by the services and the test kit, never by a typo.
      'auto.create.topics.enable=false',
      'offsets.topic.replication.factor=1',
      // one broker on one machine: a few partitions make the first consumer group join in a second, not ten
      'offsets.topic.num.partitions=5',
      'transaction.state.log.replication.factor=1',
      'transaction.state.log.min.isr=1',
      'share.coordinator.state.topic.replication.factor=1',
      'share.coordinator.state.topic.min.isr=1',
      'group.initial.rebalance.delay.ms=0',
      'log.retention.hours=168',
      '',
    ].join('\n'),
  );
  writeFileSync(
    p.log4j,
    [
      'status = warn',
      'appender.file.type = File',
      'appender.file.name = file',
      `appender.file.fileName = ${join(p.home, 'server.log')}`,
      'appender.file.layout.type = PatternLayout',
      'appender.file.layout.pattern = [%d] %p %m (%c)%n',
      'rootLogger.level = INFO',
      'rootLogger.appenderRef.file.ref = file',
      '',
    ].join('\n'),
  );
}

function java(jars: string, args: string[], settings: InfraSettings, extra: string[] = []): string[] {
  return [...extra, `-Dlog4j2.configurationFile=${paths(settings).log4j}`, '-cp', `${jars}/*`, ...args];
}

async function runJava(args: string[]): Promise<{ code: number; output: string }> {
  return new Promise((resolveRun) => {
    const child = spawn('java', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', () => resolveRun({ code: 127, output: 'java could not be started' }));
    child.on('close', (code) => resolveRun({ code: code ?? 1, output }));
  });
}

/**
 * A new KRaft cluster id: 16 random bytes, base64url. One that starts with '-' (1 in 64) would be
 * read by kafka-storage as an option ("argument --cluster-id: expected one argument"), so, as
 * Kafka's own Uuid.randomUuid does, draw again.
 */
export function clusterId(): string {
  for (;;) {
    const id = randomBytes(16).toString('base64url');
    if (!id.startsWith('-')) return id;
  }
}

export function kafkaBrokers(settings: InfraSettings): string {
  return `${settings.kafka.host}:${settings.kafka.port}`;
}

/** Produces a record and reads it back: the broker is up only when this succeeds. */
export async function kafkaRoundTrip(settings: InfraSettings): Promise<boolean> {
  const kafka = new Kafka({
    clientId: 'parkledger-infra',
    brokers: [kafkaBrokers(settings)],
    logLevel: logLevel.NOTHING,
    retry: { retries: 0 },
    connectionTimeout: 1000,
  });
  const admin = kafka.admin();
  const producer = kafka.producer();
  const consumer = kafka.consumer({ groupId: `parkledger-infra-${randomUUID()}` });
  const topic = 'parkledger.infra.round-trip';
  const nonce = randomUUID();
  try {
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true });
    await producer.connect();
    await producer.send({ topic, acks: -1, messages: [{ value: nonce }] });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    return await new Promise<boolean>((resolveTrip) => {
      const timer = setTimeout(() => resolveTrip(false), 15_000);
      void consumer.run({
        eachMessage: ({ message }) => {
          if (message.value?.toString() === nonce) {
            clearTimeout(timer);
            resolveTrip(true);
          }
          return Promise.resolve();
        },
      });
    });
  } catch {
    return false;
  } finally {
    await Promise.allSettled([consumer.disconnect(), producer.disconnect(), admin.disconnect()]);
  }
}

export async function kafkaUp(settings: InfraSettings): Promise<void> {
  if (!commandExists('java')) fail('java not found (install Java 17+)');
  const p = paths(settings);
  const running = readPid(p.pid);
  if (running !== undefined && isAlive(running)) {
    step(`kafka already running (pid ${running}) on ${kafkaBrokers(settings)}`);
  } else {
    assertPortFree(settings.kafka.port);
    assertPortFree(settings.kafka.controllerPort);
    const jars = await fetchJars(settings);
    mkdirSync(p.data, { recursive: true });
    writeConfig(settings);
    if (!existsSync(join(p.data, 'meta.properties'))) {
      step('formatting KRaft storage');
      const format = await runJava(
        java(
          jars,
          [
            'kafka.tools.StorageTool',
            'format',
            '--config',
            p.config,
            '--cluster-id',
            clusterId(),
            '--ignore-formatted',
          ],
          settings,
        ),
      );
      if (format.code !== 0) fail(`kafka storage format failed: ${format.output.trim().split('\n').pop() ?? ''}`);
    }
    step(`starting kafka on ${kafkaBrokers(settings)}`);
    const out = openSync(p.out, 'a');
    const child = spawn(
      'java',
      java(jars, ['kafka.Kafka', p.config], settings, [
        `-Xms256m`,
        `-Xmx${settings.kafka.heap}`,
        '-XX:+UseG1GC',
        '-Djava.awt.headless=true',
      ]),
      { detached: true, stdio: ['ignore', out, out] },
    );
    closeSync(out);
    if (child.pid === undefined) fail('java could not be started');
    writeFileSync(p.pid, `${child.pid}\n`);
    child.unref();
  }
  const pid = readPid(p.pid);
  await waitUntil('kafka produce/consume round-trip', 120_000, async () => {
    if (pid === undefined || !isAlive(pid)) {
      const log = lastLines(join(p.home, 'server.log'), 200)
        .split('\n')
        .filter((l) => / (ERROR|FATAL) /.test(l));
      fail(`kafka exited during start-up: ${log.pop() ?? lastLines(p.out, 1)}`);
    }
    return kafkaRoundTrip(settings);
  });
  step(`kafka ready: produce/consume round-trip ok on ${kafkaBrokers(settings)}`);
}

export async function kafkaDown(settings: InfraSettings): Promise<void> {
  const p = paths(settings);
  const pid = readPid(p.pid);
  if (pid === undefined || !isAlive(pid)) {
    step('kafka not running');
  } else {
    step(`stopping kafka (pid ${pid})`);
    await stopPid(pid, 'SIGTERM', 60_000);
  }
  rmSync(p.pid, { force: true });
}

export function kafkaStatus(settings: InfraSettings): string {
  const pid = readPid(paths(settings).pid);
  return pid !== undefined && isAlive(pid)
    ? `kafka     running  pid ${pid}  ${kafkaBrokers(settings)}`
    : 'kafka     stopped';
}

export function kafkaState(settings: InfraSettings): string {
  return paths(settings).home;
}
