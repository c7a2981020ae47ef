import { ApiProperty } from '@nestjs/swagger';
import {
  type AnomalyJson,
  type CheckpointJson,
  type GetAggregateHistoryResponseJson,
  type GetConsistencyProofResponseJson,
  type GetInclusionProofResponseJson,
  type ListAnomaliesResponseJson,
  type ListEntriesResponseJson,
  type ListLeavesResponseJson,
  type LoggedEventJson,
  type SearchEventsResponseJson,
  type TailEntryJson,
} from '@parkledger/contracts';
import { jsonObject, nextCursor, orNull } from '../http/views';
import { type SseEvent } from './sse-channel';

export class CheckpointView {
  @ApiProperty({ example: '7', description: '1, 2, 3, ...: the order the log signed them in' }) sequence!: string;
  @ApiProperty({ example: '1000', description: 'the number of entries the tree holds' }) size!: string;
  @ApiProperty({ description: 'the tree’s root hash, base64' }) rootHash!: string;
  @ApiProperty({
    description: 'the signed note (c2sp.org/tlog-checkpoint, Ed25519): verify it with the log’s public key',
  })
  note!: string;
  @ApiProperty({ format: 'date-time' }) signedAt!: string;
}

export class CheckpointPage {
  @ApiProperty({ type: [CheckpointView], description: 'newest first' }) items!: CheckpointView[];
  @ApiProperty({ nullable: true, type: String, description: 'pass as ?cursor= for the next page' }) nextCursor!:
    string | null;
}

export class InclusionProofView {
  @ApiProperty({ example: '41' }) position!: string;
  @ApiProperty({ example: '1000', description: 'a signed checkpoint’s tree size' }) treeSize!: string;
  @ApiProperty({ description: 'the entry’s leaf hash, base64 (RFC 6962: SHA-256 of 0x00 and the entry)' })
  leafHash!: string;
  @ApiProperty({ type: [String], description: 'the audit path, leaf to root, each base64' }) hashes!: string[];
}

export class ConsistencyProofView {
  @ApiProperty({ example: '1000' }) fromSize!: string;
  @ApiProperty({ example: '2000' }) toSize!: string;
  @ApiProperty({ type: [String], description: 'RFC 6962 PROOF(fromSize, D[toSize]), each base64' }) hashes!: string[];
}

export const checkpointView = (checkpoint: CheckpointJson): CheckpointView => ({
  sequence: checkpoint.sequence ?? '0',
  size: checkpoint.size ?? '0',
  rootHash: checkpoint.rootHash ?? '',
  note: checkpoint.note ?? '',
  signedAt: checkpoint.signedAt ?? '',
});

export const inclusionProofView = (proof: GetInclusionProofResponseJson): InclusionProofView => ({
  position: proof.position ?? '0',
  treeSize: proof.treeSize ?? '0',
  leafHash: proof.leafHash ?? '',
  hashes: proof.hashes ?? [],
});

export const consistencyProofView = (proof: GetConsistencyProofResponseJson): ConsistencyProofView => ({
  fromSize: proof.fromSize ?? '0',
  toSize: proof.toSize ?? '0',
  hashes: proof.hashes ?? [],
});

export class EntryView {
  @ApiProperty({ example: '41', description: 'its position in the log, from 0: its leaf’s index' }) position!: string;
  @ApiProperty({ example: 'parkledger.parks.v1', description: 'where its first copy was read' }) topic!: string;
  @ApiProperty({ example: 0 }) partition!: number;
  @ApiProperty({ example: '17' }) offset!: string;
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'string' },
    description: 'the record’s headers, as read (CloudEvents)',
  })
  headers!: Record<string, string>;
  @ApiProperty({ description: 'the record’s value (protobuf), base64' }) value!: string;
  @ApiProperty({ example: 1, description: 'times it was read, the copies a relay republished included' })
  deliveries!: number;
}

export class EntriesPage {
  @ApiProperty({ type: [EntryView], description: 'in log order' }) items!: EntryView[];
  @ApiProperty({ example: '1000', description: 'the number of entries the log holds' }) size!: string;
}

