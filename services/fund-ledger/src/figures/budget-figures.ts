/** A policy budget book's account sums as of a date, in minor units, debit-positive. */
export interface BudgetSums {
  /** awards-committed:*: granted, less what revocations released (a debit) */
  committed: bigint;
  /** awards-payable:*: granted and neither paid nor released (a credit) */
  payable: bigint;
  /** budget-cash: paid out (credits) and recaptured (debits) */
  cash: bigint;
  /** awards-recaptured:* (a credit) */
  recaptured: bigint;
}

export interface BudgetFigures {
  committed: bigint;
  payable: bigint;
  paidOut: bigint;
  recaptured: bigint;
  /** paid out less recaptured: what the budget has spent */
  netPaid: bigint;
}

/**
 * The figures of a policy's budget, each as a positive amount, from its book's sums. Every payment
 * credits budget-cash and every recapture debits it, so what was paid out, gross, is the recaptured
 * less the cash balance; and since a payment and a release each take from payable what they take,
 * committed − payable is the same figure (the ledger's entries keep both true).
 */
export function budgetFigures(sums: BudgetSums): BudgetFigures {
  const recaptured = -sums.recaptured;
  const netPaid = -sums.cash;
  return { committed: sums.committed, payable: -sums.payable, paidOut: netPaid + recaptured, recaptured, netPaid };
}
