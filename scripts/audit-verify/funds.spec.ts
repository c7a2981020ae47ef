import { encodeEvent, envelopeHeaders, type EventInit, type EventType } from '@parkledger/contracts';
import { entryLeaf } from '@parkledger/tlog';
import { StreamBooks } from './funds';
import { type KafkaRecord } from './read-topics';

const FUND = '01900000-0000-7000-8000-0000000000f1';
const TOPIC = 'parkledger.funds.v1';
let offset = 0;
/** an event id: a UUID, as the envelope requires */
const eventId = (n: number) => `01900000-0000-7000-8000-${n.toString(16).padStart(12, '0')}`;

function record<T extends EventType>(
  type: T,
  payload: EventInit<T>,
  version: number,
  id = eventId(offset),
): KafkaRecord {
  const headers = envelopeHeaders({
    id,
    source: '/parkledger/fund-ledger',
    type,
    time: '2026-12-01T00:00:00.000Z',
    subject: FUND,
    aggregateType: 'fund',
    aggregateVersion: String(version),
  });
  const value = Buffer.from(encodeEvent(type, payload));
  return {
    topic: TOPIC,
    partition: 0,
    offset: String(offset++),
    headers,
    value,
    leaf: entryLeaf({ headers, value }),
  };
}

const cny = (minorUnits: bigint) => ({ minorUnits, currency: 'CNY' });
const entry = (id: string, recordedAt: string, postings: [string, bigint][]) => ({
  id,
  fundId: FUND,
  recordedAt,
  postings: postings.map(([account, minor]) => ({ account, amount: cny(minor) })),
});

describe('the funds rebuilt from the stream', () => {
  const fee = (version: number, id: string, recordedAt: string, amount: bigint) =>
    record(
      'parkledger.fund.fee-charged.v1',
      {
        entry: entry(`entry-${id.slice(-1)}`, recordedAt, [
          ['fees', amount],
          ['cash', -amount],
        ]),
      },
      version,
      id,
    );

  it('sums each account over the entries recorded by a time, each event once', () => {
    const first = fee(1, eventId(0xa), '2026-12-01T00:00:01.000Z', 100n);
    const books = new StreamBooks([
      first,
      { ...first, offset: '99' }, // a relay's republished copy: the same event
      fee(2, eventId(0xb), '2026-12-01T00:00:02.000Z', 250n),
      record(
        'parkledger.fund.entries-imported.v1',
        {
          entries: [
            entry('entry-c', '2026-12-01T00:00:03.000Z', [
              ['cash', 1_000n],
              ['committed:p1', -1_000n],
            ]),
            entry('entry-d', '2026-12-01T00:00:03.000Z', [
              ['cash', 7n],
              ['committed:p1', -7n],
            ]),
          ],
        },
        3,
      ),
    ]);
    expect(books.discrepancies).toEqual([]);
    expect([books.funds, books.size]).toEqual([[FUND], 4]);
    expect(books.latest(FUND)).toBe(Date.parse('2026-12-01T00:00:03.000Z'));
    expect(books.balances(FUND, undefined)).toEqual(
      new Map([
        ['fees CNY', 350n],
        ['cash CNY', 657n],
        ['committed:p1 CNY', -1_007n],
      ]),
    );
    expect(books.balances(FUND, Date.parse('2026-12-01T00:00:01.500Z'))).toEqual(
      new Map([
        ['fees CNY', 100n],
        ['cash CNY', -100n],
      ]),
    );
  });

  it('names an entry that does not balance and one carried by two events', () => {
    const books = new StreamBooks([
      fee(1, eventId(0xa), '2026-12-01T00:00:01.000Z', 100n),
      record(
        'parkledger.fund.fee-charged.v1',
        {
          entry: entry('entry-a', '2026-12-01T00:00:02.000Z', [
            ['fees', 5n],
            ['cash', -5n],
          ]),
        },
        2,
        eventId(0xe),
      ),
      record(
        'parkledger.fund.fee-charged.v1',
        {
          entry: entry('entry-x', '2026-12-01T00:00:03.000Z', [
            ['fees', 5n],
            ['cash', -4n],
          ]),
        },
        3,
      ),
    ]);
    expect(books.discrepancies).toEqual([
      `fund ${FUND}: entry entry-a is on the stream twice, at ${TOPIC}/0/${offset - 3} and ${TOPIC}/0/${offset - 2}`,
      `fund ${FUND}: entry entry-x at ${TOPIC}/0/${offset - 1} does not balance: its CNY postings sum to 1 minor units`,
    ]);
  });

  it('knows a fund registered with no entries yet, and nothing of other topics', () => {
    const books = new StreamBooks([
      record('parkledger.fund.registered.v1', { fund: { id: FUND, currency: 'CNY' } }, 1),
      {
        ...record('parkledger.park.registered.v1', { park: { id: 'p' } }, 1, eventId(0xf)),
        topic: 'parkledger.parks.v1',
      },
    ]);
    expect([books.funds, books.size, books.latest(FUND)]).toEqual([[FUND], 0, undefined]);
  });
});
