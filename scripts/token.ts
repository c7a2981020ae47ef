// A development token: npm run token -- --role park-manager --park <park id> [--park <id>] [--subject s] [--ttl seconds]
// or: npm run token -- --role fund-manager --fund <fund id> [--fund <id>]
// or: npm run token -- --role policy-officer --policy <policy key> [--policy <key>]
// Signed with the development secret, which the gateway accepts only when NODE_ENV is development or test;
// for the default audience, and living an hour: the longest the gateway accepts by default.
import { isPolicyKey, ROLES, type Role } from '@parkledger/contracts';
import { isUuid } from '@parkledger/platform';
import { parseArgs } from 'node:util';
import { DEV_JWT_SECRET } from '../services/gateway/src/auth/dev-secret';
import { signToken } from '../services/gateway/src/auth/bearer-token';

export const DEFAULT_TTL_SECONDS = 3600;

export function devToken(
  role: Role,
  parks: string[] = [],
  subject = `dev-${role}`,
  ttlSeconds = DEFAULT_TTL_SECONDS,
  funds: string[] = [],
  policies: string[] = [],
): string {
  return signToken(
    { subject, role, parks, funds, policies },
    DEV_JWT_SECRET,
    { issuer: 'parkledger', audience: 'parkledger-api' },
    ttlSeconds,
  );
}

function main(): void {
  if (process.env.NODE_ENV === 'production') throw new Error('development tokens are not for production');
  const { values } = parseArgs({
    options: {
      role: { type: 'string' },
      park: { type: 'string', multiple: true },
      fund: { type: 'string', multiple: true },
      policy: { type: 'string', multiple: true },
      subject: { type: 'string' },
      ttl: { type: 'string' },
    },
  });
  const role = ROLES.find((r) => r === values.role);
  if (role === undefined) throw new Error(`--role must be one of ${ROLES.join(', ')}`);
  const parks = values.park ?? [];
  const bad = parks.find((id) => !isUuid(id));
  if (bad !== undefined) throw new Error(`--park must be a park id (UUID), got "${bad}"`);
  if (role === 'park-manager' && parks.length === 0) throw new Error('a park-manager token needs at least one --park');
  const funds = values.fund ?? [];
  const badFund = funds.find((id) => !isUuid(id));
  if (badFund !== undefined) throw new Error(`--fund must be a fund id (UUID), got "${badFund}"`);
  if (role === 'fund-manager' && funds.length === 0) throw new Error('a fund-manager token needs at least one --fund');
  const policies = values.policy ?? [];
  const badPolicy = policies.find((key) => !isPolicyKey(key));
  if (badPolicy !== undefined)
    throw new Error(`--policy must be a policy key (e.g. jinan-2019-biomedical), got "${badPolicy}"`);
  if (role === 'policy-officer' && policies.length === 0) {
    throw new Error('a policy-officer token needs at least one --policy');
  }
  const ttl = Number(values.ttl ?? DEFAULT_TTL_SECONDS);
  if (!Number.isInteger(ttl) || ttl < 1) throw new Error('--ttl must be a whole number of seconds');
  process.stdout.write(`${devToken(role, parks, values.subject ?? `dev-${role}`, ttl, funds, policies)}\n`);
}

if (require.main === module) {
  try {
    main();
  } catch (error) {
    process.stderr.write(`token: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  }
}
