import {
  isPolicyKey,
  MILESTONE_FACTS,
  MILESTONE_KINDS,
  type MilestoneFactType,
  type MilestoneKind,
} from '@parkledger/contracts';
import { ErrorKind, type FieldProblem, isCurrency, MINOR_UNITS, parseDecimal } from '@parkledger/platform';
import { isCalendarDate } from '@parkledger/service-kit';
import { PolicyError, PolicyErrorCode } from './policy.errors';

/**
 * A policy as the policy office writes it: a JSON document of items, each with the facts an
 * application gives, the rule that makes its amount and the limits on it, for the parks the policy
 * covers, with a budget per calendar year, from an effective date. Money is a decimal string in the
 * policy's currency ("20000000.00"), held here in minor units.
 *
 * The format is closed: a key it doesn't know, a key in the wrong place or a value of the wrong kind
 * is refused with the path of the field (`items[3].rule.cap`), never skipped. A rule that is not read
 * is a rule that is silently not applied.
 */
export interface PolicyDocument {
  /** the policy's key, the same in every version: lower-case letters, digits and dashes */
  policy: string;
  title: { zh: string; en: string };
  /** the first award date the version applies to */
  effectiveFrom: string;
  currency: string;
  /** park ids: an enterprise settled in one of these parks or below it is eligible */
  parks: string[];
  /** what the policy may grant in a calendar year of award dates, in minor units */
  budgetPerYear: bigint;
  items: PolicyItem[];
  notes: string;
}

/** The kinds of fact an application gives: a name or code, a count, yes or no, an amount of money. */
export const FACT_KINDS = ['text', 'integer', 'boolean', 'money'] as const;
export type FactKind = (typeof FACT_KINDS)[number];
export type FactValue = string | number | boolean | bigint;

export interface PolicyItem {
  /** as the policy numbers it: "1a", "3", "5d" */
  id: string;
  title: { zh: string; en: string };
  /** the facts an application for the item gives, by name */
  facts: Record<string, FactKind>;
  rule: Rule;
  limits: Limit[];
  /** the milestone that gives the item with no application; null for an item applied for */
  trigger: Trigger | null;
}

/**
 * A milestone of the enterprise's file that gives the item with no application (免申即享), when
 * every condition of `when` holds on the milestone's facts. `grant`: granted at once; `confirm`:
 * proposed, for a policy officer to confirm in one step. Each fact of the item comes from the
 * milestone: from the fact `facts` names, or from a condition (a boolean fact), or else from the
 * milestone's fact of the same name.
 */
export interface Trigger {
  milestone: MilestoneKind;
  when: MilestoneCondition[];
  mode: 'grant' | 'confirm';
  facts: Record<string, string | MilestoneCondition>;
}

/** A condition on a milestone's fact: equal to a value, one of some, at most or at least a number. */
export type MilestoneCondition =
  | { fact: string; is: string | number | boolean }
  | { fact: string; oneOf: (string | number)[] }
  | { fact: string; atMost: number }
  | { fact: string; atLeast: number };

export const TRIGGER_MODES = ['grant', 'confirm'] as const;

/** A fact's value that changes the rule: `{ "fact": "firstThreeInChina", "is": true }`. */
export interface Condition {
  fact: string;
  is: string | number | boolean;
}

export type Rule =
  /** the amount, or another where a condition holds (the first that holds) */
  | { kind: 'fixed'; amount: bigint; instead: { when: Condition; amount: bigint }[] }
  /** the amount the reviewer sets (a money fact), which must lie in the range */
  | { kind: 'reviewer-set'; amount: string; min: bigint; max: bigint }
  /** a percentage (to 4 places, in ten-thousandths of a percent unit) of a money fact, rounded down to the minor unit, up to a cap */
  | { kind: 'percent-of-base'; base: string; percent: bigint; cap: bigint | null }
  /** the expenses declared (a money fact), up to a cap */
  | { kind: 'actual-expenses'; expenses: string; cap: bigint | null }
  /** an amount for each threshold of an integer fact the enterprise reaches for the first time */
  | { kind: 'tiers'; count: string; tiers: { atLeast: number; amount: bigint }[] };

