import { ErrorKind } from '@parkledger/platform';
import { LedgerError, LedgerErrorCode } from '../ledger/ledger.errors';

/** A dated cash flow of a partner: a contribution (< 0), a distribution (> 0), or the NAV at the end. */
export interface Flow {
  /** a calendar date, YYYY-MM-DD */
  on: string;
  /** minor units */
  amount: bigint;
}

/**
 * Flows as two columns, as a fund's history of thousands of days is read: the day of each (days
 * since 1970-01-01) and its amount in minor units. No object per flow: the figures read one a day.
 */
export interface FlowColumns {
  days: Float64Array;
  amounts: Float64Array;
}

/** The internal rate of return as a decimal fraction string (0.373363 is 37.3363%), or none and why. */
export type Irr = { rate: string } | { rate: null; reason: string };

const TOLERANCE = 1e-7;
/** Rates beyond this (a million-fold a year) are answered as none, not as a number in exponent form. */
const MAX_RATE = 1e6;
const DAY_MS = 86_400_000;

/** XIRR of dated flows (see xirrOf); a date that is not a calendar date is refused. */
export function xirr(flows: readonly Flow[]): Irr {
  return xirrOf(columnsOf(flows));
}

/** Flows as columns; a date that is not a calendar date is refused. */
export function columnsOf(flows: readonly Flow[]): FlowColumns {
  return {
    days: Float64Array.from(flows, (flow) => dayOf(flow.on)),
    amounts: Float64Array.from(flows, (flow) => Number(flow.amount)),
  };
}

/** The columns with one more flow at the end. */
export function withFlow(columns: FlowColumns, flow: Flow): FlowColumns {
  const last = columnsOf([flow]);
  const days = new Float64Array(columns.days.length + 1);
  const amounts = new Float64Array(columns.amounts.length + 1);
  days.set(columns.days);
  days.set(last.days, columns.days.length);
  amounts.set(columns.amounts);
  amounts.set(last.amounts, columns.amounts.length);
  return { days, amounts };
}

/**
 * XIRR: the annual rate r at which the flows' present value, Σ amount / (1 + r)^(days since the
 * first flow / 365), is 0, as spreadsheets define it. Newton's method from a first guess (see
 * firstGuess); when it does not converge (or leaves the domain r > -1), a sign change is searched
 * on a grid and bisected. Converged to 1e-7 and given to six places. When no rate exists (flows
 * all of one sign, or no sign change anywhere) or it is beyond a million-fold a year, the answer is
 * none with the reason, never NaN or a guess.
 */
