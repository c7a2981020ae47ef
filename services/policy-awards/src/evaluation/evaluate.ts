import { ErrorKind, formatDecimal, type FieldProblem, MINOR_UNITS, parseDecimal } from '@parkledger/platform';
import {
  type Condition,
  type FactValue,
  type Limit,
  PERCENT_SCALE,
  type PolicyDocument,
  type PolicyItem,
} from '../policies/policy-document';
import { PolicyError, PolicyErrorCode } from '../policies/policy.errors';

/** What an application asks: an item of the policy for an enterprise, on an award date, with its facts. */
export interface Application {
  item: string;
  enterprise: string;
  /** the award date, a calendar date: its year is the year of the yearly caps and the budget */
  awardOn: string;
  /** as given: text, whole numbers, true or false, money as a decimal string */
  facts: Record<string, unknown>;
}

/**
 * An award granted earlier under the policy, as it stands now: its amount less what was recaptured.
 * A revoked award is not one of them: it frees its count and its share of every cap.
 */
export interface StandingAward {
  item: string;
  enterprise: string;
  awardOn: string;
  facts: Record<string, FactValue>;
  amount: bigint;
  /** the thresholds of a tiers rule it paid */
  tiers: number[];
}

/** One step of an evaluation: what applied, and the amount after it. */
export interface TraceStep {
  step: 'eligibility' | 'rule' | 'count' | 'cap' | 'budget';
  what: string;
  amount: bigint;
}

export interface Evaluation {
  item: string;
  /** the proposed amount, minor units */
  amount: bigint;
  /** in full as the rule gives it, cut by a cap or the budget, or refused */
  outcome: 'full' | 'cut' | 'refused';
  /** why it was cut or refused; empty in full */
  reason: string;
  tiers: number[];
  facts: Record<string, FactValue>;
  trace: TraceStep[];
}

/**
 * Whether only the enterprise's own awards bear on an application for the item: every limit is kept
 * per enterprise (and a tiers rule's thresholds are). Then the awards of other enterprises can be
 * left unread.
 */
export const keptPerEnterprise = (item: PolicyItem): boolean =>
  item.limits.every((limit) => limit.per.includes('enterprise'));

/**
 * Whether a milestone's enterprise is eligible under a policy: among the parks its event says it was
 * settled in that day (each with every park above it) is one the policy covers.
 */
export const settledInCovered = (policyParks: readonly string[], settledIn: readonly string[]): boolean =>
  policyParks.some((park) => settledIn.includes(park));

/** Whether awards granted before bear on the item at all: it has a limit, or thresholds paid once. */
export const readsStanding = (item: PolicyItem): boolean => item.limits.length > 0 || item.rule.kind === 'tiers';

/**
 * Evaluates an application under a policy: the item's rule gives an amount, its count limits may
 * refuse it, its caps and the year's budget may cut it (to 0: refused). Caps and counts are computed
 * from the awards standing under the policy, so a revocation or a recapture frees its share. Every
 * step is in the trace with its figures. Eligibility (where the enterprise is settled) is the
 * caller's to check first.
 */