/**
 * A limit per key: the key is a list of names, each "enterprise", "year" (the calendar year of the
 * award date) or a fact of the item. `count`: at most `max` awards per key, where an award that meets
 * `except` neither counts nor is limited. `cap`: at most `amount` granted per key, less what was
 * recaptured; an award past it is cut to what is left.
 */
export type Limit =
  | { kind: 'count'; per: string[]; max: number; except: Condition | null }
  | { kind: 'cap'; per: string[]; amount: bigint };

export const RULE_KINDS = ['fixed', 'reviewer-set', 'percent-of-base', 'actual-expenses', 'tiers'] as const;
export const LIMIT_KINDS = ['count', 'cap'] as const;
/** the key names every item has besides its facts */
export const KEY_NAMES = ['enterprise', 'year'] as const;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const NAME = /^[a-z][A-Za-z0-9]{0,39}$/;
const PERCENT_PLACES = 4;

/** Reads a policy document, or throws a PolicyError naming every field that breaks the format. */
export function parsePolicyDocument(json: unknown): PolicyDocument {
  const reader = new Reader();
  const document = reader.policy(json);
  if (reader.problems.length > 0 || document === undefined) {
    const first = reader.problems[0];
    const more = reader.problems.length > 1 ? ` (and ${reader.problems.length - 1} more)` : '';
    throw new PolicyError(
      PolicyErrorCode.InvalidDocument,
      ErrorKind.Invalid,
      `the policy document is not valid: ${first?.message ?? 'unreadable'}${more}`,
      reader.problems,
    );
  }
  return document;
}

type Json = Record<string, unknown>;

/** Walks a document by path, collecting every problem; a value it can't read is undefined. */
class Reader {
  readonly problems: FieldProblem[] = [];
  private minorDigits = 2;
  /** the current item's facts whose kind was refused: a rule naming one is not refused again */
  private unreadableFacts = new Set<string>();

  policy(json: unknown): PolicyDocument | undefined {
    const root = this.object(
      json,
      '',
      ['policy', 'title', 'effectiveFrom', 'currency', 'parks', 'budgetPerYear', 'items'],
      ['notes'],
    );
    if (root === undefined) return undefined;
    const currency = this.text(root.currency, 'currency', { max: 3 });
    if (currency !== undefined && !isCurrency(currency)) {
      this.fail(
        'currency',
        'currency',
        `currency must be one of ${Object.keys(MINOR_UNITS).join(', ')}, got "${currency}"`,
      );
    } else if (currency !== undefined) this.minorDigits = MINOR_UNITS[currency];
    const policy = this.text(root.policy, 'policy', { max: 80 });
    if (policy !== undefined && !isPolicyKey(policy)) {
      this.fail(
        'policy',
        'key',
        'policy is lower-case letters and digits, joined by dashes, e.g. "jinan-2019-biomedical"',
      );
    }
    const parks = this.list(root.parks, 'parks', { min: 1, max: 100 }, (value, path) => {
      const id = this.text(value, path, { max: 36 });
      if (id !== undefined && !UUID.test(id)) this.fail(path, 'uuid', `${path} must be a park id (a UUID)`);
      return id;
    });
    if (parks !== undefined && new Set(parks).size !== parks.length)
      this.fail('parks', 'unique-items', 'parks names a park twice');
    const items = this.list(root.items, 'items', { min: 1, max: 200 }, (value, path) => this.item(value, path));
    const ids = (items ?? []).map((item) => item.id);
    ids.forEach((id, i) => {
      if (ids.indexOf(id) !== i)
        this.fail(`items[${i}].id`, 'unique', `items[${i}].id "${id}" is the id of an earlier item`);
    });
    const document = {
      policy,
      title: this.title(root.title, 'title'),
      effectiveFrom: this.date(root.effectiveFrom, 'effectiveFrom'),
      currency,
      parks,
      budgetPerYear: this.money(root.budgetPerYear, 'budgetPerYear', { positive: true }),
      items,
      notes: root.notes === undefined ? '' : this.text(root.notes, 'notes', { max: 4000 }),
    };
    return Object.values(document).every((value) => value !== undefined) ? (document as PolicyDocument) : undefined;
  }

