import { account } from '../ledger/accounts';
import { allocate, type Claim } from '../ledger/allocation';

/** A fund's balances as of a date, by account name, debit positive (see accounts.ts). */
export type Balances = ReadonlyMap<string, bigint>;

const balanceOf = (balances: Balances, name: string): bigint => balances.get(name) ?? 0n;

/**
 * A partner's commitment as of a date and what became of it: commitment = paidIn + calledUnpaid +
 * unfunded. Its commitment is the credit on `commitment:<id>`, what is called and unpaid the
 * debit on `receivable:<id>`, what is not called yet the debit on `unfunded:<id>`.
 */
export interface PartnerPosition {
  commitment: bigint;
  paidIn: bigint;
  calledUnpaid: bigint;
  unfunded: bigint;
  distributed: bigint;
}

export function partnerPosition(balances: Balances, partnerId: string): PartnerPosition {
  const commitment = -balanceOf(balances, account.commitment(partnerId));
  const unfunded = balanceOf(balances, account.unfunded(partnerId));
  const calledUnpaid = balanceOf(balances, account.receivable(partnerId));
  return {
    commitment,
    paidIn: commitment - unfunded - calledUnpaid,
    calledUnpaid,
    unfunded,
    distributed: balanceOf(balances, account.distributed(partnerId)),
  };
}

/**
 * The fund's result to a date as the partners bear it. `fees` is the debit on `fees` (a cost:
 * positive). `gains` is the gains less the losses: `realised-gain` and `unrealised-gain` are
 * credited by a gain and debited by a loss, `written-off` is debited by a loss, so
 * gains = −(realised-gain + unrealised-gain + written-off).
 */
export function fundResult(balances: Balances): { fees: bigint; gains: bigint } {
  return {
    fees: balanceOf(balances, account.fees),
    gains: -(
      balanceOf(balances, account.realisedGain) +
      balanceOf(balances, account.unrealisedGain) +
      balanceOf(balances, account.writtenOff)
    ),
  };
}

/**
 * Splits a signed amount by the largest remainder (allocation.ts): a negative amount as the mirror
 * of its absolute value, so the shares still sum to it exactly.
 */
export function allocateSigned(total: bigint, claims: readonly Claim[]): Map<string, bigint> {
  if (total >= 0n) return allocate(total, claims);
  return new Map([...allocate(-total, claims)].map(([key, share]) => [key, -share]));
}

/** A partner's capital account as of a date and what it is made of. */
export interface CapitalAccount extends PartnerPosition {
  /** its share of the fund's fees to the date (a cost: positive) */
  fees: bigint;
  /** its share of the fund's gains less its losses to the date */
  gains: bigint;
  /** paidIn − distributed − fees + gains */
  balance: bigint;
}

/**
 * Every partner's capital account as of a date, from the fund's balances then: its paid-in capital,
 * less what it has been distributed, less its share of the fund's fees, plus its share of the
 * fund's gains less its losses. The shares are the fees and gains split day by day (`shares`, from
 * resultShares), as the service gives them; without them, the fees and gains to the date are split
 * at once pro rata to paid-in as of the date (the same when the shares of paid-in never changed).
 * Either way by the largest remainder, so the shares sum to the fund's fees and gains exactly and
 * the balances of all partners sum exactly to the fund's NAV (cash + investments at remaining cost
 * + valuation adjustments): the books balance, so NAV = Σ paid-in − Σ distributed − fees + gains.
 * With no paid-in capital at all there is nothing to allocate a fee or a gain over: the
 * allocation's `ledger-nothing-to-allocate`.
 */
export function capitalAccounts(
  balances: Balances,
  partnerIds: readonly string[],
  /** each partner's share of the fees and gains to the date, when split day by day (resultShares) */
  shares?: ReadonlyMap<string, ResultShare>,
): Map<string, CapitalAccount> {
  const positions = new Map(partnerIds.map((id) => [id, partnerPosition(balances, id)]));
  const claims = [...positions].map(([key, position]) => ({ key, weight: position.paidIn }));
  const result = fundResult(balances);
  const fees =
    shares === undefined ? allocateSigned(result.fees, claims) : new Map([...shares].map(([id, s]) => [id, s.fees]));
  const gains =
    shares === undefined ? allocateSigned(result.gains, claims) : new Map([...shares].map(([id, s]) => [id, s.gains]));
  return new Map(
    [...positions].map(([id, position]) => {
      const fee = fees.get(id) ?? 0n;
      const gain = gains.get(id) ?? 0n;
      return [
        id,
        { ...position, fees: fee, gains: gain, balance: position.paidIn - position.distributed - fee + gain },
      ];
    }),
  );
}

