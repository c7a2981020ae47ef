// Loads the demo world through the public REST API, as a park management centre would, and
// prints a token per demo role. Idempotent: every write carries a stable Idempotency-Key.
import { devToken } from '../token';
import { DEMO_ENTERPRISES, DEMO_PARKS } from './demo-data';
import { demoUscc } from './demo-uscc';

async function post<T>(base: string, token: string, path: string, key: string, body: object): Promise<T> {
  const response = await fetch(`${base}/api/v1${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': key },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`POST ${path} (${key}) answered ${response.status}: ${text}`);
  return JSON.parse(text) as T;
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
  for (const enterprise of DEMO_ENTERPRISES) {
    const { key, division, settlesIn, ...fields } = enterprise;
    const created = await post<{ id: string }>(base, admin, '/enterprises', `demo:enterprise:${key}`, {
      ...fields,
      uscc: demoUscc(key, division),
    });
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
  return Object.fromEntries(parkIds);
}

async function main(): Promise<void> {
  const parks = await loadDemo(process.env.PARKLEDGER_URL ?? 'http://127.0.0.1:3000');
  const heze = parks['heze-port'] ?? '';
  const jinan = parks.jiz ?? '';
  const tokens = [
    ['Heze park manager (Heze Modern Medical Port)', devToken('park-manager', [heze], 'demo-heze-manager')],
    ['Jinan park manager (Jinan High-tech Zone)', devToken('park-manager', [jinan], 'demo-jinan-manager')],
    ['auditor', devToken('auditor', [], 'demo-auditor')],
    ['admin', devToken('admin', [], 'demo-admin')],
  ];
  process.stdout.write('\nDemo tokens (valid 8 hours; use as "Authorization: Bearer <token>"):\n');
  for (const [who, token] of tokens) process.stdout.write(`  ${who}:\n    ${token}\n`);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`demo: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
