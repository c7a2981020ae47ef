import { decodeEvent, encodeEvent, type DecodedEvent, type EventInit, type EventType } from '@parkledger/contracts';
import { DomainError } from '@parkledger/platform';
import { awardBookAction, type AwardBookAction } from './award-entries';

/** The event as a consumer decodes it from the wire. */
const decoded = <T extends EventType>(type: T, payload: EventInit<T>): DecodedEvent =>
  decodeEvent(type, encodeEvent(type, payload));

const AWARD = '0194f8a2-1c3e-7b4d-9a10-2f6c1d9e8b70';
const ENTERPRISE = '0194f8a2-0000-7000-8000-000000000001';
const cny = (minorUnits: bigint) => ({ minorUnits, currency: 'CNY' });
/** 20,000,000.00 and 5,000,000.00 in fen */
const TWENTY_MILLION = 2_000_000_000n;
const FIVE_MILLION = 500_000_000n;

const award = (status: string, more: Record<string, unknown> = {}) => ({
  id: AWARD,
  policy: 'jinan-2019-biomedical',
  policyVersion: 1n,
  item: '1a',
  enterpriseId: ENTERPRISE,
  awardOn: '2024-03-15',
  status,
  granted: cny(TWENTY_MILLION),
  ...more,
});

const NOON = '2024-05-10T12:00:00.000Z';
const postingsOf = (action: AwardBookAction) =>
  action.kind === 'post' ? action.entry.postings.map((p) => [p.account, p.amount, p.currency]) : [];

const refusal = (run: () => unknown): string => {
  try {
    run();
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    return `${error.code} ${error.fields[0]?.field ?? ''} ${error.fields[0]?.rule ?? ''}`;
  }
  return 'accepted';
};

