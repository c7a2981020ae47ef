import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { decodeEvent, parseEnvelope } from '@parkledger/contracts';
import { eventually, OtlpReceiver, readTopic, type ReceivedSpan } from '@parkledger/testing';
import { devToken } from '../scripts/token';
import { call } from './support/http';
import { startSystem, type RunningSystem } from './support/system';

const POLICY = 'jinan-2019-biomedical';
const admin = devToken('admin', [], 'e2e-admin');
const officer = devToken('policy-officer', [], 'e2e-officer', undefined, [], [POLICY]);
const [SERVER, CLIENT, CONSUMER] = [2, 3, 5];

/**
 * One request traced from the gateway through gRPC to the registry's transaction, and across Kafka to
 * every consumer: the awards service's, whose AwardGranted carries the trace on to the fund ledger,
 * the pipeline and the audit log. The services export over OTLP/HTTP to a receiver of the test's own.
 */
describe('traces across the gateway, gRPC and Kafka', () => {
  let receiver: OtlpReceiver;
  let system: RunningSystem;
  let valley: string;
  let qilu: string;

  const post = async (path: string, body: unknown, token = admin, headers: Record<string, string> = {}) => {
    const reply = await call<{ id: string }>(system.base, 'POST', `/api/v1${path}`, { token, body, headers });
    if (reply.status !== 201) throw new Error(`POST ${path} answered ${reply.status}: ${JSON.stringify(reply.body)}`);
    return reply;
  };

  beforeAll(async () => {
    receiver = await OtlpReceiver.start();
    system = await startSystem('tracing', {}, () => [], {
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint,
      OTEL_BSP_SCHEDULE_DELAY: '200',
    });
    valley = (
      await post('/parks', {
        kind: 'park',
        nameZh: '济南国际医学科学中心',
        nameEn: 'Jinan Medical Valley',
        focusIndustries: [],
      })
    ).body.id;
    qilu = (
      await post('/enterprises', {
        name: '齐鲁制药有限公司 (Qilu Pharmaceutical)',
        uscc: '91370100163052963U',
        foundedOn: '1958-01-01',
        registeredCapital: { amount: '1000000000.00', currency: 'CNY' },
        industryFields: ['chemical-medicine'],
      })
    ).body.id;
    await post('/settlements', { enterpriseId: qilu, parkId: valley, settledOn: '2010-01-01' });
    const jinan = JSON.parse(
      readFileSync(join(__dirname, '..', 'services/policy-awards/policies/jinan-2019-biomedical.json'), 'utf8'),
    ) as Record<string, unknown>;
    await post('/policies', { ...jinan, parks: [valley] }, officer);
  }, 120_000);

  afterAll(async () => {
    await system?.stop();
    await receiver?.stop();
  }, 60_000);

  it('follows a milestone from the gateway to its award and every consumer of both, in one trace', async () => {
    const traceId = randomBytes(16).toString('hex');
    const callerSpan = randomBytes(8).toString('hex');
    const recorded = await post(
      `/enterprises/${qilu}/milestones`,
      { kind: 'new-drug-approval', achievedOn: '2022-05-20', facts: { product: 'QL1706', drugClass: 1 } },
      officer,
      { traceparent: `00-${traceId}-${callerSpan}-01`, 'x-correlation-id': 'e2e-trace-1' },
    );
    const milestoneId = recorded.body.id;

    const named = (spans: ReceivedSpan[], service: string, name: string | RegExp, kind: number) =>
      spans.filter(
        (span) =>
          span.service === service &&
          span.kind === kind &&
          (typeof name === 'string' ? span.name === name : name.test(span.name)),
      );
    const granted = (spans: ReceivedSpan[]) =>
      spans.filter((span) => span.attributes['cloudevents.event_type'] === 'parkledger.award.granted.v1');
    const enterprisesTopic = `${system.topicPrefix}parkledger.enterprises.v1`;
    const awardsTopic = `${system.topicPrefix}parkledger.awards.v1`;
    const expected = (spans: ReceivedSpan[]) => ({
      gateway: named(spans, 'gateway', 'POST /api/v1/enterprises/:id/milestones', SERVER),
      call: named(spans, 'gateway', /ParkRegistryService\/RecordMilestone$/, CLIENT),
      registry: named(spans, 'park-registry', /ParkRegistryService\/RecordMilestone$/, SERVER),
      transaction: spans.filter((span) => span.service === 'park-registry' && span.name === 'write transaction'),
      awarded: named(spans, 'policy-awards', `process ${enterprisesTopic}`, CONSUMER).filter(
        (span) =>
          span.attributes['messaging.consumer.group.name'] === `${system.topicPrefix}policy-awards.milestone-awards`,
      ),
      // the awards service writes the award applied for and granted: these follow the grant
      ledger: granted(named(spans, 'fund-ledger', `process ${awardsTopic}`, CONSUMER)),
      pipeline: granted(named(spans, 'project-pipeline', `process ${awardsTopic}`, CONSUMER)),
      auditMilestone: named(spans, 'audit', `process ${enterprisesTopic}`, CONSUMER),
      auditAward: granted(named(spans, 'audit', `process ${awardsTopic}`, CONSUMER)),
    });
    let found = expected([]);
    await eventually(
      'the trace’s spans from every service',
      () => {
        found = expected(receiver.trace(traceId));
        return Object.values(found).every((spans) => spans.length > 0);
      },
      30_000,
    );
    const one = (spans: ReceivedSpan[]): ReceivedSpan => {
      expect(spans).toHaveLength(1);
      return spans[0] as ReceivedSpan;
    };
    const gateway = one(found.gateway);
    const grpcCall = one(found.call);
    const registry = one(found.registry);
    const transaction = one(found.transaction);
    const awarded = one(found.awarded);
    // the chain, parent by parent: the caller's span, the gateway, its call, the registry, its transaction
    expect(gateway.parentSpanId).toBe(callerSpan);
    expect(gateway.attributes).toMatchObject({
      'http.route': '/api/v1/enterprises/:id/milestones',
      'http.response.status_code': 201,
    });
    expect(grpcCall.parentSpanId).toBe(gateway.spanId);
    expect(registry.parentSpanId).toBe(grpcCall.spanId);
    expect(transaction.parentSpanId).toBe(registry.spanId);
    // across Kafka: the milestone's consumers are children of the transaction that wrote it
    expect(awarded.parentSpanId).toBe(transaction.spanId);
    expect(one(found.auditMilestone).parentSpanId).toBe(transaction.spanId);
    // the award the awards service wrote in its consumer's span goes on in the same trace
    for (const consumer of [found.ledger, found.pipeline, found.auditAward]) {
      expect(one(consumer).parentSpanId).toBe(awarded.spanId);
    }
    expect(awarded.attributes).toMatchObject({ 'messaging.system': 'kafka', 'messaging.operation.type': 'process' });

    // on Kafka the events carry the trace (CloudEvents' distributed-tracing extension) and the correlation id
    const milestoneRecord = (await readTopic(system.kafka, enterprisesTopic)).find(
      (record) => parseEnvelope(record.headers).type === 'parkledger.enterprise.milestone-recorded.v1',
    );
    expect(parseEnvelope(milestoneRecord?.headers)).toMatchObject({
      traceparent: `00-${traceId}-${transaction.spanId}-01`,
      correlationId: 'e2e-trace-1',
    });
    const awardRecord = (await readTopic(system.kafka, awardsTopic)).find((record) => {
      if (parseEnvelope(record.headers).type !== 'parkledger.award.granted.v1') return false;
      const event = decodeEvent('parkledger.award.granted.v1', record.value ?? Buffer.alloc(0));
      return event.type === 'parkledger.award.granted.v1' && event.payload.award?.milestoneId === milestoneId;
    });
    expect(parseEnvelope(awardRecord?.headers)).toMatchObject({
      traceparent: `00-${traceId}-${awarded.spanId}-01`,
      correlationId: 'e2e-trace-1',
    });

    // the gateway's log line of the request carries the trace
    const logged = system
      .output('gateway')
      .split('\n')
      .filter((line) => line.includes(`"trace_id":"${traceId}"`));
    expect(logged.map((line) => JSON.parse(line) as Record<string, unknown>)).toContainEqual(
      expect.objectContaining({ msg: 'request', status: 201, correlationId: 'e2e-trace-1', span_id: gateway.spanId }),
    );
  }, 90_000);
});
