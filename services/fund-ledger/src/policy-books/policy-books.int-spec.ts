import { encodeEvent, envelopeHeaders, type EventInit, type EventType } from '@parkledger/contracts';
import {
  createKafka,
  deadLetterTopic,
  IdempotentConsumer,
  KafkajsEventPublisher,
  type ConsumedEvent,
} from '@parkledger/messaging';
import { uuidv7 } from '@parkledger/platform';
import { type Caller } from '@parkledger/service-kit';
import { consumedEvent, createTestTopics, eventually, outcomeOf, testKafka } from '@parkledger/testing';
import { type Pool } from 'pg';
import pino from 'pino';
import { admin, ledgerUnderTest, SPEC_SCHEMA, type LedgerUnderTest } from '../testing/ledger-under-test';
import { applyAwardEvent, AWARD_BOOK_TOPICS, AWARD_BOOKS_CONSUMER } from './award-books.consumer';

const yuan = (money: { minorUnits?: string } | undefined): string => {
  const minor = BigInt(money?.minorUnits ?? '0');
  const sign = minor < 0n ? '-' : '';
  const abs = minor < 0n ? -minor : minor;
  return `${sign}${(abs / 100n).toLocaleString('en-US')}.${String(abs % 100n).padStart(2, '0')}`;
};
const cny = (minorUnits: bigint) => ({ minorUnits, currency: 'CNY' });
const TWENTY_MILLION = 2_000_000_000n;
const FIVE_MILLION = 500_000_000n;
const THREE_MILLION = 300_000_000n;

const awardOf = (id: string, policy: string, status: string, granted: bigint) => ({
  id,
  policy,
  policyVersion: 1n,
  item: '1a',
  enterpriseId: uuidv7(),
  awardOn: '2024-03-15',
  status,
  granted: cny(granted),
});

/** An award's life as the awards service publishes it, each event keyed by the award. */
const events = (policy: string, id = uuidv7(), granted = TWENTY_MILLION) => ({
  id,
  granted: consumedEvent('parkledger.award.granted.v1', id, 2, {
    award: awardOf(id, policy, 'granted', granted),
    amount: cny(granted),
  }),
  paid: (paidOn = '2024-04-01') =>
    consumedEvent('parkledger.award.paid.v1', id, 3, {
      award: { ...awardOf(id, policy, 'paid', granted), paid: cny(granted) },
      amount: cny(granted),
      paidOn,
    }),
  revoked: () =>
    consumedEvent('parkledger.award.revoked.v1', id, 3, {
      award: awardOf(id, policy, 'revoked', granted),
      amount: cny(granted),
      reason: 'granted in error',
    }),
  recaptured: (amount: bigint, recapturedOn = '2024-09-30') =>
    consumedEvent('parkledger.award.recaptured.v1', id, 4, {
      award: { ...awardOf(id, policy, 'paid', granted), paid: cny(granted), recaptured: cny(amount) },
      amount: cny(amount),
      recapturedOn,
      reason: 'the product was withdrawn',
    }),
});

const officer = (...policies: string[]): Caller => ({
  subject: 'officer',
  role: 'policy-officer',
  parkScope: [],
  fundScope: [],
  policyScope: policies,
});