  private item(json: unknown, path: string): PolicyItem | undefined {
    const item = this.object(json, path, ['id', 'title', 'facts', 'rule', 'limits'], ['trigger']);
    if (item === undefined) return undefined;
    const id = this.text(item.id, `${path}.id`, { max: 20 });
    const factsJson = this.object(item.facts, `${path}.facts`, [], undefined);
    const facts: Record<string, FactKind> = {};
    this.unreadableFacts = new Set();
    for (const [name, kind] of Object.entries(factsJson ?? {})) {
      const at = `${path}.facts.${name}`;
      if (!NAME.test(name) || (KEY_NAMES as readonly string[]).includes(name)) {
        this.fail(
          at,
          'fact-name',
          `${at}: a fact's name is camelCase letters and digits, and not "enterprise" or "year"`,
        );
      }
      const read = this.oneOf(kind, at, FACT_KINDS);
      if (read === undefined) this.unreadableFacts.add(name);
      else facts[name] = read;
    }
    const rule = this.rule(item.rule, `${path}.rule`, facts);
    const limits = this.list(item.limits, `${path}.limits`, { min: 0, max: 20 }, (value, at) =>
      this.limit(value, at, facts),
    );
    // two limits of one kind over the same key would keep one usage: say them as one
    const limitIds = (limits ?? []).map((limit) => `${limit.kind}:${limit.per.join(',')}`);
    limitIds.forEach((id, i) => {
      if (limitIds.indexOf(id) !== i) {
        this.fail(
          `${path}.limits[${i}]`,
          'unique-limit',
          `${path}.limits[${i}] is a second ${id.replace(':', ' limit per ')}`,
        );
      }
    });
    const trigger = item.trigger === undefined ? null : this.trigger(item.trigger, `${path}.trigger`, facts);
    const read = { id, title: this.title(item.title, `${path}.title`), facts, rule, limits, trigger };
    return Object.values(read).every((value) => value !== undefined) && factsJson !== undefined
      ? (read as PolicyItem)
      : undefined;
  }

  private rule(json: unknown, path: string, facts: Record<string, FactKind>): Rule | undefined {
    const kind = this.kindOf(json, path, RULE_KINDS);
    switch (kind) {
      case undefined:
        return undefined;
      case 'fixed': {
        const rule = this.object(json, path, ['kind', 'amount'], ['instead']);
        if (rule === undefined) return undefined;
        const instead =
          rule.instead === undefined
            ? []
            : this.list(rule.instead, `${path}.instead`, { min: 1, max: 20 }, (value, at) => {
                const alternative = this.object(value, at, ['when', 'amount'], []);
                if (alternative === undefined) return undefined;
                const when = this.condition(alternative.when, `${at}.when`, facts);
                const amount = this.money(alternative.amount, `${at}.amount`, { positive: true });
                return when === undefined || amount === undefined ? undefined : { when, amount };
              });
        const amount = this.money(rule.amount, `${path}.amount`, { positive: true });
        return amount === undefined || instead === undefined ? undefined : { kind, amount, instead };
      }
      case 'reviewer-set': {
        const rule = this.object(json, path, ['kind', 'amount', 'min', 'max'], []);
        if (rule === undefined) return undefined;
        const amount = this.factName(rule.amount, `${path}.amount`, facts, ['money']);
        const min = this.money(rule.min, `${path}.min`, { positive: true });
        const max = this.money(rule.max, `${path}.max`, { positive: true });
        if (min !== undefined && max !== undefined && min > max)
          this.fail(`${path}.max`, 'range', `${path}.max is below ${path}.min`);
        return amount === undefined || min === undefined || max === undefined ? undefined : { kind, amount, min, max };
      }
      case 'percent-of-base': {
        const rule = this.object(json, path, ['kind', 'base', 'percent'], ['cap']);
        if (rule === undefined) return undefined;
        const base = this.factName(rule.base, `${path}.base`, facts, ['money']);
        const percent = this.percent(rule.percent, `${path}.percent`);
        const cap = rule.cap === undefined ? null : this.money(rule.cap, `${path}.cap`, { positive: true });
        return base === undefined || percent === undefined || cap === undefined
          ? undefined
          : { kind, base, percent, cap };
      }
      case 'actual-expenses': {
        const rule = this.object(json, path, ['kind', 'expenses'], ['cap']);
        if (rule === undefined) return undefined;
        const expenses = this.factName(rule.expenses, `${path}.expenses`, facts, ['money']);
        const cap = rule.cap === undefined ? null : this.money(rule.cap, `${path}.cap`, { positive: true });
        return expenses === undefined || cap === undefined ? undefined : { kind, expenses, cap };
      }
      case 'tiers': {
        const rule = this.object(json, path, ['kind', 'count', 'tiers'], []);
        if (rule === undefined) return undefined;
        const count = this.factName(rule.count, `${path}.count`, facts, ['integer']);
        const tiers = this.list(rule.tiers, `${path}.tiers`, { min: 1, max: 20 }, (value, at) => {
          const tier = this.object(value, at, ['atLeast', 'amount'], []);
          if (tier === undefined) return undefined;
          const atLeast = this.integer(tier.atLeast, `${at}.atLeast`, { min: 1 });
          const amount = this.money(tier.amount, `${at}.amount`, { positive: true });
          return atLeast === undefined || amount === undefined ? undefined : { atLeast, amount };
        });
        tiers?.forEach((tier, i) => {
          if (i > 0 && tier.atLeast <= (tiers[i - 1]?.atLeast ?? 0)) {
            this.fail(
              `${path}.tiers[${i}].atLeast`,
              'ascending',
              `${path}.tiers must rise: each atLeast above the one before`,
            );
          }
        });
        return count === undefined || tiers === undefined ? undefined : { kind, count, tiers };
      }
    }
  }

