import { type AwardStatus, type MilestoneSnapshot } from '../awards/awards.repository';
import {
  evaluate,
  keptPerEnterprise,
  settledInCovered,
  show,
  type Evaluation,
  type StandingAward,
} from '../evaluation/evaluate';
import { MissingMilestoneFact, triggeredFacts } from '../evaluation/trigger';
import { type FactValue, type PolicyDocument } from '../policies/policy-document';
import { PolicyError } from '../policies/policy.errors';
import { byItemId } from '../reports/award-figures';

/** A case the awards service recorded under the policy: an application, or an award a milestone gave, as it stands. */
export interface RecordedCase {
  awardId: string;
  item: string;
  enterprise: string;
  awardOn: string;
  /** the item's facts as recorded: an application's as given, a milestone's as its trigger made them */
  facts: Record<string, unknown>;
  status: AwardStatus;
  granted: bigint;
  recaptured: bigint;
  decidedBy: 'policy' | 'reviewer' | null;
  milestoneId: string | null;
  /** the milestone as its event carried it; null for an application, and for awards given before it was kept */
  milestone: MilestoneSnapshot | null;
  /** whether the service's read model has the enterprise settled, on the award date, in a park the draft covers */
  settledInDraftParks: boolean;
}

/** How the replay takes a recorded case: evaluated under the draft, or left as it stands. */
export type Treatment = 'evaluated' | 'pending' | 'revoked' | 'reviewer-rejected';

export interface CaseOutcome {
  /** the recorded award; null for a case only the draft's triggers give */
  awardId: string | null;
  milestoneId: string | null;
  item: string;
  enterprise: string;
  awardOn: string;
  /** the recorded status; null for a case only the draft's triggers give */
  status: AwardStatus | null;
  treatment: Treatment;
  /** what stands granted: granted less recaptured */
  actual: bigint;
  actualGranted: boolean;
  outcome: Evaluation['outcome'];
  /** what the draft grants, less what was recaptured */
  simulated: bigint;
  simulatedGranted: boolean;
  reason: string;
}

export interface Figures {
  actual: bigint;
  simulated: bigint;
  actualAwards: number;
  simulatedAwards: number;
}

export interface BudgetYearFigures {
  year: number;
  budget: bigint;
  actualUsed: bigint;
  simulatedUsed: bigint;
}

export interface Replay {
  /** every case, in replay order */
  cases: CaseOutcome[];
  total: Figures;
  /** in the draft's numbering, then any item only the recorded cases have */
  byItem: { item: string; figures: Figures }[];
  byEnterprise: { enterprise: string; figures: Figures }[];
  /** each year of the period */
  budget: BudgetYearFigures[];
  counts: {
    cases: number;
    evaluated: number;
    pending: number;
    revoked: number;
    reviewerRejected: number;
    newCases: number;
    changed: number;
  };
}

/**
 * Replays the recorded cases of a period under a draft policy, in award-date order (one milestone's
 * cases together, in the draft's item order), each evaluated against its own book of the awards
 * standing: those before the period as they stand, then what the replay grants, so a draft's grant
 * counts against the later cases as a real one would. What a person decided is kept: a case still
 * submitted is left out of both sides, a revoked one stands in neither, a reviewer's rejection of
 * what the policy gave stays rejected, a reviewer's grant in part is the most the draft gives, and
 * a recapture takes back as much again (all of it where it took back everything). A milestone
 * recorded with its facts has the draft's triggers applied again (which may give an item it did not,
 * or no longer give one), and its eligibility is the draft's parks among those the event said the
 * enterprise was settled in; an application's eligibility is the service's read model. A draft's
 * proposal to confirm is counted as confirmed. Pure: the caller reads the cases, nothing is written.
 */
