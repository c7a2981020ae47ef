import {
  create,
  fromBinary,
  toBinary,
  type DescMessage,
  type MessageInitShape,
  type MessageShape,
} from '@bufbuild/protobuf';
import { CheckpointSignedSchema } from './gen/parkledger/audit/v1/audit_events_pb';
import {
  CapitalCalledSchema,
  ContributionReceivedSchema,
  DistributionMadeSchema,
  EntriesImportedSchema,
  EntryReversedSchema,
  ExitRealisedSchema,
  FeeChargedSchema,
  FundRegisteredSchema,
  InvestmentMadeSchema,
  InvestmentValuedSchema,
  InvestmentWrittenOffSchema,
  PartnerCommittedSchema,
  PeriodClosedSchema,
  ReinvestmentRequiredSchema,
} from './gen/parkledger/fund_ledger/v1/fund_ledger_events_pb';
import { ProbeEmittedSchema } from './gen/parkledger/diagnostics/v1/probe_events_pb';
import {
  EnterpriseLeftSchema,
  EnterpriseMilestoneRecordedSchema,
  EnterpriseRegisteredSchema,
  EnterpriseSettledSchema,
  EnterpriseUpdatedSchema,
  ParkMovedSchema,
  ParkRegisteredSchema,
  ParkRemovedSchema,
  ParkRetiredSchema,
  ParkUpdatedSchema,
} from './gen/parkledger/park_registry/v1/park_registry_events_pb';
import {
  ApplicationSubmittedSchema,
  AwardGrantedSchema,
  AwardPaidSchema,
  AwardRecapturedSchema,
  AwardRejectedSchema,
  AwardRevokedSchema,
  PolicyPublishedSchema,
} from './gen/parkledger/policy_awards/v1/policy_awards_events_pb';
import {
  ProjectCommissionedSchema,
  ProjectConstructionStartedSchema,
  ProjectInvestmentReportedSchema,
  ProjectNegotiationStartedSchema,
  ProjectPlanAmendedSchema,
  ProjectRegisteredSchema,
  ProjectSignedSchema,
  ProjectTerminatedSchema,
} from './gen/parkledger/project_pipeline/v1/project_pipeline_events_pb';

/** Where an event type lives: its topic, its aggregate and its protobuf schema. */
export interface EventDefinition<S extends DescMessage = DescMessage> {
  readonly topic: string;
  readonly aggregate: string;
  readonly schema: S;
}

/**
 * Every event of parkledger, by CloudEvents type `parkledger.<aggregate>.<past-verb>.v1`.
 * Topics are per aggregate type and keyed by aggregate id.
 */
