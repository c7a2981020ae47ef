// Loads the demo world through the public REST API, as a park management centre would, and
// prints a token per demo role. Idempotent: every write carries a stable Idempotency-Key.
import { DEFAULT_TTL_SECONDS, devToken } from '../token';
import { DEMO_ENTERPRISES, DEMO_PARKS, DEMO_PROJECTS } from './demo-data';
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
    // The pipeline learns parks and enterprises from the registry's events: give it a moment.
    const unknown = response.status === 422 && /project-unknown-(park|enterprise)/.test(text);
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
  return Object.fromEntries(parkIds);
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
  const tokens = [
    ['Heze park manager (Heze Modern Medical Port)', devToken('park-manager', [heze], 'demo-heze-manager')],
    ['Jinan park manager (Jinan High-tech Zone)', devToken('park-manager', [jinan], 'demo-jinan-manager')],
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
