import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { clusterId, kafkaPrune, serverProperties, startLoad } from './kafka';
import { brokerCount, clusterBrokers, infraSettings, kafkaCluster } from './settings';

describe('a new KRaft cluster id', () => {
  it('is 16 bytes of base64url that never starts with "-", which kafka-storage would read as an option', () => {
    // 1 id in 64 started with '-' before: among 5,000, some would (all but certainly)
    const ids = Array.from({ length: 5_000 }, () => clusterId());
    expect(ids.filter((id) => id.startsWith('-'))).toEqual([]);
    expect(ids.every((id) => /^[A-Za-z0-9_-]{22}$/.test(id) && Buffer.from(id, 'base64url').length === 16)).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
  });
});

/** server.properties as a map; a key written twice would be a mistake, so it throws. */
function properties(text: string): Map<string, string> {
  const map = new Map<string, string>();
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const at = line.indexOf('=');
    const key = line.slice(0, at);
    if (map.has(key)) throw new Error(`${key} written twice`);
    map.set(key, line.slice(at + 1));
  }
  return map;
}

const replication = (props: Map<string, string>) =>
  Object.fromEntries(
    [
      'default.replication.factor',
      'min.insync.replicas',
      'unclean.leader.election.enable',
      'offsets.topic.replication.factor',
      'transaction.state.log.replication.factor',
      'transaction.state.log.min.isr',
      'share.coordinator.state.topic.replication.factor',
      'share.coordinator.state.topic.min.isr',
    ].map((key) => [key, props.get(key)]),
  );

describe('the one broker', () => {
  const settings = infraSettings({ PARKLEDGER_STATE_DIR: '/state' });
  const cluster = kafkaCluster(settings);

  it('stays on 9092 (controller 9093) in kafka/, one replica of everything', () => {
    expect(cluster).toEqual({
      brokers: 1,
      name: 'kafka',
      host: '127.0.0.1',
      nodes: [{ id: 1, port: 9092, controllerPort: 9093 }],
      heap: '1g',
      replicationFactor: 1,
      minInsyncReplicas: 1,
    });
    expect(clusterBrokers(cluster)).toBe('127.0.0.1:9092');
  });

  it('is its own quorum, with the replication settings Kafka defaults to for one broker', () => {
    const node = cluster.nodes[0]!;
    const props = properties(serverProperties(cluster, node, '/state/kafka/data'));
    expect(props.get('process.roles')).toBe('broker,controller');
    expect(props.get('node.id')).toBe('1');
    expect(props.get('controller.quorum.voters')).toBe('1@127.0.0.1:9093');
    expect(props.get('listeners')).toBe('PLAINTEXT://127.0.0.1:9092,CONTROLLER://127.0.0.1:9093');
    expect(props.get('advertised.listeners')).toBe('PLAINTEXT://127.0.0.1:9092');
    expect(props.get('log.dirs')).toBe('/state/kafka/data');
    expect(props.get('auto.create.topics.enable')).toBe('false');
    expect(props.get('offsets.topic.num.partitions')).toBe('5');
    expect(replication(props)).toEqual({
      'default.replication.factor': '1',
      'min.insync.replicas': '1',
      'unclean.leader.election.enable': 'false',
      'offsets.topic.replication.factor': '1',
      'transaction.state.log.replication.factor': '1',
      'transaction.state.log.min.isr': '1',
      'share.coordinator.state.topic.replication.factor': '1',
      'share.coordinator.state.topic.min.isr': '1',
    });
  });
});

