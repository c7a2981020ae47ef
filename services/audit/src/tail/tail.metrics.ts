import { metricsRegistry } from '@parkledger/platform';
import { Counter, Gauge } from 'prom-client';

export const tailStreams = new Gauge({
  name: 'parkledger_audit_tail_streams',
  help: 'live tails of the audit log open in this process',
  registers: [metricsRegistry],
});

export const tailReads = new Counter({
  name: 'parkledger_audit_tail_reads_total',
  help: "the tail's reads of newly logged entries, one for every open stream together",
  registers: [metricsRegistry],
});

export const tailFallbacks = new Counter({
  name: 'parkledger_audit_tail_fallbacks_total',
  help: 'times a live tail fell more than its bound behind and went back to reading the log in pages',
  registers: [metricsRegistry],
});
