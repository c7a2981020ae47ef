/**
 * npm run replay: rebuilds the read models of one service, or of all, from offset 0 into a fresh
 * database, compares them with the live ones table by table, and prints the differences.
 *
 *   tsx scripts/replay/main.ts [--service <name>|all] [--database …] [--topic-prefix …] (--help for all)
 *
 * Exit codes: 0 no differences, 1 differences, 2 bad arguments, 3 the replay could not run.
 */
import { parseReplayArgs, ReplayArgsError, usage, type ReplayArgs } from './replay-args';
import { replay, ReplayError } from './replay';
import { differingTables, formatReport } from './replay-report';
import { REPLAYED_SERVICES } from './replayed-services';

const say = (line: string): void => void process.stdout.write(`replay: ${line}\n`);

async function main(argv: readonly string[]): Promise<number> {
  const known = REPLAYED_SERVICES.map((service) => service.service);
  let args: ReplayArgs;
  try {
    args = parseReplayArgs(argv, known);
  } catch (error) {
    if (!(error instanceof ReplayArgsError)) throw error;
    process.stderr.write(`replay: ${error.message}\n\n${usage(known)}\n`);
    return 2;
  }
  if (args.help) {
    process.stdout.write(`${usage(known)}\n`);
    return 0;
  }
  const { live } = args;
  say(
    `live system: database ${live.postgres.database} at ${live.postgres.host}:${live.postgres.port}, ` +
      `Kafka ${live.brokers.join(',')}, ` +
      `topic prefix "${live.topicPrefix}", consumer groups "${live.groupPrefix}<consumer>"`,
  );
  try {
    const report = await replay({
      live,
      services: REPLAYED_SERVICES.filter((service) => args.services.includes(service.service)),
      timeoutMs: args.timeoutMs,
      keep: args.keep,
      say,
    });
    process.stdout.write(`\n${formatReport(report)}\n`);
    return differingTables(report).length === 0 ? 0 : 1;
  } catch (error) {
    if (!(error instanceof ReplayError)) throw error;
    say(`could not run: ${error.message}`);
    return 3;
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    say(`could not run: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exit(3);
  },
);
