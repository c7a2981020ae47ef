// The OTLP/HTTP sink of B1 with tracing on (bench/tracing.ts forks it): the receiver the tracing e2e
// test uses, keeping no spans, only counting them by service. It answers each 'counts' message with
// the counts so far, and ends with its parent.
import { OtlpReceiver } from '@parkledger/testing';

async function main(): Promise<void> {
  const receiver = await OtlpReceiver.start({ keep: false });
  process.on('message', (message) => {
    if (message === 'counts') process.send?.({ counts: Object.fromEntries(receiver.counts) });
  });
  process.once('disconnect', () => {
    void receiver.stop().finally(() => process.exit(0));
  });
  process.send?.({ endpoint: receiver.endpoint });
}

main().catch((error: unknown) => {
  process.stderr.write(`otlp-sink: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