export function evaluate(
  policy: PolicyDocument,
  application: Application,
  standing: { awards: readonly StandingAward[]; budgetUsed: bigint },
): Evaluation {
  const item = policy.items.find((candidate) => candidate.id === application.item);
  if (item === undefined) {
    const message = `the policy has no item "${application.item}" (its items: ${policy.items.map((i) => i.id).join(', ')})`;
    throw new PolicyError(PolicyErrorCode.InvalidApplication, ErrorKind.Invalid, message, [
      { field: 'item', rule: 'known-item', message },
    ]);
  }
  const money = (amount: bigint) => show(amount, policy.currency);
  const facts = readFacts(item, application.facts, MINOR_UNITS[policy.currency as keyof typeof MINOR_UNITS] ?? 2);
  const perEnterprise = keptPerEnterprise(item);
  const mine = standing.awards.filter(
    (award) => award.item === item.id && (!perEnterprise || award.enterprise === application.enterprise),
  );
  const trace: TraceStep[] = [];
  const result = (amount: bigint, reason: string, extra: Partial<Evaluation> = {}): Evaluation => ({
    item: item.id,
    amount,
    outcome: amount === 0n ? 'refused' : reason === '' ? 'full' : 'cut',
    reason,
    tiers: [],
    facts,
    trace,
    ...extra,
  });

  const given = ruleAmount(item, facts, mine, application.enterprise, money);
  trace.push({ step: 'rule', what: given.what, amount: given.amount });
  if (given.refusal !== undefined) return result(0n, given.refusal);
  let amount = given.amount;
  let reason = '';

  const key = (limit: Limit, award: { enterprise: string; awardOn: string; facts: Record<string, FactValue> }) =>
    JSON.stringify(limit.per.map((name) => keyValue(name, award)));
  const own = { enterprise: application.enterprise, awardOn: application.awardOn, facts };
  for (const limit of item.limits) {
    const per = `per ${limit.per.join(' and ')}`;
    const ownKey = key(limit, own);
    const same = mine.filter((award) => key(limit, award) === ownKey);
    switch (limit.kind) {
      case 'count': {
        // an award that meets the exception neither counts toward the limit nor is limited by it
        const { except } = limit;
        if (except !== null && holds(except, facts)) {
          const what = `${atMost(limit.max)} ${per}: not counted and not limited where ${describe(except)}`;
          trace.push({ step: 'count', what, amount });
          break;
        }
        const granted = same.filter((award) => except === null || !holds(except, award.facts)).length;
        trace.push({ step: 'count', what: `${atMost(limit.max)} ${per}: ${granted} granted`, amount });
        if (granted >= limit.max) {
          return result(0n, `${atMost(limit.max)} ${per} under item ${item.id}, and ${granted} granted`);
        }
        break;
      }
      case 'cap': {
        const used = same.reduce((sum, award) => sum + award.amount, 0n);
        const left = limit.amount > used ? limit.amount - used : 0n;
        const what = `at most ${money(limit.amount)} ${per}: ${money(used)} granted, ${money(left)} left`;
        if (amount > left) {
          amount = left;
          reason = `the cap of ${money(limit.amount)} ${per} under item ${item.id} left only ${money(left)}`;
        }
        trace.push({ step: 'cap', what, amount });
        if (amount === 0n) return result(0n, reason);
        break;
      }
    }
  }

  const year = application.awardOn.slice(0, 4);
  const budgetLeft = policy.budgetPerYear > standing.budgetUsed ? policy.budgetPerYear - standing.budgetUsed : 0n;
  const budgetWhat = `the budget of ${money(policy.budgetPerYear)} for ${year}: ${money(standing.budgetUsed)} used, ${money(budgetLeft)} left`;
  if (amount > budgetLeft) {
    amount = budgetLeft;
    reason = `the policy's budget for ${year} left only ${money(budgetLeft)}`;
  }
  trace.push({ step: 'budget', what: budgetWhat, amount });
  return result(amount, reason, { tiers: given.tiers });
}

/** The rule's amount before limits, or why there is none. */
function ruleAmount(
  item: PolicyItem,
  facts: Record<string, FactValue>,
  mine: readonly StandingAward[],
  enterprise: string,
  money: (amount: bigint) => string,
): { amount: bigint; what: string; tiers: number[]; refusal?: string } {
  const { rule } = item;
  switch (rule.kind) {
    case 'fixed': {
      const instead = rule.instead.find((alternative) => holds(alternative.when, facts));
      return instead === undefined
        ? { amount: rule.amount, what: `a fixed ${money(rule.amount)}`, tiers: [] }
        : { amount: instead.amount, what: `${money(instead.amount)} where ${describe(instead.when)}`, tiers: [] };
    }
    case 'reviewer-set': {
      const amount = facts[rule.amount] as bigint;
      const range = `${money(rule.min)} to ${money(rule.max)}`;
      if (amount < rule.min || amount > rule.max) {
        return {
          amount: 0n,
          what: `set by the reviewer within ${range}: ${money(amount)}`,
          tiers: [],
          refusal: `the reviewer's ${money(amount)} is outside ${range}`,
        };
      }
      return { amount, what: `set by the reviewer within ${range}: ${money(amount)}`, tiers: [] };
    }
    case 'percent-of-base': {
      const base = facts[rule.base] as bigint;
      const share = (base * rule.percent) / PERCENT_SCALE; // rounded down to the minor unit
      const percent = formatDecimal(rule.percent, 4).replace(/\.?0+$/, '');
      const amount = rule.cap !== null && share > rule.cap ? rule.cap : share;
      const capped = amount === share ? '' : `, capped at ${money(amount)}`;
      return { amount, what: `${percent}% of ${rule.base} ${money(base)}: ${money(share)}${capped}`, tiers: [] };
    }
    case 'actual-expenses': {
      const expenses = facts[rule.expenses] as bigint;
      const amount = rule.cap !== null && expenses > rule.cap ? rule.cap : expenses;
      const capped = amount === expenses ? '' : `, capped at ${money(amount)}`;
      return { amount, what: `the actual expenses, ${money(expenses)}${capped}`, tiers: [] };
    }
    case 'tiers': {
      const count = facts[rule.count] as number;
      const paid = new Set(mine.filter((award) => award.enterprise === enterprise).flatMap((award) => award.tiers));
      const reached = rule.tiers.filter((tier) => tier.atLeast <= count);
      const fresh = reached.filter((tier) => !paid.has(tier.atLeast));
      const amount = fresh.reduce((sum, tier) => sum + tier.amount, 0n);
      const what = `${rule.count} ${count}: thresholds ${reached.map((t) => t.atLeast).join(', ') || 'none'} reached, ${[...paid].join(', ') || 'none'} paid before, ${fresh.map((t) => `${t.atLeast} (${money(t.amount)})`).join(' and ') || 'none'} now`;
      if (fresh.length === 0) {
        const refusal =
          reached.length === 0
            ? `${rule.count} ${count} reaches no threshold (the first is ${rule.tiers[0]?.atLeast ?? 0})`
            : `every threshold ${rule.count} ${count} reaches was paid before, once per enterprise`;
        return { amount: 0n, what, tiers: [], refusal };
      }
      return { amount, what, tiers: fresh.map((tier) => tier.atLeast) };
    }
  }
}