export const entriesPage = (response: ListEntriesResponseJson): EntriesPage => ({
  items: (response.entries ?? []).map((entry) => ({
    position: entry.position ?? '0',
    topic: entry.topic ?? '',
    partition: entry.partition ?? 0,
    offset: entry.offset ?? '0',
    headers: entry.headers ?? {},
    value: entry.value ?? '',
    deliveries: entry.deliveries ?? 0,
  })),
  size: response.size ?? '0',
});

export class LeafRunView {
  @ApiProperty({ example: '41', description: 'the position of the first of its entries' }) position!: string;
  @ApiProperty({ example: 'parkledger.parks.v1', description: 'where its entries were read' }) topic!: string;
  @ApiProperty({ example: 0 }) partition!: number;
  @ApiProperty({
    example: '17',
    description: 'where its first entry was read; each next one, at the offset after the one before',
  })
  offset!: string;
  @ApiProperty({ example: 120, description: 'how many entries' }) count!: number;
}

export class LeavesPage {
  @ApiProperty({
    type: [LeafRunView],
    description:
      'the entries the log holds at the positions asked for, in log order, as runs of consecutive positions read at consecutive offsets of one partition',
  })
  runs!: LeafRunView[];
  @ApiProperty({
    type: [String],
    description:
      'the leaf hash of each of those entries, in the same order (the first run’s entries first), base64: SHA-256 of 0x00 and the entry’s bytes (libs/tlog entryLeaf of the headers and value the log holds), computed from them for this answer',
  })
  leafHashes!: string[];
  @ApiProperty({ example: '1000', description: 'the number of entries the log holds' }) size!: string;
}

export const leavesPage = (response: ListLeavesResponseJson): LeavesPage => ({
  runs: (response.runs ?? []).map((run) => ({
    position: run.position ?? '0',
    topic: run.topic ?? '',
    partition: run.partition ?? 0,
    offset: run.offset ?? '0',
    count: run.count ?? 0,
  })),
  leafHashes: response.leafHashes ?? [],
  size: response.size ?? '0',
});

export class MentionView {
  @ApiProperty({ enum: ['project', 'investment', 'journal-entry'] }) type!: string;
  @ApiProperty({ format: 'uuid' }) id!: string;
}

export class EventView {
  @ApiProperty({ example: '41', description: 'its position in the log, from 0: its leaf’s index' }) position!: string;
  @ApiProperty({
    description:
      'its leaf hash, base64: SHA-256 of 0x00 and its entry’s bytes (libs/tlog entryLeaf of headers and value)',
  })
  leafHash!: string;
  @ApiProperty({
    nullable: true,
    type: String,
    description:
      'its aggregate chain’s link at its version, base64: SHA-256 of the link before (none for version 1) and its leaf (libs/tlog chainLink); null when not linked: held after a missing version, or a second copy of an event id or a version',
  })
  link!: string | null;
  @ApiProperty({ example: 'parkledger.projects.v1', description: 'where its first copy was read' }) topic!: string;
  @ApiProperty({ example: 0 }) partition!: number;
  @ApiProperty({ example: '17' }) offset!: string;
  @ApiProperty({ nullable: true, type: String, format: 'uuid', description: 'null: a record the log could not read' })
  eventId!: string | null;
  @ApiProperty({ nullable: true, type: String, example: 'parkledger.project.signed.v1' }) eventType!: string | null;
  @ApiProperty({ nullable: true, type: String, example: 'project' }) aggregateType!: string | null;
  @ApiProperty({ nullable: true, type: String }) aggregateId!: string | null;
  @ApiProperty({ nullable: true, type: String, example: '3' }) aggregateVersion!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time', description: 'ce_time' })
  occurredAt!: string | null;
  @ApiProperty({ nullable: true, type: String }) correlationId!: string | null;
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'string' },
    description: 'the record’s headers, as logged (CloudEvents)',
  })
  headers!: Record<string, string>;
  @ApiProperty({ description: 'the record’s value (protobuf), base64, as logged' }) value!: string;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    nullable: true,
    description:
      'the payload decoded through the event registry, in protobuf’s JSON mapping (camelCase, int64 and money minor units as decimal strings, every field present); null for a record the log could not read',
  })
  payload!: Record<string, unknown> | null;
  @ApiProperty({
    type: MentionView,
    nullable: true,
    description:
      'in a history, for an event of another aggregate: what of it the event names (the project; an investment made in it; a journal entry of one); null otherwise',
  })
  attachedBy!: MentionView | null;
}