describe('policies’ budget books in the fund ledger’s journal, against Postgres', () => {
  let ledger: LedgerUnderTest;
  let pool: Pool;

  /**
   * Each event as the consumer applies it: its id claimed in the consumer's inbox and its effects,
   * in one transaction; a duplicate id changes nothing. A refusal rolls both back and is answered.
   * With no consumer, the effects alone, as if there were no inbox.
   */
  const apply = async (consumer: string | null, ...consumed: ConsumedEvent[]): Promise<string[]> => {
    const client = await pool.connect();
    const outcomes: string[] = [];
    try {
      for (const event of consumed) {
        await client.query('BEGIN');
        try {
          const claimed =
            consumer === null
              ? { rowCount: 1 }
              : await client.query(
                  `INSERT INTO inbox (consumer, event_id, event_type, topic, "partition", "offset")
                   VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (consumer, event_id) DO NOTHING`,
                  [consumer, event.envelope.id, event.envelope.type, event.topic, event.partition, event.offset],
                );
          if (claimed.rowCount === 1) await applyAwardEvent(event, client);
          await client.query('COMMIT');
          outcomes.push(claimed.rowCount === 1 ? 'applied' : 'duplicate');
        } catch (error) {
          await client.query('ROLLBACK');
          const { code, constraint, message } = error as { code?: string; constraint?: string; message: string };
          outcomes.push(`${code ?? '?'} ${constraint ?? ''}: ${message}`);
        }
      }
    } finally {
      client.release();
    }
    return outcomes;
  };
  const books = async (policy: string, asOf = '') => {
    const { books: found } = await ledger.policyBooks.balances(admin, { policy, asOf });
    return (found ?? []).map((book) => ({
      currency: book.currency,
      committed: yuan(book.committed),
      payable: yuan(book.payable),
      paidOut: yuan(book.paidOut),
      recaptured: yuan(book.recaptured),
      netPaid: yuan(book.netPaid),
    }));
  };
  const entriesOf = async (policy: string) => (await ledger.policyBooks.journal(admin, { policy })).entries ?? [];

  beforeAll(async () => {
    ledger = await ledgerUnderTest('ledger_policy_books');
    pool = ledger.pool(2);
  });

  afterAll(() => ledger?.stop());

  describe('an award of 20,000,000.00 granted, paid, and recaptured by 5,000,000.00', () => {
    const policy = 'jinan-2019-biomedical';
    const award = events(policy);
    const paid = award.paid();
    const recaptured = award.recaptured(FIVE_MILLION);

    beforeAll(async () => {
      const published = consumedEvent('parkledger.policy.published.v1', policy, 1, {
        version: { policy, version: 1n, budgetPerYear: cny(50_000_000_000n), effectiveFrom: '2019-12-11' },
      });
      const applied = consumedEvent('parkledger.award.applied.v1', award.id, 1, {
        award: awardOf(award.id, policy, 'submitted', 0n),
      });
      expect(await apply(AWARD_BOOKS_CONSUMER, published, applied, award.granted, paid, recaptured)).toEqual([
        'applied',
        'applied',
        'applied',
        'applied',
        'applied',
      ]);
    });

    it('gives the exact balances, as they stand and as of each date', async () => {
      expect(await books(policy)).toEqual([
        {
          currency: 'CNY',
          committed: '20,000,000.00',
          payable: '0.00',
          paidOut: '20,000,000.00',
          recaptured: '5,000,000.00',
          netPaid: '15,000,000.00',
        },
      ]);
      const on = async (asOf: string) => {
        const [book] = await books(policy, asOf);
        return [book?.committed, book?.payable, book?.paidOut, book?.recaptured];
      };
      expect(await on('2024-03-14')).toEqual(['0.00', '0.00', '0.00', '0.00']);
      expect(await on('2024-03-15')).toEqual(['20,000,000.00', '20,000,000.00', '0.00', '0.00']);
      expect(await on('2024-04-01')).toEqual(['20,000,000.00', '0.00', '20,000,000.00', '0.00']);
      expect(await on('2024-09-30')).toEqual(['20,000,000.00', '0.00', '20,000,000.00', '5,000,000.00']);
    });

    it('keeps them in the journal’s own tables: balanced entries, balances kept by the database', async () => {
      const rows: unknown[] = await ledger.dataSource.query(
        `SELECT e.operation, p.account, p.amount::text AS amount, to_char(e.effective_on, 'YYYY-MM-DD') AS effective_on
           FROM ledger.journal_entries e JOIN ledger.postings p ON p.entry_id = e.id
           JOIN ledger.policy_books b ON b.id = e.fund_id
          WHERE b.policy = $1 ORDER BY e.id, p.line`,
        [policy],
      );
      expect(rows).toEqual([
        {
          operation: 'grant',
          account: `awards-committed:${award.id}`,
          amount: '2000000000',
          effective_on: '2024-03-15',
        },
        {
          operation: 'grant',
          account: `awards-payable:${award.id}`,
          amount: '-2000000000',
          effective_on: '2024-03-15',
        },
        { operation: 'pay', account: `awards-payable:${award.id}`, amount: '2000000000', effective_on: '2024-04-01' },
        { operation: 'pay', account: 'budget-cash', amount: '-2000000000', effective_on: '2024-04-01' },
        { operation: 'recapture', account: 'budget-cash', amount: '500000000', effective_on: '2024-09-30' },
        {
          operation: 'recapture',
          account: `awards-recaptured:${award.id}`,
          amount: '-500000000',
          effective_on: '2024-09-30',
        },
      ]);
      expect(
        await ledger.dataSource.query(
          `SELECT b.account, b.balance::text AS balance FROM ledger.account_balances b
             JOIN ledger.policy_books pb ON pb.id = b.fund_id WHERE pb.policy = $1 ORDER BY b.account`,
          [policy],
        ),
      ).toEqual([
        { account: `awards-committed:${award.id}`, balance: '2000000000' },
        { account: `awards-payable:${award.id}`, balance: '0' },
        { account: `awards-recaptured:${award.id}`, balance: '-500000000' },
        { account: 'budget-cash', balance: '-1500000000' },
      ]);
    });

    it('lists the journal a page at a time, each entry with its award and the event it was posted from', async () => {
      const first = await ledger.policyBooks.journal(admin, { policy, page: { limit: 2 } });
      expect(first.entries?.map((e) => [e.operation, e.effectiveOn, e.awardId, e.sourceEventId])).toEqual([
        ['grant', '2024-03-15', award.id, award.granted.envelope.id],
        ['pay', '2024-04-01', award.id, paid.envelope.id],
      ]);
      expect(first.entries?.[0]?.postings).toEqual([
        { account: `awards-committed:${award.id}`, amount: { minorUnits: '2000000000', currency: 'CNY' } },
        { account: `awards-payable:${award.id}`, amount: { minorUnits: '-2000000000', currency: 'CNY' } },
      ]);
      const second = await ledger.policyBooks.journal(admin, {
        policy,
        page: { limit: 2, cursor: first.nextCursor ?? '' },
      });
      expect(second.entries?.map((e) => [e.operation, e.memo, yuan(e.postings?.[0]?.amount)])).toEqual([
        ['recapture', 'the product was withdrawn', '5,000,000.00'],
      ]);
      expect(second.nextCursor).toBe('');
    });

    it('posts an event once however often it comes: the inbox, and under another inbox the entry’s source event', async () => {
      // redelivered to the same consumer: its inbox absorbs it
      expect(await apply(AWARD_BOOKS_CONSUMER, award.granted, paid)).toEqual(['duplicate', 'duplicate']);
      // replayed into the same database by another consumer (a rebuild under another group prefix)
      expect(await apply('rebuild.fund-ledger.award-books', award.granted, paid, recaptured)).toEqual([
        'applied',
        'applied',
        'applied',
      ]);
      // or applied with no inbox at all
      expect(await apply(null, award.granted, recaptured)).toEqual(['applied', 'applied']);
      expect(await entriesOf(policy)).toHaveLength(3);
      expect((await books(policy))[0]).toMatchObject({ committed: '20,000,000.00', recaptured: '5,000,000.00' });
    });
  });

  it('releases the commitment when a grant is revoked before payment: committed back to 0', async () => {
    const policy = 'heze-2024-devices';
    const award = events(policy, uuidv7(), THREE_MILLION);
    expect(await apply(AWARD_BOOKS_CONSUMER, award.granted)).toEqual(['applied']);
    expect((await books(policy))[0]).toMatchObject({ committed: '3,000,000.00', payable: '3,000,000.00' });
    expect(await apply(AWARD_BOOKS_CONSUMER, award.revoked())).toEqual(['applied']);
    expect(await books(policy)).toEqual([
      {
        currency: 'CNY',
        committed: '0.00',
        payable: '0.00',
        paidOut: '0.00',
        recaptured: '0.00',
        netPaid: '0.00',
      },
    ]);
    // revoked today: on the award date it stood committed
    expect((await books(policy, '2024-03-15'))[0]).toMatchObject({ committed: '3,000,000.00' });
    expect((await entriesOf(policy)).map((e) => e.operation)).toEqual(['grant', 'revoke']);
  });

  describe('what contradicts the books is refused by the database, not only by the code', () => {
    const policy = 'nanjing-2024-action-plan';
    const award = events(policy, uuidv7(), TWENTY_MILLION);
    const attempt = async (sql: string): Promise<string> => {
      const client = await pool.connect();
      try {
        await client.query(sql);
        return 'ok';
      } catch (error) {
        await client.query('ROLLBACK');
        const { code, constraint, message } = error as { code?: string; constraint?: string; message: string };
        return `${code ?? '?'} ${constraint ?? ''}: ${message}`;
      } finally {
        client.release();
      }
    };
    let book: string;

    beforeAll(async () => {
      expect(await apply(AWARD_BOOKS_CONSUMER, award.granted, award.paid())).toEqual(['applied', 'applied']);
      const rows: { id: string }[] = await ledger.dataSource.query(
        'SELECT id FROM ledger.policy_books WHERE policy = $1',
        [policy],
      );
      book = rows[0]?.id ?? '';
    });

    it('refuses, at commit, an entry of a policy book that does not balance', async () => {
      const id = uuidv7();
      expect(
        await attempt(`
          BEGIN;
          INSERT INTO journal_entries (id, fund_id, effective_on, operation) VALUES ('${id}', '${book}', '2024-05-01', 'grant');
          INSERT INTO postings (entry_id, line, account, currency, amount) VALUES
            ('${id}', 1, 'awards-committed:${award.id}', 'CNY', 100), ('${id}', 2, 'awards-payable:${award.id}', 'CNY', -99);
          COMMIT;`),
      ).toBe(`23514 : journal entry ${id} does not balance: CNY off by 1`);
    });

    it('refuses a second payment of a paid award, a revocation after payment, and a recapture beyond what was paid', async () => {
      // each passes the code's checks (the event alone is well formed); the award's payable and the
      // budget's cash, held by the database, refuse them
      const [payable, cash] = [`awards-payable:${award.id}`, 'budget-cash'];
      expect(await apply(AWARD_BOOKS_CONSUMER, award.paid('2024-04-02'))).toEqual([
        `23514 policy_budget_ceiling_as_of: account ${payable} would be 2000000000 on 2024-04-02: it never goes above 0 (no more paid, released or recaptured than stands)`,
      ]);
      expect(await apply(AWARD_BOOKS_CONSUMER, award.revoked())).toEqual([
        expect.stringMatching(new RegExp(`^23514 policy_budget_ceiling_as_of: account ${payable} would be 2000000000`)),
      ]);
      expect(await apply(AWARD_BOOKS_CONSUMER, award.recaptured(TWENTY_MILLION + 1n))).toEqual([
        `23514 policy_budget_ceiling_as_of: account ${cash} would be 1 on 2024-09-30: it never goes above 0 (no more paid, released or recaptured than stands)`,
      ]);
      // a payment dated before its award was granted (the code refuses it too; the database holds without it)
      const early = uuidv7();
      expect(
        await attempt(`
          BEGIN;
          INSERT INTO journal_entries (id, fund_id, effective_on, operation) VALUES ('${early}', '${book}', '2024-03-01', 'pay');
          INSERT INTO postings (entry_id, line, account, currency, amount) VALUES
            ('${early}', 1, 'awards-payable:${award.id}', 'CNY', 1), ('${early}', 2, 'budget-cash', 'CNY', -1);
          COMMIT;`),
      ).toBe(
        `23514 policy_budget_ceiling_as_of: account ${payable} would be 1 on 2024-03-01: it never goes above 0 (no more paid, released or recaptured than stands)`,
      );
      // a release of more than the award's commitment
      const release = uuidv7();
      expect(
        await attempt(`
          BEGIN;
          INSERT INTO journal_entries (id, fund_id, effective_on, operation) VALUES ('${release}', '${book}', '2024-05-01', 'revoke');
          INSERT INTO postings (entry_id, line, account, currency, amount) VALUES
            ('${release}', 1, 'awards-recaptured:${award.id}', 'CNY', 2000000001),
            ('${release}', 2, 'awards-committed:${award.id}', 'CNY', -2000000001);
          COMMIT;`),
      ).toBe(
        `23514 policy_budget_floor_as_of: account awards-committed:${award.id} would be -1 on 2024-05-01: it never goes below 0 (no more released than was committed)`,
      );
      // nothing of any of them was kept
      expect((await entriesOf(policy)).map((e) => e.operation)).toEqual(['grant', 'pay']);
      expect((await books(policy))[0]).toMatchObject({ committed: '20,000,000.00', payable: '0.00' });
    });

    it('refuses a second entry from the same event, whatever the code does', async () => {
      const [posted] = (await entriesOf(policy)).map((e) => e.sourceEventId);
      const id = uuidv7();
      expect(
        await attempt(`
          BEGIN;
          INSERT INTO journal_entries (id, fund_id, effective_on, operation, source_event)
            VALUES ('${id}', '${book}', '2024-05-01', 'grant', '${posted ?? ''}');
          COMMIT;`),
      ).toBe(
        `23505 journal_entries_source_event_key: duplicate key value violates unique constraint "journal_entries_source_event_key"`,
      );
    });
  });

  it('shows the books to admins, auditors and the policy’s officers; to anyone else as if there were none', async () => {
    const policy = 'changsha-2023-review';
    const award = events(policy, uuidv7(), THREE_MILLION);
    expect(await apply(AWARD_BOOKS_CONSUMER, award.granted)).toEqual(['applied']);
    const reader = (role: Caller['role'], scope: Partial<Caller> = {}): Caller => ({
      ...officer(),
      role,
      ...scope,
    });
    const read = async (caller: Caller) => [
      await outcomeOf(ledger.policyBooks.balances(caller, { policy })),
      await outcomeOf(ledger.policyBooks.journal(caller, { policy })),
    ];
    expect(await read(admin)).toEqual(['ok', 'ok']);
    expect(await read(reader('auditor'))).toEqual(['ok', 'ok']);
    expect(await read(officer('jinan-2019-biomedical', policy))).toEqual(['ok', 'ok']);
    const hidden = ['policy-books-not-found', 'policy-books-not-found'];
    expect(await read(officer('jinan-2019-biomedical'))).toEqual(hidden);
    expect(await read(reader('fund-manager', { fundScope: [uuidv7()] }))).toEqual(hidden);
    expect(await read(reader('park-manager', { parkScope: [uuidv7()] }))).toEqual(hidden);
    // the same answer as a policy with no books at all
    expect(await outcomeOf(ledger.policyBooks.balances(admin, { policy: 'no-such-policy' }))).toBe(
      'policy-books-not-found',
    );
    expect(await outcomeOf(ledger.policyBooks.balances(admin, { policy: 'Not a key' }))).toBe(
      'ledger-invalid policy-key',
    );
    expect(await outcomeOf(ledger.policyBooks.balances(admin, { policy, asOf: '2024-02-30' }))).toBe(
      'ledger-invalid date',
    );
  });

  it('posts over Kafka through its own consumer, dead-letters what the books refuse, and a replay posts nothing twice', async () => {
    const tk = await testKafka('ledger-award-books');
    const topics = AWARD_BOOK_TOPICS.map((topic) => `${tk.topicPrefix}${topic}`);
    await createTestTopics(tk.kafka, [...topics, ...topics.map(deadLetterTopic)], 1);
    const policy = 'jinan-2019-kafka';
    const award = events(policy);
    const record = <T extends EventType>(type: T, id: string, payload: EventInit<T>, eventId = uuidv7()) => ({
      key: id,
      value: Buffer.from(encodeEvent(type, payload)),
      headers: envelopeHeaders({
        id: eventId,
        source: '/parkledger/policy-awards',
        type,
        time: new Date().toISOString(),
        subject: id,
        aggregateType: 'award',
        aggregateVersion: '1',
      }),
    });
    const grant: EventInit<'parkledger.award.granted.v1'> = {
      award: awardOf(award.id, policy, 'granted', TWENTY_MILLION),
      amount: cny(TWENTY_MILLION),
    };
    const granted = record('parkledger.award.granted.v1', award.id, grant);
    const pay: EventInit<'parkledger.award.paid.v1'> = {
      award: { ...awardOf(award.id, policy, 'paid', TWENTY_MILLION), paid: cny(TWENTY_MILLION) },
      amount: cny(TWENTY_MILLION),
      paidOn: '2024-04-01',
    };
    const producer = tk.kafka.producer();
    await producer.connect();
    await producer.send({
      topic: topics[0] ?? '',
      messages: [
        granted,
        granted, // redelivered: the same event id
        record('parkledger.award.paid.v1', award.id, pay),
        record('parkledger.award.paid.v1', award.id, pay), // paid twice under another id: a contract break
      ],
    });
    await producer.disconnect();

    const run = async (name: string, records: number) => {
      const publisher = new KafkajsEventPublisher(tk.kafka);
      const consumer = new IdempotentConsumer({
        consumer: `${tk.topicPrefix}${name}`,
        topics,
        schema: SPEC_SCHEMA,
        kafka: createKafka({ brokers: tk.brokers, clientId: 'pltest' }),
        pool: ledger.pool(2),
        publisher,
        handle: applyAwardEvent,
        logger: pino({ level: 'silent' }),
        maxAttempts: 2,
      });
      await consumer.start();
      try {
        await eventually(
          `${records} records consumed`,
          () => consumer.stats.applied + consumer.stats.duplicates + consumer.stats.deadLettered === records,
          60_000,
        );
        return { ...consumer.stats };
      } finally {
        await consumer.stop();
        await publisher.close();
      }
    };
    expect(await run(AWARD_BOOKS_CONSUMER, 4)).toMatchObject({ applied: 2, duplicates: 1, deadLettered: 1 });
    // the whole topic again into the same database under another group and inbox: nothing new
    expect(await run(`rebuild.${AWARD_BOOKS_CONSUMER}`, 4)).toMatchObject({ deadLettered: 1 });
    expect((await entriesOf(policy)).map((e) => e.operation)).toEqual(['grant', 'pay']);
    expect(await books(policy)).toEqual([
      {
        currency: 'CNY',
        committed: '20,000,000.00',
        payable: '0.00',
        paidOut: '20,000,000.00',
        recaptured: '0.00',
        netPaid: '20,000,000.00',
      },
    ]);
  }, 120_000);
});