describe('the three-broker cluster', () => {
  const settings = infraSettings({ PARKLEDGER_STATE_DIR: '/state' });
  const cluster = kafkaCluster(settings, 3);

  it('is three nodes on 29092/29094/29096, controllers on the port after each, in kafka-3/', () => {
    expect(cluster.name).toBe('kafka-3');
    expect(cluster.nodes).toEqual([
      { id: 1, port: 29092, controllerPort: 29093 },
      { id: 2, port: 29094, controllerPort: 29095 },
      { id: 3, port: 29096, controllerPort: 29097 },
    ]);
    expect(cluster.heap).toBe('512m');
    expect(clusterBrokers(cluster)).toBe('127.0.0.1:29092,127.0.0.1:29094,127.0.0.1:29096');
  });

  it('shares no port with the one broker, so both can run at once', () => {
    const one = kafkaCluster(settings, 1).nodes.flatMap((n) => [n.port, n.controllerPort]);
    const three = cluster.nodes.flatMap((n) => [n.port, n.controllerPort]);
    expect(new Set([...one, ...three]).size).toBe(8);
  });

  it('moves with KAFKA3_PORT, and refuses a first port whose sixth is no port', () => {
    const moved = kafkaCluster(infraSettings({ KAFKA3_PORT: '40000', KAFKA3_HEAP: '768m' }), 3);
    expect(moved.nodes.flatMap((n) => [n.port, n.controllerPort])).toEqual([40000, 40001, 40002, 40003, 40004, 40005]);
    expect(moved.heap).toBe('768m');
    expect(kafkaCluster(infraSettings({ KAFKA3_PORT: '65530' }), 3).nodes[2]?.controllerPort).toBe(65535);
    expect(() => infraSettings({ KAFKA3_PORT: '65531' })).toThrow(
      'KAFKA3_PORT must be a TCP port (1-65530), got "65531"',
    );
  });

  it('gives every node the same three voters, its own id and listeners', () => {
    const configs = cluster.nodes.map((node) =>
      properties(serverProperties(cluster, node, `/state/kafka-3/node-${node.id}/data`)),
    );
    expect(configs.map((props) => props.get('controller.quorum.voters'))).toEqual(
      Array(3).fill('1@127.0.0.1:29093,2@127.0.0.1:29095,3@127.0.0.1:29097'),
    );
    expect(configs.map((props) => props.get('node.id'))).toEqual(['1', '2', '3']);
    expect(configs.map((props) => props.get('process.roles'))).toEqual(Array(3).fill('broker,controller'));
    expect(configs.map((props) => props.get('listeners'))).toEqual([
      'PLAINTEXT://127.0.0.1:29092,CONTROLLER://127.0.0.1:29093',
      'PLAINTEXT://127.0.0.1:29094,CONTROLLER://127.0.0.1:29095',
      'PLAINTEXT://127.0.0.1:29096,CONTROLLER://127.0.0.1:29097',
    ]);
    expect(configs.map((props) => props.get('advertised.listeners'))).toEqual([
      'PLAINTEXT://127.0.0.1:29092',
      'PLAINTEXT://127.0.0.1:29094',
      'PLAINTEXT://127.0.0.1:29096',
    ]);
    expect(configs.map((props) => props.get('log.dirs'))).toEqual([
      '/state/kafka-3/node-1/data',
      '/state/kafka-3/node-2/data',
      '/state/kafka-3/node-3/data',
    ]);
  });

  it('replicates every topic, the internal ones too, three times, and an acks=all write needs two in sync', () => {
    for (const node of cluster.nodes) {
      expect(replication(properties(serverProperties(cluster, node, '/data')))).toEqual({
        'default.replication.factor': '3',
        'min.insync.replicas': '2',
        'unclean.leader.election.enable': 'false',
        'offsets.topic.replication.factor': '3',
        'transaction.state.log.replication.factor': '3',
        'transaction.state.log.min.isr': '2',
        'share.coordinator.state.topic.replication.factor': '3',
        'share.coordinator.state.topic.min.isr': '2',
      });
    }
  });
});

describe('--brokers', () => {
  it('takes 1 (the default) or 3, and names what it got otherwise', () => {
    expect(brokerCount(undefined)).toBe(1);
    expect(brokerCount('1')).toBe(1);
    expect(brokerCount('3')).toBe(3);
    expect(() => brokerCount('2')).toThrow('--brokers must be 1 or 3, got "2"');
  });
});

describe('what a start has to load', () => {
  let data: string;
  beforeEach(() => (data = mkdtempSync(join(tmpdir(), 'pl-kafka-data-'))));
  afterEach(() => rmSync(data, { recursive: true, force: true }));
  const partitions = (names: string[]) => names.forEach((name) => mkdirSync(join(data, name)));

  it("counts the topics' partitions, not the internal ones nor those being deleted", () => {
    expect(startLoad(join(data, 'none'), 1)).toBe('no partitions yet');
    partitions(['__cluster_metadata-0', '__consumer_offsets-0', 'pltest.a.parkledger.parks.v1-0']);
    partitions(['pltest.a.parkledger.parks.v1-1', 'parkledger.parks.v1-0', 'pltest.b.x-0.4d1f2c-delete']);
    writeFileSync(join(data, '.kafka_cleanshutdown'), '');
    expect(startLoad(data, 1)).toBe('3 partitions to load');
  });

  it('says when each is recovered, and past 2,000 how to prune the test topics', () => {
    partitions(Array.from({ length: 2_000 }, (_, i) => `pltest.t${i}.parkledger.parks.v1-0`));
    expect(startLoad(data, 1)).toBe(
      '2,000 partitions to load, each recovered (the last stop was not clean); once it is up, `npm run infra -- prune` deletes the topics test runs left',
    );
    expect(startLoad(data, 3)).toMatch(/`npm run infra -- prune --brokers 3`/);
  });
});

describe('pruning', () => {
  it("refuses a prefix that is not the test kit's, before it reaches for a broker", async () => {
    for (const prefix of ['', 'parkledger.', 'pltest']) {
      await expect(kafkaPrune(infraSettings(), 1, prefix)).rejects.toThrow(
        `refusing to prune ${prefix}*: not the test kit's topics`,
      );
    }
  });
});