  private limit(json: unknown, path: string, facts: Record<string, FactKind>): Limit | undefined {
    const kind = this.kindOf(json, path, LIMIT_KINDS);
    switch (kind) {
      case undefined:
        return undefined;
      case 'count': {
        const limit = this.object(json, path, ['kind', 'per', 'max'], ['except']);
        if (limit === undefined) return undefined;
        const per = this.per(limit.per, `${path}.per`, facts);
        const max = this.integer(limit.max, `${path}.max`, { min: 1 });
        const except = limit.except === undefined ? null : this.condition(limit.except, `${path}.except`, facts);
        return per === undefined || max === undefined || except === undefined ? undefined : { kind, per, max, except };
      }
      case 'cap': {
        const limit = this.object(json, path, ['kind', 'per', 'amount'], []);
        if (limit === undefined) return undefined;
        const per = this.per(limit.per, `${path}.per`, facts);
        const amount = this.money(limit.amount, `${path}.amount`, { positive: true });
        return per === undefined || amount === undefined ? undefined : { kind, per, amount };
      }
    }
  }

  private trigger(json: unknown, path: string, facts: Record<string, FactKind>): Trigger | undefined {
    const trigger = this.object(json, path, ['milestone', 'mode'], ['when', 'facts']);
    if (trigger === undefined) return undefined;
    const milestone = this.oneOf(trigger.milestone, `${path}.milestone`, MILESTONE_KINDS);
    const mode = this.oneOf(trigger.mode, `${path}.mode`, TRIGGER_MODES);
    if (milestone === undefined || mode === undefined) return undefined;
    const kinds: Record<string, MilestoneFactType> = MILESTONE_FACTS[milestone];
    const when =
      trigger.when === undefined
        ? []
        : this.list(trigger.when, `${path}.when`, { min: 1, max: 10 }, (value, at) =>
            this.milestoneCondition(value, at, milestone, kinds),
          );
    const sources: Record<string, string | MilestoneCondition> = {};
    const mapped = trigger.facts === undefined ? {} : this.object(trigger.facts, `${path}.facts`, [], undefined);
    for (const [name, source] of Object.entries(mapped ?? {})) {
      const at = `${path}.facts.${name}`;
      if (!Object.hasOwn(facts, name)) {
        if (!this.unreadableFacts.has(name)) this.fail(at, 'known-fact', `${at}: "${name}" is not a fact of the item`);
      } else if (typeof source === 'string') {
        if (this.fitsMilestoneFact(facts[name], source, at, milestone, kinds)) sources[name] = source;
      } else if (facts[name] !== 'boolean') {
        this.fail(at, 'fact-kind', `${at}: a condition gives a boolean fact; "${name}" is a ${facts[name]} fact`);
      } else {
        const condition = this.milestoneCondition(source, at, milestone, kinds);
        if (condition !== undefined) sources[name] = condition;
      }
    }
    for (const [name, kind] of Object.entries(facts)) {
      if (Object.hasOwn(mapped ?? {}, name)) continue;
      const at = `${path}.facts.${name}`;
      if (Object.hasOwn(kinds, name)) this.fitsMilestoneFact(kind, name, at, milestone, kinds);
      else this.fail(at, 'required', `${at}: the item's fact "${name}" has no source among a ${milestone}'s facts`);
    }
    return when === undefined ? undefined : { milestone, when, mode, facts: sources };
  }

