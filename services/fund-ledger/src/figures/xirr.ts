import { ErrorKind } from '@parkledger/platform';
import { LedgerError, LedgerErrorCode } from '../ledger/ledger.errors';

/** A dated cash flow of a partner: a contribution (< 0), a distribution (> 0), or the NAV at the end. */
export interface Flow {
  /** a calendar date, YYYY-MM-DD */
  on: string;
  /** minor units */
  amount: bigint;
}

/** The internal rate of return as a decimal fraction string (0.373363 is 37.3363%), or none and why. */
export type Irr = { rate: string } | { rate: null; reason: string };

const TOLERANCE = 1e-7;
/** Rates beyond this (a million-fold a year) are answered as none, not as a number in exponent form. */
const MAX_RATE = 1e6;
const DAY_MS = 86_400_000;

/**
 * XIRR: the annual rate r at which the flows' present value, Σ amount / (1 + r)^(days since the
 * first flow / 365), is 0, as spreadsheets define it. Newton's method from 10% first; when it does
 * not converge (or leaves the domain r > -1), a sign change is searched on a grid and bisected.
 * Converged to 1e-7 and given to six places. When no rate exists (flows all of one sign, or no
 * sign change anywhere) or it is beyond a million-fold a year, the answer is none with the reason,
 * never NaN or a guess. A date that is not a calendar date is refused.
 */
export function xirr(flows: readonly Flow[]): Irr {
  const days = flows.map((flow) => dayOf(flow.on));
  if (flows.length < 2) return { rate: null, reason: 'an IRR needs at least two flows' };
  if (!flows.some((flow) => flow.amount > 0n) || !flows.some((flow) => flow.amount < 0n))
    return { rate: null, reason: 'an IRR needs money both paid in and returned' };
  const start = Math.min(...days);
  const terms = flows.map((flow, i) => ({
    years: ((days[i] ?? start) - start) / DAY_MS / 365,
    amount: Number(flow.amount),
  }));
  const value = (r: number) => terms.reduce((sum, t) => sum + t.amount * (1 + r) ** -t.years, 0);
  const slope = (r: number) => terms.reduce((sum, t) => sum - t.years * t.amount * (1 + r) ** (-t.years - 1), 0);
  const rate = newton(value, slope) ?? bisect(value);
  if (rate === undefined) return { rate: null, reason: 'no rate makes the flows worth 0' };
  if (rate > MAX_RATE) return { rate: null, reason: 'the rate is beyond a million-fold a year' };
  const text = rate.toFixed(6);
  return { rate: text === '-0.000000' ? '0.000000' : text };
}

/** A calendar date YYYY-MM-DD as milliseconds, or a LedgerError naming it. */
function dayOf(on: string): number {
  const ms = /^\d{4}-\d{2}-\d{2}$/.test(on) ? Date.parse(`${on}T00:00:00Z`) : Number.NaN;
  if (Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== on) {
    throw new LedgerError(LedgerErrorCode.Invalid, ErrorKind.Invalid, `not a calendar date: "${on}"`, [
      { field: 'on', rule: 'date', message: 'a calendar date, YYYY-MM-DD' },
    ]);
  }
  return ms;
}

function newton(value: (r: number) => number, slope: (r: number) => number): number | undefined {
  let r = 0.1;
  for (let step = 0; step < 100; step += 1) {
    const d = slope(r);
    if (!Number.isFinite(d) || d === 0) return undefined;
    const next = r - value(r) / d;
    if (!Number.isFinite(next) || next <= -1) return undefined;
    if (Math.abs(next - r) < TOLERANCE) return next;
    r = next;
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