export function replay(
  draft: PolicyDocument,
  input: { before: readonly StandingAward[]; cases: readonly RecordedCase[] },
  period: { from: string; to: string },
): Replay {
  const book = new Book(draft);
  const actualByYear = new Map<string, bigint>();
  for (const award of input.before) {
    book.add(award);
    addTo(actualByYear, award.awardOn.slice(0, 4), award.amount);
  }
  const items = new Map(draft.items.map((item) => [item.id, item]));
  const money = (amount: bigint) => show(amount, draft.currency);

  const evaluated = (
    at: { item: string; enterprise: string; awardOn: string },
    facts: Record<string, unknown>,
    eligible: boolean,
    recorded: RecordedCase | null,
  ): Pick<CaseOutcome, 'outcome' | 'simulated' | 'simulatedGranted' | 'reason'> => {
    const refused = (reason: string) => ({
      outcome: 'refused' as const,
      simulated: 0n,
      simulatedGranted: false,
      reason,
    });
    if (!items.has(at.item)) return refused(`the draft has no item ${at.item}`);
    if (!eligible) return refused(`not settled on ${at.awardOn} in a park the draft covers`);
    let evaluation: Evaluation;
    try {
      evaluation = evaluate(
        draft,
        { item: at.item, enterprise: at.enterprise, awardOn: at.awardOn, facts },
        { awards: book.standing(at.item, at.enterprise), budgetUsed: book.usedIn(at.awardOn) },
      );
    } catch (error) {
      if (!(error instanceof PolicyError)) throw error;
      return refused(`its facts do not fit the draft's item ${at.item}: ${error.message}`);
    }
    let { amount, outcome, reason } = evaluation;
    const inPart = recorded?.decidedBy === 'reviewer' && (recorded.status === 'granted' || recorded.status === 'paid');
    if (inPart && recorded.granted < amount) {
      amount = recorded.granted;
      outcome = 'cut';
      reason = `the reviewer granted ${money(recorded.granted)} of it, and that stands`;
    }
    if (amount === 0n) return refused(reason);
    const taken = recorded === null || recorded.recaptured === 0n ? 0n : recaptureOf(recorded, amount);
    const standing = amount - taken;
    book.add({
      item: at.item,
      enterprise: at.enterprise,
      awardOn: at.awardOn,
      facts: evaluation.facts,
      amount: standing,
      tiers: evaluation.tiers,
    });
    if (taken > 0n) reason = [reason, `${money(taken)} recaptured, as it was`].filter((r) => r !== '').join('; ');
    return { outcome, simulated: standing, simulatedGranted: true, reason };
  };

  const outcomes: CaseOutcome[] = [];
  for (const unit of unitsOf(input.cases)) {
    const snapshot = unit.milestone;
    if (snapshot === null) {
      for (const recorded of unit.cases) {
        outcomes.push(
          kept(recorded) ?? {
            ...actualOf(recorded),
            ...evaluated(recorded, recorded.facts, recorded.settledInDraftParks, recorded),
          },
        );
      }
      continue;
    }
    // a milestone recorded with its facts: the draft's triggers say which items it gives
    const eligible = settledInCovered(draft.parks, snapshot.settledIn);
    const recordedByItem = new Map(unit.cases.map((recorded) => [recorded.item, recorded]));
    const triggered = new Set<string>();
    for (const item of draft.items) {
      if (item.trigger?.milestone !== snapshot.kind) continue;
      let facts: Record<string, FactValue> | undefined;
      try {
        facts = triggeredFacts(item.trigger, Object.keys(item.facts), snapshot.facts);
      } catch (error) {
        if (!(error instanceof MissingMilestoneFact)) throw error;
        facts = undefined; // a milestone recorded without a fact the draft's trigger reads gives nothing
      }
      if (facts === undefined) continue;
      triggered.add(item.id);
      const recorded = recordedByItem.get(item.id);
      const at = { item: item.id, enterprise: unit.enterprise, awardOn: unit.awardOn };
      if (recorded === undefined) {
        const fresh: CaseOutcome = {
          awardId: null,
          milestoneId: unit.milestoneId,
          ...at,
          status: null,
          treatment: 'evaluated',
          actual: 0n,
          actualGranted: false,
          ...evaluated(at, facts, eligible, null),
        };
        outcomes.push(fresh);
      } else {
        outcomes.push(kept(recorded) ?? { ...actualOf(recorded), ...evaluated(at, facts, eligible, recorded) });
      }
    }
    for (const recorded of unit.cases) {
      if (triggered.has(recorded.item)) continue;
      const reason = items.has(recorded.item)
        ? `under the draft, this ${snapshot.kind} milestone gives no item ${recorded.item}`
        : `the draft has no item ${recorded.item}`;
      outcomes.push(
        kept(recorded) ?? { ...actualOf(recorded), outcome: 'refused', simulated: 0n, simulatedGranted: false, reason },
      );
    }
  }

  return summary(draft, outcomes, book, actualByYear, period);
}

