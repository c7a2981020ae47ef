/**
 * The chart of accounts of a fund. Every amount is a debit (> 0) or a credit (< 0) in the fund's
 * currency. A commitment is booked as a receivable from the partner: committing debits its
 * unfunded commitment and credits its committed capital; a call moves the called part from unfunded
 * to receivable; a contribution turns the receivable into cash. So a partner's paid-in capital is
 * its commitment less its unfunded and receivable balances. Cash, unfunded, receivable and
 * investment accounts never go below zero (the database's account_balances_floor).
 */
export const account = {
  cash: 'cash',
  /** a partner's commitment not yet called */
  unfunded: (partnerId: string) => `unfunded:${partnerId}`,
  /** a partner's committed capital (credit) */
  commitment: (partnerId: string) => `commitment:${partnerId}`,
  /** called from a partner and not yet paid */
  receivable: (partnerId: string) => `receivable:${partnerId}`,
  /** what a partner has been distributed */
  distributed: (partnerId: string) => `distributed:${partnerId}`,
  /** an investment's remaining cost */
  investment: (investmentId: string) => `investment:${investmentId}`,
  /** an investment's fair value above (debit) or below (credit) its remaining cost */
  valuation: (investmentId: string) => `valuation:${investmentId}`,
  unrealisedGain: 'unrealised-gain',
  realisedGain: 'realised-gain',
  writtenOff: 'written-off',
  fees: 'fees',
} as const;

/**
 * The chart of a policy's budget book (one per policy and currency), posted from the awards
 * service's events; debit-positive like a fund's. A grant commits the budget to the award
 * (awards-committed debit, awards-payable credit); a payment settles the payable from the budget's
 * cash; a revocation before payment releases the commitment (the grant's entry the other way); a
 * recapture brings cash back (budget-cash debit, awards-recaptured credit). So committed is what
 * stands granted, payable what of it is still to pay, committed − payable what was paid out, and
 * budget-cash what the budget spent net (paid out − recaptured, as a credit). The database holds
 * an award's committed at or above 0 and its payable and the budget's cash at or below 0.
 */
export const budgetAccount = {
  /** what an award was granted and not released (debit) */
  committed: (awardId: string) => `awards-committed:${awardId}`,
  /** what of an award's grant is still to pay (credit) */
  payable: (awardId: string) => `awards-payable:${awardId}`,
  /** what was recaptured of an award after payment (credit) */
  recaptured: (awardId: string) => `awards-recaptured:${awardId}`,
  /** the budget's cash: paid out (credit), recaptured (debit) */
  cash: 'budget-cash',
} as const;