describe('award events in a policy’s budget book', () => {
  it('commits the budget on a grant, on the award date: Dr awards-committed, Cr awards-payable', () => {
    const action = awardBookAction(
      decoded('parkledger.award.granted.v1', { award: award('granted'), amount: cny(TWENTY_MILLION) }),
      NOON,
    );
    expect(action).toMatchObject({
      kind: 'post',
      policy: 'jinan-2019-biomedical',
      currency: 'CNY',
      entry: { operation: 'grant', awardId: AWARD, effectiveOn: '2024-03-15' },
    });
    expect(postingsOf(action)).toEqual([
      [`awards-committed:${AWARD}`, 2_000_000_000n, 'CNY'],
      [`awards-payable:${AWARD}`, -2_000_000_000n, 'CNY'],
    ]);
  });

  it('pays out of the budget’s cash on paid_on: Dr awards-payable, Cr budget-cash', () => {
    const action = awardBookAction(
      decoded('parkledger.award.paid.v1', {
        award: award('paid', { paid: cny(TWENTY_MILLION) }),
        amount: cny(TWENTY_MILLION),
        paidOn: '2024-04-01',
      }),
      NOON,
    );
    expect(action).toMatchObject({ entry: { operation: 'pay', effectiveOn: '2024-04-01' } });
    expect(postingsOf(action)).toEqual([
      [`awards-payable:${AWARD}`, 2_000_000_000n, 'CNY'],
      ['budget-cash', -2_000_000_000n, 'CNY'],
    ]);
  });

  it('brings cash back on a recapture, on recaptured_on: Dr budget-cash, Cr awards-recaptured', () => {
    const action = awardBookAction(
      decoded('parkledger.award.recaptured.v1', {
        award: award('paid', { paid: cny(TWENTY_MILLION), recaptured: cny(FIVE_MILLION) }),
        amount: cny(FIVE_MILLION),
        recapturedOn: '2024-09-30',
        reason: 'the product was withdrawn',
      }),
      NOON,
    );
    expect(action).toMatchObject({
      entry: { operation: 'recapture', effectiveOn: '2024-09-30', memo: 'the product was withdrawn' },
    });
    expect(postingsOf(action)).toEqual([
      ['budget-cash', 500_000_000n, 'CNY'],
      [`awards-recaptured:${AWARD}`, -500_000_000n, 'CNY'],
    ]);
  });

  it('releases the commitment on a revocation, dated the UTC day of the event’s time, never before the award date', () => {
    const revoked = decoded('parkledger.award.revoked.v1', {
      award: award('revoked'),
      amount: cny(TWENTY_MILLION),
      reason: 'granted in error',
    });
    const action = awardBookAction(revoked, '2024-05-10T23:30:00+08:00');
    expect(action).toMatchObject({
      entry: { operation: 'revoke', effectiveOn: '2024-05-10', memo: 'granted in error' },
    });
    expect(postingsOf(action)).toEqual([
      [`awards-payable:${AWARD}`, 2_000_000_000n, 'CNY'],
      [`awards-committed:${AWARD}`, -2_000_000_000n, 'CNY'],
    ]);
    // 00:30 in Beijing is still the day before in UTC
    expect(awardBookAction(revoked, '2024-05-11T00:30:00+08:00')).toMatchObject({
      entry: { effectiveOn: '2024-05-10' },
    });
    // recorded before the award date (an award dated ahead): released on the award date
    expect(awardBookAction(revoked, '2024-03-01T09:00:00Z')).toMatchObject({ entry: { effectiveOn: '2024-03-15' } });
  });

  it('opens the book in the budget’s currency on a publication, and posts nothing for an application or a rejection', () => {
    expect(
      awardBookAction(
        decoded('parkledger.policy.published.v1', {
          version: { policy: 'jinan-2019-biomedical', version: 1n, budgetPerYear: cny(50_000_000_000n) },
        }),
        NOON,
      ),
    ).toEqual({ kind: 'open', policy: 'jinan-2019-biomedical', currency: 'CNY' });
    expect(awardBookAction(decoded('parkledger.award.applied.v1', { award: award('submitted') }), NOON)).toEqual({
      kind: 'none',
    });
    expect(
      awardBookAction(decoded('parkledger.award.rejected.v1', { award: award('rejected'), reason: 'no' }), NOON),
    ).toEqual({ kind: 'none' });
  });

  it('refuses an event that breaks the contract, naming the field: a contract break for the consumer to dead-letter', () => {
    const granted = (payload: EventInit<'parkledger.award.granted.v1'>) =>
      refusal(() => awardBookAction(decoded('parkledger.award.granted.v1', payload), NOON));
    expect(granted({ amount: cny(1n) })).toBe('award-event-invalid award required');
    expect(granted({ award: award('granted'), amount: cny(0n) })).toBe('award-event-invalid amount positive');
    expect(granted({ award: award('granted'), amount: cny(-5n) })).toBe('award-event-invalid amount positive');
    expect(granted({ award: award('granted'), amount: { minorUnits: 5n, currency: 'USD' } })).toBe(
      'award-event-invalid amount award-currency',
    );
    expect(granted({ award: award('granted'), amount: { minorUnits: 5n, currency: '' } })).toBe(
      'award-event-invalid amount currency',
    );
    expect(granted({ award: award('granted', { policy: 'Not A Key' }), amount: cny(5n) })).toBe(
      'award-event-invalid award.policy policy-key',
    );
    expect(granted({ award: award('granted', { id: 'x' }), amount: cny(5n) })).toBe(
      'award-event-invalid award.id uuid',
    );
    expect(granted({ award: award('granted', { awardOn: '2024-02-30' }), amount: cny(5n) })).toBe(
      'award-event-invalid award.awardOn date',
    );
    expect(
      refusal(() =>
        awardBookAction(
          decoded('parkledger.award.paid.v1', { award: award('paid'), amount: cny(5n), paidOn: '2024-03-14' }),
          NOON,
        ),
      ),
    ).toBe('award-event-invalid paidOn on-or-after-award');
    expect(
      refusal(() =>
        awardBookAction(decoded('parkledger.award.revoked.v1', { award: award('revoked'), amount: cny(5n) }), 'now'),
      ),
    ).toBe('award-event-invalid time date-time');
    expect(
      refusal(() =>
        awardBookAction(decoded('parkledger.fund.registered.v1', { fund: { id: AWARD, currency: 'CNY' } }), NOON),
      ),
    ).toBe('award-event-invalid type awards-topic');
  });
});
