import { isPolicyKey, type Award, type DecodedEvent, type Money } from '@parkledger/contracts';
import { assertNever, ErrorKind, isUuid } from '@parkledger/platform';
import { isCalendarDate } from '@parkledger/service-kit';
import { budgetAccount } from './accounts';
import { assertBalanced, type Posting } from './journal-entry';
import { LedgerError, LedgerErrorCode } from './ledger.errors';

/** What a policy-budget entry records: the award event it was posted from. */
export type AwardOperation = 'grant' | 'pay' | 'revoke' | 'recapture';

/** An entry of a policy's budget book, as an award event gives it. */
export interface AwardEntry {
  operation: AwardOperation;
  awardId: string;
  effectiveOn: string;
  memo: string;
  postings: Posting[];
}

/** What an event of the awards topic does to the budget books. */
export type AwardBookAction =
  /** nothing: an application, a rejection */
  | { kind: 'none' }
  /** the policy's book in the currency opened, if it was not: a published version's budget */
  | { kind: 'open'; policy: string; currency: string }
  /** an entry in the policy's book in the currency (opened first if need be) */
  | { kind: 'post'; policy: string; currency: string; entry: AwardEntry };

/**
 * The budget books' reading of an award event, from the event alone. A grant commits the amount on
 * the award date; a payment pays it on its paid_on; a recapture brings it back on its
 * recaptured_on. A revocation carries no date: it is dated the UTC calendar day of the event's
 * time (ce_time, when the awards service recorded it; instants are UTC), and never before the award
 * date, since a commitment can't be released before it was made. An event that does not hold what
 * its contract promises (an award with its id and policy, a positive amount in a currency,
 * calendar dates, nothing paid or recaptured before the award date) throws award-event-invalid:
 * the consumer retries it and then dead-letters it. Whether the books allow it (nothing paid or
 * released beyond what stands granted, nothing recaptured beyond what the budget paid out) is the database's
 * to say, as the postings go in.
 */
export function awardBookAction(event: DecodedEvent, eventTime: string): AwardBookAction {
  switch (event.type) {
    case 'parkledger.policy.published.v1': {
      const version = event.payload.version;
      const policy = policyKey(version?.policy, 'version.policy');
      return { kind: 'open', policy, currency: currencyOf(version?.budgetPerYear, 'version.budgetPerYear') };
    }
    case 'parkledger.award.applied.v1':
    case 'parkledger.award.rejected.v1':
      return { kind: 'none' };
    case 'parkledger.award.granted.v1': {
      const award = awardOf(event.payload.award);
      const amount = positive(event.payload.amount, award);
      return post(award, amount, {
        operation: 'grant',
        effectiveOn: award.awardOn,
        memo: `item ${award.item}, enterprise ${award.enterpriseId}`,
        postings: [
          { account: budgetAccount.committed(award.id), amount: amount.minorUnits, currency: amount.currency },
          { account: budgetAccount.payable(award.id), amount: -amount.minorUnits, currency: amount.currency },
        ],
      });
    }
    case 'parkledger.award.paid.v1': {
      const award = awardOf(event.payload.award);
      const amount = positive(event.payload.amount, award);
      return post(award, amount, {
        operation: 'pay',
        effectiveOn: onOrAfterAward(event.payload.paidOn, 'paidOn', award),
        memo: `item ${award.item}, enterprise ${award.enterpriseId}`,
        postings: [
          { account: budgetAccount.payable(award.id), amount: amount.minorUnits, currency: amount.currency },
          { account: budgetAccount.cash, amount: -amount.minorUnits, currency: amount.currency },
        ],
      });
    }
    case 'parkledger.award.revoked.v1': {
      const award = awardOf(event.payload.award);
      const amount = positive(event.payload.amount, award);
      const day = utcDay(eventTime);
      return post(award, amount, {
        operation: 'revoke',
        effectiveOn: day < award.awardOn ? award.awardOn : day,
        memo: event.payload.reason,
        postings: [
          { account: budgetAccount.payable(award.id), amount: amount.minorUnits, currency: amount.currency },
          { account: budgetAccount.committed(award.id), amount: -amount.minorUnits, currency: amount.currency },
        ],
      });
    }
    case 'parkledger.award.recaptured.v1': {
      const award = awardOf(event.payload.award);
      const amount = positive(event.payload.amount, award);
      return post(award, amount, {
        operation: 'recapture',
        effectiveOn: onOrAfterAward(event.payload.recapturedOn, 'recapturedOn', award),
        memo: event.payload.reason,
        postings: [
          { account: budgetAccount.cash, amount: amount.minorUnits, currency: amount.currency },
          { account: budgetAccount.recaptured(award.id), amount: -amount.minorUnits, currency: amount.currency },
        ],
      });
    }
    case 'parkledger.probe.emitted.v1':
    case 'parkledger.checkpoint.signed.v1':
    case 'parkledger.park.registered.v1':
    case 'parkledger.park.updated.v1':
    case 'parkledger.park.moved.v1':
    case 'parkledger.park.retired.v1':
    case 'parkledger.park.removed.v1':
    case 'parkledger.enterprise.registered.v1':
    case 'parkledger.enterprise.updated.v1':
    case 'parkledger.enterprise.milestone-recorded.v1':
    case 'parkledger.settlement.settled.v1':
    case 'parkledger.settlement.left.v1':
    case 'parkledger.project.registered.v1':
    case 'parkledger.project.negotiation-started.v1':
    case 'parkledger.project.signed.v1':
    case 'parkledger.project.construction-started.v1':
    case 'parkledger.project.commissioned.v1':
    case 'parkledger.project.terminated.v1':
    case 'parkledger.project.investment-reported.v1':
    case 'parkledger.project.plan-amended.v1':
    case 'parkledger.fund.registered.v1':
    case 'parkledger.fund.partner-committed.v1':
    case 'parkledger.fund.capital-called.v1':
    case 'parkledger.fund.contribution-received.v1':
    case 'parkledger.fund.investment-made.v1':
    case 'parkledger.fund.investment-valued.v1':
    case 'parkledger.fund.exit-realised.v1':
    case 'parkledger.fund.investment-written-off.v1':
    case 'parkledger.fund.distribution-made.v1':
    case 'parkledger.fund.fee-charged.v1':
    case 'parkledger.fund.entry-reversed.v1':
    case 'parkledger.fund.period-closed.v1':
    case 'parkledger.fund.entries-imported.v1':
    case 'parkledger.fund.reinvestment-required.v1':
      // not on the awards topic: a contract change, so fail loudly (retries, then the dead-letter topic)
      throw invalid('type', 'awards-topic', `the budget books do not post ${event.type}`);
  }
  return assertNever(event, 'event');
}

