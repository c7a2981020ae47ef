import { check, table, type Facts } from './checker';

/** A clean history: two windows, a park (consumed topic) and a project (not consumed), all in place. */
function cleanFacts(): Facts {
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
  };
}

describe('the fault suite history checker', () => {
  it('finds nothing lost or doubled in a clean history, and counts what was retried and absorbed', () => {
    const verdict = check(cleanFacts());
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
    });
    expect(verdict.rows.map((r) => [r.label, r.acked, r.refused])).toEqual([
      ['setup', 0, 0],
      ['1/kill-service', 1, 0],
      ['1/kafka-stop', 1, 1],
    ]);
    expect(table(verdict).split('\n')).toHaveLength(6);
  });

  it('counts an acknowledged write missing from the database as lost (a false 2xx)', () => {
    const facts = cleanFacts();
    facts.found.set('k1', 0);
    const verdict = check(facts);
    expect(verdict.rows.find((r) => r.label === '1/kill-service')?.lost).toBe(1);
    expect(verdict.problems).toEqual(['1/kill-service: lost: park Park 1 was acknowledged but is not stored']);
  });

  it('counts a write stored twice as doubled, acknowledged or not', () => {
    const facts = cleanFacts();
    facts.found.set('k2', 2);
    facts.found.set('k3', 2);
    expect(check(facts).total.doubled).toBe(2);
  });

  it('counts a change without its outbox event, and an event for no change', () => {
    const facts = cleanFacts();
    facts.aggregates[0] = { aggregateType: 'park', id: 'p1', version: 2, label: '1/kill-service' };
    facts.aggregates[1] = { aggregateType: 'project', id: 'j2', version: 0, label: '1/kafka-stop' };
    const verdict = check(facts);
    expect(verdict.problems).toEqual([
      '1/kill-service: lost: park/p1 is at version 2 but has no event 2',
      '1/kafka-stop: doubled: project/j2 has event 1 for no change',
    ]);
  });

  it('counts an outbox event missing from Kafka, one never applied, and one on Kafka from nowhere', () => {
    const facts = cleanFacts();
    facts.onKafka.delete('e2');
    facts.onKafka.set('e9', 1);
    facts.inbox.delete('e1');
    const verdict = check(facts);
    expect(verdict.total).toMatchObject({ lost: 2, doubled: 1 });
    expect(verdict.problems).toEqual([
      '1/kill-service: lost: event e1 was never applied by the consumer',
      '1/kafka-stop: lost: event e2 (j2 v1) is not on Kafka',
      'setup: doubled: event e9 is on Kafka but in no outbox',
    ]);
  });

  it('counts a read model that differs from its rebuild as lost', () => {
    const facts = cleanFacts();
    facts.readModelDifferences = 3;
    expect(check(facts).total.lost).toBe(1);
  });

  it('counts each broken ledger invariant, apart from lost and doubled', () => {
    const facts = cleanFacts();
    facts.ledgerBroken = ['a limit exceeded: f1 cash at -100000'];
    const verdict = check(facts);
    expect(verdict.total).toMatchObject({ lost: 0, doubled: 0, ledger: 1 });
    expect(verdict.problems).toEqual(['ledger: a limit exceeded: f1 cash at -100000']);
    expect(table(verdict)).toContain('| total | 2 | 1 | 7 | 1 | 2 | 0 | 0 | 1 |');
  });
});
