import { spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import {
  clusterBrokers,
  KAFKA_VERSION,
  kafkaCluster,
  LOG4J_VERSION,
  type BrokerCount,
  type InfraSettings,
  type KafkaCluster,
  type KafkaNode,
} from './settings';
import {
  assertPortFree,
  commandExists,
  fail,
  isAlive,
  lastLines,
  readPid,
  reason,
  step,
  stopPid,
  waitUntil,
} from './process-tools';

/** The cluster's directory under the state dir: kafka for the one broker, kafka-3 for the three. */
const clusterHome = (settings: InfraSettings, cluster: KafkaCluster) => join(settings.stateDir, cluster.name);

const jarsDir = (settings: InfraSettings) => join(settings.cacheDir, `kafka-${KAFKA_VERSION}`, 'libs');

/** A node's files: the one broker's in kafka/ itself, where they have always been; node n's of three in kafka-3/node-n/. */
function nodePaths(settings: InfraSettings, cluster: KafkaCluster, node: KafkaNode) {
  const home =
    cluster.brokers === 1 ? clusterHome(settings, cluster) : join(clusterHome(settings, cluster), `node-${node.id}`);
  return {
    home,
    data: join(home, 'data'),
    config: join(home, 'server.properties'),
    log4j: join(home, 'log4j2.properties'),
    log: join(home, 'server.log'),
    out: join(home, 'server.out'),
    pid: join(home, 'kafka.pid'),
  };
}

/**
 * The broker's jars as one Maven project. Kafka logs through slf4j 1.7 (its pom's slf4j-api
 * 1.7.36), so log4j's binding is the one for slf4j 1.x, as Kafka's own distribution ships it. (With
 * the binding for slf4j 2, slf4j found none it could use and Kafka logged nothing at all.)
 */
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
    ${dependency('org.apache.logging.log4j', 'log4j-slf4j-impl', LOG4J_VERSION)}
    ${dependency('org.apache.logging.log4j', 'log4j-core', LOG4J_VERSION)}
  </dependencies>
</project>
`;
}

/** Fetches the broker's jars from Maven Central once; later runs use the cache and need no network. */
async function fetchJars(settings: InfraSettings): Promise<string> {
  const jars = jarsDir(settings);
  const cachedPom = join(settings.cacheDir, `kafka-${KAFKA_VERSION}`, 'pom.xml');
  // a cache fetched from another list of dependencies is fetched again (Maven's own cache makes that quick)
  if (existsSync(join(jars, '.complete')) && existsSync(cachedPom) && readFileSync(cachedPom, 'utf8') === pom()) {
    return jars;
  }
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

/**
 * One node's server.properties: a broker and a KRaft controller in one process, the cluster's
 * nodes its static quorum. Topics get the cluster's replication factor unless they ask for another
 * (the services ask for none: `replicationFactor: -1`), the internal topics too, and an acks=all
 * write needs `minInsyncReplicas` replicas in sync.
 */
export function serverProperties(cluster: KafkaCluster, node: KafkaNode, dataDir: string): string {
  const { host, replicationFactor, minInsyncReplicas } = cluster;
  const voters = cluster.nodes.map((voter) => `${voter.id}@${host}:${voter.controllerPort}`).join(',');
  return [
    'process.roles=broker,controller',
    `node.id=${node.id}`,
    `controller.quorum.voters=${voters}`,
    `listeners=PLAINTEXT://${host}:${node.port},CONTROLLER://${host}:${node.controllerPort}`,
    `advertised.listeners=PLAINTEXT://${host}:${node.port}`,
    'controller.listener.names=CONTROLLER',
    'inter.broker.listener.name=PLAINTEXT',
    'listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT',
    `log.dirs=${dataDir}`,
    'num.partitions=3',
    // Topics are created explicitly by the services and the test kit, never by a typo.
    'auto.create.topics.enable=false',
    `default.replication.factor=${replicationFactor}`,
    `min.insync.replicas=${minInsyncReplicas}`,
    // a replica that fell out of sync never becomes leader: that would drop what it missed
    'unclean.leader.election.enable=false',
    `offsets.topic.replication.factor=${replicationFactor}`,
    // few partitions on one machine make the first consumer group join in a second, not ten
    'offsets.topic.num.partitions=5',
    `transaction.state.log.replication.factor=${replicationFactor}`,
    `transaction.state.log.min.isr=${minInsyncReplicas}`,
    `share.coordinator.state.topic.replication.factor=${replicationFactor}`,
    `share.coordinator.state.topic.min.isr=${minInsyncReplicas}`,
    'group.initial.rebalance.delay.ms=0',
    'log.retention.hours=168',
    '',
  ].join('\n');
}

