// Loads the demo world through the public REST API, as a park management centre would, and
// prints a token per demo role. Idempotent: every write carries a stable Idempotency-Key.
import { DEFAULT_TTL_SECONDS, devToken } from '../token';
import { DEMO_ENTERPRISES, DEMO_PARKS, DEMO_PROJECTS } from './demo-data';
import { demoFunds, type DemoFund } from './demo-funds';
import { demoUscc } from './demo-uscc';

async function post<T>(base: string, token: string, path: string, key: string, body: object): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    const response = await fetch(`${base}/api/v1${path}`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
        'idempotency-key': `${key}#${attempt}`,
      },
      body: JSON.stringify(body),
    });
    const text = await response.text();
    if (response.ok) return JSON.parse(text) as T;
    // The pipeline learns parks and enterprises, and the fund ledger projects, from events: give them a moment.
    const unknown = response.status === 422 && /project-unknown-(park|enterprise)|investment-target-unknown/.test(text);
    if (!unknown || attempt >= 60) throw new Error(`POST ${path} (${key}) answered ${response.status}: ${text}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

/** Loads the demo world into the gateway at `base`; returns the park ids by demo key. */
export async function loadDemo(base: string): Promise<Record<string, string>> {
  const admin = devToken('admin', [], 'demo-loader');
  const parkIds = new Map<string, string>();
  for (const park of DEMO_PARKS) {
    const { key, parent, ...fields } = park;
    const parentId = parent === undefined ? undefined : parkIds.get(parent);
    if (parent !== undefined && parentId === undefined)
      throw new Error(`demo park ${key} comes before its parent ${parent}`);
    const created = await post<{ id: string; version: number }>(base, admin, '/parks', `demo:park:${key}`, {
      ...fields,
      ...(parentId === undefined ? {} : { parentId }),
    });
    parkIds.set(key, created.id);
  }
  process.stdout.write(`demo: ${parkIds.size} parks\n`);
  let settled = 0;
  const enterpriseIds = new Map<string, string>();
  for (const enterprise of DEMO_ENTERPRISES) {
    const { key, division, settlesIn, ...fields } = enterprise;
    const created = await post<{ id: string }>(base, admin, '/enterprises', `demo:enterprise:${key}`, {
      ...fields,
      uscc: demoUscc(key, division),
    });
    enterpriseIds.set(key, created.id);
    if (settlesIn !== undefined) {
      const parkId = parkIds.get(settlesIn.park);
      if (parkId === undefined) throw new Error(`demo enterprise ${key} settles in unknown park ${settlesIn.park}`);
      await post(base, admin, '/settlements', `demo:settlement:${key}`, {
        enterpriseId: created.id,
        parkId,
        settledOn: settlesIn.on,
      });
      settled += 1;
    }
  }
  process.stdout.write(`demo: ${DEMO_ENTERPRISES.length} enterprises, ${settled} settlements\n`);

  const projectIds = new Map<string, string>();
  for (const project of DEMO_PROJECTS) {
    const { id } = await post<{ id: string }>(base, admin, '/projects', `demo:project:${project.key}`, {
      parkId: parkIds.get(project.park),
      enterpriseId: enterpriseIds.get(project.enterprise),
      industryField: project.industryField,
      nameZh: project.nameZh,
      nameEn: project.nameEn,
      plannedInvestment: { amount: project.planned, currency: 'CNY' },
      stage: 'LEAD',
      effectiveOn: project.leadOn,
    });
    projectIds.set(project.key, id);
    for (const [stage, on] of project.stages) {
      await post(base, admin, `/projects/${id}/stage`, `demo:project:${project.key}:${stage}`, {
        stage,
        effectiveOn: on,
      });
    }
    for (const [asOf, cumulative] of project.reports ?? []) {
      await post(base, admin, `/projects/${id}/investment-reports`, `demo:project:${project.key}:report:${asOf}`, {
        asOf,
        completedInvestment: { amount: cumulative, currency: 'CNY' },
      });
    }
  }
  process.stdout.write(`demo: ${DEMO_PROJECTS.length} projects\n`);
  const hezeProjects = DEMO_PROJECTS.filter((p) => p.key.startsWith('heze-')).map((p) => p.key);
  const funds = demoFunds(hezeProjects);
  const fundIds = new Map<string, string>();
  for (const fund of funds) fundIds.set(fund.key, await loadFund(base, admin, fund, { parkIds, projectIds, fundIds }));
  process.stdout.write(`demo: ${funds.length} funds\n`);
  return Object.fromEntries(parkIds);
}

const cny = (amount: string) => ({ amount, currency: 'CNY' });
type Money = ReturnType<typeof cny>;

/** One demo fund through the fund routes: partners, calls paid in full on their due dates, investments, fees. */
async function loadFund(
  base: string,
  admin: string,
  fund: DemoFund,
  ids: { parkIds: Map<string, string>; projectIds: Map<string, string>; fundIds: Map<string, string> },
): Promise<string> {
  const key = `demo:fund:${fund.key}`;
  const idOf = (map: Map<string, string>, name: string, what: string): string => {
    const id = map.get(name);
    if (id === undefined) throw new Error(`demo fund ${fund.key} names unknown ${what} ${name}`);
    return id;
  };
  const { id } = await post<{ id: string }>(base, admin, '/funds', key, {
    nameZh: fund.nameZh,
    nameEn: fund.nameEn,
    kind: fund.kind,
    currency: 'CNY',
    manager: fund.manager,
    vintageOn: fund.vintageOn,
    regionParkIds: (fund.region ?? []).map((park) => idOf(ids.parkIds, park, 'park')),
  });
  const partnerKeys = new Map<string, string>();
  for (const partner of fund.partners) {
    const created = await post<{ partner: { id: string } }>(
      base,
      admin,
      `/funds/${id}/partners`,
      `${key}:partner:${partner.key}`,
      {
        name: partner.name,
        kind: partner.kind,
        role: partner.role,
        ...(partner.fund === undefined ? {} : { partnerFundId: idOf(ids.fundIds, partner.fund, 'fund') }),
        commitment: cny(partner.commitment),
        effectiveOn: fund.committedOn,
      },
    );
    partnerKeys.set(created.partner.id, partner.key);
  }
  for (const [i, [on, due, amount]] of fund.calls.entries()) {
    const { call } = await post<{ call: { id: string; shares: { partnerId: string; amount: Money }[] } }>(
      base,
      admin,
      `/funds/${id}/capital-calls`,
      `${key}:call:${i + 1}`,
      { amount: cny(amount), effectiveOn: on, dueOn: due },
    );
    for (const share of call.shares) {
      if (share.amount.amount === '0.00') continue;
      await post(
        base,
        admin,
        `/funds/${id}/contributions`,
        `${key}:call:${i + 1}:${partnerKeys.get(share.partnerId) ?? ''}`,
        {
          callId: call.id,
          partnerId: share.partnerId,
          amount: share.amount,
          effectiveOn: due,
        },
      );
    }
  }
  for (const investment of fund.investments) {
    const made = await post<{ investment: { id: string } }>(
      base,
      admin,
      `/funds/${id}/investments`,
      `${key}:investment:${investment.key}`,
      {
        targetKind: 'project',
        targetId: idOf(ids.projectIds, investment.project, 'project'),
        form: investment.form,
        amount: cny(investment.amount),
        effectiveOn: investment.on,
      },
    );
    const path = `/funds/${id}/investments/${made.investment.id}`;
    if (investment.valued !== undefined) {
      const [on, fairValue] = investment.valued;
      await post(base, admin, `${path}/valuations`, `${key}:investment:${investment.key}:valued:${on}`, {
        fairValue: cny(fairValue),
        effectiveOn: on,
      });
    }
    if (investment.writtenOffOn !== undefined) {
      await post(base, admin, `${path}/write-offs`, `${key}:investment:${investment.key}:written-off`, {
        amount: cny(investment.amount),
        effectiveOn: investment.writtenOffOn,
      });
    }
  }
  for (const [on, amount] of fund.fees) {
    await post(base, admin, `/funds/${id}/fees`, `${key}:fee:${on}`, {
      amount: cny(amount),
      effectiveOn: on,
      memo: 'management fee',
    });
  }
  return id;
}

async function main(): Promise<void> {
  const base = process.env.PARKLEDGER_URL ?? 'http://127.0.0.1:3000';
  const parks = await loadDemo(base);
  const heze = parks['heze-port'] ?? '';
  const jinan = parks.jiz ?? '';
  const stats = (await (
    await fetch(`${base}/api/v1/parks/${heze}/statistics?from=2021-01-01&to=2022-12-31`, {
      headers: { authorization: `Bearer ${devToken('auditor', [], 'demo-loader')}` },
    })
  ).json()) as { signedCount: number; totals: { currency: string; signedPlannedInvestment: { amount: string } }[] };
  process.stdout.write(
    `demo: Heze Modern Medical Port signed ${stats.signedCount} projects in 2021-2022 for ${stats.totals.map((t) => `${t.currency} ${t.signedPlannedInvestment.amount}`).join(' + ')}\n`,
  );
  const auditor = devToken('auditor', [], 'demo-loader');
  const read = async <T>(path: string): Promise<T> =>
    (await (await fetch(`${base}/api/v1${path}`, { headers: { authorization: `Bearer ${auditor}` } })).json()) as T;
  const { items: funds } = await read<{ items: { id: string; nameEn: string }[] }>('/funds?limit=200');
  const hezeFund = funds.find((fund) => fund.nameEn === 'Heze Industrial Development Fund')?.id ?? '';
  const figures = await read<Record<string, { amount: string } | string | null>>(
    `/funds/${hezeFund}/figures?asOf=2024-12-31`,
  );
  const amount = (name: string) => {
    const value = figures[name];
    return typeof value === 'object' && value !== null ? `CNY ${value.amount}` : String(value);
  };
  process.stdout.write(
    `demo: Heze Industrial Development Fund as of 2024-12-31: committed ${amount('committed')}, paid in ${amount('paidIn')}, ` +
      `${amount('investmentsCount')} investments at cost ${amount('investedAtCost')}, written off ${amount('writtenOff')}, ` +
      `NAV ${amount('nav')}, TVPI ${amount('tvpi')}\n`,
  );
  const tokens = [
    ['Heze park manager (Heze Modern Medical Port)', devToken('park-manager', [heze], 'demo-heze-manager')],
    ['Jinan park manager (Jinan High-tech Zone)', devToken('park-manager', [jinan], 'demo-jinan-manager')],
    [
      'Heze fund manager (Heze Industrial Development Fund)',
      devToken('fund-manager', [], 'demo-heze-fund-manager', DEFAULT_TTL_SECONDS, [hezeFund]),
    ],
    ['auditor', devToken('auditor', [], 'demo-auditor')],
    ['admin', devToken('admin', [], 'demo-admin')],
  ];
  const minutes = DEFAULT_TTL_SECONDS / 60;
  process.stdout.write(`\nDemo tokens (valid ${minutes} minutes; use as "Authorization: Bearer <token>"):\n`);
  for (const [who, token] of tokens) process.stdout.write(`  ${who}:\n    ${token}\n`);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`demo: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