export class EventPage {
  @ApiProperty({ type: [EventView], description: 'in log order' }) items!: EventView[];
  @ApiProperty({ nullable: true, type: String, description: 'pass as ?cursor= for the next page' }) nextCursor!:
    string | null;
}

export class HistoryPage {
  @ApiProperty({ example: 'project' }) aggregateType!: string;
  @ApiProperty({ description: 'as the log holds it: a UUID in lower case' }) aggregateId!: string;
  @ApiProperty({ example: '5', description: 'versions 1 to this are linked in its chain' }) chained!: string;
  @ApiProperty({ example: '5', description: 'the highest version the log read (above chained: a version is missing)' })
  seen!: string;
  @ApiProperty({ nullable: true, type: String, description: 'its chain’s last link, base64; null when none' })
  link!: string | null;
  @ApiProperty({
    type: [EventView],
    description:
      'its own events in version order (a second copy of a version after the first), then the events of other aggregates attached to it, in log order: for a project, the funds’ investments in it with their valuations, exits, write-offs and reversals, the awards and applications naming it, the milestones recorded for it',
  })
  items!: EventView[];
  @ApiProperty({ nullable: true, type: String, description: 'pass as ?cursor= for the next page' }) nextCursor!:
    string | null;
}

export class AnomalyView {
  @ApiProperty({ example: '3', description: '1, 2, 3, ...: the order raised' }) id!: string;
  @ApiProperty({ enum: ['missing', 'conflicting-id', 'conflicting-version', 'undecodable'] }) kind!: string;
  @ApiProperty({ nullable: true, type: String, description: 'null for a record the log could not read' })
  aggregateType!: string | null;
  @ApiProperty({ nullable: true, type: String }) aggregateId!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'the versions missing, or the version two events hold' })
  fromVersion!: string | null;
  @ApiProperty({ nullable: true, type: String }) toVersion!: string | null;
  @ApiProperty({ example: '41', description: 'the position of the entry that raised it' }) position!: string;
  @ApiProperty({
    nullable: true,
    type: String,
    description: 'the position of the entry it conflicts with (an event id or a version held before); null when none',
  })
  conflictsWith!: string | null;
  @ApiProperty() detail!: string;
  @ApiProperty({ format: 'date-time' }) raisedAt!: string;
  @ApiProperty({ nullable: true, type: String, format: 'date-time', description: 'null while open' })
  resolvedAt!: string | null;
}

export class AnomalyPage {
  @ApiProperty({ type: [AnomalyView], description: 'in the order raised' }) items!: AnomalyView[];
  @ApiProperty({ nullable: true, type: String, description: 'pass as ?cursor= for the next page' }) nextCursor!:
    string | null;
}

/** A version, or null where the service says 0 (none). */
const version = (text: string | undefined): string | null => (text === undefined || text === '0' ? null : text);

export const eventView = (event: LoggedEventJson): EventView => ({
  position: event.position ?? '0',
  leafHash: event.leafHash ?? '',
  link: orNull(event.link),
  topic: event.topic ?? '',
  partition: event.partition ?? 0,
  offset: event.offset ?? '0',
  eventId: orNull(event.eventId),
  eventType: orNull(event.eventType),
  aggregateType: orNull(event.aggregateType),
  aggregateId: orNull(event.aggregateId),
  aggregateVersion: version(event.aggregateVersion),
  occurredAt: orNull(event.occurredAt),
  correlationId: orNull(event.correlationId),
  headers: event.headers ?? {},
  value: event.value ?? '',
  payload: jsonObject(event.payloadJson),
  attachedBy:
    event.attachedBy === undefined ? null : { type: event.attachedBy.type ?? '', id: event.attachedBy.id ?? '' },
});

export const eventPage = (response: SearchEventsResponseJson): EventPage => ({
  items: (response.events ?? []).map(eventView),
  nextCursor: nextCursor(response.nextCursor),
});

export const historyPage = (response: GetAggregateHistoryResponseJson): HistoryPage => ({
  aggregateType: response.aggregateType ?? '',
  aggregateId: response.aggregateId ?? '',
  chained: response.chained ?? '0',
  seen: response.seen ?? '0',
  link: orNull(response.link),
  items: (response.events ?? []).map(eventView),
  nextCursor: nextCursor(response.nextCursor),
});

