/**
 * The history checker: given what clients were told and what the database, the outbox, Kafka, the
 * consumer's inbox and the audit log hold after everything drained, it counts per fault window what
 * was lost, what was doubled and what the audit log got wrong. Pure, so that it can be shown to
 * catch each (checker.spec.ts).
 */
import { type AuditFacts, type AuditSummary, checkAudit } from './audit-checker';

export type WriteKind = 'park' | 'enterprise' | 'project' | 'sign' | 'fee' | 'milestone' | 'application' | 'grant';

/** One client write, after all its retries (same Idempotency-Key each time). */
export interface WriteRecord {
  /** the fault window it started in */
  label: string;
  kind: WriteKind;
  /** the Idempotency-Key */
  key: string;
  /** what makes it findable in the database: a unique name, or the project it signs */
  identity: string;
  /** a 2xx came back */
  acked: boolean;
  /** the id in that 2xx */
  entityId?: string;
  /** the last answer's status; 0 when there was none */
  status: number;
  /** responses that were not 2xx, and network failures, before the outcome */
  errors: number;
}

/** A row of a business table: its aggregate and the version its outbox events must count up to. */
export interface AggregateRow {
  aggregateType: string;
  id: string;
  version: number;
  label: string;
}

export interface OutboxRow {
  eventId: string;
  aggregateType: string;
  aggregateId: string;
  version: number;
  /** the window the event was committed in */
  label: string;
  /** a consumer reads its topic, so its inbox must hold it */
  consumed: boolean;
}

export interface Facts {
  /** the fault windows, in order; 'setup' is the time before the first */
  labels: string[];
  writes: WriteRecord[];
  /** how many rows the database holds for each write's identity (a sign counts when the project is signed on its date) */
  found: Map<string, number>;
  aggregates: AggregateRow[];
  outbox: OutboxRow[];
  /** event id → copies on Kafka */
  onKafka: Map<string, number>;
  /** event id → deliveries the consumer's inbox counted */
  inbox: Map<string, number>;
  /** read-model rows that differ from a rebuild from offset 0 */
  readModelDifferences: number;
  /**
   * what breaks an invariant, one line each: the fund ledger's (an entry whose debits don't equal its
   * credits, a balance below its floor, a balance that is not the sum of its postings) and the
   * awards' (a cap or the budget passed, a usage that is not the sum of its awards, a milestone that
   * gave other than one award, an award the fund ledger's books don't hold as granted)
   */
  ledgerBroken: string[];
  /** every record of the audited topics, and the audit log's tables */
  audit: AuditFacts;
}

export interface Row {
  label: string;
  acked: number;
  refused: number;
  /** errors clients saw and retried through */
  clientErrors: number;
  /** events on Kafka more than once (relay republished) */
  republished: number;
  /** deliveries the inbox recognised and skipped */
  absorbed: number;
  lost: number;
  doubled: number;
  /** invariants broken: the fund ledger's (balanced, within its limits) and the awards' (caps, budget, one award per milestone) */
  ledger: number;
  /**
   * what the audit log got wrong: an event not in it once, an anomaly, a gap in its positions or an
   * aggregate's chain, a tree node not the rebuilt tree's, a checkpoint that does not verify or extend the last
   */
  audit: number;
}

export interface Verdict {
  rows: Row[];
  total: Row;
  audit: AuditSummary;
  /** what went wrong, one line each */
  problems: string[];
}

const emptyRow = (label: string): Row => ({
  label,
  acked: 0,
  refused: 0,
  clientErrors: 0,
  republished: 0,
  absorbed: 0,
  lost: 0,
  doubled: 0,
  ledger: 0,
  audit: 0,
});

