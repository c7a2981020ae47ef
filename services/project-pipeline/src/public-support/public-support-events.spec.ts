import { decodeEvent, encodeEvent, EVENTS, type EventType } from '@parkledger/contracts';
import { DomainError } from '@parkledger/platform';
import { PUBLIC_SUPPORT_TOPICS } from './public-support.consumer';
import { awardVersion, publicSupportChange, reversalOutcome, type FundReversal } from './public-support-events';

/** An event as it comes off the wire: encoded and decoded, so unset fields read as protobuf's defaults. */
const event = (type: EventType, payload: object) => decodeEvent(type, encodeEvent(type, payload as never));
const cny = (minorUnits: bigint) => ({ minorUnits, currency: 'CNY' });

/** What a refusal names: its code, field and rule. */
const refusal = (run: () => unknown): string => {
  try {
    run();
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    return `${error.code} ${error.fields.map((f) => `${f.field} ${f.rule}`).join()}`;
  }
  return 'no refusal';
};

const FUND = '01a20000-0000-7000-8000-00000000f001';
const PROJECT = '01a20000-0000-7000-8000-00000000b001';
const INVESTMENT = '01a20000-0000-7000-8000-00000000a001';
const ENTRY = '01a20000-0000-7000-8000-00000000e001';
const REVERSAL = '01a20000-0000-7000-8000-00000000e002';
const AWARD = '01a20000-0000-7000-8000-00000000c001';
const ENTERPRISE = '01a20000-0000-7000-8000-00000000d001';

const investment = (over: object = {}) => ({
  investment: {
    id: INVESTMENT,
    fundId: FUND,
    targetKind: 'project',
    targetId: PROJECT,
    form: 'equity',
    madeOn: '2023-05-10',
    cost: cny(5_000_000_000n),
    entryId: ENTRY,
    ...over,
  },
});
const award = (over: object = {}) => ({
  id: AWARD,
  policy: 'jinan-2019-biomedical',
  enterpriseId: ENTERPRISE,
  projectId: PROJECT,
  awardOn: '2024-03-15',
  granted: cny(400_000_000n),
  ...over,
});

