import {
  chainLink,
  consistencyProof,
  entryLeaf,
  generateSignerKey,
  type Hash,
  leafHash,
  MemoryTree,
  parseSignerKey,
  signCheckpoint,
} from '@parkledger/tlog';
import { type AuditFacts } from './audit-checker';
import { auditLines, check, table, type Facts } from './checker';

const ORIGIN = 'parkledger.local/audit';
const SIGNER = generateSignerKey(ORIGIN);
const KEY = parseSignerKey(SIGNER).verifier.text;

/** An event on an audited topic: its aggregate, and the places Kafka holds a copy of it at. */
interface AuditedEvent {
  eventId: string;
  type: string;
  id: string;
  version: bigint;
  places: string[];
}

const leafOf = (event: AuditedEvent): Hash =>
  entryLeaf({
    headers: { ce_id: event.eventId, ce_subject: event.id, pl_aggregateversion: String(event.version) },
    value: Buffer.from(`${event.type} ${event.id} v${event.version}`),
  });

/**
 * The audit log an honest service keeps of these events: each read at every place Kafka holds it,
 * logged once in order (`order`: the events' indexes as the log appends them), its tree, its
 * chains, and a checkpoint of each size in `signAt` with the service's proof from the one before.
 */
async function auditFacts(
  events: AuditedEvent[],
  options: { order?: number[]; signAt?: number[] } = {},
): Promise<AuditFacts> {
  const order = options.order ?? events.map((_, n) => n);
  const signAt = options.signAt ?? [1, order.length];
  const signer = parseSignerKey(SIGNER);
  const records = events.flatMap((event) =>
    event.places.map((place) => ({ place, eventId: event.eventId, leaf: leafOf(event).toString('hex') })),
  );
  const tree = new MemoryTree();
  const nodes: AuditFacts['nodes'] = [];
  const links: AuditFacts['links'] = [];
  const chains = new Map<string, { version: bigint; link: Hash }>();
  const entries = order.map((index, position) => {
    const event = events[index] as AuditedEvent;
    const leaf = leafOf(event);
    nodes.push(...tree.append(leaf).map((node) => ({ ...node, hash: node.hash.toString('hex') })));
    const key = `${event.type}/${event.id}`;
    const chain = chains.get(key);
    if ((chain?.version ?? 0n) + 1n === event.version) {
      const link = chainLink(chain?.link, leaf);
      chains.set(key, { version: event.version, link });
      links.push({ type: event.type, id: event.id, version: event.version, position, link: link.toString('hex') });
    }
    return {
      position,
      leaf: leaf.toString('hex'),
      copy: leaf.toString('hex'),
      place: event.places[0] as string,
      eventId: event.eventId,
      aggregate: { type: event.type, id: event.id, version: event.version },
    };
  });
  const checkpoints: AuditFacts['checkpoints'] = [];
  for (const [n, size] of signAt.entries()) {
    const root = await tree.root(size);
    const proof = n === 0 ? [] : await consistencyProof(tree.read, signAt[n - 1] as number, size);
    checkpoints.push({
      sequence: n + 1,
      size,
      root: root.toString('hex'),
      note: signCheckpoint({ origin: ORIGIN, size, root }, signer),
      label: 'setup',
      proof: proof.map((hash) => hash.toString('hex')),
    });
  }
  return {
    key: KEY,
    origin: ORIGIN,
    records,
    deliveries: records.map(({ place, leaf }) => ({ place, leaf })),
    entries,
    nodes,
    links,
    aggregates: [...chains].map(([key, chain]) => {
      const [type = '', id = ''] = key.split('/');
      return { type, id, chained: chain.version, seen: chain.version, link: chain.link.toString('hex') };
    }),
    anomalies: [],
    checkpoints,
    published: checkpoints.map((checkpoint) => checkpoint.note),
  };
}

/** The park's event (republished: on Kafka twice) and the project's, as the clean history has them. */
const AUDITED: AuditedEvent[] = [
  { eventId: 'e1', type: 'park', id: 'p1', version: 1n, places: ['parks/0/0', 'parks/0/1'] },
  { eventId: 'e2', type: 'project', id: 'j2', version: 1n, places: ['projects/0/0'] },
];

