import { type PolicyDocument } from '../policies/policy-document';
import { byItemId } from './award-figures';

/** What the awards standing use of one cap for one key, as limit_usage keeps it. */
export interface CapUsageRow {
  item: string;
  /** the limit as its kind and key names: "cap:enterprise,year" */
  limit: string;
  /** the key's values as a JSON list: ["<enterprise id>","2021"] */
  key: string;
  used: string;
}

export interface CapFigures {
  item: string;
  /** the cap's key names as the policy states them: ["enterprise", "year"] */
  per: string[];
  /** the key's values besides the enterprise, by name: {"year": "2021"}, {"project": "Pilot plant"}; {} for a cap per enterprise alone */
  key: Record<string, string>;
  bound: bigint;
  used: bigint;
  remaining: bigint;
}

/**
 * Each money cap of the version's items kept per enterprise, for one enterprise: a cap per
 * enterprise and year for the year asked, a cap per enterprise in total, and a cap per enterprise
 * and a fact of the item (a project, a product) for each value of it the enterprise's awards use.
 * The bound is the version's; used is what the awards standing use of it (granted less recaptured:
 * a revocation or a recapture frees its share); remaining is the bound less used, never below 0.
 * A cap kept across enterprises (per year alone, or per a fact alone) is no one enterprise's, and
 * is left out.
 */
export function capFigures(
  document: PolicyDocument,
  enterpriseId: string,
  year: number,
  usage: readonly CapUsageRow[],
): CapFigures[] {
  const caps: CapFigures[] = [];
  // as an award date's year reads: four digits
  const yearText = String(year).padStart(4, '0');
  const items = [...document.items].sort((a, b) => byItemId(a.id, b.id));
  for (const item of items) {
    for (const limit of item.limits) {
      if (limit.kind !== 'cap' || !limit.per.includes('enterprise')) continue;
      const id = `cap:${limit.per.join(',')}`;
      const facts = limit.per.filter((name) => name !== 'enterprise' && name !== 'year');
      const keys = new Map<string, bigint>();
      for (const row of usage) {
        if (row.item !== item.id || row.limit !== id) continue;
        const values = JSON.parse(row.key) as string[];
        const value = (name: string) => values[limit.per.indexOf(name)];
        if (value('enterprise') !== enterpriseId) continue;
        if (limit.per.includes('year') && value('year') !== yearText) continue;
        keys.set(row.key, BigInt(row.used));
      }
      const figures = (key: Record<string, string>, used: bigint): CapFigures => ({
        item: item.id,
        per: limit.per,
        key,
        bound: limit.amount,
        used,
        remaining: limit.amount > used ? limit.amount - used : 0n,
      });
      const yearKey: Record<string, string> = limit.per.includes('year') ? { year: yearText } : {};
      if (facts.length === 0) {
        caps.push(figures(yearKey, [...keys.values()][0] ?? 0n));
        continue;
      }
      for (const [key, used] of [...keys].sort(([a], [b]) => a.localeCompare(b))) {
        const values = JSON.parse(key) as string[];
        const named = Object.fromEntries(facts.map((name) => [name, values[limit.per.indexOf(name)] ?? '']));
        caps.push(figures({ ...yearKey, ...named }, used));
      }
    }
  }
  return caps;
}
