import { type FactValue, type MilestoneCondition, type Trigger } from '../policies/policy-document';

/** A milestone without a fact a trigger reads: a contract break for the consumer, no case for a draft's replay. */
export class MissingMilestoneFact extends Error {
  override readonly name = 'MissingMilestoneFact';
}

/** Whether a milestone's facts meet a condition. */
export function meets(condition: MilestoneCondition, facts: Record<string, FactValue>): boolean {
  const value = facts[condition.fact];
  if ('is' in condition) return value === condition.is;
  if ('oneOf' in condition) return (condition.oneOf as FactValue[]).includes(value as FactValue);
  if (typeof value !== 'number') return false;
  return 'atMost' in condition ? value <= condition.atMost : value >= condition.atLeast;
}

/**
 * The facts of the item a milestone gives, each from the milestone's fact the trigger names (or its
 * own name), or a condition's truth; undefined when a condition of the trigger's `when` fails, for
 * then the milestone is not a case of the item.
 */
export function triggeredFacts(
  trigger: Trigger,
  itemFacts: readonly string[],
  milestone: Record<string, FactValue>,
): Record<string, FactValue> | undefined {
  if (!trigger.when.every((condition) => meets(condition, milestone))) return undefined;
  const facts: Record<string, FactValue> = {};
  for (const name of itemFacts) {
    const source = (Object.hasOwn(trigger.facts, name) ? trigger.facts[name] : undefined) ?? name;
    if (typeof source !== 'string') {
      facts[name] = meets(source, milestone);
      continue;
    }
    const value = Object.hasOwn(milestone, source) ? milestone[source] : undefined;
    if (value === undefined)
      throw new MissingMilestoneFact(`the milestone has no fact ${source}, which the trigger reads`);
    facts[name] = value;
  }
  return facts;
}