/** A clean history: two windows, a park (consumed topic) and a project (not consumed), all in place. */
async function cleanFacts(): Promise<Facts> {
  return {
    labels: ['setup', '1/kill-service', '1/kafka-stop'],
    writes: [
      {
        label: '1/kill-service',
        kind: 'park',
        key: 'k1',
        identity: 'Park 1',
        acked: true,
        entityId: 'p1',
        status: 201,
        errors: 2,
      },
      {
        label: '1/kafka-stop',
        kind: 'project',
        key: 'k2',
        identity: 'Project 2',
        acked: true,
        entityId: 'j2',
        status: 201,
        errors: 0,
      },
      { label: '1/kafka-stop', kind: 'sign', key: 'k3', identity: 'j2', acked: false, status: 503, errors: 5 },
    ],
    found: new Map([
      ['k1', 1],
      ['k2', 1],
      ['k3', 0],
    ]),
    aggregates: [
      { aggregateType: 'park', id: 'p1', version: 1, label: '1/kill-service' },
      { aggregateType: 'project', id: 'j2', version: 1, label: '1/kafka-stop' },
    ],
    outbox: [
      { eventId: 'e1', aggregateType: 'park', aggregateId: 'p1', version: 1, label: '1/kill-service', consumed: true },
      {
        eventId: 'e2',
        aggregateType: 'project',
        aggregateId: 'j2',
        version: 1,
        label: '1/kafka-stop',
        consumed: false,
      },
    ],
    onKafka: new Map([
      ['e1', 2],
      ['e2', 1],
    ]),
    inbox: new Map([['e1', 3]]),
    readModelDifferences: 0,
    ledgerBroken: [],
    audit: await auditFacts(AUDITED),
  };
}

/** The audit's problems of a verdict, and that they are counted apart from lost and doubled. */
async function auditProblems(facts: Facts): Promise<string[]> {
  const verdict = await check(facts);
  expect(verdict.total).toMatchObject({ lost: 0, doubled: 0, ledger: 0, audit: verdict.problems.length });
  return verdict.problems;
}

