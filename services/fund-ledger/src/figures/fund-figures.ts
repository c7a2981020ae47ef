import { type FlowColumns, withFlow, xirrOf } from './xirr';
import { ratio } from './ratio';

/** A fund's figures as of a date, in minor units, from its balances then and a few sums. */
export interface FundFigures {
  committed: bigint;
  called: bigint;
  paidIn: bigint;
  unfunded: bigint;
  investmentsCount: bigint;
  investedAtCost: bigint;
  /** of investedAtCost, in returnee-founded enterprises, and its share (null with nothing invested) */
  investedInReturneeFounded: bigint;
  returneeFoundedShare: string | null;
  realisedProceeds: bigint;
  writtenOff: bigint;
  distributed: bigint;
  fees: bigint;
  nav: bigint;
  cash: bigint;
  remainingCapacity: bigint;
  dpi: string | null;
  rvpi: string | null;
  tvpi: string | null;
  netIrr: string | null;
  netIrrNoneReason: string;
}

const total = (balances: ReadonlyMap<string, bigint>, prefix: string): bigint =>
  [...balances].filter(([name]) => name.startsWith(prefix)).reduce((sum, [, balance]) => sum + balance, 0n);

/**
 * The figures fund managers report, from the balances as of a date (see accounts.ts):
 * committed, unfunded and what is called but unpaid give called and paid-in; NAV is cash plus the
 * investments at fair value (remaining cost and the valuation adjustments); remaining capacity is
 * what the fund holds or can still call (cash, unfunded, called but unpaid). DPI, RVPI and TVPI are
 * over paid-in; the net IRR is XIRR over the partners' dated flows with the NAV as a final inflow
 * on the date.
 */
export function fundFigures(input: {
  asOf: string;
  balances: ReadonlyMap<string, bigint>;
  investmentsCount: bigint;
  investedAtCost: bigint;
  investedInReturneeFounded: bigint;
  realisedProceeds: bigint;
  /** the partners' flows per day, in order (see ReportsRepository.partnerFlows) */
  partnerFlows: FlowColumns;
}): FundFigures {
  const { balances } = input;
  const committed = -total(balances, 'commitment:');
  const unfunded = total(balances, 'unfunded:');
  const receivable = total(balances, 'receivable:');
  const called = committed - unfunded;
  const paidIn = called - receivable;
  const cash = balances.get('cash') ?? 0n;
  const nav = cash + total(balances, 'investment:') + total(balances, 'valuation:');
  const distributed = total(balances, 'distributed:');
  const flows = nav === 0n ? input.partnerFlows : withFlow(input.partnerFlows, { on: input.asOf, amount: nav });
  const irr = xirrOf(flows);
  return {
    committed,
    called,
    paidIn,
    unfunded,
    investmentsCount: input.investmentsCount,
    investedAtCost: input.investedAtCost,
    investedInReturneeFounded: input.investedInReturneeFounded,
    returneeFoundedShare: ratio(input.investedInReturneeFounded, input.investedAtCost),
    realisedProceeds: input.realisedProceeds,
    writtenOff: balances.get('written-off') ?? 0n,
    distributed,
    fees: balances.get('fees') ?? 0n,
    nav,
    cash,
    remainingCapacity: cash + unfunded + receivable,
    dpi: ratio(distributed, paidIn),
    rvpi: ratio(nav, paidIn),
    tvpi: ratio(distributed + nav, paidIn),
    netIrr: irr.rate,
    netIrrNoneReason: irr.rate === null ? irr.reason : '',
  };
}
