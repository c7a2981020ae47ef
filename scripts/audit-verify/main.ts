// npm run audit:verify: checks the audit log against Kafka, and every fund's balances rebuilt from
// the stream against the fund ledger's, without trusting the audit service, and exits non-zero on
// any discrepancy. It shares nothing with the audit service but the Merkle library (libs/tlog) and
// the contracts.
//   --base <url>          the gateway (default http://127.0.0.1:3000)
//   --key <verifier key>  the log's public key, as npm start prints it (default: AUDIT_VERIFIER_KEY,
//                         else the development key npm start generated in the state directory)
//   --origin <origin>     the log's origin (default parkledger.local/audit)
//   --brokers <list>      Kafka (default: the local infra's)
//   --topic-prefix <p>    the system's topic prefix (default none, as npm start runs it)
// An auditor's token comes from AUDIT_TOKEN, else a development one is made.
import { createKafka } from '@parkledger/messaging';
import { parseVerifierKey } from '@parkledger/tlog';
import { kafkaBrokers } from '../infra/kafka';
import { infraSettings } from '../infra/settings';
import { DEV_AUDIT_ORIGIN, devAuditVerifierKey } from '../stack/audit-key';
import { devToken } from '../token';
import { verifyAuditLog } from './verify';

function flag(name: string): string | undefined {
  const at = process.argv.indexOf(`--${name}`);
  return at < 0 ? undefined : process.argv[at + 1];
}

async function main(): Promise<number> {
  const settings = infraSettings();
  const say = (line: string) => process.stdout.write(`audit:verify: ${line}\n`);
  const keyText = flag('key') ?? process.env.AUDIT_VERIFIER_KEY ?? devAuditVerifierKey(settings.stateDir);
  if (keyText === undefined) {
    throw new Error('no verifier key: pass --key or AUDIT_VERIFIER_KEY (npm start prints the development one)');
  }
  const key = parseVerifierKey(keyText);
  const started = Date.now();
  const report = await verifyAuditLog({
    kafka: createKafka({ brokers: (flag('brokers') ?? kafkaBrokers(settings)).split(','), clientId: 'audit-verify' }),
    topicPrefix: flag('topic-prefix') ?? '',
    base: flag('base') ?? 'http://127.0.0.1:3000',
    token: process.env.AUDIT_TOKEN ?? devToken('auditor', [], 'audit-verify'),
    key,
    origin: flag('origin') ?? DEV_AUDIT_ORIGIN,
    say,
  });
  const seconds = (Date.now() - started) / 1000;
  say(
    `${report.records} records on Kafka, ${report.entries} entries in the log, verified in ${seconds.toFixed(1)} s (${Math.round(report.entries / seconds)}/s), ${report.checkpoints} checkpoints, ${report.aggregates} aggregates, ${report.funds} funds' balances from ${report.fundEntries} journal entries; ${report.notYetLogged} records not in the log yet; ${report.expired} entries whose records Kafka's retention dropped`,
  );
  for (const discrepancy of report.discrepancies) say(`DISCREPANCY ${discrepancy}`);
  say(
    report.discrepancies.length === 0
      ? 'the log holds what Kafka holds, as signed'
      : `${report.discrepancies.length} discrepancies`,
  );
  return report.discrepancies.length === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`audit:verify: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(2);
  },
);