interface CheckedAward {
  id: string;
  policy: string;
  item: string;
  enterpriseId: string;
  awardOn: string;
  currency: string;
}

function post(award: CheckedAward, amount: { currency: string }, entry: Omit<AwardEntry, 'awardId'>): AwardBookAction {
  assertBalanced(entry.postings);
  return { kind: 'post', policy: award.policy, currency: amount.currency, entry: { ...entry, awardId: award.id } };
}

function awardOf(award: Award | undefined): CheckedAward {
  if (award === undefined) throw invalid('award', 'required', 'the event carries no award');
  if (!isUuid(award.id)) throw invalid('award.id', 'uuid', `award.id is not a UUID: "${award.id}"`);
  const policy = policyKey(award.policy, 'award.policy');
  if (!isCalendarDate(award.awardOn)) {
    throw invalid('award.awardOn', 'date', `award.awardOn is not a calendar date: "${award.awardOn}"`);
  }
  return {
    id: award.id.toLowerCase(),
    policy,
    item: award.item,
    enterpriseId: award.enterpriseId,
    awardOn: award.awardOn,
    currency: award.granted?.currency ?? '',
  };
}

function policyKey(key: string | undefined, field: string): string {
  if (key === undefined || !isPolicyKey(key)) throw invalid(field, 'policy-key', `${field} is not a policy key`);
  return key;
}

function currencyOf(money: Money | undefined, field: string): string {
  const currency = money?.currency ?? '';
  if (!/^[A-Z]{3}$/.test(currency)) throw invalid(field, 'currency', `${field} has no ISO 4217 currency`);
  return currency;
}

/** The event's amount: more than 0, in the currency the award was granted in. */
function positive(money: Money | undefined, award: CheckedAward): { minorUnits: bigint; currency: string } {
  const currency = currencyOf(money, 'amount');
  const minorUnits = money?.minorUnits ?? 0n;
  if (minorUnits <= 0n) throw invalid('amount', 'positive', `amount must be more than 0, got ${minorUnits}`);
  if (award.currency !== '' && award.currency !== currency) {
    throw invalid('amount', 'award-currency', `amount is in ${currency}, the award in ${award.currency}`);
  }
  return { minorUnits, currency };
}

function onOrAfterAward(date: string, field: string, award: CheckedAward): string {
  if (!isCalendarDate(date)) throw invalid(field, 'date', `${field} is not a calendar date: "${date}"`);
  if (date < award.awardOn) {
    throw invalid(field, 'on-or-after-award', `${field} ${date} is before the award date ${award.awardOn}`);
  }
  return date;
}

/** The UTC calendar day of an RFC 3339 instant. */
function utcDay(instant: string): string {
  const time = /^\d{4}-\d{2}-\d{2}T/.test(instant) ? new Date(instant) : undefined;
  if (time === undefined || Number.isNaN(time.getTime())) {
    throw invalid('time', 'date-time', `the event's time is not an RFC 3339 instant: "${instant}"`);
  }
  return time.toISOString().slice(0, 10);
}

const invalid = (field: string, rule: string, message: string) =>
  new LedgerError(LedgerErrorCode.AwardEventInvalid, ErrorKind.Invalid, message, [{ field, rule, message }]);