/** The application's facts as the item declares them: each present, of its kind, and no others. */
export function readFacts(
  item: PolicyItem,
  given: Record<string, unknown>,
  minorDigits: number,
): Record<string, FactValue> {
  const problems: FieldProblem[] = [];
  const facts: Record<string, FactValue> = {};
  for (const name of Object.keys(given)) {
    if (!Object.hasOwn(item.facts, name)) {
      const known = Object.keys(item.facts);
      problems.push({
        field: `facts.${name}`,
        rule: 'known-fact',
        message: `item ${item.id} has no fact "${name}" (its facts: ${known.length === 0 ? 'none' : known.join(', ')})`,
      });
    }
  }
  for (const [name, kind] of Object.entries(item.facts)) {
    const value = given[name];
    const field = `facts.${name}`;
    if (value === undefined) {
      problems.push({ field, rule: 'required', message: `${field} is required by item ${item.id}` });
    } else if (kind === 'text' && typeof value === 'string' && value.trim() !== '' && [...value].length <= 200) {
      facts[name] = value;
    } else if (kind === 'integer' && Number.isSafeInteger(value) && (value as number) >= 0) {
      facts[name] = value as number;
    } else if (kind === 'boolean' && typeof value === 'boolean') {
      facts[name] = value;
    } else if (
      kind === 'money' &&
      typeof value === 'string' &&
      new RegExp(`^\\d+(\\.\\d{1,${minorDigits}})?$`).test(value)
    ) {
      facts[name] = parseDecimal(value, minorDigits);
    } else {
      const expected = {
        text: 'a non-empty text of at most 200 characters',
        integer: 'a whole number from 0',
        boolean: 'true or false',
        money: `an amount as a decimal string with at most ${minorDigits} places`,
      }[kind];
      problems.push({ field, rule: kind, message: `${field} must be ${expected}` });
    }
  }
  if (problems.length > 0) {
    throw new PolicyError(
      PolicyErrorCode.InvalidApplication,
      ErrorKind.Invalid,
      problems.map((p) => p.message).join('; '),
      problems,
    );
  }
  return facts;
}

/** The value of a limit's key name for an award: its enterprise, its year, or one of its facts. */
export function keyValue(
  name: string,
  award: { enterprise: string; awardOn: string; facts: Record<string, FactValue> },
): string {
  if (name === 'enterprise') return award.enterprise;
  if (name === 'year') return award.awardOn.slice(0, 4);
  return String(award.facts[name]);
}

const holds = (condition: Condition, facts: Record<string, FactValue>) => facts[condition.fact] === condition.is;
const describe = (condition: Condition) => `${condition.fact} is ${String(condition.is)}`;
const atMost = (max: number) => `at most ${max} award${max === 1 ? '' : 's'}`;

/** An amount as people read it: 6,000,000.00 CNY. */
export function show(amount: bigint, currency: string): string {
  const digits = MINOR_UNITS[currency as keyof typeof MINOR_UNITS] ?? 2;
  const [whole = '0', fraction] = formatDecimal(amount, digits).split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${fraction === undefined ? grouped : `${grouped}.${fraction}`} ${currency}`;
}