export async function check(facts: Facts): Promise<Verdict> {
  const rows = new Map(facts.labels.map((label) => [label, emptyRow(label)]));
  const problems: string[] = [];
  const row = (label: string): Row => {
    const existing = rows.get(label);
    if (existing !== undefined) return existing;
    const added = emptyRow(label);
    rows.set(label, added);
    return added;
  };
  const fail = (label: string, what: 'lost' | 'doubled', problem: string) => {
    row(label)[what] += 1;
    problems.push(`${label}: ${what}: ${problem}`);
  };

  // every acknowledged write is in the database, and no write is in it twice
  for (const write of facts.writes) {
    const r = row(write.label);
    r.clientErrors += write.errors;
    const found = facts.found.get(write.key) ?? 0;
    if (write.acked) {
      r.acked += 1;
      if (found === 0) fail(write.label, 'lost', `${write.kind} ${write.identity} was acknowledged but is not stored`);
    } else {
      r.refused += 1;
    }
    if (found > 1) fail(write.label, 'doubled', `${write.kind} ${write.identity} is stored ${found} times`);
  }

  // every business change has exactly its outbox rows: versions 1..n, no more
  const versions = new Map<string, number[]>();
  for (const event of facts.outbox) {
    const key = `${event.aggregateType}/${event.aggregateId}`;
    versions.set(key, [...(versions.get(key) ?? []), event.version]);
  }
  for (const aggregate of facts.aggregates) {
    const key = `${aggregate.aggregateType}/${aggregate.id}`;
    const have = new Set(versions.get(key) ?? []);
    for (let v = 1; v <= aggregate.version; v += 1) {
      if (!have.has(v))
        fail(aggregate.label, 'lost', `${key} is at version ${aggregate.version} but has no event ${v}`);
    }
    for (const v of have) {
      if (v > aggregate.version) fail(aggregate.label, 'doubled', `${key} has event ${v} for no change`);
    }
    versions.delete(key);
  }
  for (const [key] of versions) fail('setup', 'doubled', `outbox events for ${key}, which is not stored`);

  // every outbox event is on Kafka, and every consumed one was applied once
  const inOutbox = new Set<string>();
  for (const event of facts.outbox) {
    inOutbox.add(event.eventId);
    const copies = facts.onKafka.get(event.eventId) ?? 0;
    if (copies === 0)
      fail(event.label, 'lost', `event ${event.eventId} (${event.aggregateId} v${event.version}) is not on Kafka`);
    if (copies > 1) row(event.label).republished += copies - 1;
    if (!event.consumed) continue;
    const deliveries = facts.inbox.get(event.eventId) ?? 0;
    if (deliveries === 0) fail(event.label, 'lost', `event ${event.eventId} was never applied by the consumer`);
    else row(event.label).absorbed += deliveries - 1;
  }
  for (const [eventId] of facts.onKafka) {
    if (!inOutbox.has(eventId)) fail('setup', 'doubled', `event ${eventId} is on Kafka but in no outbox`);
  }

  // the consumer's read model equals a rebuild from offset 0
  const last = facts.labels[facts.labels.length - 1] ?? 'setup';
  if (facts.readModelDifferences > 0) {
    fail(last, 'lost', `${facts.readModelDifferences} read-model rows differ from a rebuild from offset 0`);
  }

  // the fund ledger balances, holds its limits, and its balances are the sums of its postings
  for (const broken of facts.ledgerBroken) {
    row(last).ledger += 1;
    problems.push(`ledger: ${broken}`);
  }

  // the audit log holds every event once, raised no anomaly, has no gap, and signed it consistently
  const labelOfEvent = new Map(facts.outbox.map((event) => [event.eventId, event.label]));
  const audit = await checkAudit(facts.audit, {
    labelOf: (eventId) => (eventId === null || eventId === undefined ? last : (labelOfEvent.get(eventId) ?? last)),
    fail: (label, problem) => {
      row(label).audit += 1;
      problems.push(`${label}: audit: ${problem}`);
    },
  });

  const ordered = [...rows.values()];
  const total = ordered.reduce(
    (sum, r) => ({
      label: 'total',
      acked: sum.acked + r.acked,
      refused: sum.refused + r.refused,
      clientErrors: sum.clientErrors + r.clientErrors,
      republished: sum.republished + r.republished,
      absorbed: sum.absorbed + r.absorbed,
      lost: sum.lost + r.lost,
      doubled: sum.doubled + r.doubled,
      ledger: sum.ledger + r.ledger,
      audit: sum.audit + r.audit,
    }),
    emptyRow('total'),
  );
  return { rows: ordered, total, audit, problems };
}

/** The verdict as a markdown table, one row per fault window and a total. */
export function table(verdict: Verdict): string {
  const header = [
    'fault',
    'writes acknowledged',
    'writes refused',
    'client errors retried',
    'republished',
    'duplicates absorbed',
    'lost',
    'doubled',
    'invariants broken (ledger, caps, budget)',
    'audit log wrong',
  ];
  const line = (cells: (string | number)[]) => `| ${cells.join(' | ')} |`;
  return [
    line(header),
    line(header.map((cell, i) => (i === 0 ? '---' : '---:'))),
    ...[...verdict.rows, verdict.total].map((r) =>
      line([
        r.label,
        r.acked,
        r.refused,
        r.clientErrors,
        r.republished,
        r.absorbed,
        r.lost,
        r.doubled,
        r.ledger,
        r.audit,
      ]),
    ),
  ].join('\n');
}

/** What the audit log held, and whether its checks held. */
export function auditLines({ audit, total }: Verdict): string[] {
  return [
    `audit: ${audit.records} records on the audited topics, ${audit.entries} entries in the log, ${audit.absorbed} republished copies absorbed as deliveries`,
    `audit: ${audit.anomalies} anomalies raised`,
    `audit: ${audit.aggregates} aggregate chains, ${audit.nodes} tree nodes`,
    `audit: ${audit.checkpoints} checkpoints signed, the last of ${audit.signed} entries`,
    total.audit === 0
      ? 'audit: every event in the log once (by id and bytes), no anomaly, positions contiguous, every chain linked through what it saw, the tree as rebuilt from the entries, every checkpoint verified with the key, of the rebuilt root, proven to extend the one before'
      : `audit: ${total.audit} problems`,
  ];
}
