import { parseReplayArgs, ReplayArgsError } from './replay-args';

const KNOWN = ['park-registry', 'project-pipeline', 'fund-ledger', 'policy-awards'];
/** No PG_* or KAFKA_* overrides: the defaults of the system `npm start` runs. */
const parse = (argv: string[], env: NodeJS.ProcessEnv = {}) => parseReplayArgs(argv, KNOWN, env);
const refusal = (argv: string[], env: NodeJS.ProcessEnv = {}): string => {
  try {
    parse(argv, env);
  } catch (error) {
    if (error instanceof ReplayArgsError) return error.message;
    throw error;
  }
  throw new Error(`${argv.join(' ')} was taken`);
};

describe('npm run replay: its arguments', () => {
  it('replays every service against the system npm start runs when given nothing', () => {
    expect(parse([])).toEqual({
      services: KNOWN,
      live: {
        postgres: {
          host: '127.0.0.1',
          port: 5433,
          database: 'parkledger',
          user: 'parkledger_admin',
          password: 'parkledger_admin',
        },
        brokers: ['127.0.0.1:9092'],
        topicPrefix: '',
        groupPrefix: '',
      },
      timeoutMs: 600_000,
      keep: false,
      help: false,
    });
    expect(parse(['--service', 'all']).services).toEqual(KNOWN);
  });

  it('takes one service, another system and its prefixes', () => {
    const args = parse([
      '--service',
      'project-pipeline',
      '--database',
      'pltest_x',
      '--pg-host',
      'db.local',
      '--pg-port',
      '5432',
      '--brokers',
      'k1:9092, k2:9092',
      '--topic-prefix',
      'staging.',
      '--timeout-seconds',
      '30',
      '--keep',
    ]);
    expect(args.services).toEqual(['project-pipeline']);
    expect(args.live).toMatchObject({
      postgres: { host: 'db.local', port: 5432, database: 'pltest_x' },
      brokers: ['k1:9092', 'k2:9092'],
      topicPrefix: 'staging.',
      groupPrefix: 'staging.',
    });
    expect(args).toMatchObject({ timeoutMs: 30_000, keep: true });
    expect(parse(['--topic-prefix', 'a.', '--group-prefix', 'rebuild.']).live.groupPrefix).toBe('rebuild.');
  });

  it("follows the local infra's environment, as npm start does", () => {
    const env = { PG_PORT: '6543', PG_DATABASE: 'other', KAFKA_PORT: '19092', PG_ADMIN_USER: 'admin' };
    expect(parse([], env).live).toMatchObject({
      postgres: { port: 6543, database: 'other', user: 'admin' },
      brokers: ['127.0.0.1:19092'],
    });
  });

  it('refuses what it cannot run, naming the flag', () => {
    expect(refusal(['--service', 'gateway'])).toBe(
      '--service must be one of park-registry, project-pipeline, fund-ledger, policy-awards, all; got "gateway"',
    );
    expect(refusal(['--service'])).toMatch(/--service/);
    expect(refusal(['--servce', 'all'])).toMatch(/--servce/);
    expect(refusal(['project-pipeline'])).toMatch(/project-pipeline/);
    expect(refusal(['--pg-port', '0'])).toBe('--pg-port must be a TCP port (1-65535), got "0"');
    expect(refusal(['--pg-port', '5433x'])).toMatch(/^--pg-port/);
    expect(refusal(['--brokers', 'localhost'])).toBe('--brokers must be host:port, comma-separated; got "localhost"');
    expect(refusal(['--timeout-seconds', '0'])).toMatch(/^--timeout-seconds/);
    expect(refusal(['--timeout-seconds', '1.5'])).toMatch(/^--timeout-seconds/);
    expect(refusal(['--database', ''])).toBe('--database must name a database');
    expect(refusal([], { PG_PORT: 'x' })).toMatch(/PG_PORT/);
  });
});