  /** Whether a milestone's fact can give an item's fact of this kind; a problem if not. */
  private fitsMilestoneFact(
    kind: FactKind | undefined,
    name: string,
    path: string,
    milestone: MilestoneKind,
    kinds: Record<string, MilestoneFactType>,
  ): boolean {
    const source = Object.hasOwn(kinds, name) ? kinds[name] : undefined;
    if (source === undefined) {
      this.fail(
        path,
        'milestone-fact',
        `${path}: a ${milestone} has no fact "${name}" (its facts: ${Object.keys(kinds).join(', ') || 'none'})`,
      );
      return false;
    }
    const gives = typeof source === 'string' ? source : 'text';
    if (gives !== kind) {
      this.fail(
        path,
        'fact-kind',
        `${path}: the ${milestone}'s fact "${name}" is ${gives}; the item's is ${kind ?? 'unknown'}`,
      );
      return false;
    }
    return true;
  }

  private milestoneCondition(
    json: unknown,
    path: string,
    milestone: MilestoneKind,
    kinds: Record<string, MilestoneFactType>,
  ): MilestoneCondition | undefined {
    const test = isObject(json) ? Object.keys(json).find((key) => key !== 'fact') : undefined;
    const condition = this.object(json, path, ['fact', test ?? 'is'], []);
    if (condition === undefined || test === undefined) return undefined;
    const fact = this.text(condition.fact, `${path}.fact`, { max: 40 });
    if (fact === undefined) return undefined;
    const kind = Object.hasOwn(kinds, fact) ? kinds[fact] : undefined;
    if (kind === undefined) {
      this.fail(
        `${path}.fact`,
        'milestone-fact',
        `${path}.fact: a ${milestone} has no fact "${fact}" (its facts: ${Object.keys(kinds).join(', ') || 'none'})`,
      );
      return undefined;
    }
    const fits = (value: unknown): boolean =>
      kind === 'boolean'
        ? typeof value === 'boolean'
        : kind === 'integer'
          ? Number.isSafeInteger(value)
          : kind === 'text'
            ? typeof value === 'string'
            : kind.includes(value as string);
    const value = condition[test];
    const at = `${path}.${test}`;
    switch (test) {
      case 'is':
        if (fits(value)) return { fact, is: value as string | number | boolean };
        break;
      case 'oneOf':
        if (Array.isArray(value) && value.length > 0 && value.every(fits) && typeof value[0] !== 'boolean') {
          return { fact, oneOf: value as (string | number)[] };
        }
        break;
      case 'atMost':
      case 'atLeast':
        if (kind === 'integer' && Number.isSafeInteger(value)) {
          return test === 'atMost' ? { fact, atMost: value as number } : { fact, atLeast: value as number };
        }
        break;
      default:
        this.fail(
          at,
          'unknown-key',
          `${path} has no key "${test}" (its keys: fact and one of is, oneOf, atMost, atLeast)`,
        );
        return undefined;
    }
    const want = typeof kind === 'string' ? `a ${kind}` : `one of ${kind.join(', ')}`;
    this.fail(
      at,
      'kind',
      `${at} does not fit the ${milestone}'s fact ${fact} (${want}; atMost and atLeast need a whole number fact)`,
    );
    return undefined;
  }

