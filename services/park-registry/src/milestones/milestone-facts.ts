import { MILESTONE_FACTS, type MilestoneFactType, type MilestoneKind } from '@parkledger/contracts';
import { type FieldProblem } from '@parkledger/platform';

export type FactValue = string | number | boolean;
export type MilestoneFacts = Record<string, FactValue>;

/** The longest text fact, in characters (as the awards service reads a text fact). */
export const MAX_FACT_TEXT = 200;

const factsOf = (kind: MilestoneKind): Record<string, MilestoneFactType> => MILESTONE_FACTS[kind];

const expected = (type: MilestoneFactType): { rule: string; what: string } => {
  if (type === 'text') return { rule: 'text', what: `a non-empty text of at most ${MAX_FACT_TEXT} characters` };
  if (type === 'integer') return { rule: 'integer', what: 'a whole number from 1' };
  if (type === 'boolean') return { rule: 'boolean', what: 'true or false' };
  return { rule: 'one-of', what: `one of ${type.join(', ')}` };
};

function holds(type: MilestoneFactType, value: unknown): value is FactValue {
  if (type === 'text') return typeof value === 'string' && value.trim() !== '' && [...value].length <= MAX_FACT_TEXT;
  if (type === 'integer') return Number.isSafeInteger(value) && (value as number) >= 1;
  if (type === 'boolean') return typeof value === 'boolean';
  return typeof value === 'string' && type.includes(value);
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * A milestone's facts from their JSON text: an object with exactly the facts MILESTONE_FACTS gives
 * its kind, every one present and of its type. Each problem names its path (`facts.drugClass`)
 * and rule; the facts come back in the order the kind declares them, so their JSON is stable.
 */
export function readMilestoneFacts(
  kind: MilestoneKind,
  factsJson: string,
): { facts: MilestoneFacts; problems: FieldProblem[] } {
  const declared = factsOf(kind);
  const names = Object.keys(declared);
  let given: unknown;
  try {
    given = JSON.parse(factsJson);
  } catch {
    given = undefined;
  }
  if (!isObject(given)) {
    const message = `facts must be a JSON object of the facts of ${kind} (${names.length === 0 ? 'none' : names.join(', ')})`;
    return { facts: {}, problems: [{ field: 'facts', rule: 'json-object', message }] };
  }
  const problems: FieldProblem[] = [];
  for (const name of Object.keys(given)) {
    if (Object.hasOwn(declared, name)) continue;
    const field = `facts.${name}`;
    problems.push({
      field,
      rule: 'known-fact',
      message: `${field}: not a fact of ${kind} (its facts: ${names.length === 0 ? 'none' : names.join(', ')})`,
    });
  }
  const facts: MilestoneFacts = {};
  for (const [name, type] of Object.entries(declared)) {
    const field = `facts.${name}`;
    const value = Object.hasOwn(given, name) ? given[name] : undefined;
    if (value === undefined) {
      problems.push({ field, rule: 'required', message: `${field}: required for ${kind}` });
    } else if (holds(type, value)) {
      facts[name] = value;
    } else {
      const { rule, what } = expected(type);
      problems.push({ field, rule, message: `${field}: must be ${what}` });
    }
  }
  return { facts, problems };
}

/** Stored facts in the order the kind declares them (jsonb keeps its own order), for a stable facts_json. */
export function orderedFacts(kind: MilestoneKind, stored: MilestoneFacts): MilestoneFacts {
  const facts: MilestoneFacts = {};
  for (const name of Object.keys(factsOf(kind))) {
    const value = stored[name];
    if (value !== undefined) facts[name] = value;
  }
  return facts;
}