export function xirrOf({ days, amounts }: FlowColumns): Irr {
  if (amounts.length < 2) return { rate: null, reason: 'an IRR needs at least two flows' };
  if (!amounts.some((amount) => amount > 0) || !amounts.some((amount) => amount < 0))
    return { rate: null, reason: 'an IRR needs money both paid in and returned' };
  const start = days.reduce((min, day) => Math.min(min, day), Infinity);
  const years = days.map((day) => (day - start) / 365);
  // Newton's method on x = ln(1 + r), where (1 + r)^-t is exp(-t·x): one exponential per flow for
  // the value and the slope together, and no (1 + r) to leave the domain r > -1
  const at = (x: number): Evaluation => {
    let value = 0;
    let slope = 0;
    let magnitude = 0;
    for (let i = 0; i < amounts.length; i += 1) {
      const t = years[i] as number;
      const discounted = (amounts[i] as number) * Math.exp(-t * x);
      value += discounted;
      slope -= t * discounted;
      magnitude += Math.abs(discounted);
    }
    return [value, slope, magnitude];
  };
  const x = newton(at, firstGuess(years, amounts));
  const rate = x === undefined ? bisect((r) => at(Math.log1p(r))[0]) : Math.expm1(x);
  if (rate === undefined) return { rate: null, reason: 'no rate makes the flows worth 0' };
  if (rate > MAX_RATE) return { rate: null, reason: 'the rate is beyond a million-fold a year' };
  const text = rate.toFixed(6);
  return { rate: text === '-0.000000' ? '0.000000' : text };
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** The number the digits of `text` from `from` to `to` spell, or NaN if one isn't a digit. */
function digits(text: string, from: number, to: number): number {
  let value = 0;
  for (let i = from; i < to; i += 1) {
    const digit = text.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return Number.NaN;
    value = value * 10 + digit;
  }
  return value;
}

/**
 * A calendar date YYYY-MM-DD as days since 1970-01-01, or a LedgerError naming it. Read digit by digit, with
 * no pattern and no Date object: a fund's figures read one per day of its history.
 */
function dayOf(on: string): number {
  const [year, month, day] = [digits(on, 0, 4), digits(on, 5, 7), digits(on, 8, 10)];
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const last = month === 2 && leap ? 29 : (DAYS_IN_MONTH[month - 1] ?? 0);
  if (on.length !== 10 || on[4] !== '-' || on[7] !== '-' || !(year >= 0) || !(day >= 1 && day <= last)) {
    throw new LedgerError(LedgerErrorCode.Invalid, ErrorKind.Invalid, `not a calendar date: "${on}"`, [
      { field: 'on', rule: 'date', message: 'a calendar date, YYYY-MM-DD' },
    ]);
  }
  // Date.UTC reads a year below 100 as 19xx; 400 years later is the same calendar, 146,097 days on
  return Date.UTC(year + 400, month - 1, day) / DAY_MS - 146_097;
}

/**
 * Where Newton starts, as x = ln(1 + r): the rate at which what came back over what went in grows
 * over the time between the money's mean dates in and out. Exact for one flow each way, and close
 * enough for many that Newton needs a few steps, not dozens (10,000 daily flows from a guess of 10%:
 * 53 steps, ~17 ms). 10% when there is no such time.
 */
function firstGuess(years: Float64Array, amounts: Float64Array): number {
  let paid = 0;
  let paidAt = 0;
  let returned = 0;
  let returnedAt = 0;
  for (let i = 0; i < amounts.length; i += 1) {
    const amount = amounts[i] as number;
    const t = years[i] as number;
    if (amount < 0) {
      paid -= amount;
      paidAt -= amount * t;
    } else {
      returned += amount;
      returnedAt += amount * t;
    }
  }
  const span = returnedAt / returned - paidAt / paid;
  const guess = Math.log(returned / paid) / span;
  return span > 0 && Number.isFinite(guess) ? guess : Math.log1p(0.1);
}

/** The flows' present value at x = ln(1 + r), its slope in x, and the sum of the terms' sizes. */
type Evaluation = [value: number, slope: number, magnitude: number];

/**
 * Newton's method on x = ln(1 + r), until the rate moves less than TOLERANCE at a point where the
 * present value is 0 but for rounding (a step that only shrinks as x runs off toward r = -1 is no root).
 */
function newton(at: (x: number) => Evaluation, start: number): number | undefined {
  let x = start;
  for (let step = 0; step < 100; step += 1) {
    const [value, slope] = at(x);
    if (!Number.isFinite(slope) || slope === 0) return undefined;
    const next = x - value / slope;
    if (!Number.isFinite(next)) return undefined;
    if (Math.abs(Math.expm1(next) - Math.expm1(x)) < TOLERANCE || Math.abs(next - x) < 1e-12) {
      const [residual, , magnitude] = at(next);
      return Math.abs(residual) <= 1e-9 * magnitude ? next : undefined;
    }
    x = next;
  }
  return undefined;
}

/** The first sign change on a grid from -99.9999999% up to a million-fold a year, bisected. */
function bisect(value: (r: number) => number): number | undefined {
  const grid = [
    -0.999999999,
    -0.9999999,
    -0.99999,
    -0.9999,
    -0.999,
    -0.99,
    -0.9,
    -0.75,
    -0.5,
    -0.25,
    0,
    0.25,
    0.5,
    1,
    2,
    5,
    10,
    100,
    1_000,
    MAX_RATE,
  ];
  for (let i = 1; i < grid.length; i += 1) {
    let lo = grid[i - 1] as number;
    let hi = grid[i] as number;
    const atLo = value(lo);
    if (Math.sign(atLo) === Math.sign(value(hi))) continue;
    while (hi - lo > TOLERANCE) {
      const mid = (lo + hi) / 2;
      if (Math.sign(value(mid)) === Math.sign(atLo)) lo = mid;
      else hi = mid;
    }
    return (lo + hi) / 2;
  }
  return undefined;
}
