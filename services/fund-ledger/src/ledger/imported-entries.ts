import { IMPORTABLE_OPERATIONS, MAX_IMPORTED_ENTRIES, type ImportedEntryJson } from '@parkledger/contracts';
import { type FieldCheck } from '@parkledger/service-kit';
import { limitExceeded, limitOf } from './limits';
import { type Posting } from './journal-entry';
import { type LedgerError } from './ledger.errors';

export type ImportableOperation = (typeof IMPORTABLE_OPERATIONS)[number];

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const ACCOUNT = new RegExp(
  `^(cash|fees|unrealised-gain|realised-gain|written-off|(distributed):(${UUID})|(investment|valuation):(${UUID}))$`,
);

/** The accounts (a name, or a prefix ending in ':') an imported entry of each operation may post to. */
const ACCOUNTS_OF: Record<ImportableOperation, readonly string[]> = {
  fee: ['fees', 'cash'],
  distribute: ['distributed:', 'cash'],
  value: ['valuation:', 'unrealised-gain'],
  exit: ['cash', 'investment:', 'realised-gain', 'valuation:', 'unrealised-gain'],
  'write-off': ['written-off', 'investment:', 'valuation:', 'unrealised-gain'],
};

const fits = (operation: ImportableOperation, account: string): boolean =>
  ACCOUNTS_OF[operation].some((allowed) => (allowed.endsWith(':') ? account.startsWith(allowed) : account === allowed));

/**
 * Which way an imported posting must go, by its operation and account: a fee is paid from cash, a
 * distribution is paid from cash, an exit or a write-off takes cost off an investment and an exit
 * brings cash in, so an import can't turn one into cash or cost from nowhere. Valuations and the
 * gains go either way.
 */
const DIRECTION: Record<ImportableOperation, Record<string, 'debit' | 'credit'>> = {
  fee: { fees: 'debit', cash: 'credit' },
  distribute: { 'distributed:': 'debit', cash: 'credit' },
  value: {},
  exit: { 'investment:': 'credit', cash: 'debit' },
  'write-off': { 'written-off': 'debit', 'investment:': 'credit' },
};

function wrongWay(operation: ImportableOperation, account: string, amount: bigint): 'debit' | 'credit' | undefined {
  const rule = Object.entries(DIRECTION[operation]).find(([name]) =>
    name.endsWith(':') ? account.startsWith(name) : account === name,
  )?.[1];
  if (rule === undefined || amount === 0n) return undefined;
  return (rule === 'debit') === amount > 0n ? undefined : rule;
}

export interface ImportedEntry {
  effectiveOn: string;
  operation: ImportableOperation;
  memo: string;
  postings: Posting[];
}

/** An account an import may post to, and the partner or investment it names, if any. */
export function importableAccount(name: string): { partnerId?: string; investmentId?: string } | undefined {
  const match = ACCOUNT.exec(name);
  if (match === null) return undefined;
  if (match[2] !== undefined) return { partnerId: match[3] };
  if (match[4] !== undefined) return { investmentId: match[5] };
  return {};
}

/**
 * The entries of an import, each checked for its form: a date, an importable operation, at least
 * two postings of other than 0 in the fund's currency to accounts of the chart, summing to 0.
 * Every problem is named by its place (`entries[12].postings[1].account`), all of them at once.
 */