/** A partner's share of the fund's fees (a cost: positive) and of its gains less losses. */
export interface ResultShare {
  fees: bigint;
  gains: bigint;
}

/** A day's net change of each account that moved on it. */
export interface DayNets {
  day: string;
  nets: ReadonlyMap<string, bigint>;
}

/**
 * Each partner's share of the fund's fees and gains to `asOf`, split day by day: each day's fees
 * and gains over the partners pro rata to their paid-in capital at the end of that day, by the
 * largest remainder. So a partner that pays in later bears no share of what came before it, and the
 * shares still sum exactly to the fund's fees and gains. `days` in date order.
 */
export function resultShares(
  days: readonly DayNets[],
  partnerIds: readonly string[],
  asOf: string,
): Map<string, ResultShare> {
  const running = new Map<string, bigint>();
  const shares = new Map(partnerIds.map((id) => [id, { fees: 0n, gains: 0n }]));
  for (const { day, nets } of days) {
    if (day > asOf) break;
    for (const [name, net] of nets) running.set(name, (running.get(name) ?? 0n) + net);
    const result = fundResult(nets);
    if (result.fees === 0n && result.gains === 0n) continue;
    const claims = partnerIds.map((key) => ({ key, weight: partnerPosition(running, key).paidIn }));
    const fees = allocateSigned(result.fees, claims);
    const gains = allocateSigned(result.gains, claims);
    for (const [id, share] of shares) {
      share.fees += fees.get(id) ?? 0n;
      share.gains += gains.get(id) ?? 0n;
    }
  }
  return shares;
}

/**
 * A partner's capital account statement for a period, ILPA's layout. Each movement is the change of
 * its part of the capital account over the period, signed by its effect on the balance (a
 * distribution, a fee, a loss are negative), so the statement adds up:
 * beginning + contributions + distributions + managementFees + gainsLosses = ending.
 */
export interface CapitalAccountStatement {
  /** the capital account as of the day before the period */
  beginning: bigint;
  /** the change of paid-in capital */
  contributions: bigint;
  /** minus the change of what was distributed */
  distributions: bigint;
  /** minus the change of the allocated share of the fees */
  managementFees: bigint;
  /** the change of the allocated share of the gains less the losses */
  gainsLosses: bigint;
  /** the capital account as of the period's last day */
  ending: bigint;
  /** as of the period's last day */
  commitment: bigint;
  paidIn: bigint;
  calledUnpaid: bigint;
  unfunded: bigint;
}

/**
 * The statement of one partner for a period, from the fund's balances as of the day before it
 * (`before`) and as of its last day (`end`), over every partner of the fund (`partnerIds`): the
 * allocation needs all of them.
 */
export function capitalAccountStatement(input: {
  partnerId: string;
  partnerIds: readonly string[];
  before: Balances;
  end: Balances;
  /** the fees and gains split day by day to the day before the period and to its end (resultShares) */
  shares?: { before: ReadonlyMap<string, ResultShare>; end: ReadonlyMap<string, ResultShare> };
}): CapitalAccountStatement {
  const zero: CapitalAccount = {
    commitment: 0n,
    paidIn: 0n,
    calledUnpaid: 0n,
    unfunded: 0n,
    distributed: 0n,
    fees: 0n,
    gains: 0n,
    balance: 0n,
  };
  const ids = input.partnerIds.includes(input.partnerId) ? input.partnerIds : [...input.partnerIds, input.partnerId];
  const start = capitalAccounts(input.before, ids, input.shares?.before).get(input.partnerId) ?? zero;
  const end = capitalAccounts(input.end, ids, input.shares?.end).get(input.partnerId) ?? zero;
  return {
    beginning: start.balance,
    contributions: end.paidIn - start.paidIn,
    distributions: -(end.distributed - start.distributed),
    managementFees: -(end.fees - start.fees),
    gainsLosses: end.gains - start.gains,
    ending: end.balance,
    commitment: end.commitment,
    paidIn: end.paidIn,
    calledUnpaid: end.calledUnpaid,
    unfunded: end.unfunded,
  };
}
