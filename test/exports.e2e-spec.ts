import { Workbook } from 'exceljs';
import { loadDemo } from '../scripts/demo/load';
import { JINAN_POLICY } from '../scripts/demo/demo-awards';
import { devToken } from '../scripts/token';
import { call } from './support/http';
import { startSystem, type RunningSystem } from './support/system';

interface Money {
  amount: string;
  currency: string;
}

const auditor = devToken('auditor', [], 'e2e-auditor');
const officer = devToken('policy-officer', [], 'e2e-officer', undefined, [], [JINAN_POLICY]);
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** An exact decimal string as integer minor units (two decimals), for sums without floats. */
const fen = (amount: string): bigint => {
  const [whole = '0', fraction = '00'] = amount.replace('-', '').split('.');
  const value = BigInt(whole) * 100n + BigInt(fraction.padEnd(2, '0'));
  return amount.startsWith('-') ? -value : value;
};

/** RFC 4180 as the exports write it: fields quoted only when they must be, CRLF line ends. */
function parseCsv(text: string): Record<string, string>[] {
  const records: string[][] = [];
  let field = '';
  let record: string[] = [];
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i] ?? '';
    if (quoted && c === '"' && text[i + 1] === '"') {
      field += '"';
      i += 1;
    } else if (quoted && c === '"') {
      quoted = false;
    } else if (quoted) {
      field += c;
    } else if (c === '"') {
      quoted = true;
    } else if (c === ',') {
      record.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      record.push(field);
      records.push(record);
      record = [];
      field = '';
      i += 1;
    } else {
      field += c;
    }
  }
  const [header = [], ...rows] = records;
  return rows.map((row) => Object.fromEntries(header.map((name, i) => [name, row[i] ?? ''])));
}