describe('publicSupportChange', () => {
  it('reads an investment in a project at its cost, and passes one in an enterprise by', () => {
    expect(publicSupportChange(event('parkledger.fund.investment-made.v1', investment()))).toEqual({
      kind: 'investment',
      investmentId: INVESTMENT,
      entryId: ENTRY,
      fundId: FUND,
      projectId: PROJECT,
      currency: 'CNY',
      costMinor: 5_000_000_000n,
      madeOn: '2023-05-10',
    });
    expect(
      publicSupportChange(event('parkledger.fund.investment-made.v1', investment({ targetKind: 'enterprise' }))),
    ).toEqual({ kind: 'none' });
  });

  it('takes the entry id from the entry when the investment leaves it out', () => {
    const change = publicSupportChange(
      event('parkledger.fund.investment-made.v1', { ...investment({ entryId: '' }), entry: { id: ENTRY } }),
    );
    expect(change).toMatchObject({ kind: 'investment', entryId: ENTRY });
  });

  it('reads a reversal of any entry; whether it is an investment’s, the read model says', () => {
    expect(
      publicSupportChange(
        event('parkledger.fund.entry-reversed.v1', {
          reversedEntryId: ENTRY,
          reason: 'booked twice',
          entry: { id: REVERSAL, fundId: FUND, effectiveOn: '2023-08-01', operation: 'reverse', reverses: ENTRY },
        }),
      ),
    ).toEqual({
      kind: 'reversal',
      reversedEntryId: ENTRY,
      reversalEntryId: REVERSAL,
      fundId: FUND,
      reversedOn: '2023-08-01',
    });
  });

  it('passes exits, write-offs, valuations and imports of them by: they don’t change what was put in', () => {
    const posting = (account: string, minorUnits: bigint) => ({ account, amount: cny(minorUnits) });
    for (const [type, payload] of [
      ['parkledger.fund.exit-realised.v1', { investmentId: INVESTMENT, cost: cny(100n), proceeds: cny(150n) }],
      ['parkledger.fund.investment-written-off.v1', { investmentId: INVESTMENT, amount: cny(100n) }],
      ['parkledger.fund.investment-valued.v1', { investmentId: INVESTMENT, fairValue: cny(100n) }],
      [
        'parkledger.fund.entries-imported.v1',
        {
          entries: [
            {
              operation: 'exit',
              postings: [
                posting('cash', 150n),
                posting(`investment:${INVESTMENT}`, -100n),
                posting('realised-gain', -50n),
              ],
            },
            {
              operation: 'write-off',
              postings: [posting('written-off', 100n), posting(`investment:${INVESTMENT}`, -100n)],
            },
          ],
        },
      ],
    ] as const) {
      expect(publicSupportChange(event(type, payload))).toEqual({ kind: 'none' });
    }
  });

  it('refuses an import that claims to invest: the fund ledger’s imports never do', () => {
    expect(
      refusal(() =>
        publicSupportChange(
          event('parkledger.fund.entries-imported.v1', {
            entries: [{ operation: 'invest', postings: [] }],
          }),
        ),
      ),
    ).toBe('public-support-event-invalid entries[0].operation importable-operation');
    expect(
      refusal(() =>
        publicSupportChange(
          event('parkledger.fund.entries-imported.v1', {
            entries: [
              {
                operation: 'exit',
                postings: [
                  { account: `investment:${INVESTMENT}`, amount: cny(100n) },
                  { account: 'cash', amount: cny(-100n) },
                ],
              },
            ],
          }),
        ),
      ),
    ).toBe('public-support-event-invalid entries[0].postings[0] no-imported-investment');
  });

  it('reads award money paid and recaptured for an award naming a project, nothing for one naming none', () => {
    expect(
      publicSupportChange(
        event('parkledger.award.paid.v1', { award: award(), amount: cny(400_000_000n), paidOn: '2024-04-01' }),
      ),
    ).toEqual({
      kind: 'award-money',
      movement: 'paid',
      awardId: AWARD,
      policy: 'jinan-2019-biomedical',
      enterpriseId: ENTERPRISE,
      projectId: PROJECT,
      currency: 'CNY',
      amountMinor: 400_000_000n,
      effectiveOn: '2024-04-01',
    });
    expect(
      publicSupportChange(
        event('parkledger.award.recaptured.v1', {
          award: award(),
          amount: cny(150_000_000n),
          recapturedOn: '2024-09-30',
          reason: 'withdrawn',
        }),
      ),
    ).toMatchObject({
      kind: 'award-money',
      movement: 'recaptured',
      amountMinor: 150_000_000n,
      effectiveOn: '2024-09-30',
    });
    expect(
      publicSupportChange(
        event('parkledger.award.paid.v1', { award: award({ projectId: '' }), amount: cny(1n), paidOn: '2024-04-01' }),
      ),
    ).toEqual({ kind: 'none' });
    for (const type of [
      'parkledger.award.granted.v1',
      'parkledger.award.revoked.v1',
      'parkledger.award.applied.v1',
      'parkledger.award.rejected.v1',
    ] as const) {
      expect(publicSupportChange(event(type, { award: award(), amount: cny(400_000_000n) }))).toEqual({ kind: 'none' });
    }
  });

  it('refuses a payload that breaks its contract, naming the field', () => {
    const cases: [EventType, object, string][] = [
      ['parkledger.fund.investment-made.v1', {}, 'investment required'],
      ['parkledger.fund.investment-made.v1', investment({ targetKind: 'park' }), 'investment.targetKind target-kind'],
      ['parkledger.fund.investment-made.v1', investment({ cost: cny(0n) }), 'investment.cost positive'],
      [
        'parkledger.fund.investment-made.v1',
        investment({ cost: { minorUnits: 1n, currency: 'XYZ' } }),
        'investment.cost currency',
      ],
      ['parkledger.fund.investment-made.v1', investment({ targetId: 'heze' }), 'investment.targetId uuid'],
      ['parkledger.fund.investment-made.v1', investment({ madeOn: '2023-02-30' }), 'investment.madeOn date'],
      ['parkledger.fund.entry-reversed.v1', { reversedEntryId: ENTRY }, 'entry required'],
      [
        'parkledger.award.paid.v1',
        { award: award({ projectId: 'p1' }), amount: cny(1n), paidOn: '2024-04-01' },
        'award.projectId uuid',
      ],
      ['parkledger.award.paid.v1', { award: award(), amount: cny(-1n), paidOn: '2024-04-01' }, 'amount positive'],
      [
        'parkledger.award.paid.v1',
        { award: award(), amount: { minorUnits: 1n, currency: 'USD' }, paidOn: '2024-04-01' },
        'amount award-currency',
      ],
      [
        'parkledger.award.paid.v1',
        { award: award({ policy: 'Jinan 2019' }), amount: cny(1n), paidOn: '2024-04-01' },
        'award.policy policy-key',
      ],
      ['parkledger.award.recaptured.v1', { award: award(), amount: cny(1n), recapturedOn: '' }, 'recapturedOn date'],
      ['parkledger.award.paid.v1', { amount: cny(1n) }, 'award required'],
    ];
    for (const [type, payload, named] of cases) {
      expect(refusal(() => publicSupportChange(event(type, payload)))).toBe(`public-support-event-invalid ${named}`);
    }
  });

  it('handles every event of the funds and awards topics, and refuses one of another topic', () => {
    const types = Object.entries(EVENTS).flatMap(([type, definition]) =>
      PUBLIC_SUPPORT_TOPICS.includes(definition.topic) ? [type as EventType] : [],
    );
    expect(types).toHaveLength(21);
    for (const type of types)
      expect(refusal(() => publicSupportChange(event(type, {})))).not.toContain('type funds-or-awards-topic');
    expect(refusal(() => publicSupportChange(event('parkledger.project.signed.v1', {})))).toBe(
      'public-support-event-invalid type funds-or-awards-topic',
    );
  });
});