describe('the fault suite history checker', () => {
  it('finds nothing lost or doubled and nothing wrong in the audit log of a clean history, and counts what was retried and absorbed', async () => {
    const verdict = await check(await cleanFacts());
    expect(verdict.problems).toEqual([]);
    expect(verdict.total).toEqual({
      label: 'total',
      acked: 2,
      refused: 1,
      clientErrors: 7,
      republished: 1,
      absorbed: 2,
      lost: 0,
      doubled: 0,
      ledger: 0,
      audit: 0,
    });
    expect(verdict.audit).toEqual({
      records: 3,
      entries: 2,
      absorbed: 1,
      anomalies: 0,
      aggregates: 2,
      nodes: 3,
      checkpoints: 2,
      signed: 2,
    });
    expect(auditLines(verdict)[4]).toMatch(/^audit: every event in the log once/);
    expect(verdict.rows.map((r) => [r.label, r.acked, r.refused])).toEqual([
      ['setup', 0, 0],
      ['1/kill-service', 1, 0],
      ['1/kafka-stop', 1, 1],
    ]);
    expect(table(verdict).split('\n')).toHaveLength(6);
  });

  it('counts an acknowledged write missing from the database as lost (a false 2xx)', async () => {
    const facts = await cleanFacts();
    facts.found.set('k1', 0);
    const verdict = await check(facts);
    expect(verdict.rows.find((r) => r.label === '1/kill-service')?.lost).toBe(1);
    expect(verdict.problems).toEqual(['1/kill-service: lost: park Park 1 was acknowledged but is not stored']);
  });

  it('counts a write stored twice as doubled, acknowledged or not', async () => {
    const facts = await cleanFacts();
    facts.found.set('k2', 2);
    facts.found.set('k3', 2);
    expect((await check(facts)).total.doubled).toBe(2);
  });

  it('counts a change without its outbox event, and an event for no change', async () => {
    const facts = await cleanFacts();
    facts.aggregates[0] = { aggregateType: 'park', id: 'p1', version: 2, label: '1/kill-service' };
    facts.aggregates[1] = { aggregateType: 'project', id: 'j2', version: 0, label: '1/kafka-stop' };
    const verdict = await check(facts);
    expect(verdict.problems).toEqual([
      '1/kill-service: lost: park/p1 is at version 2 but has no event 2',
      '1/kafka-stop: doubled: project/j2 has event 1 for no change',
    ]);
  });

  it('counts an outbox event missing from Kafka, one never applied, and one on Kafka from nowhere', async () => {
    const facts = await cleanFacts();
    facts.onKafka.delete('e2');
    facts.onKafka.set('e9', 1);
    facts.inbox.delete('e1');
    const verdict = await check(facts);
    expect(verdict.total).toMatchObject({ lost: 2, doubled: 1 });
    expect(verdict.problems).toEqual([
      '1/kill-service: lost: event e1 was never applied by the consumer',
      '1/kafka-stop: lost: event e2 (j2 v1) is not on Kafka',
      'setup: doubled: event e9 is on Kafka but in no outbox',
    ]);
  });

  it('counts what a broker killed under load could do: a record acknowledged and then gone is lost, in the log too; a batch sent again to the new leader is republished and absorbed, not doubled', async () => {
    const facts = await cleanFacts();
    facts.labels = ['setup', '1/kill-broker'];
    for (const write of facts.writes) write.label = '1/kill-broker';
    for (const aggregate of facts.aggregates) aggregate.label = '1/kill-broker';
    for (const event of facts.outbox) event.label = '1/kill-broker';
    // the project's event was acknowledged (acks=all), marked published, then left Kafka with the broker:
    // what replication factor 3 and min.insync.replicas 2 rule out
    facts.onKafka.delete('e2');
    facts.audit.records = facts.audit.records.filter((record) => record.eventId !== 'e2');
    const verdict = await check(facts);
    expect(verdict.rows.find((row) => row.label === '1/kill-broker')).toMatchObject({
      acked: 2,
      republished: 1,
      absorbed: 2,
      lost: 1,
      doubled: 0,
      audit: 2,
    });
    expect(verdict.problems).toEqual([
      '1/kill-broker: lost: event e2 (j2 v1) is not on Kafka',
      '1/kill-broker: audit: the audit log read projects/0/0, where Kafka holds no record',
      '1/kill-broker: audit: entry 1 (event e2) holds a record Kafka does not',
    ]);
  });

  it('counts a read model that differs from its rebuild as lost', async () => {
    const facts = await cleanFacts();
    facts.readModelDifferences = 3;
    expect((await check(facts)).total.lost).toBe(1);
  });

  it('counts each broken ledger invariant, apart from lost and doubled', async () => {
    const facts = await cleanFacts();
    facts.ledgerBroken = ['a limit exceeded: f1 cash at -100000'];
    const verdict = await check(facts);
    expect(verdict.total).toMatchObject({ lost: 0, doubled: 0, ledger: 1 });
    expect(verdict.problems).toEqual(['ledger: a limit exceeded: f1 cash at -100000']);
    expect(table(verdict)).toContain('| total | 2 | 1 | 7 | 1 | 2 | 0 | 0 | 1 | 0 |');
  });

  describe('the audit log', () => {
    it('counts an event logged twice: a redelivery appended as a new entry, not absorbed', async () => {
      const facts = await cleanFacts();
      facts.audit = await auditFacts(AUDITED, { order: [0, 1, 0] });
      expect(await auditProblems(facts)).toEqual([
        '1/kill-service: audit: event e1 is in the audit log 2 times: positions 0, 2',
      ]);
    });

    it('counts an event on Kafka the log never read, or read and never logged', async () => {
      const facts = await cleanFacts();
      facts.audit = await auditFacts(AUDITED, { order: [0], signAt: [1] });
      expect(await auditProblems(facts)).toEqual([
        '1/kafka-stop: audit: event e2 (on Kafka at projects/0/0) is not in the audit log',
      ]);
      facts.audit.deliveries = facts.audit.deliveries.filter((delivery) => delivery.place !== 'projects/0/0');
      expect(await auditProblems(facts)).toEqual([
        '1/kafka-stop: audit: the audit log never read the record at projects/0/0',
        '1/kafka-stop: audit: event e2 (on Kafka at projects/0/0) is not in the audit log',
      ]);
    });

    it('counts an entry whose copy of the record is not what Kafka holds', async () => {
      const facts = await cleanFacts();
      const [, second] = facts.audit.entries;
      if (second === undefined) throw new Error('no entry');
      second.copy = leafHash(Buffer.from('rewritten')).toString('hex');
      expect(await auditProblems(facts)).toEqual([
        "1/kafka-stop: audit: entry 1: the log's copy of the record is not the leaf it keeps",
      ]);
    });

    it('counts every anomaly raised, resolved or not: under the faults, none is', async () => {
      const facts = await cleanFacts();
      facts.audit.anomalies = [
        { id: '7', kind: 'missing', position: 1, detail: 'project j2: versions 1..1 missing before 2', resolved: true },
      ];
      expect(await auditProblems(facts)).toEqual([
        '1/kafka-stop: audit: anomaly 7 (missing, raised, then resolved): project j2: versions 1..1 missing before 2',
      ]);
    });

    it('counts a gap in the positions: an entry lost in a restart', async () => {
      const facts = await cleanFacts();
      const [, second] = facts.audit.entries;
      const [, link] = facts.audit.links;
      if (second === undefined || link === undefined) throw new Error('no entry');
      second.position = 2;
      link.position = 2;
      expect(await auditProblems(facts)).toEqual([
        '1/kafka-stop: audit: the log has no entry at position 1: the next is 2',
      ]);
    });

    it("counts an aggregate's chain that stops short of the versions the log saw", async () => {
      const facts = await cleanFacts();
      const events = [...AUDITED, { eventId: 'e3', type: 'park', id: 'p1', version: 2n, places: ['parks/0/2'] }];
      facts.audit = await auditFacts(events);
      const firstLink = facts.audit.links.find((link) => link.id === 'p1' && link.version === 1n);
      facts.audit.links = facts.audit.links.filter((link) => !(link.id === 'p1' && link.version === 2n));
      facts.audit.aggregates = facts.audit.aggregates.map((state) =>
        state.id === 'p1' ? { ...state, chained: 1n, link: firstLink?.link ?? null } : state,
      );
      expect(await auditProblems(facts)).toEqual([
        '1/kafka-stop: audit: park p1: version 2 (entry 2) is not linked',
        '1/kafka-stop: audit: park p1: its chain stands at 1 of 2 seen; its entries reach 2',
      ]);
    });

    it('counts tree nodes that are not those of a tree rebuilt from the entries, or missing', async () => {
      const facts = await cleanFacts();
      const [node] = facts.audit.nodes;
      if (node === undefined) throw new Error('no node');
      node.hash = leafHash(Buffer.from('rewritten')).toString('hex');
      expect(await auditProblems(facts)).toEqual([
        '1/kafka-stop: audit: 1 tree nodes differ from a tree rebuilt from the entries',
      ]);
      facts.audit.nodes = facts.audit.nodes.slice(1);
      expect(await auditProblems(facts)).toEqual([
        '1/kafka-stop: audit: the log lacks 1 of the 3 tree nodes of its 2 entries',
      ]);
    });

    it('counts a checkpoint signed over a rewritten log: not the rebuilt root, not consistent with the one before', async () => {
      const facts = await cleanFacts();
      const root = leafHash(Buffer.from('rewritten'));
      const [first, second] = facts.audit.checkpoints;
      if (first === undefined || second === undefined) throw new Error('no checkpoint');
      const forged = {
        ...second,
        root: root.toString('hex'),
        note: signCheckpoint({ origin: ORIGIN, size: 2, root }, parseSignerKey(SIGNER)),
      };
      facts.audit.checkpoints = [first, forged];
      facts.audit.published = [first.note, forged.note];
      expect(await auditProblems(facts)).toEqual([
        'setup: audit: checkpoint 2: its root is not the root of the first 2 entries',
        'setup: audit: checkpoints 1 (1) and 2 (2) are inconsistent: the proof does not lead to the new root',
      ]);
    });

    it('counts a checkpoint that does not open with the key, one short of the log, and one never published', async () => {
      const facts = await cleanFacts();
      const [first, second] = facts.audit.checkpoints;
      if (first === undefined || second === undefined) throw new Error('no checkpoint');
      const otherKey = parseSignerKey(generateSignerKey(ORIGIN));
      const resigned = {
        ...second,
        note: signCheckpoint({ origin: ORIGIN, size: 2, root: Buffer.from(second.root, 'hex') }, otherKey),
      };
      facts.audit.checkpoints = [first, resigned];
      facts.audit.published = [first.note, resigned.note];
      const problems = await auditProblems(facts);
      expect(problems).toHaveLength(2);
      expect(problems[0]).toMatch(
        new RegExp(`^setup: audit: checkpoint 2 does not open with ${KEY.replace(/\+/g, '\\+')}: `),
      );
      expect(problems[1]).toBe("1/kafka-stop: audit: the last checkpoint signs 1 of the log's 2 entries");

      facts.audit.checkpoints = [first, second];
      facts.audit.published = [first.note];
      expect(await auditProblems(facts)).toEqual(['setup: audit: checkpoint 2 is not on the checkpoints topic']);
    });
  });
});