describe('exports through the gateway', () => {
  let system: RunningSystem;
  let parks: Record<string, string>;
  let started: string;

  const download = async (path: string, token = auditor) => {
    const response = await fetch(`${system.base}/api/v1${path}`, { headers: { authorization: `Bearer ${token}` } });
    return { status: response.status, headers: response.headers, bytes: Buffer.from(await response.arrayBuffer()) };
  };
  const csv = async (path: string, token = auditor) => {
    const reply = await download(path, token);
    if (reply.status !== 200) throw new Error(`GET ${path} answered ${reply.status}: ${reply.bytes.toString()}`);
    expect(reply.headers.get('content-type')).toBe('text/csv; charset=utf-8; header=present');
    expect(reply.bytes.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    return { ...reply, rows: parseCsv(reply.bytes.toString('utf8').slice(1)) };
  };
  const json = async <T>(path: string, token = auditor): Promise<T> => {
    const reply = await call<T>(system.base, 'GET', `/api/v1${path}`, { token });
    if (reply.status !== 200) throw new Error(`GET ${path} answered ${reply.status}: ${JSON.stringify(reply.body)}`);
    return reply.body;
  };

  beforeAll(async () => {
    system = await startSystem('exports');
    parks = await loadDemo(system.base);
    started = new Date().toISOString();
  }, 300_000);

  afterAll(async () => {
    await system?.stop();
  }, 60_000);

  it('exports the Heze port’s statistics: 40 projects signed in two years for exactly RMB 13,000,000,000.00', async () => {
    const heze = parks['heze-port'] ?? '';
    const path = `/parks/${heze}/statistics?from=2021-01-01&to=2022-12-31`;
    const { rows, headers } = await csv(`${path}&format=csv`);
    expect(headers.get('content-disposition')).toBe(
      `attachment; filename="park-statistics_${heze}_2021-01-01_2022-12-31.csv"`,
    );
    const figure = (name: string, currency: string) =>
      rows.find((row) => row.figure === name && row.currency === currency)?.value;
    expect([figure('signedCount', ''), figure('signedCount', 'CNY'), figure('signedPlannedInvestment', 'CNY')]).toEqual(
      ['40', '40', '13000000000.00'],
    );
    for (const row of rows) {
      expect([row.parkId, row.from, row.to, row.asOf]).toEqual([heze, '2021-01-01', '2022-12-31', '2022-12-31']);
      expect(row.knownAt! >= started && row.knownAt! <= new Date().toISOString()).toBe(true);
    }

    const xlsx = await download(`${path}&format=xlsx`);
    expect([xlsx.status, xlsx.headers.get('content-type')]).toEqual([200, XLSX]);
    const workbook = new Workbook();
    await workbook.xlsx.load(xlsx.bytes as unknown as Parameters<typeof workbook.xlsx.load>[0]); // exceljs declares a Buffer of its own
    const sheet = workbook.worksheets[0]!;
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    expect(header).toEqual(['parkId', 'from', 'to', 'asOf', 'knownAt', 'figure', 'key', 'value', 'currency']);
    const planned = sheet
      .getRows(2, sheet.rowCount - 1)!
      .find((row) => row.getCell(6).value === 'signedPlannedInvestment' && row.getCell(9).value === 'CNY')!;
    expect([planned.getCell(8).value, planned.getCell(8).numFmt]).toEqual([13000000000, '#,##0.00']);
  });

  it('exports every Heze project the filter gives, across pages, whose plans sum to exactly RMB 13,000,000,000.00', async () => {
    const heze = parks['heze-port'] ?? '';
    const { rows } = await csv(`/projects?parkId=${heze}&signedFrom=2021-01-01&signedTo=2022-12-31&limit=7&format=csv`);
    expect(rows).toHaveLength(40);
    expect(new Set(rows.map((row) => row.projectId)).size).toBe(40);
    expect(rows.reduce((sum, row) => sum + fen(row.plannedInvestment ?? ''), 0n)).toBe(1_300_000_000_000n);
    expect(rows.every((row) => row.currency === 'CNY' && row.signedFrom === '2021-01-01')).toBe(true);
    expect(rows.some((row) => /[\u4e00-\u9fff]/.test(row.nameZh ?? ''))).toBe(true);
  });

  it('shows a park manager in an export exactly what it may read, and refuses a format it does not know', async () => {
    const hezeManager = devToken('park-manager', [parks['heze-port'] ?? ''], 'e2e-heze');
    const foreign = await download(
      `/parks/${parks.jiz}/statistics?from=2021-01-01&to=2024-12-31&format=csv`,
      hezeManager,
    );
    expect([foreign.status, foreign.headers.get('content-type')]).toEqual([
      404,
      'application/problem+json; charset=utf-8',
    ]);
    const mine = await csv('/projects?format=csv', hezeManager);
    const all = await csv('/projects?format=csv');
    expect(mine.rows.length).toBeGreaterThanOrEqual(40);
    expect(mine.rows.length).toBeLessThan(all.rows.length);
    expect(mine.rows.every((row) => all.rows.some((other) => other.projectId === row.projectId))).toBe(true);
    const pdf = await call<{ code: string; errors: { field: string }[] }>(
      system.base,
      'GET',
      `/api/v1/parks/${parks.jiz}/statistics?from=2021-01-01&to=2024-12-31&format=pdf`,
      { token: auditor },
    );
    expect([pdf.status, pdf.headers.get('content-type'), pdf.body.errors.map((e) => e.field)]).toEqual([
      422,
      'application/problem+json; charset=utf-8',
      ['format'],
    ]);
  });

  it('exports the Heze partners’ capital account statements, whose ending balances sum to the fund’s NAV', async () => {
    const funds = await json<{ items: { id: string; nameEn: string }[] }>('/funds?limit=200');
    const fund = funds.items.find((f) => f.nameEn === 'Heze Industrial Development Fund')?.id ?? '';
    const partners = await json<{ items: { id: string }[] }>(`/funds/${fund}/partners`);
    let endings = 0n;
    for (const partner of partners.items) {
      const path = `/funds/${fund}/partners/${partner.id}/capital-account?from=2021-01-01&to=2024-12-31`;
      const statement = await json<Record<string, Money | string>>(path);
      const { rows, headers } = await csv(`${path}&format=csv`);
      expect(headers.get('content-disposition')).toBe(
        `attachment; filename="capital-account_${fund}_${partner.id}_2021-01-01_2024-12-31.csv"`,
      );
      expect(rows.map((row) => row.line)).toEqual([
        'beginningBalance',
        'contributions',
        'distributions',
        'managementFees',
        'gainsLosses',
        'endingBalance',
        'commitment',
        'paidIn',
        'calledUnpaid',
        'unfundedCommitment',
      ]);
      for (const row of rows) {
        expect([row.amount, row.currency]).toEqual([
          (statement[row.line ?? ''] as Money).amount,
          (statement[row.line ?? ''] as Money).currency,
        ]);
        expect([row.from, row.to, row.partnerName]).toEqual(['2021-01-01', '2024-12-31', statement.partnerName]);
      }
      endings += fen(rows.find((row) => row.line === 'endingBalance')?.amount ?? '');
    }
    expect(endings).toBe(293_000_000_000n); // the NAV as of 2024-12-31

    const first = partners.items[0]?.id ?? '';
    const xlsx = await download(
      `/funds/${fund}/partners/${first}/capital-account?from=2021-01-01&to=2024-12-31&format=xlsx`,
    );
    const workbook = new Workbook();
    await workbook.xlsx.load(xlsx.bytes as unknown as Parameters<typeof workbook.xlsx.load>[0]); // exceljs declares a Buffer of its own
    const sheet = workbook.worksheets[0]!;
    const statement = await json<Record<string, Money>>(
      `/funds/${fund}/partners/${first}/capital-account?from=2021-01-01&to=2024-12-31`,
    );
    for (let r = 2; r <= 11; r += 1) {
      const row = sheet.getRow(r);
      const money = statement[row.getCell(7).text]!;
      expect([row.getCell(8).value, row.getCell(8).numFmt, row.getCell(9).value]).toEqual([
        Number(money.amount),
        '#,##0.00',
        money.currency,
      ]);
    }
  });

  it('exports the Jinan policy’s awards report with the same counts and exact amounts as the JSON report', async () => {
    interface Figures {
      currency: string;
      count: Record<string, number>;
      amount: Record<string, Money>;
    }
    const path = `/policies/${JINAN_POLICY}/reports/awards`;
    const report = await json<{ scope: string; totals: Figures[]; byItem: (Figures & { item: string })[] }>(
      path,
      officer,
    );
    const { rows, headers } = await csv(`${path}?format=csv`, officer);
    expect(headers.get('content-disposition')).toBe(`attachment; filename="awards_${JINAN_POLICY}_all-years_all.csv"`);
    const expected = [
      ...report.totals.map((f) => ({ section: 'total', key: '', f })),
      ...report.byItem.map((f) => ({ section: 'item', key: f.item, f })),
    ];
    expect(report.totals.length).toBeGreaterThan(0);
    for (const { section, key, f } of expected) {
      const row = rows.find((r) => r.section === section && r.key === key && r.currency === f.currency);
      expect(row).toMatchObject({
        policy: JINAN_POLICY,
        year: '',
        scope: report.scope,
        cases: String(f.count.cases),
        granted: String(f.count.granted),
        revoked: String(f.count.revoked),
        grantedAmount: f.amount.granted?.amount,
        paidAmount: f.amount.paid?.amount,
        netAmount: f.amount.net?.amount,
      });
    }
    const otherOfficer = devToken('policy-officer', [], 'e2e-other-officer', undefined, [], ['heze-2022-medical']);
    const refused = await download(`${path}?format=xlsx`, otherOfficer);
    expect([refused.status, refused.headers.get('content-type'), refused.headers.get('content-disposition')]).toEqual([
      404,
      'application/problem+json; charset=utf-8',
      null,
    ]);
  });
});
