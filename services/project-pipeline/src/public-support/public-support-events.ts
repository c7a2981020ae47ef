import { IMPORTABLE_OPERATIONS, isPolicyKey, type Award, type DecodedEvent, type Money } from '@parkledger/contracts';
import { assertNever, ErrorKind, isCurrency, isUuid } from '@parkledger/platform';
import { isCalendarDate } from '@parkledger/service-kit';
import { PublicSupportError, PublicSupportErrorCode } from './public-support.errors';

/** A fund's investment in a project of the pipeline: capital put in, at its cost. */
export interface FundInvestment {
  investmentId: string;
  /** the journal entry that booked it: a reversal names it */
  entryId: string;
  fundId: string;
  projectId: string;
  currency: string;
  costMinor: bigint;
  madeOn: string;
}

/** A reversal of a fund's journal entry: when the entry is an investment's, its capital comes out again. */
export interface FundReversal {
  reversedEntryId: string;
  reversalEntryId: string;
  fundId: string;
  reversedOn: string;
}

/** Award money paid for a project, or recaptured after payment. */
export interface AwardMoney {
  movement: 'paid' | 'recaptured';
  awardId: string;
  policy: string;
  enterpriseId: string;
  projectId: string;
  currency: string;
  amountMinor: bigint;
  effectiveOn: string;
}

/** What an event of the funds or awards topic changes in the public-support read model. */
export type PublicSupportChange =
  /** nothing: an event about other money, or an investment in an enterprise, or an award naming no project */
  | { kind: 'none' }
  | ({ kind: 'investment' } & FundInvestment)
  | ({ kind: 'reversal' } & FundReversal)
  | ({ kind: 'award-money' } & AwardMoney);

const NONE = { kind: 'none' } as const;

/**
 * The public-support reading of one event, from the event alone. Fund money invested is capital put
 * in: an investment in a project counts at its cost from its date, and a reversal of its entry takes
 * it out from the reversal's date. Exits, write-offs and valuations change what a fund holds, not
 * what it put in, and pass by, as do an import's entries (valuations, exits, write-offs,
 * distributions and fees: an import never books an investment, and one that claimed to would break
 * the fund ledger's contract). Award money is what a payment paid less what a recapture clawed back,
 * for an award naming a project; a grant, an application, a rejection and a revocation (before
 * payment) pay nothing. An event that doesn't hold what its contract promises (ids, a positive
 * amount in a known currency, calendar dates) throws public-support-event-invalid, naming the field:
 * the consumer retries it and then dead-letters it.
 */
export function publicSupportChange(event: DecodedEvent): PublicSupportChange {
  switch (event.type) {
    case 'parkledger.fund.investment-made.v1': {
      const investment = event.payload.investment;
      if (investment === undefined) throw invalid('investment', 'required', 'the event carries no investment');
      if (investment.targetKind === 'enterprise') return NONE;
      if (investment.targetKind !== 'project') {
        const message = `investment.targetKind is neither project nor enterprise: "${investment.targetKind}"`;
        throw invalid('investment.targetKind', 'target-kind', message);
      }
      const cost = positive(investment.cost, 'investment.cost');
      return {
        kind: 'investment',
        investmentId: uuid(investment.id, 'investment.id'),
        entryId: uuid(
          investment.entryId === '' ? (event.payload.entry?.id ?? '') : investment.entryId,
          'investment.entryId',
        ),
        fundId: uuid(investment.fundId, 'investment.fundId'),
        projectId: uuid(investment.targetId, 'investment.targetId'),
        currency: cost.currency,
        costMinor: cost.minorUnits,
        madeOn: date(investment.madeOn, 'investment.madeOn'),
      };
    }
    case 'parkledger.fund.entry-reversed.v1': {
      const entry = event.payload.entry;
      if (entry === undefined) throw invalid('entry', 'required', 'the event carries no entry');
      return {
        kind: 'reversal',
        reversedEntryId: uuid(event.payload.reversedEntryId, 'reversedEntryId'),
        reversalEntryId: uuid(entry.id, 'entry.id'),
        fundId: uuid(entry.fundId, 'entry.fundId'),
        reversedOn: date(entry.effectiveOn, 'entry.effectiveOn'),
      };
    }
    case 'parkledger.fund.entries-imported.v1':
      event.payload.entries.forEach((entry, i) => {
        if (!(IMPORTABLE_OPERATIONS as readonly string[]).includes(entry.operation)) {
          const message = `entries[${i}].operation "${entry.operation}" is not one an import books`;
          throw invalid(`entries[${i}].operation`, 'importable-operation', message);
        }
        entry.postings.forEach((posting, j) => {
          if (posting.account.startsWith('investment:') && (posting.amount?.minorUnits ?? 0n) > 0n) {
            const message = `entries[${i}].postings[${j}] puts cost into ${posting.account}: an import invests nothing`;
            throw invalid(`entries[${i}].postings[${j}]`, 'no-imported-investment', message);
          }
        });
      });
      return NONE;
    case 'parkledger.fund.registered.v1':
    case 'parkledger.fund.partner-committed.v1':
    case 'parkledger.fund.capital-called.v1':
    case 'parkledger.fund.contribution-received.v1':
    case 'parkledger.fund.investment-valued.v1':
    case 'parkledger.fund.exit-realised.v1':
    case 'parkledger.fund.investment-written-off.v1':
    case 'parkledger.fund.distribution-made.v1':
    case 'parkledger.fund.fee-charged.v1':
    case 'parkledger.fund.period-closed.v1':
    case 'parkledger.fund.reinvestment-required.v1':
      return NONE;
    case 'parkledger.award.paid.v1':
      return awardMoney('paid', event.payload.award, event.payload.amount, event.payload.paidOn, 'paidOn');
    case 'parkledger.award.recaptured.v1': {
      const { award, amount, recapturedOn } = event.payload;
      return awardMoney('recaptured', award, amount, recapturedOn, 'recapturedOn');
    }
    case 'parkledger.policy.published.v1':
    case 'parkledger.award.applied.v1':
    case 'parkledger.award.granted.v1':
    case 'parkledger.award.rejected.v1':
    case 'parkledger.award.revoked.v1':
      return NONE;
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
      // not on the funds or awards topic: a contract change, so fail loudly (retries, then the dead-letter topic)
      throw invalid('type', 'funds-or-awards-topic', `the public-support read model does not handle ${event.type}`);
  }
  return assertNever(event, 'event');
}