function writeConfig(settings: InfraSettings, cluster: KafkaCluster, node: KafkaNode): void {
  const p = nodePaths(settings, cluster, node);
  writeFileSync(p.config, serverProperties(cluster, node, p.data));
  writeFileSync(
    p.log4j,
    // Warnings and errors, when the broker was up, and its logs: a line for each partition it loads,
    // creates or deletes. At INFO every logger writes lines per partition (~150,000 lines, 50 MB, for
    // a start with 4,346 partitions). The file rolls at 20 MB and keeps one older file.
    [
      'status = warn',
      'appender.file.type = RollingFile',
      'appender.file.name = file',
      `appender.file.fileName = ${p.log}`,
      `appender.file.filePattern = ${p.log}.%i`,
      'appender.file.layout.type = PatternLayout',
      'appender.file.layout.pattern = [%d] %p %m (%c)%n',
      'appender.file.policies.type = Policies',
      'appender.file.policies.size.type = SizeBasedTriggeringPolicy',
      'appender.file.policies.size.size = 20MB',
      'appender.file.strategy.type = DefaultRolloverStrategy',
      'appender.file.strategy.max = 1',
      'rootLogger.level = WARN',
      'rootLogger.appenderRef.file.ref = file',
      'logger.started.name = kafka.server.KafkaRaftServer',
      'logger.started.level = INFO',
      'logger.loaded.name = kafka.log.LogManager',
      'logger.loaded.level = INFO',
      '',
    ].join('\n'),
  );
}

function java(jars: string, log4j: string, args: string[], extra: string[] = []): string[] {
  return [...extra, `-Dlog4j2.configurationFile=${log4j}`, '-cp', `${jars}/*`, ...args];
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

/**
 * The id every node of a cluster is formatted with: the one in a formatted node's meta.properties,
 * else a new one (the one broker draws a new id each time it is formatted, as before).
 */
function sharedClusterId(settings: InfraSettings, cluster: KafkaCluster): string {
  for (const node of cluster.nodes) {
    const meta = join(nodePaths(settings, cluster, node).data, 'meta.properties');
    if (!existsSync(meta)) continue;
    const id = /^cluster\.id=(.+)$/m.exec(readFileSync(meta, 'utf8'))?.[1]?.trim();
    if (id !== undefined && id !== '') return id;
  }
  return clusterId();
}

/** The one broker's host:port: where `npm start`'s services, the replay and audit:verify look by default. */
export function kafkaBrokers(settings: InfraSettings): string {
  return clusterBrokers(kafkaCluster(settings, 1));
}

function client(cluster: KafkaCluster): Kafka {
  return new Kafka({
    clientId: 'parkledger-infra',
    brokers: clusterBrokers(cluster).split(','),
    logLevel: logLevel.NOTHING,
    retry: { retries: 0 },
    connectionTimeout: 1000,
  });
}

/**
 * Produces a record with acks=all and reads it back: the cluster is up only when this succeeds
 * (undefined); otherwise, why not. On three brokers the topic has three replicas, so the write
 * needs two of them in sync.
 */
export async function kafkaRoundTrip(cluster: KafkaCluster): Promise<string | undefined> {
  const kafka = client(cluster);
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
    return await new Promise<string | undefined>((resolveTrip) => {
      const timer = setTimeout(() => resolveTrip('the record was written but not read back in 15 s'), 15_000);
      const done = (lacking: string | undefined) => {
        clearTimeout(timer);
        resolveTrip(lacking);
      };
      // a consumer that can't join yet (no group coordinator while the offsets topic is being made)
      // is a failed try now, not 15 s from now
      consumer.on(consumer.events.CRASH, ({ payload }) => done(`consumer: ${reason(payload.error)}`));
      consumer
        .run({
          eachMessage: ({ message }) => {
            if (message.value?.toString() === nonce) done(undefined);
            return Promise.resolve();
          },
        })
        .catch((error: unknown) => done(`consumer: ${reason(error)}`));
    });
  } catch (error) {
    return reason(error);
  } finally {
    await Promise.allSettled([consumer.disconnect(), producer.disconnect(), admin.disconnect()]);
  }
}

