// Loads the demo world through the public REST API, as a park management centre would, and
// prints a token per demo role. Idempotent: every write carries a stable Idempotency-Key.
import { DEFAULT_TTL_SECONDS, devToken } from '../token';
import { DEMO_ENTERPRISES, DEMO_PARKS, DEMO_PROJECTS, HUANGPU_ENTERPRISES, type DemoEnterprise } from './demo-data';
import { demoFunds, type DemoFund } from './demo-funds';
import { demoUscc } from './demo-uscc';
import { get, inPool, post } from './api';
import { JINAN_POLICY } from './demo-awards';
import { loadAwards } from './load-awards';

/** Guangzhou Huangpu's enterprises are registered and settled this many at a time. */
const HUANGPU_CONCURRENCY = 8;

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
  const registerEnterprise = async (enterprise: DemoEnterprise): Promise<void> => {
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
  };
  const huangpu = new Set(HUANGPU_ENTERPRISES.map((e) => e.key));
  for (const enterprise of DEMO_ENTERPRISES) if (!huangpu.has(enterprise.key)) await registerEnterprise(enterprise);
  process.stdout.write(`demo: ${enterpriseIds.size} enterprises, ${settled} settlements\n`);
  await inPool(
    DEMO_ENTERPRISES.filter((e) => huangpu.has(e.key)),
    HUANGPU_CONCURRENCY,
    registerEnterprise,
  );
  process.stdout.write(`demo: ${enterpriseIds.size} enterprises, ${settled} settlements (with Guangzhou Huangpu's)\n`);

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
  const funds = demoFunds(hezeProjects, HUANGPU_ENTERPRISES);
  const fundIds = new Map<string, string>();
  const ids = { parkIds, projectIds, enterpriseIds, fundIds };
  for (const fund of funds) fundIds.set(fund.key, await loadFund(base, admin, fund, ids));
  const investments = funds.reduce((sum, fund) => sum + fund.investments.length, 0);
  process.stdout.write(`demo: ${funds.length} funds, ${investments} investments\n`);
  const awards = await loadAwards(base, ids);
  process.stdout.write(
    `demo: the Jinan 2019 policy published, ${awards.size} awards and applications as the demo says\n`,
  );
  return Object.fromEntries(parkIds);
}

const cny = (amount: string) => ({ amount, currency: 'CNY' });
type Money = ReturnType<typeof cny>;

/** One demo fund through the fund routes: partners, calls paid in full on their due dates, investments, fees. */
async function loadFund(
  base: string,
  admin: string,
  fund: DemoFund,
  ids: {
    parkIds: Map<string, string>;
    projectIds: Map<string, string>;
    enterpriseIds: Map<string, string>;
    fundIds: Map<string, string>;
  },
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
  if (fund.reinvestment !== undefined) {
    const partnerId = [...partnerKeys].find(([, partnerKey]) => partnerKey === fund.reinvestment?.partner)?.[0];
    if (partnerId === undefined) throw new Error(`demo fund ${fund.key}'s requirement names unknown partner`);
    await post(base, admin, `/funds/${id}/reinvestment-requirements`, `${key}:reinvestment`, {
      regionParkIds: (fund.region ?? []).map((park) => idOf(ids.parkIds, park, 'park')),
      ratio: fund.reinvestment.ratio,
      partnerId,
      effectiveOn: fund.committedOn,
    });
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
        ...('project' in investment.target
          ? { targetKind: 'project', targetId: idOf(ids.projectIds, investment.target.project, 'project') }
          : {
              targetKind: 'enterprise',
              targetId: idOf(ids.enterpriseIds, investment.target.enterprise, 'enterprise'),
            }),
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
  const auditor = devToken('auditor', [], 'demo-loader');
  const read = <T>(path: string): Promise<T> => get<T>(base, auditor, path);
  const stats = await read<{
    signedCount: number;
    totals: { currency: string; signedPlannedInvestment: { amount: string } }[];
  }>(`/parks/${heze}/statistics?from=2021-01-01&to=2022-12-31`);
  process.stdout.write(
    `demo: Heze Modern Medical Port signed ${stats.signedCount} projects in 2021-2022 for ${stats.totals.map((t) => `${t.currency} ${t.signedPlannedInvestment.amount}`).join(' + ')}\n`,
  );
  const { items: funds } = await read<{ items: { id: string; nameEn: string }[] }>('/funds?limit=200');
  const hezeFund = funds.find((fund) => fund.nameEn === 'Heze Industrial Development Fund')?.id ?? '';
  for (const name of ['Heze Industrial Development Fund', 'Guangzhou Huangpu Sci-tech Mother Fund']) {
    const fundId = funds.find((fund) => fund.nameEn === name)?.id ?? '';
    const figures = await read<Record<string, { amount: string } | string | null>>(
      `/funds/${fundId}/figures?asOf=2024-12-31`,
    );
    const amount = (figure: string) => {
      const value = figures[figure];
      return typeof value === 'object' && value !== null ? `CNY ${value.amount}` : String(value);
    };
    process.stdout.write(
      `demo: ${name} as of 2024-12-31: committed ${amount('committed')}, paid in ${amount('paidIn')}, ` +
        `${amount('investmentsCount')} investments at cost ${amount('investedAtCost')}, written off ${amount('writtenOff')}, ` +
        `NAV ${amount('nav')}, TVPI ${amount('tvpi')}\n`,
    );
  }
  const { items: jinanAwards } = await read<{ items: { status: string; granted: { amount: string } }[] }>(
    `/awards?policy=${JINAN_POLICY}&limit=200`,
  );
  const standing = jinanAwards.filter((award) => award.status === 'granted' || award.status === 'paid');
  process.stdout.write(
    `demo: the Jinan 2019 policy: ${jinanAwards.length} awards and applications, ${standing.length} standing, ` +
      `${jinanAwards.filter((award) => award.status === 'rejected').length} rejected with their reasons ` +
      `(GET /api/v1/awards?policy=${JINAN_POLICY}; the budget's books at /api/v1/policies/${JINAN_POLICY}/books)\n`,
  );
  const tokens = [
    ['Heze park manager (Heze Modern Medical Port)', devToken('park-manager', [heze], 'demo-heze-manager')],
    ['Jinan park manager (Jinan High-tech Zone)', devToken('park-manager', [jinan], 'demo-jinan-manager')],
    [
      'Heze fund manager (Heze Industrial Development Fund)',
      devToken('fund-manager', [], 'demo-heze-fund-manager', DEFAULT_TTL_SECONDS, [hezeFund]),
    ],
    [
      'Jinan policy officer (the Jinan 2019 biomedical policy)',
      devToken('policy-officer', [], 'demo-policy-office', DEFAULT_TTL_SECONDS, [], [JINAN_POLICY]),
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