/** What the read model holds of an investment whose entry a reversal names. */
export interface InvestmentState {
  fundId: string;
  madeOn: string;
  reversalEntryId: string | null;
  reversedOn: string | null;
}

/**
 * What a reversal does to the investment whose entry it reverses: nothing when the entry is no
 * investment in a project ('pass': a contribution, a fee, an investment in an enterprise); the
 * investment reversed ('reverse'); nothing again when it is this reversal's own copy ('replay'). A
 * reversal of another fund's entry, dated before the investment, or a second reversal of one entry
 * breaks the fund ledger's contract (an entry is reversed once, on or after its date): it throws.
 */
export function reversalOutcome(
  investment: InvestmentState | undefined,
  reversal: FundReversal,
): 'pass' | 'reverse' | 'replay' {
  if (investment === undefined) return 'pass';
  const at = `entry ${reversal.reversedEntryId}`;
  if (investment.fundId !== reversal.fundId) {
    throw invalid('entry.fundId', 'same-fund', `${at} is fund ${investment.fundId}'s, not fund ${reversal.fundId}'s`);
  }
  if (investment.reversalEntryId === reversal.reversalEntryId && investment.reversedOn === reversal.reversedOn) {
    return 'replay';
  }
  if (investment.reversalEntryId !== null) {
    throw invalid('reversedEntryId', 'reversed-once', `${at} is already reversed by ${investment.reversalEntryId}`);
  }
  if (reversal.reversedOn < investment.madeOn) {
    const message = `entry.effectiveOn ${reversal.reversedOn} is before the investment, made on ${investment.madeOn}`;
    throw invalid('entry.effectiveOn', 'on-or-after-investment', message);
  }
  return 'reverse';
}

/** A copy of a fact the read model holds that says otherwise: two events told it two things. */
export const contradicts = (what: string, field: string) =>
  invalid(field, 'same-as-recorded', `${what} is recorded already with other figures`);

/** The award's version the event moves it to, from its envelope: each version is one fact. */
export function awardVersion(aggregateVersion: string): bigint {
  const version = /^[1-9][0-9]{0,17}$/.test(aggregateVersion) ? BigInt(aggregateVersion) : 0n;
  if (version < 1n) {
    throw invalid(
      'aggregateVersion',
      'positive',
      `the award's version is not a positive integer: "${aggregateVersion}"`,
    );
  }
  return version;
}

function awardMoney(
  movement: AwardMoney['movement'],
  award: Award | undefined,
  money: Money | undefined,
  on: string,
  field: string,
): PublicSupportChange {
  if (award === undefined) throw invalid('award', 'required', 'the event carries no award');
  if (award.projectId === '') return NONE;
  if (!isPolicyKey(award.policy)) throw invalid('award.policy', 'policy-key', 'award.policy is not a policy key');
  const amount = positive(money, 'amount');
  const granted = award.granted?.currency ?? '';
  if (granted !== '' && granted !== amount.currency) {
    throw invalid('amount', 'award-currency', `amount is in ${amount.currency}, the award in ${granted}`);
  }
  return {
    kind: 'award-money',
    movement,
    awardId: uuid(award.id, 'award.id'),
    policy: award.policy,
    enterpriseId: uuid(award.enterpriseId, 'award.enterpriseId'),
    projectId: uuid(award.projectId, 'award.projectId'),
    currency: amount.currency,
    amountMinor: amount.minorUnits,
    effectiveOn: date(on, field),
  };
}

/** An id as the read model keys it: a UUID, lower case. */
function uuid(id: string, field: string): string {
  if (!isUuid(id)) throw invalid(field, 'uuid', `${field} is not a UUID: "${id}"`);
  return id.toLowerCase();
}

function date(value: string, field: string): string {
  if (!isCalendarDate(value)) throw invalid(field, 'date', `${field} is not a calendar date: "${value}"`);
  return value;
}

/** More than 0, in a currency the API can write. */
function positive(money: Money | undefined, field: string): { minorUnits: bigint; currency: string } {
  const currency = money?.currency ?? '';
  if (!isCurrency(currency)) throw invalid(field, 'currency', `${field} has no known ISO 4217 currency: "${currency}"`);
  const minorUnits = money?.minorUnits ?? 0n;
  if (minorUnits <= 0n) throw invalid(field, 'positive', `${field} must be more than 0, got ${minorUnits}`);
  return { minorUnits, currency };
}

const invalid = (field: string, rule: string, message: string) =>
  new PublicSupportError(PublicSupportErrorCode.EventInvalid, ErrorKind.Invalid, message, [{ field, rule, message }]);
