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