export const EVENTS = {
  'parkledger.probe.emitted.v1': { topic: 'parkledger.probes.v1', aggregate: 'probe', schema: ProbeEmittedSchema },
  'parkledger.park.registered.v1': { topic: 'parkledger.parks.v1', aggregate: 'park', schema: ParkRegisteredSchema },
  'parkledger.park.updated.v1': { topic: 'parkledger.parks.v1', aggregate: 'park', schema: ParkUpdatedSchema },
  'parkledger.park.moved.v1': { topic: 'parkledger.parks.v1', aggregate: 'park', schema: ParkMovedSchema },
  'parkledger.park.removed.v1': { topic: 'parkledger.parks.v1', aggregate: 'park', schema: ParkRemovedSchema },
  'parkledger.park.retired.v1': { topic: 'parkledger.parks.v1', aggregate: 'park', schema: ParkRetiredSchema },
  'parkledger.enterprise.registered.v1': {
    topic: 'parkledger.enterprises.v1',
    aggregate: 'enterprise',
    schema: EnterpriseRegisteredSchema,
  },
  'parkledger.enterprise.updated.v1': {
    topic: 'parkledger.enterprises.v1',
    aggregate: 'enterprise',
    schema: EnterpriseUpdatedSchema,
  },
  'parkledger.enterprise.milestone-recorded.v1': {
    topic: 'parkledger.enterprises.v1',
    aggregate: 'enterprise',
    schema: EnterpriseMilestoneRecordedSchema,
  },
  'parkledger.settlement.settled.v1': {
    topic: 'parkledger.settlements.v1',
    aggregate: 'settlement',
    schema: EnterpriseSettledSchema,
  },
  'parkledger.settlement.left.v1': {
    topic: 'parkledger.settlements.v1',
    aggregate: 'settlement',
    schema: EnterpriseLeftSchema,
  },
  'parkledger.project.registered.v1': {
    topic: 'parkledger.projects.v1',
    aggregate: 'project',
    schema: ProjectRegisteredSchema,
  },
  'parkledger.project.negotiation-started.v1': {
    topic: 'parkledger.projects.v1',
    aggregate: 'project',
    schema: ProjectNegotiationStartedSchema,
  },
  'parkledger.project.signed.v1': {
    topic: 'parkledger.projects.v1',
    aggregate: 'project',
    schema: ProjectSignedSchema,
  },
  'parkledger.project.construction-started.v1': {
    topic: 'parkledger.projects.v1',
    aggregate: 'project',
    schema: ProjectConstructionStartedSchema,
  },
  'parkledger.project.commissioned.v1': {
    topic: 'parkledger.projects.v1',
    aggregate: 'project',
    schema: ProjectCommissionedSchema,
  },
  'parkledger.project.terminated.v1': {
    topic: 'parkledger.projects.v1',
    aggregate: 'project',
    schema: ProjectTerminatedSchema,
  },
  'parkledger.project.investment-reported.v1': {
    topic: 'parkledger.projects.v1',
    aggregate: 'project',
    schema: ProjectInvestmentReportedSchema,
  },
  'parkledger.project.plan-amended.v1': {
    topic: 'parkledger.projects.v1',
    aggregate: 'project',
    schema: ProjectPlanAmendedSchema,
  },
  'parkledger.fund.registered.v1': {
    topic: 'parkledger.funds.v1',
    aggregate: 'fund',
    schema: FundRegisteredSchema,
  },
  'parkledger.fund.partner-committed.v1': {
    topic: 'parkledger.funds.v1',
    aggregate: 'fund',
    schema: PartnerCommittedSchema,
  },
  'parkledger.fund.capital-called.v1': {
    topic: 'parkledger.funds.v1',
    aggregate: 'fund',
    schema: CapitalCalledSchema,
  },
  'parkledger.fund.contribution-received.v1': {
    topic: 'parkledger.funds.v1',
    aggregate: 'fund',
    schema: ContributionReceivedSchema,
  },
  'parkledger.fund.investment-made.v1': {
    topic: 'parkledger.funds.v1',
    aggregate: 'fund',
    schema: InvestmentMadeSchema,
  },
  'parkledger.fund.investment-valued.v1': {
    topic: 'parkledger.funds.v1',
    aggregate: 'fund',
    schema: InvestmentValuedSchema,
  },
  'parkledger.fund.exit-realised.v1': {
    topic: 'parkledger.funds.v1',
    aggregate: 'fund',
    schema: ExitRealisedSchema,
  },
  'parkledger.fund.investment-written-off.v1': {
    topic: 'parkledger.funds.v1',
    aggregate: 'fund',
    schema: InvestmentWrittenOffSchema,
  },
  'parkledger.fund.distribution-made.v1': {
    topic: 'parkledger.funds.v1',
    aggregate: 'fund',
    schema: DistributionMadeSchema,
  },
  'parkledger.fund.fee-charged.v1': {
    topic: 'parkledger.funds.v1',
    aggregate: 'fund',
    schema: FeeChargedSchema,
  },
  'parkledger.fund.entry-reversed.v1': {
    topic: 'parkledger.funds.v1',
    aggregate: 'fund',
    schema: EntryReversedSchema,
  },
  'parkledger.fund.period-closed.v1': {
    topic: 'parkledger.funds.v1',
    aggregate: 'fund',
    schema: PeriodClosedSchema,
  },
  'parkledger.fund.entries-imported.v1': {
    topic: 'parkledger.funds.v1',
    aggregate: 'fund',
    schema: EntriesImportedSchema,
  },
  'parkledger.fund.reinvestment-required.v1': {
    topic: 'parkledger.funds.v1',
    aggregate: 'fund',
    schema: ReinvestmentRequiredSchema,
  },
  'parkledger.policy.published.v1': {
    topic: 'parkledger.awards.v1',
    aggregate: 'policy',
    schema: PolicyPublishedSchema,
  },
  'parkledger.award.applied.v1': {
    topic: 'parkledger.awards.v1',
    aggregate: 'award',
    schema: ApplicationSubmittedSchema,
  },
  'parkledger.award.granted.v1': {
    topic: 'parkledger.awards.v1',
    aggregate: 'award',
    schema: AwardGrantedSchema,
  },
  'parkledger.award.rejected.v1': {
    topic: 'parkledger.awards.v1',
    aggregate: 'award',
    schema: AwardRejectedSchema,
  },
  'parkledger.award.paid.v1': {
    topic: 'parkledger.awards.v1',
    aggregate: 'award',
    schema: AwardPaidSchema,
  },
  'parkledger.award.revoked.v1': {
    topic: 'parkledger.awards.v1',
    aggregate: 'award',
    schema: AwardRevokedSchema,
  },
  'parkledger.award.recaptured.v1': {
    topic: 'parkledger.awards.v1',
    aggregate: 'award',
    schema: AwardRecapturedSchema,
  },
  // the audit log's signed checkpoints (the audit service reads every topic but this one)
  'parkledger.checkpoint.signed.v1': {
    topic: 'parkledger.audit.checkpoints.v1',
    aggregate: 'checkpoint',
    schema: CheckpointSignedSchema,
  },
} as const satisfies Record<string, EventDefinition>;