export function checkImportedEntries(
  check: FieldCheck,
  entries: readonly ImportedEntryJson[],
  currency: string,
): ImportedEntry[] {
  if (entries.length === 0 || entries.length > MAX_IMPORTED_ENTRIES) {
    check.fail('entries', 'size', `an import has 1 to ${MAX_IMPORTED_ENTRIES} entries, not ${entries.length}`);
  }
  return entries.map((entry, i) => {
    const at = `entries[${i}]`;
    const effectiveOn = check.date(`${at}.effectiveOn`, entry.effectiveOn) ?? '';
    const operation = check.oneOf(`${at}.operation`, entry.operation, IMPORTABLE_OPERATIONS);
    const memo = check.text(`${at}.memo`, entry.memo, { required: false, max: 500 });
    const postings = (entry.postings ?? []).map((posting, j) => {
      const field = `${at}.postings[${j}]`;
      const name = posting.account ?? '';
      if (importableAccount(name) === undefined) {
        check.fail(
          `${field}.account`,
          'importable-account',
          `${field}.account "${name}" is not an account an import may post to`,
        );
      } else if (operation === entry.operation && !fits(operation, name)) {
        const message = `${field}.account: a ${operation} entry posts to ${ACCOUNTS_OF[operation].join(', ')}`;
        check.fail(`${field}.account`, 'account-of-operation', message);
      }
      let amount = 0n;
      try {
        amount = BigInt(posting.amount?.minorUnits ?? '0');
      } catch {
        check.fail(`${field}.amount`, 'money', `${field}.amount is not a whole number of minor units`);
      }
      if (amount === 0n) check.fail(`${field}.amount`, 'non-zero', `${field}.amount must be other than 0`);
      const way = operation === entry.operation ? wrongWay(operation, name, amount) : undefined;
      if (way !== undefined) {
        const message = `${field}.amount: a ${operation} entry ${way === 'debit' ? 'debits (> 0)' : 'credits (< 0)'} ${name}`;
        check.fail(`${field}.amount`, `${way}-in-${operation}`, message);
      }
      if ((posting.amount?.currency ?? '') !== currency) {
        check.fail(`${field}.amount`, 'fund-currency', `${field}.amount must be in the fund's currency ${currency}`);
      }
      return { account: name, amount, currency };
    });
    if (postings.length < 2) check.fail(`${at}.postings`, 'balanced', `${at} needs at least two postings`);
    const sum = postings.reduce((total, p) => total + p.amount, 0n);
    if (sum !== 0n) check.fail(`${at}.postings`, 'balanced', `${at}'s debits and credits differ by ${sum}`);
    return { effectiveOn, operation, memo, postings };
  });
}

/**
 * Which entry of an import takes a floored account below zero, by the database's rule: on no day
 * from the first on may the account's balance (what it had on each day, `days`, plus the import's
 * postings to that day) be negative. The entry named is the one of that first negative day, in the
 * import's order, at which the account goes below zero; when the day's own entries don't (an earlier
 * entry left too little for a payment already in the books), the latest-dated entry before it that
 * takes from the account. None when the import keeps every limit.
 */
export function firstBreach(
  entries: readonly ImportedEntry[],
  days: ReadonlyMap<string, ReadonlyMap<string, bigint>>,
): { index: number; account: string; day: string; balance: bigint } | undefined {
  const byAccount = new Map<string, Map<string, bigint>>();
  for (const entry of entries) {
    for (const posting of entry.postings) {
      if (limitOf(posting.account) === undefined) continue;
      const net = byAccount.get(posting.account) ?? new Map<string, bigint>();
      net.set(entry.effectiveOn, (net.get(entry.effectiveOn) ?? 0n) + posting.amount);
      byAccount.set(posting.account, net);
    }
  }
  let found: { index: number; account: string; day: string; balance: bigint } | undefined;
  for (const [name, importNets] of byAccount) {
    const existing = days.get(name) ?? new Map<string, bigint>();
    const all = [...new Set([...existing.keys(), ...importNets.keys()])].sort();
    let running = 0n;
    for (const day of all) {
      running += (existing.get(day) ?? 0n) + (importNets.get(day) ?? 0n);
      if (running >= 0n) continue;
      const index = culprit(entries, name, day, running - (importNets.get(day) ?? 0n));
      if (found === undefined || index < found.index) found = { index, account: name, day, balance: running };
      break;
    }
  }
  return found;
}

function culprit(entries: readonly ImportedEntry[], account: string, day: string, beforeImportOfDay: bigint): number {
  let running = beforeImportOfDay;
  let latest = -1;
  for (const [i, entry] of entries.entries()) {
    const change = entry.postings.filter((p) => p.account === account).reduce((sum, p) => sum + p.amount, 0n);
    if (entry.effectiveOn === day) {
      running += change;
      if (running < 0n) return i;
    }
    const later = latest < 0 || entry.effectiveOn > (entries[latest] as ImportedEntry).effectiveOn;
    if (change < 0n && entry.effectiveOn < day && later) latest = i;
  }
  return latest;
}

/** The 409 for an import that breaks a limit, naming its entry. */
export function breachError(
  breach: { index: number; account: string; day: string; balance: bigint },
  shown: string,
): LedgerError {
  return limitExceeded(
    limitOf(breach.account) ?? 'cash',
    `entries[${breach.index}] takes ${breach.account} below zero; it would fall to ${shown} on ${breach.day}`,
    `entries[${breach.index}]`,
  );
}
