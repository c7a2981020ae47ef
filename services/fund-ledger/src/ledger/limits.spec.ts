import { ledgerRefusal, limitOf } from './limits';

describe('the database refusals the ledger names', () => {
  it('names the limit of each floored account', () => {
    expect(limitOf('cash')).toBe('cash');
    expect(limitOf('unfunded:0193')).toBe('unfunded-commitment');
    expect(limitOf('receivable:0193')).toBe('called-capital');
    expect(limitOf('investment:0193')).toBe('remaining-cost');
    expect(limitOf('fees')).toBeUndefined();
  });

  it('turns a floor refusal into a 409 naming the limit and what the account held', () => {
    const error = ledgerRefusal(
      { code: '23514', constraint: 'account_balances_floor', detail: 'unfunded:p1', hint: '5000000' },
      'CNY',
    );
    expect(error?.code).toBe('ledger-limit-exceeded');
    expect(error?.message).toBe("no call above a partner's unfunded commitment: unfunded:p1 held 50000.00 CNY");
    expect(error?.fields).toEqual([{ field: 'amount', rule: 'unfunded-commitment', message: error?.message }]);
  });

  it('says on which day a backdated payment would have overdrawn the cash', () => {
    const error = ledgerRefusal(
      { constraint: 'account_balances_floor_as_of', detail: 'cash', hint: '-2000000 2024-03-01' },
      'CNY',
    );
    expect(error?.message).toBe(
      'no investment, distribution or fee above the cash the fund holds on its date: cash would fall to -20000.00 CNY on 2024-03-01',
    );
  });

  it('gives the date of the close for an entry in a closed period', () => {
    const error = ledgerRefusal({ constraint: 'journal_period_closed', detail: '2024-12-31' }, 'CNY');
    expect(error?.code).toBe('period-closed');
    expect(error?.message).toContain('closed through 2024-12-31');
  });

  it('turns a balance beyond bigint into a 422, not a 500', () => {
    expect(ledgerRefusal({ code: '22003' }, 'CNY')?.fields[0]).toMatchObject({ field: 'amount', rule: 'in-range' });
  });

  it('leaves anything else alone', () => {
    expect(ledgerRefusal({ code: '23505', constraint: 'something_else' }, 'CNY')).toBeUndefined();
    expect(ledgerRefusal({}, 'CNY')).toBeUndefined();
  });
});