/** What a recapture takes back of the simulated grant: all of it where it took back all, else as much again, at most all. */
function recaptureOf(recorded: RecordedCase, amount: bigint): bigint {
  if (recorded.recaptured >= recorded.granted) return amount;
  return recorded.recaptured < amount ? recorded.recaptured : amount;
}

/** A recorded case the replay leaves as it stands: undecided, revoked, or a reviewer's rejection of what the policy gave. */
function kept(recorded: RecordedCase): CaseOutcome | undefined {
  const leave = (treatment: Treatment, reason: string): CaseOutcome => ({
    ...actualOf(recorded),
    treatment,
    outcome: 'refused',
    simulated: 0n,
    simulatedGranted: false,
    reason,
  });
  if (recorded.status === 'submitted') return leave('pending', 'submitted and undecided: left out');
  if (recorded.status === 'revoked') return leave('revoked', 'revoked: stands in neither');
  if (recorded.status === 'rejected' && recorded.decidedBy === 'reviewer') {
    return leave('reviewer-rejected', 'rejected by a reviewer although the policy gave something: kept rejected');
  }
  return undefined;
}

function actualOf(
  recorded: RecordedCase,
): Pick<
  CaseOutcome,
  'awardId' | 'milestoneId' | 'item' | 'enterprise' | 'awardOn' | 'status' | 'treatment' | 'actual' | 'actualGranted'
> {
  const stands = recorded.status === 'granted' || recorded.status === 'paid';
  return {
    awardId: recorded.awardId,
    milestoneId: recorded.milestoneId,
    item: recorded.item,
    enterprise: recorded.enterprise,
    awardOn: recorded.awardOn,
    status: recorded.status,
    treatment: 'evaluated',
    actual: stands ? recorded.granted - recorded.recaptured : 0n,
    actualGranted: stands,
  };
}

interface Unit {
  awardOn: string;
  enterprise: string;
  /** the least recorded award id: UUIDv7s, so the order they were recorded in */
  order: string;
  milestoneId: string | null;
  milestone: MilestoneSnapshot | null;
  cases: RecordedCase[];
}

/** The cases in replay order: by award date, then as recorded; one milestone's together. */
function unitsOf(cases: readonly RecordedCase[]): Unit[] {
  const units: Unit[] = [];
  const milestones = new Map<string, Unit>();
  for (const recorded of cases) {
    const unit = {
      awardOn: recorded.awardOn,
      enterprise: recorded.enterprise,
      order: recorded.awardId,
      milestoneId: recorded.milestoneId,
      milestone: recorded.milestone,
      cases: [recorded],
    };
    if (recorded.milestone === null || recorded.milestoneId === null) {
      units.push(unit);
      continue;
    }
    const same = milestones.get(recorded.milestoneId);
    if (same === undefined) {
      milestones.set(recorded.milestoneId, unit);
      units.push(unit);
    } else {
      same.cases.push(recorded);
      if (recorded.awardId < same.order) same.order = recorded.awardId;
    }
  }
  const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return units.sort((a, b) => compare(a.awardOn, b.awardOn) || compare(a.order, b.order));
}

