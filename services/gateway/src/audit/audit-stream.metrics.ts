import { metricsRegistry } from '@parkledger/platform';
import { Counter, Gauge } from 'prom-client';

export const streamClients = new Gauge({
  name: 'parkledger_audit_stream_clients',
  help: 'clients of the audit log’s live tail (GET /api/v1/audit/stream) connected now',
  registers: [metricsRegistry],
});

export const streamEnds = new Counter({
  name: 'parkledger_audit_stream_ends_total',
  help: 'live tails the gateway ended: overflow (the client read too slowly), token-expired, unavailable (the audit service’s stream ended)',
  labelNames: ['reason'] as const,
  registers: [metricsRegistry],
});