export const anomalyView = (anomaly: AnomalyJson): AnomalyView => ({
  id: anomaly.id ?? '0',
  kind: anomaly.kind ?? '',
  aggregateType: orNull(anomaly.aggregateType),
  aggregateId: orNull(anomaly.aggregateId),
  fromVersion: version(anomaly.fromVersion),
  toVersion: version(anomaly.toVersion),
  position: anomaly.position ?? '0',
  conflictsWith: anomaly.conflictsWith ?? null,
  detail: anomaly.detail ?? '',
  raisedAt: anomaly.raisedAt ?? '',
  resolvedAt: orNull(anomaly.resolvedAt),
});

export const anomalyPage = (response: ListAnomaliesResponseJson): AnomalyPage => ({
  items: (response.anomalies ?? []).map(anomalyView),
  nextCursor: nextCursor(response.nextCursor),
});

/**
 * The data of a live tail's event: an entry of the log as the events' search gives it (EventView),
 * without its record and its chain's link, with when the audit took it in.
 */
export class StreamEntryView {
  @ApiProperty({ example: '41', description: 'its position in the log: the event’s id, what a client resumes after' })
  position!: string;
  @ApiProperty({ description: 'its leaf hash, base64: prove it in a signed tree with /audit/proofs/inclusion' })
  leafHash!: string;
  @ApiProperty({ example: 'parkledger.projects.v1', description: 'where its first copy was read' }) topic!: string;
  @ApiProperty({ example: 0 }) partition!: number;
  @ApiProperty({ example: '17' }) offset!: string;
  @ApiProperty({ nullable: true, type: String, format: 'uuid', description: 'null: a record the log could not read' })
  eventId!: string | null;
  @ApiProperty({
    nullable: true,
    type: String,
    example: 'parkledger.project.signed.v1',
    description: 'the SSE event’s name too (`undecodable` for a record the log could not read)',
  })
  eventType!: string | null;
  @ApiProperty({ nullable: true, type: String, example: 'project' }) aggregateType!: string | null;
  @ApiProperty({ nullable: true, type: String }) aggregateId!: string | null;
  @ApiProperty({ nullable: true, type: String, example: '3' }) aggregateVersion!: string | null;
  @ApiProperty({
    nullable: true,
    type: String,
    format: 'date-time',
    description:
      'ce_time, as the record carries it: stamped by the service that made the change, in its write transaction',
  })
  occurredAt!: string | null;
  @ApiProperty({ nullable: true, type: String }) correlationId!: string | null;
  @ApiProperty({ format: 'date-time', description: 'when the audit log took it in' }) loggedAt!: string;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    nullable: true,
    description:
      'the payload decoded through the event registry, in protobuf’s JSON mapping (camelCase, int64 and money minor units as decimal strings, every field present); null for a record the log could not read',
  })
  payload!: Record<string, unknown> | null;
}

/**
 * An entry as a text/event-stream event: its position as the id, its type as the name, and its view
 * as one line of JSON. The payload is JSON the audit service rendered once for every stream: it
 * goes in as it is, not parsed and written again.
 */
export function streamEventOf(entry: TailEntryJson): SseEvent {
  const position = entry.position ?? '0';
  const eventType = orNull(entry.eventType);
  const view: Omit<StreamEntryView, 'payload'> = {
    position,
    leafHash: entry.leafHash ?? '',
    topic: entry.topic ?? '',
    partition: entry.partition ?? 0,
    offset: entry.offset ?? '0',
    eventId: orNull(entry.eventId),
    eventType,
    aggregateType: orNull(entry.aggregateType),
    aggregateId: orNull(entry.aggregateId),
    aggregateVersion: eventType === null ? null : (entry.aggregateVersion ?? '0'),
    occurredAt: orNull(entry.occurredAt),
    correlationId: orNull(entry.correlationId),
    loggedAt: entry.loggedAt ?? '',
  };
  const head = JSON.stringify(view);
  const payload = entry.payloadJson === undefined || entry.payloadJson === '' ? 'null' : entry.payloadJson;
  return { id: position, event: eventType ?? 'undecodable', data: `${head.slice(0, -1)},"payload":${payload}}` };
}
