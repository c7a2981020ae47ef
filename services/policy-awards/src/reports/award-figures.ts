/**
 * A policy's awards as a report counts them: by status as each stands now, and their money, for
 * every award, by item and by enterprise. Plain sums of the rows the repository groups by item,
 * enterprise and currency; amounts in minor units, in their currency (a policy's awards are in one
 * unless a version changed it, so every total is per currency).
 */
export interface AwardGroupRow {
  item: string;
  enterprise_id: string;
  currency: string;
  submitted: string;
  granted: string;
  paid: string;
  rejected: string;
  revoked: string;
  recaptured: string;
  granted_amount: string;
  paid_amount: string;
  recaptured_amount: string;
  revoked_amount: string;
}

export interface AwardFigures {
  currency: string;
  /** every award: submitted + granted + rejected + revoked */
  cases: bigint;
  /** submitted, not yet decided */
  submitted: bigint;
  /** standing granted: granted, paid or not */
  granted: bigint;
  /** of those granted, paid */
  paid: bigint;
  rejected: bigint;
  revoked: bigint;
  /** of those paid, recaptured in part or in full */
  recaptured: bigint;
  /** granted to the awards standing, as granted */
  grantedAmount: bigint;
  paidAmount: bigint;
  recapturedAmount: bigint;
  /** what revocations withdrew */
  revokedAmount: bigint;
  /** granted − recaptured: what the awards standing hold of the caps and the budget */
  netAmount: bigint;
}

export interface AwardsReport {
  totals: AwardFigures[];
  byItem: { item: string; figures: AwardFigures }[];
  byEnterprise: { enterpriseId: string; figures: AwardFigures }[];
}

const empty = (currency: string): AwardFigures => ({
  currency,
  cases: 0n,
  submitted: 0n,
  granted: 0n,
  paid: 0n,
  rejected: 0n,
  revoked: 0n,
  recaptured: 0n,
  grantedAmount: 0n,
  paidAmount: 0n,
  recapturedAmount: 0n,
  revokedAmount: 0n,
  netAmount: 0n,
});

function add(into: AwardFigures, row: AwardGroupRow): void {
  const submitted = BigInt(row.submitted);
  const granted = BigInt(row.granted);
  const rejected = BigInt(row.rejected);
  const revoked = BigInt(row.revoked);
  into.cases += submitted + granted + rejected + revoked;
  into.submitted += submitted;
  into.granted += granted;
  into.paid += BigInt(row.paid);
  into.rejected += rejected;
  into.revoked += revoked;
  into.recaptured += BigInt(row.recaptured);
  into.grantedAmount += BigInt(row.granted_amount);
  into.paidAmount += BigInt(row.paid_amount);
  into.recapturedAmount += BigInt(row.recaptured_amount);
  into.revokedAmount += BigInt(row.revoked_amount);
  into.netAmount = into.grantedAmount - into.recapturedAmount;
}

/** Items as a policy numbers them: 1a, 1b, 2a, …, 10. */
export const byItemId = (a: string, b: string): number => a.localeCompare(b, 'en', { numeric: true });

/** Sums the groups into totals, by item (in the policy's numbering) and by enterprise (by id), each per currency. */
export function awardsReport(rows: readonly AwardGroupRow[]): AwardsReport {
  const totals = new Map<string, AwardFigures>();
  const items = new Map<string, { item: string; figures: AwardFigures }>();
  const enterprises = new Map<string, { enterpriseId: string; figures: AwardFigures }>();
  for (const row of rows) {
    const total = totals.get(row.currency) ?? empty(row.currency);
    totals.set(row.currency, total);
    add(total, row);
    const itemKey = JSON.stringify([row.item, row.currency]);
    const item = items.get(itemKey) ?? { item: row.item, figures: empty(row.currency) };
    items.set(itemKey, item);
    add(item.figures, row);
    const enterpriseKey = JSON.stringify([row.enterprise_id, row.currency]);
    const enterprise = enterprises.get(enterpriseKey) ?? {
      enterpriseId: row.enterprise_id,
      figures: empty(row.currency),
    };
    enterprises.set(enterpriseKey, enterprise);
    add(enterprise.figures, row);
  }
  const byCurrency = (a: AwardFigures, b: AwardFigures) => a.currency.localeCompare(b.currency);
  return {
    totals: [...totals.values()].sort(byCurrency),
    byItem: [...items.values()].sort((a, b) => byItemId(a.item, b.item) || byCurrency(a.figures, b.figures)),
    byEnterprise: [...enterprises.values()].sort(
      (a, b) => a.enterpriseId.localeCompare(b.enterpriseId) || byCurrency(a.figures, b.figures),
    ),
  };
}