  /** A limit's key: "enterprise", "year" or facts of the item that aren't money, each once. */
  private per(json: unknown, path: string, facts: Record<string, FactKind>): string[] | undefined {
    const per = this.list(json, path, { min: 1, max: 5 }, (value, at) => {
      const name = this.text(value, at, { max: 40 });
      if (name === undefined || (KEY_NAMES as readonly string[]).includes(name)) return name;
      return this.factName(name, at, facts, ['text', 'integer', 'boolean']);
    });
    if (per !== undefined && new Set(per).size !== per.length)
      this.fail(path, 'unique-items', `${path} names a key twice`);
    return per;
  }

  private condition(json: unknown, path: string, facts: Record<string, FactKind>): Condition | undefined {
    const condition = this.object(json, path, ['fact', 'is'], []);
    if (condition === undefined) return undefined;
    const fact = this.factName(condition.fact, `${path}.fact`, facts, ['text', 'integer', 'boolean']);
    if (fact === undefined) return undefined;
    const kind = facts[fact];
    const is = condition.is;
    const fits =
      (kind === 'boolean' && typeof is === 'boolean') ||
      (kind === 'integer' && Number.isSafeInteger(is)) ||
      (kind === 'text' && typeof is === 'string');
    if (!fits) {
      this.fail(`${path}.is`, 'kind', `${path}.is must be a ${kind ?? 'value'}, as the fact ${fact} is`);
      return undefined;
    }
    return { fact, is: is as Condition['is'] };
  }

  /** The name of a fact the item declares, of one of the kinds. */
  private factName(
    json: unknown,
    path: string,
    facts: Record<string, FactKind>,
    kinds: readonly FactKind[],
  ): string | undefined {
    const name = this.text(json, path, { max: 40 });
    if (name === undefined) return undefined;
    const kind = Object.hasOwn(facts, name) ? facts[name] : undefined;
    if (kind === undefined && this.unreadableFacts.has(name)) return undefined;
    if (kind === undefined) {
      const known = Object.keys(facts);
      this.fail(
        path,
        'known-fact',
        `${path} names "${name}", which is not a fact of the item (its facts: ${known.length === 0 ? 'none' : known.join(', ')})`,
      );
      return undefined;
    }
    if (!kinds.includes(kind)) {
      this.fail(path, 'fact-kind', `${path} names "${name}", a ${kind} fact; it needs a ${kinds.join(' or ')} fact`);
      return undefined;
    }
    return name;
  }

  private kindOf<K extends string>(json: unknown, path: string, kinds: readonly K[]): K | undefined {
    if (!isObject(json)) {
      this.fail(path, 'type', `${path} must be an object with a kind (${kinds.join(', ')})`);
      return undefined;
    }
    return this.oneOf(json.kind, `${path}.kind`, kinds);
  }

  /** An object with exactly these keys (`optional` undefined: any keys, as for a map). */
  private object(
    json: unknown,
    path: string,
    required: readonly string[],
    optional: readonly string[] | undefined,
  ): Json | undefined {
    const name = path === '' ? 'the document' : path;
    if (!isObject(json)) {
      this.fail(path, 'type', `${name} must be an object`);
      return undefined;
    }
    for (const key of required) {
      if (!(key in json)) this.fail(join(path, key), 'required', `${join(path, key)} is required`);
    }
    if (optional !== undefined) {
      const known = [...required, ...optional];
      for (const key of Object.keys(json).filter((key) => !known.includes(key))) {
        this.fail(join(path, key), 'unknown-key', `${name} has no key "${key}" (its keys: ${known.join(', ')})`);
      }
    }
    return json;
  }