export type EventType = keyof typeof EVENTS;
export type EventPayload<T extends EventType> = MessageShape<(typeof EVENTS)[T]['schema']>;
export type EventInit<T extends EventType> = MessageInitShape<(typeof EVENTS)[T]['schema']>;

/** A decoded event: switch on `type` and TypeScript knows the payload. */
export type DecodedEvent = { [T in EventType]: { type: T; payload: EventPayload<T> } }[EventType];

export class EventDecodeError extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'EventDecodeError';
  }
}

export function isEventType(type: string): type is EventType {
  return Object.prototype.hasOwnProperty.call(EVENTS, type);
}

export function topicOf(type: EventType): string {
  return EVENTS[type].topic;
}

/** All topics, each once. */
export function allTopics(): string[] {
  return [...new Set(Object.values(EVENTS).map((definition) => definition.topic))];
}

/**
 * Every topic the audit log reads, prefixed: the registry's, but the log's own checkpoints. The
 * audit service and the independent verifier both read them from here.
 */
export function auditedTopics(prefix = ''): string[] {
  const own = topicOf('parkledger.checkpoint.signed.v1');
  return allTopics()
    .filter((topic) => topic !== own)
    .map((topic) => `${prefix}${topic}`);
}

/** The event types the audit log reads: every type on an audited topic. */
export function auditedEventTypes(): EventType[] {
  const topics = auditedTopics();
  return (Object.keys(EVENTS) as EventType[]).filter((type) => topics.includes(topicOf(type)));
}

/** The aggregate types the audit log reads, sorted: the audit service and the gateway's audit routes take these. */
export function auditedAggregates(): string[] {
  return [...new Set(auditedEventTypes().map((type) => EVENTS[type].aggregate))].sort();
}

export function encodeEvent<T extends EventType>(type: T, payload: EventInit<T>): Uint8Array {
  const schema: DescMessage = EVENTS[type].schema;
  return toBinary(schema, create(schema, payload as MessageInitShape<DescMessage>));
}

export function decodeEvent(type: string, bytes: Uint8Array): DecodedEvent {
  if (!isEventType(type)) throw new EventDecodeError(`unknown event type "${type}"`);
  const schema: DescMessage = EVENTS[type].schema;
  try {
    return { type, payload: fromBinary(schema, bytes) } as DecodedEvent;
  } catch (error) {
    throw new EventDecodeError(
      `payload is not a valid ${schema.typeName}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}