/** The awards standing in a replay, indexed so each evaluation reads only those that can share a key. */
class Book {
  private readonly byItem = new Map<string, StandingAward[]>();
  private readonly byEnterprise = new Map<string, Map<string, StandingAward[]>>();
  private readonly used = new Map<string, bigint>();
  /** items whose every limit is kept per enterprise (and a tiers rule is): only the enterprise's awards matter */
  private readonly perEnterprise: Set<string>;

  constructor(draft: PolicyDocument) {
    this.perEnterprise = new Set(draft.items.filter(keptPerEnterprise).map((item) => item.id));
  }

  add(award: StandingAward): void {
    const all = this.byItem.get(award.item) ?? [];
    this.byItem.set(award.item, all);
    all.push(award);
    const enterprises = this.byEnterprise.get(award.item) ?? new Map<string, StandingAward[]>();
    this.byEnterprise.set(award.item, enterprises);
    const own = enterprises.get(award.enterprise) ?? [];
    enterprises.set(award.enterprise, own);
    own.push(award);
    addTo(this.used, award.awardOn.slice(0, 4), award.amount);
  }

  standing(item: string, enterprise: string): readonly StandingAward[] {
    if (!this.perEnterprise.has(item)) return this.byItem.get(item) ?? [];
    return this.byEnterprise.get(item)?.get(enterprise) ?? [];
  }

  /** What the awards standing of the date's year use of the budget. */
  usedIn(date: string): bigint {
    return this.used.get(date.slice(0, 4)) ?? 0n;
  }
}

function addTo(map: Map<string, bigint>, key: string, amount: bigint): void {
  map.set(key, (map.get(key) ?? 0n) + amount);
}

const none = (): Figures => ({ actual: 0n, simulated: 0n, actualAwards: 0, simulatedAwards: 0 });

function count(into: Figures, outcome: CaseOutcome): void {
  into.actual += outcome.actual;
  into.simulated += outcome.simulated;
  if (outcome.actualGranted) into.actualAwards += 1;
  if (outcome.simulatedGranted) into.simulatedAwards += 1;
}

function summary(
  draft: PolicyDocument,
  cases: CaseOutcome[],
  book: Book,
  actualByYear: Map<string, bigint>,
  period: { from: string; to: string },
): Replay {
  const total = none();
  const items = new Map<string, Figures>();
  const enterprises = new Map<string, Figures>();
  for (const outcome of cases) {
    count(total, outcome);
    const item = items.get(outcome.item) ?? none();
    items.set(outcome.item, item);
    count(item, outcome);
    const enterprise = enterprises.get(outcome.enterprise) ?? none();
    enterprises.set(outcome.enterprise, enterprise);
    count(enterprise, outcome);
    addTo(actualByYear, outcome.awardOn.slice(0, 4), outcome.actual);
  }
  const order = new Map(draft.items.map((item, i) => [item.id, i]));
  const rank = (item: string) => order.get(item) ?? draft.items.length;
  const budget: BudgetYearFigures[] = [];
  for (let year = Number(period.from.slice(0, 4)); year <= Number(period.to.slice(0, 4)); year += 1) {
    const key = String(year).padStart(4, '0');
    budget.push({
      year,
      budget: draft.budgetPerYear,
      actualUsed: actualByYear.get(key) ?? 0n,
      simulatedUsed: book.usedIn(key),
    });
  }
  const tally = (treatment: Treatment) => cases.filter((c) => c.treatment === treatment).length;
  return {
    cases,
    total,
    byItem: [...items]
      .sort(([a], [b]) => rank(a) - rank(b) || byItemId(a, b))
      .map(([item, figures]) => ({ item, figures })),
    byEnterprise: [...enterprises]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([enterprise, figures]) => ({ enterprise, figures })),
    budget,
    counts: {
      cases: cases.length,
      evaluated: tally('evaluated'),
      pending: tally('pending'),
      revoked: tally('revoked'),
      reviewerRejected: tally('reviewer-rejected'),
      newCases: cases.filter((c) => c.awardId === null).length,
      changed: cases.filter((c) => c.actual !== c.simulated).length,
    },
  };
}
