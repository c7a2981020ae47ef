import { serviceDataSource } from '@parkledger/service-kit';
import { freshDatabase, type TestDatabase } from '@parkledger/testing';
import { Client } from 'pg';
import { type DataSource } from 'typeorm';
// the database and the service's role provisioned exactly as the infra scripts do it (a test may
// reach outside the service; the service itself never does)
/* eslint-disable @nx/enforce-module-boundaries */
import { provisionSql } from '../../../../scripts/infra/database';
import { devPassword } from '../../../../scripts/infra/services';
/* eslint-enable @nx/enforce-module-boundaries */
import { MIGRATIONS } from './migrations';

const ROLE = 'fund_ledger';
const FUND = '01900000-0000-7000-8000-000000000001';
const entryId = (n: number) => `01900000-0000-7000-8000-${String(n).padStart(12, '0')}`;

/** The journal's guarantees hold in the database itself, for the service's own role over a raw connection. */
describe('the fund ledger journal in the database', () => {
  let db: TestDatabase;
  let dataSource: DataSource;
  let service: Client;
  let admin: Client;

  const connectAs = async (user: string, password: string): Promise<Client> => {
    const client = new Client({ ...db.config, user, password, options: `-c search_path=${ROLE}` });
    await client.connect();
    return client;
  };
  /** The error code and message Postgres answers with, or 'ok'. */
  const attempt = async (client: Client, sql: string): Promise<string> => {
    try {
      await client.query(sql);
      return 'ok';
    } catch (error) {
      const { code, constraint, message } = error as { code?: string; constraint?: string; message: string };
      return `${code ?? '?'} ${constraint === undefined ? '' : `${constraint}: `}${message}`;
    }
  };
  const entry = (n: number, postings: [string, number][]) => `
    BEGIN;
    INSERT INTO journal_entries (id, fund_id, effective_on, operation) VALUES ('${entryId(n)}', '${FUND}', '2022-03-01', 'contribution');
    ${postings
      .map(
        ([account, amount], i) =>
          `INSERT INTO postings (entry_id, line, account, currency, amount) VALUES ('${entryId(n)}', ${i + 1}, '${account}', 'CNY', ${amount});`,
      )
      .join('\n')}
    COMMIT;`;

  beforeAll(async () => {
    db = await freshDatabase('fund_journal');
    await db.pool(1).query(provisionSql(db.name));
    // migrated as production migrates it: by the service's own role, the owner of its schema
    dataSource = serviceDataSource(
      {
        PG_HOST: db.config.host ?? '127.0.0.1',
        PG_PORT: db.config.port ?? 5433,
        PG_DATABASE: db.name,
        PG_USER: ROLE,
        PG_PASSWORD: devPassword(ROLE),
        PG_POOL_SIZE: 2,
      },
      ROLE,
      MIGRATIONS,
    );
    await dataSource.initialize();
    await dataSource.runMigrations();
    service = await connectAs(ROLE, devPassword(ROLE));
    admin = await connectAs(String(db.config.user), String(db.config.password));
    await service.query(
      `INSERT INTO funds (id, name_zh, name_en, kind, currency, manager, vintage_on)
       VALUES ('${FUND}', '菏泽产业发展基金', 'Heze Industrial Development Fund', 'guidance', 'CNY', 'Heze', '2021-01-01')`,
    );
  });

  afterAll(async () => {
    await service?.end();
    await admin?.end();
    await dataSource?.destroy();
    await db?.drop();
  });

  it('commits a balanced entry', async () => {
    expect(
      await attempt(
        service,
        entry(1, [
          ['cash', 75_000_000_000],
          ['partner:yankuang:unpaid', -75_000_000_000],
        ]),
      ),
    ).toBe('ok');
    const { rows } = await service.query<{ n: number }>('SELECT count(*)::int AS n FROM postings');
    expect(rows[0]?.n).toBe(2);
  });

  it('refuses, at commit, an entry that does not balance or has one posting, and keeps none of it', async () => {
    expect(
      await attempt(
        service,
        entry(2, [
          ['cash', 100],
          ['partner:qiaobei:unpaid', -99],
        ]),
      ),
    ).toBe(`23514 journal entry ${entryId(2)} does not balance: CNY off by 1`);
    await service.query('ROLLBACK');
    expect(await attempt(service, entry(3, [['cash', 100]]))).toBe(
      `23514 journal entry ${entryId(3)} has 1 posting(s); an entry has at least two`,
    );
    await service.query('ROLLBACK');
    // a posting slipped into a committed entry later is refused on the spot
    expect(
      await attempt(
        service,
        `INSERT INTO postings (entry_id, line, account, currency, amount) VALUES ('${entryId(1)}', 3, 'cash', 'CNY', 5)`,
      ),
    ).toBe(
      `42501 journal entry ${entryId(1)} is written: its postings go in with it, in its transaction; correct it with a reversing entry`,
    );
    const { rows } = await service.query<{ entries: number; postings: number }>(
      'SELECT (SELECT count(*)::int FROM journal_entries) AS entries, (SELECT count(*)::int FROM postings) AS postings',
    );
    expect(rows[0]).toEqual({ entries: 1, postings: 2 });
  });

  it("refuses the service's own role an UPDATE, a DELETE or a TRUNCATE of the journal", async () => {
    for (const sql of [
      'UPDATE postings SET amount = 1 WHERE line = 1',
      'DELETE FROM postings',
      "UPDATE journal_entries SET effective_on = DATE '2020-01-01'",
      'DELETE FROM journal_entries',
      'TRUNCATE postings',
    ]) {
      expect(await attempt(service, sql)).toMatch(/^42501 permission denied for table (postings|journal_entries)$/);
    }
  });

  it('refuses even a superuser an edit: the triggers say how to correct instead', async () => {
    expect(await attempt(admin, `UPDATE ${ROLE}.postings SET amount = 1 WHERE line = 1`)).toBe(
      '42501 the journal is never edited: UPDATE on postings refused; correct it with a reversing entry',
    );
    expect(await attempt(admin, `DELETE FROM ${ROLE}.journal_entries`)).toBe(
      '42501 the journal is never edited: DELETE on journal_entries refused; correct it with a reversing entry',
    );
    const { rows } = await service.query<{ amount: string }>('SELECT amount::text FROM postings ORDER BY line');
    expect(rows.map((row) => row.amount)).toEqual(['75000000000', '-75000000000']);
  });

  it('reverses an entry once, and only a known entry of the fund; a posting needs its entry', async () => {
    const reversal = (n: number) => `
      BEGIN;
      INSERT INTO journal_entries (id, fund_id, effective_on, operation, reverses)
        VALUES ('${entryId(n)}', '${FUND}', '2022-03-02', 'reversal', '${entryId(1)}');
      INSERT INTO postings (entry_id, line, account, currency, amount) VALUES
        ('${entryId(n)}', 1, 'cash', 'CNY', -75000000000), ('${entryId(n)}', 2, 'partner:yankuang:unpaid', 'CNY', 75000000000);
      COMMIT;`;
    expect(await attempt(service, reversal(10))).toBe('ok');
    expect(await attempt(service, reversal(11))).toMatch(
      /^23505 journal_entries_reverses_key: duplicate key value violates unique constraint/,
    );
    await service.query('ROLLBACK');
    expect(
      await attempt(
        service,
        `INSERT INTO journal_entries (id, fund_id, effective_on, operation, reverses)
         VALUES ('${entryId(12)}', '${FUND}', '2022-03-02', 'reversal', '${entryId(99)}')`,
      ),
    ).toBe(`23503 journal entry ${entryId(12)} reverses ${entryId(99)}, which is not an entry of its fund`);
    // two entries of one statement reversing each other: neither is an entry yet
    expect(
      await attempt(
        service,
        `INSERT INTO journal_entries (id, fund_id, effective_on, operation, reverses) VALUES
           ('${entryId(13)}', '${FUND}', '2022-03-02', 'reversal', '${entryId(14)}'),
           ('${entryId(14)}', '${FUND}', '2022-03-02', 'reversal', '${entryId(13)}')`,
      ),
    ).toMatch(/^23503 journal entry \S+ reverses \S+, which is not an entry of its fund$/);
    expect(
      await attempt(
        service,
        `INSERT INTO postings (entry_id, line, account, currency, amount) VALUES ('${entryId(98)}', 1, 'cash', 'CNY', 5)`,
      ),
    ).toBe(`23503 postings for journal entry ${entryId(98)}, which does not exist`);
  });

  it('lets 32 racing calls take exactly what a commitment has left, and refuses the rest naming the limit', async () => {
    // Qiaobei commits 1,000,000.00; 32 calls of 50,000.00 race for it: 20 fit
    expect(
      await attempt(
        service,
        entry(20, [
          ['unfunded:qiaobei', 100_000_000],
          ['committed:qiaobei', -100_000_000],
        ]),
      ),
    ).toBe('ok');
    const racers = await Promise.all(Array.from({ length: 32 }, () => connectAs(ROLE, devPassword(ROLE))));
    try {
      const outcomes = await Promise.all(
        racers.map((racer, i) =>
          attempt(
            racer,
            entry(100 + i, [
              ['called:qiaobei', 5_000_000],
              ['unfunded:qiaobei', -5_000_000],
            ]),
          ),
        ),
      );
      expect(outcomes.filter((outcome) => outcome === 'ok')).toHaveLength(20);
      for (const refused of outcomes.filter((outcome) => outcome !== 'ok')) {
        expect(refused).toBe(
          "23514 account_balances_floor: account unfunded:qiaobei holds 0, and this statement's postings take 5000000 from it",
        );
      }
    } finally {
      await Promise.all(racers.map((racer) => racer.end()));
    }
    const { rows } = await service.query<{ account: string; balance: string }>(
      "SELECT account, balance::text FROM account_balances WHERE account LIKE '%qiaobei' ORDER BY account",
    );
    expect(rows).toEqual([
      { account: 'called:qiaobei', balance: '100000000' },
      { account: 'committed:qiaobei', balance: '-100000000' },
      { account: 'unfunded:qiaobei', balance: '0' },
    ]);
    const sums = await service.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM postings WHERE account = 'called:qiaobei'",
    );
    expect(sums.rows[0]?.n).toBe(20);
  }, 30_000);

  it("refuses an entry dated before its fund's start or inside a closed period, one among many too", async () => {
    const fund = '01900000-0000-7000-8000-0000000000f2';
    await service.query(
      `INSERT INTO funds (id, name_zh, name_en, kind, currency, manager, vintage_on)
       VALUES ('${fund}', '济南', 'Jinan', 'direct', 'CNY', 'Jinan', '2021-01-01')`,
    );
    const insert = (...days: string[]) =>
      `INSERT INTO journal_entries (id, fund_id, effective_on, operation) VALUES ${days
        .map((day, i) => `('${entryId(300 + i)}', '${fund}', '${day}', 'fee')`)
        .join(', ')}`;
    expect(await attempt(service, insert('2022-01-03', '2020-12-31'))).toBe(
      `23514 journal_before_vintage: fund ${fund} starts on 2021-01-01; an entry can not be dated 2020-12-31`,
    );
    await service.query(`UPDATE funds SET closed_through = '2021-12-31' WHERE id = '${fund}'`);
    expect(await attempt(service, insert('2022-01-03', '2021-12-31', '2022-01-04'))).toBe(
      `23514 journal_period_closed: the books of fund ${fund} are closed through 2021-12-31; an entry dated 2021-12-31 goes in the next open period`,
    );
    const { rows } = await service.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM journal_entries WHERE fund_id = '${fund}'`,
    );
    expect(rows[0]?.n).toBe(0);
  });

  it('keeps every balance equal to the sum of its postings', async () => {
    const { rows } = await service.query<{ off: number }>(
      `SELECT count(*)::int AS off FROM account_balances b
        WHERE b.balance <> (SELECT coalesce(sum(p.amount), 0) FROM postings p
                             JOIN journal_entries e ON e.id = p.entry_id
                            WHERE e.fund_id = b.fund_id AND p.account = b.account AND p.currency = b.currency)`,
    );
    expect(rows[0]?.off).toBe(0);
  });
});
