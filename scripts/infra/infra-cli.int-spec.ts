import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, symlinkSync, mkdirSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createKafka } from '@parkledger/messaging';
import { createTestTopics, testKafka } from '@parkledger/testing';
import { kafkaBrokers, kafkaPrune, TEST_TOPIC_PREFIX } from './kafka';
import { infraSettings } from './settings';

const cli = join(__dirname, 'main.ts');

function infra(args: string[], env: NodeJS.ProcessEnv = {}): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, ['--import', 'tsx', cli, ...args], {
    encoding: 'utf8',
    env: { ...process.env, ...env },
    timeout: 180_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function listen(): Promise<{ server: Server; port: number }> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      resolve({ server, port: typeof address === 'object' && address !== null ? address.port : 0 });
    });
  });
}

describe('the infra command', () => {
  let scratch: string;

  beforeEach(() => {
    scratch = mkdtempSync(join(tmpdir(), 'parkledger-infra-'));
  });
  afterEach(() => {
    rmSync(scratch, { recursive: true, force: true });
  });

  it('is idempotent: up on a running system only checks it', () => {
    const result = infra(['up']);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/postgres already running \(pid \d+\)/);
    expect(result.stdout).toMatch(/kafka already running \(pid \d+\)/);
    expect(result.stdout).toMatch(/kafka ready: produce\/consume round-trip ok/);
  });

  it('names the port and the pid that hold it', async () => {
    const { server, port } = await listen();
    try {
      const result = infra(['up', 'postgres'], { PARKLEDGER_STATE_DIR: scratch, PG_PORT: String(port) });
      expect(result.status).toBe(1);
      expect(result.stderr).toBe(`infra: port ${port} in use by pid ${process.pid}\n`);
    } finally {
      server.close();
    }
  });

  it('says in one line that java is missing', async () => {
    const bin = join(scratch, 'bin');
    mkdirSync(bin);
    symlinkSync('/bin/sh', join(bin, 'sh'));
    const { server, port } = await listen();
    server.close();
    const result = infra(['up', 'kafka'], {
      PATH: bin,
      PARKLEDGER_STATE_DIR: scratch,
      KAFKA_PORT: String(port),
      KAFKA_CONTROLLER_PORT: String(port + 1),
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toBe('infra: java not found (install Java 17+)\n');
  });

  it('stops only what it started: down with nothing of its own running touches nothing', () => {
    const result = infra(['down'], { PARKLEDGER_STATE_DIR: scratch });
    expect(result.status).toBe(0);
    expect(result.stdout).toBe('infra: kafka not running\ninfra: postgres not running\n');
    expect(infra(['status']).stdout).toMatch(/^postgres {2}running {2}pid \d+/m);
  });

  it('stops only what it started of the three-broker cluster too', () => {
    const result = infra(['down', '--brokers', '3'], { PARKLEDGER_STATE_DIR: scratch });
    expect(result.status).toBe(0);
    expect(result.stdout).toBe('infra: kafka-3 not running\ninfra: postgres not running\n');
    expect(infra(['status', '--brokers', '3'], { PARKLEDGER_STATE_DIR: scratch }).stdout).toBe(
      'postgres  stopped\nkafka-3   stopped\n',
    );
  });

  it('prunes only a broker that runs, and says so', () => {
    const result = infra(['prune'], { PARKLEDGER_STATE_DIR: scratch });
    expect(result.status).toBe(1);
    expect(result.stderr).toBe('infra: kafka is not running: `npm run infra -- up` first\n');
  });

  it('refuses an unknown command with its usage', () => {
    const result = infra(['sideways']);
    expect(result.status).toBe(1);
    expect(result.stderr).toBe(
      'infra: usage: npm run infra -- up|down|status|reset [kafka|postgres] [--brokers 1|3] | prune [--brokers 1|3] | crash postgres | crash kafka [--brokers 3 --node 1|2|3]\n',
    );
  });

  it('says which broker counts and nodes there are', () => {
    expect(infra(['up', '--brokers', '2']).stderr).toBe('infra: --brokers must be 1 or 3, got "2"\n');
    expect(infra(['crash', 'kafka', '--brokers', '3', '--node', '4']).stderr).toBe(
      'infra: --node must be 1, 2 or 3, got "4"\n',
    );
    // which of three brokers dies is never left to chance
    const unnamed = infra(['crash', 'kafka', '--brokers', '3']);
    expect(unnamed.status).toBe(1);
    expect(unnamed.stderr).toMatch(/^infra: usage: /);
    // prune is Kafka's alone
    expect(infra(['prune', 'postgres']).stderr).toMatch(/^infra: usage: /);
  });
});

describe('pruning the topics test runs left', () => {
  it("is the test kit's prefix", async () => {
    expect((await testKafka('prune')).topicPrefix.startsWith(TEST_TOPIC_PREFIX)).toBe(true);
  });

  it('deletes the topics with the prefix, and no other', async () => {
    // on the broker `npm run infra` runs, the one prune reaches (not a test container on a Docker host)
    const kafka = createKafka({ brokers: kafkaBrokers(infraSettings()).split(','), clientId: 'pltest-prune' });
    const topicPrefix = `${TEST_TOPIC_PREFIX}prune.${randomBytes(3).toString('hex')}.`;
    const pruned = [`${topicPrefix}left.a`, `${topicPrefix}left.b`];
    const kept = `${topicPrefix}kept`;
    await createTestTopics(kafka, [...pruned, kept]);
    const write = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
    let said: unknown[][];
    try {
      expect(await kafkaPrune(infraSettings(), 1, `${topicPrefix}left.`)).toBe(2);
    } finally {
      said = write.mock.calls;
      write.mockRestore();
    }
    expect(said).toEqual([
      [expect.stringMatching(/^infra: deleted 2 topics named pltest\.prune\.\w+\.left\.\* on kafka in [0-9.]+ s\n$/)],
    ]);
    const admin = kafka.admin();
    await admin.connect();
    try {
      const left = (await admin.listTopics()).filter((topic) => topic.startsWith(topicPrefix));
      expect(left).toEqual([kept]);
      await admin.deleteTopics({ topics: [kept] });
    } finally {
      await admin.disconnect();
    }
  });
});