/**
 * What a cluster of more than one broker still lacks to be whole, or undefined: every broker
 * registered, and every partition with a leader and all its replicas in sync (a restarted broker
 * has caught up on what it missed).
 */
async function notYetWhole(cluster: KafkaCluster): Promise<string | undefined> {
  const admin = client(cluster).admin();
  try {
    await admin.connect();
    const { brokers } = await admin.describeCluster();
    if (brokers.length < cluster.nodes.length) {
      return `${brokers.length} of ${cluster.nodes.length} brokers registered`;
    }
    const { topics } = await admin.fetchTopicMetadata();
    let partitions = 0;
    let behind = 0;
    for (const topic of topics) {
      for (const partition of topic.partitions) {
        partitions += 1;
        if (partition.leader < 0 || partition.isr.length < partition.replicas.length) behind += 1;
      }
    }
    return behind === 0 ? undefined : `${behind} of ${partitions} partitions not fully in sync`;
  } catch (error) {
    return reason(error);
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

function runningPid(settings: InfraSettings, cluster: KafkaCluster, node: KafkaNode): number | undefined {
  const pid = readPid(nodePaths(settings, cluster, node).pid);
  return pid !== undefined && isAlive(pid) ? pid : undefined;
}

const nodeName = (cluster: KafkaCluster, node: KafkaNode) =>
  cluster.brokers === 1 ? cluster.name : `${cluster.name} node ${node.id}`;

/** Writes a node's config and formats its storage if it has none yet. */
async function prepareNode(
  settings: InfraSettings,
  cluster: KafkaCluster,
  node: KafkaNode,
  jars: string,
  id: string,
): Promise<void> {
  const p = nodePaths(settings, cluster, node);
  mkdirSync(p.data, { recursive: true });
  writeConfig(settings, cluster, node);
  if (!existsSync(join(p.data, 'meta.properties'))) {
    step(`formatting KRaft storage${cluster.brokers === 1 ? '' : ` of node ${node.id}`}`);
    const format = await runJava(
      java(jars, p.log4j, [
        'kafka.tools.StorageTool',
        'format',
        '--config',
        p.config,
        '--cluster-id',
        id,
        '--ignore-formatted',
      ]),
    );
    if (format.code !== 0) fail(`kafka storage format failed: ${format.output.trim().split('\n').pop() ?? ''}`);
  }
}

/**
 * What a node has to load as it starts: its partitions, each recovered (its segments read again)
 * when it was not stopped cleanly. That is most of a start's time once a few thousand have piled up.
 */
export function startLoad(dataDir: string, brokers: BrokerCount): string {
  const partitions = existsSync(dataDir)
    ? readdirSync(dataDir).filter((name) => /-\d+$/.test(name) && !name.startsWith('__')).length
    : 0;
  if (partitions === 0) return 'no partitions yet';
  const recovered = existsSync(join(dataDir, '.kafka_cleanshutdown'))
    ? ''
    : ', each recovered (the last stop was not clean)';
  const command = `npm run infra -- prune${brokers === 1 ? '' : ` --brokers ${brokers}`}`;
  const prune = partitions >= PILED_UP ? `; once it is up, \`${command}\` deletes the topics test runs left` : '';
  return `${partitions.toLocaleString('en-US')} partitions to load${recovered}${prune}`;
}

function startNode(settings: InfraSettings, cluster: KafkaCluster, node: KafkaNode, jars: string): void {
  const p = nodePaths(settings, cluster, node);
  step(`starting ${nodeName(cluster, node)} on ${cluster.host}:${node.port}: ${startLoad(p.data, cluster.brokers)}`);
  const out = openSync(p.out, 'a');
  const child = spawn(
    'java',
    java(
      jars,
      p.log4j,
      ['kafka.Kafka', p.config],
      [`-Xms256m`, `-Xmx${cluster.heap}`, '-XX:+UseG1GC', '-Djava.awt.headless=true'],
    ),
    { detached: true, stdio: ['ignore', out, out] },
  );
  closeSync(out);
  if (child.pid === undefined) fail('java could not be started');
  writeFileSync(p.pid, `${child.pid}\n`);
  child.unref();
}

/**
 * Starts the nodes of the cluster that are not running (all of them at once: each controller needs
 * a majority of the others to elect a leader), then waits until a produce/consume round trip
 * succeeds and, on three brokers, until all three are registered and every partition is in sync.
 */
export async function kafkaUp(settings: InfraSettings, brokers: BrokerCount = 1): Promise<void> {
  if (!commandExists('java')) fail('java not found (install Java 17+)');
  const cluster = kafkaCluster(settings, brokers);
  const stopped = cluster.nodes.filter((node) => runningPid(settings, cluster, node) === undefined);
  for (const node of cluster.nodes) {
    const pid = runningPid(settings, cluster, node);
    if (pid !== undefined)
      step(`${nodeName(cluster, node)} already running (pid ${pid}) on ${cluster.host}:${node.port}`);
  }
  if (stopped.length > 0) {
    for (const node of stopped) {
      assertPortFree(node.port);
      assertPortFree(node.controllerPort);
    }
    const jars = await fetchJars(settings);
    const id = sharedClusterId(settings, cluster);
    // each format is a JVM of its own: side by side they take one's time, not three
    await Promise.all(stopped.map((node) => prepareNode(settings, cluster, node, jars, id)));
    for (const node of stopped) startNode(settings, cluster, node, jars);
  }
  const brokerList = clusterBrokers(cluster);
  await waitUntil(`${cluster.name} produce/consume round-trip`, 300_000, async () => {
    for (const node of cluster.nodes) {
      if (runningPid(settings, cluster, node) !== undefined) continue;
      const p = nodePaths(settings, cluster, node);
      const log = lastLines(p.log, 200)
        .split('\n')
        .filter((l) => / (ERROR|FATAL) /.test(l));
      fail(`${nodeName(cluster, node)} exited during start-up: ${log.pop() ?? lastLines(p.out, 1)}`);
    }
    return (cluster.brokers > 1 ? await notYetWhole(cluster) : undefined) ?? kafkaRoundTrip(cluster);
  });
  step(
    cluster.brokers === 1
      ? `kafka ready: produce/consume round-trip ok on ${brokerList}`
      : `${cluster.name} ready: ${cluster.nodes.length} brokers, every partition in sync (replication factor ${cluster.replicationFactor}, min.insync.replicas ${cluster.minInsyncReplicas}), produce/consume round-trip ok on ${brokerList}`,
  );
}

/** Where the test kit's topics start (libs/testing's `testKafka`): a test run's own, disposable once it is over. */
export const TEST_TOPIC_PREFIX = 'pltest.';

/** Past this many partitions a start says how to prune: one `npm test` leaves about 900. */
const PILED_UP = 2_000;

/**
 * Deletes every topic whose name starts with `prefix` (the test kit's, or a part of them), a few
 * hundred a request, and says how many. `npm test` prunes the test kit's topics as it begins and
 * once it has passed, and `npm run bench` and the benches that start their own infra as they begin:
 * each run makes ~900 partitions, and a broker loads every partition as it starts (4,346 took 46 s
 * here, and CI's start of them timed out the 120 s it then allowed). Never while a test or bench
 * runs on the same infra: its topics would go too.
 */
export async function kafkaPrune(settings: InfraSettings, brokers: BrokerCount, prefix: string): Promise<number> {
  if (!prefix.startsWith(TEST_TOPIC_PREFIX)) fail(`refusing to prune ${prefix}*: not the test kit's topics`);
  const cluster = kafkaCluster(settings, brokers);
  if (cluster.nodes.every((node) => runningPid(settings, cluster, node) === undefined)) {
    fail(`${cluster.name} is not running: \`npm run infra -- up${brokers === 1 ? '' : ' --brokers 3'}\` first`);
  }
  const admin = client(cluster).admin();
  const started = Date.now();
  await admin.connect();
  try {
    const topics = (await admin.listTopics()).filter((topic) => topic.startsWith(prefix));
    for (let at = 0; at < topics.length; at += 250) {
      // under the client's own 30 s request timeout (kafkajs's default), which would end the wait first
      await admin.deleteTopics({ topics: topics.slice(at, at + 250), timeout: 25_000 });
    }
    step(
      `deleted ${topics.length} topics named ${prefix}* on ${cluster.name} in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
    return topics.length;
  } finally {
    await admin.disconnect();
  }
}

/** Stops the cluster's nodes, all at once (SIGTERM: a clean shutdown; SIGKILL after 60 s). */
export async function kafkaDown(settings: InfraSettings, brokers: BrokerCount = 1): Promise<void> {
  const cluster = kafkaCluster(settings, brokers);
  const running = cluster.nodes.flatMap((node) => {
    const pid = runningPid(settings, cluster, node);
    return pid === undefined ? [] : [{ node, pid }];
  });
  if (running.length === 0) step(`${cluster.name} not running`);
  else step(`stopping ${cluster.name} (pid ${running.map(({ pid }) => pid).join(', ')})`);
  await Promise.all(running.map(({ pid }) => stopPid(pid, 'SIGTERM', 60_000)));
  for (const node of cluster.nodes) rmSync(nodePaths(settings, cluster, node).pid, { force: true });
}

/** SIGKILLs one node, as a machine that dies would leave it: no clean shutdown. */
export async function kafkaCrash(settings: InfraSettings, brokers: BrokerCount, nodeId: number): Promise<void> {
  const cluster = kafkaCluster(settings, brokers);
  const node = cluster.nodes.find((candidate) => candidate.id === nodeId);
  if (node === undefined)
    fail(`${cluster.name} has no node ${nodeId} (nodes ${cluster.nodes.map((n) => n.id).join(', ')})`);
  const pid = runningPid(settings, cluster, node);
  if (pid === undefined) fail(`${nodeName(cluster, node)} is not running`);
  step(`SIGKILL ${nodeName(cluster, node)} (pid ${pid})`);
  await stopPid(pid, 'SIGKILL', 10_000);
  rmSync(nodePaths(settings, cluster, node).pid, { force: true });
}

/** How many of the cluster's nodes run now. */
export function kafkaRunning(settings: InfraSettings, brokers: BrokerCount = 1): number {
  const cluster = kafkaCluster(settings, brokers);
  return cluster.nodes.filter((node) => runningPid(settings, cluster, node) !== undefined).length;
}

export function kafkaStatus(settings: InfraSettings, brokers: BrokerCount = 1): string {
  const cluster = kafkaCluster(settings, brokers);
  const label = cluster.name.padEnd(10);
  const pids = cluster.nodes.map((node) => runningPid(settings, cluster, node));
  const running = pids.filter((pid) => pid !== undefined);
  if (running.length === 0) return `${label}stopped`;
  if (running.length === pids.length) {
    return `${label}running  pid ${running.join(', ')}  ${clusterBrokers(cluster)}`;
  }
  const nodes = cluster.nodes.map(
    (node, i) => `node ${node.id} ${pids[i] === undefined ? 'stopped' : `pid ${pids[i]}`}`,
  );
  return `${label}partly   ${nodes.join(', ')}  ${clusterBrokers(cluster)}`;
}

/** The cluster's state: what `reset` deletes (kafka/ for the one broker, kafka-3/ for the three). */
export function kafkaState(settings: InfraSettings, brokers: BrokerCount = 1): string {
  return clusterHome(settings, kafkaCluster(settings, brokers));
}
