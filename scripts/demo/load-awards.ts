import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { devToken } from '../token';
import { get, post, sleep } from './api';
import { DEMO_AWARD_STEPS, type DemoAwardStep, JINAN_POLICY, JINAN_POLICY_PARKS, type Outcome } from './demo-awards';

interface Money {
  amount: string;
}
interface Award {
  id: string;
  item: string;
  status: string;
  granted: Money;
  recaptured: Money;
  reason: string | null;
  milestoneId: string | null;
}

const POLICY_FILE = join(__dirname, '..', '..', 'services/policy-awards/policies/jinan-2019-biomedical.json');

/** What the loader needs to name things: the registry's and the pipeline's ids by demo key. */
export interface DemoIds {
  parkIds: ReadonlyMap<string, string>;
  enterpriseIds: ReadonlyMap<string, string>;
  projectIds: ReadonlyMap<string, string>;
}

/**
 * The Jinan 2019 policy published for the Jinan High-tech Zone, and its demo awards, as a policy
 * office works: milestones entered in the enterprises' files (the awards they give come by Kafka,
 * so each is waited for), applications recorded and reviewed, awards confirmed, paid, revoked and
 * recaptured. Each award is checked, at the end, against what its last step says it must come to.
 * Idempotent like the rest of the demo: every write has its key. Returns the awards by step key.
 */
export async function loadAwards(base: string, ids: DemoIds): Promise<Map<string, Award>> {
  const officer = devToken('policy-officer', [], 'demo-policy-office', undefined, [], [JINAN_POLICY]);
  const idOf = (map: ReadonlyMap<string, string>, key: string, what: string): string => {
    const id = map.get(key);
    if (id === undefined) throw new Error(`the demo awards name unknown ${what} ${key}`);
    return id;
  };
  const document = JSON.parse(readFileSync(POLICY_FILE, 'utf8')) as Record<string, unknown>;
  await post(base, officer, '/policies', `demo:policy:${JINAN_POLICY}`, {
    ...document,
    parks: JINAN_POLICY_PARKS.map((park) => idOf(ids.parkIds, park, 'park')),
  });
  const awards = new Map<string, Award>();
  const awardOf = (key: string): Award => {
    const award = awards.get(key);
    if (award === undefined) throw new Error(`demo award step names ${key}, which no step before it gave`);
    return award;
  };
  const expected = new Map<string, DemoAwardStep>();
  for (const step of DEMO_AWARD_STEPS) {
    const [key, award] = await takeStep(base, officer, step, ids, idOf, awardOf);
    awards.set(key, award);
    expected.set(key, step);
  }
  // checked as they stand at the end, so a second load (whose steps replay) checks the same
  for (const [key, step] of expected) {
    const award = await get<Award>(base, officer, `/awards/${awardOf(key).id}`);
    check(key, step, award);
    awards.set(key, award);
  }
  return awards;
}

async function takeStep(
  base: string,
  officer: string,
  step: DemoAwardStep,
  ids: DemoIds,
  idOf: (map: ReadonlyMap<string, string>, key: string, what: string) => string,
  awardOf: (key: string) => Award,
): Promise<[string, Award]> {
  const write = <T>(path: string, key: string, body: object) => post<T>(base, officer, path, `demo:award:${key}`, body);
  switch (step.kind) {
    case 'milestone': {
      const enterpriseId = idOf(ids.enterpriseIds, step.enterprise, 'enterprise');
      const milestone = await write<{ id: string }>(`/enterprises/${enterpriseId}/milestones`, step.key, {
        kind: step.milestone,
        achievedOn: step.on,
        facts: step.facts,
      });
      return [step.key, await givenBy(base, officer, enterpriseId, step.item, milestone.id)];
    }
    case 'application': {
      const { award } = await write<{ award: Award }>('/applications', step.key, {
        policy: JINAN_POLICY,
        item: step.item,
        enterpriseId: idOf(ids.enterpriseIds, step.enterprise, 'enterprise'),
        awardOn: step.on,
        facts: step.facts,
        ...(step.project === undefined ? {} : { projectId: idOf(ids.projectIds, step.project, 'project') }),
      });
      const { review } = step;
      const body =
        review.decision === 'reject'
          ? review
          : {
              ...review,
              ...(review.amount === undefined ? {} : { amount: { amount: review.amount, currency: 'CNY' } }),
            };
      const reviewed = await write<{ award: Award }>(`/awards/${award.id}/review`, `${step.key}:review`, body);
      return [step.key, reviewed.award];
    }
    case 'confirm': {
      const { award } = await write<{ award: Award }>(`/awards/${awardOf(step.of).id}/review`, `${step.of}:confirm`, {
        decision: 'grant',
      });
      return [step.of, award];
    }
    case 'pay':
      return [
        step.of,
        await write<Award>(`/awards/${awardOf(step.of).id}/payment`, `${step.of}:pay`, { paidOn: step.on }),
      ];
    case 'revoke':
      return [
        step.of,
        await write<Award>(`/awards/${awardOf(step.of).id}/revocation`, `${step.of}:revoke`, { reason: step.reason }),
      ];
    case 'recapture':
      return [
        step.of,
        await write<Award>(`/awards/${awardOf(step.of).id}/recaptures`, `${step.of}:recapture`, {
          amount: { amount: step.amount, currency: 'CNY' },
          recapturedOn: step.on,
          reason: step.reason,
        }),
      ];
  }
}

/** How often the demo asks whether a milestone's award has come: it takes some 20-50 ms. */
const AWARD_POLL_MS = 25;

/** The award a milestone gave its item, once the awards service has consumed it (up to 30 s). */
async function givenBy(base: string, token: string, enterpriseId: string, item: string, milestoneId: string) {
  for (const deadline = Date.now() + 30_000; Date.now() < deadline;) {
    const { items } = await get<{ items: Award[] }>(
      base,
      token,
      `/awards?enterpriseId=${enterpriseId}&item=${item}&limit=200`,
    );
    const award = items.find((candidate) => candidate.milestoneId === milestoneId);
    if (award !== undefined) return award;
    await sleep(AWARD_POLL_MS);
  }
  throw new Error(`milestone ${milestoneId} gave item ${item} no award within 30 s`);
}

function check(key: string, step: DemoAwardStep, award: Award): void {
  const expected: Outcome & { recaptured?: string } = step.expect;
  const got = {
    status: award.status,
    granted: award.granted.amount,
    ...(expected.reason === undefined ? {} : { reason: award.reason ?? '' }),
    ...(expected.recaptured === undefined ? {} : { recaptured: award.recaptured.amount }),
  };
  if (JSON.stringify(got) !== JSON.stringify({ ...expected })) {
    throw new Error(
      `demo award ${key} (${step.kind}): expected ${JSON.stringify(expected)}, got ${JSON.stringify(got)}`,
    );
  }
}