  private list<T>(
    json: unknown,
    path: string,
    size: { min: number; max: number },
    read: (value: unknown, path: string) => T | undefined,
  ): T[] | undefined {
    if (!Array.isArray(json)) {
      this.fail(path, 'type', `${path} must be an array`);
      return undefined;
    }
    if (json.length < size.min || json.length > size.max) {
      this.fail(path, 'size', `${path} holds ${size.min} to ${size.max} items, not ${json.length}`);
    }
    const items = json.map((value, i) => read(value, `${path}[${i}]`));
    return items.every((item) => item !== undefined) ? items : undefined;
  }

  private title(json: unknown, path: string): { zh: string; en: string } | undefined {
    const title = this.object(json, path, ['zh', 'en'], []);
    if (title === undefined) return undefined;
    const [zh, en] = [this.text(title.zh, `${path}.zh`, { max: 300 }), this.text(title.en, `${path}.en`, { max: 300 })];
    return zh === undefined || en === undefined ? undefined : { zh, en };
  }

  private text(json: unknown, path: string, { max }: { max: number }): string | undefined {
    if (typeof json !== 'string' || json.trim() === '') {
      this.fail(path, 'type', `${path} must be a non-empty string`);
      return undefined;
    }
    if ([...json].length > max) {
      this.fail(path, 'max-length', `${path} has at most ${max} characters`);
      return undefined;
    }
    return json;
  }

  private oneOf<K extends string>(json: unknown, path: string, allowed: readonly K[]): K | undefined {
    const found = allowed.find((value) => value === json);
    if (found === undefined)
      this.fail(
        path,
        'one-of',
        `${path} must be one of ${allowed.join(', ')}, got ${JSON.stringify(json) ?? 'nothing'}`,
      );
    return found;
  }

  private integer(json: unknown, path: string, { min }: { min: number }): number | undefined {
    if (!Number.isSafeInteger(json) || (json as number) < min) {
      this.fail(path, 'integer', `${path} must be a whole number from ${min}`);
      return undefined;
    }
    return json as number;
  }

  private date(json: unknown, path: string): string | undefined {
    const text = this.text(json, path, { max: 10 });
    if (text === undefined) return undefined;
    if (!isCalendarDate(text)) {
      this.fail(path, 'date', `${path} must be a calendar date YYYY-MM-DD, got "${text}"`);
      return undefined;
    }
    return text;
  }

  /** A decimal string of money in the policy's currency, as minor units. */
  private money(json: unknown, path: string, { positive }: { positive: boolean }): bigint | undefined {
    if (typeof json !== 'string' || !/^\d+(\.\d+)?$/.test(json)) {
      this.fail(path, 'money', `${path} must be an amount as a decimal string, e.g. "20000000.00"`);
      return undefined;
    }
    const [, fraction = ''] = json.split('.');
    if (fraction.length > this.minorDigits) {
      this.fail(path, 'money', `${path} has at most ${this.minorDigits} decimal places`);
      return undefined;
    }
    const amount = parseDecimal(json, this.minorDigits);
    if (positive && amount <= 0n) {
      this.fail(path, 'positive', `${path} must be above 0`);
      return undefined;
    }
    return amount;
  }

  /** A percentage above 0 and at most 100, to four places, in ten-thousandths. */
  private percent(json: unknown, path: string): bigint | undefined {
    const ok = typeof json === 'string' && /^\d+(\.\d{1,4})?$/.test(json);
    const units = ok ? parseDecimal(json, PERCENT_PLACES) : 0n;
    if (!ok || units <= 0n || units > 100n * 10n ** BigInt(PERCENT_PLACES)) {
      this.fail(path, 'percent', `${path} must be a percentage above 0 and at most 100 as a decimal string, e.g. "20"`);
      return undefined;
    }
    return units;
  }

  private fail(field: string, rule: string, message: string): void {
    this.problems.push({ field: field === '' ? '(document)' : field, rule, message });
  }
}

const isObject = (json: unknown): json is Json => typeof json === 'object' && json !== null && !Array.isArray(json);
const join = (path: string, key: string) => (path === '' ? key : `${path}.${key}`);

/** The percentage's scale: a rule's percent is in units of 10^-PERCENT_PLACES percent. */
export const PERCENT_SCALE = 10n ** BigInt(PERCENT_PLACES) * 100n;