describe('reversalOutcome', () => {
  const reversal: FundReversal = {
    reversedEntryId: ENTRY,
    reversalEntryId: REVERSAL,
    fundId: FUND,
    reversedOn: '2023-08-01',
  };
  const standing = { fundId: FUND, madeOn: '2023-07-01', reversalEntryId: null, reversedOn: null };

  it('passes an entry that is no investment in a project, reverses an investment, and absorbs its own copy', () => {
    expect(reversalOutcome(undefined, reversal)).toBe('pass');
    expect(reversalOutcome(standing, reversal)).toBe('reverse');
    expect(reversalOutcome({ ...standing, reversalEntryId: REVERSAL, reversedOn: '2023-08-01' }, reversal)).toBe(
      'replay',
    );
  });

  it('refuses what the fund ledger never publishes: another fund’s entry, a second reversal, one dated before', () => {
    const other = '01a20000-0000-7000-8000-00000000f002';
    expect(refusal(() => reversalOutcome({ ...standing, fundId: other }, reversal))).toBe(
      'public-support-event-invalid entry.fundId same-fund',
    );
    expect(
      refusal(() => reversalOutcome({ ...standing, reversalEntryId: other, reversedOn: '2023-08-01' }, reversal)),
    ).toBe('public-support-event-invalid reversedEntryId reversed-once');
    expect(refusal(() => reversalOutcome({ ...standing, madeOn: '2023-09-01' }, reversal))).toBe(
      'public-support-event-invalid entry.effectiveOn on-or-after-investment',
    );
  });
});

describe('awardVersion', () => {
  it('is the envelope’s aggregate version, a positive integer', () => {
    expect(awardVersion('3')).toBe(3n);
    for (const bad of ['', '0', '-1', '1.5', 'x']) {
      expect(refusal(() => awardVersion(bad))).toBe('public-support-event-invalid aggregateVersion positive');
    }
  });
});
