import { budgetFigures } from './budget-figures';

describe('a policy budget’s figures from its book', () => {
  it('reads a grant of 20,000,000.00 paid and recaptured by 5,000,000.00 exactly', () => {
    // awards-committed +20,000,000.00; awards-payable +20,000,000.00 − 20,000,000.00;
    // budget-cash −20,000,000.00 + 5,000,000.00; awards-recaptured −5,000,000.00
    expect(
      budgetFigures({ committed: 2_000_000_000n, payable: 0n, cash: -1_500_000_000n, recaptured: -500_000_000n }),
    ).toEqual({
      committed: 2_000_000_000n,
      payable: 0n,
      paidOut: 2_000_000_000n,
      recaptured: 500_000_000n,
      netPaid: 1_500_000_000n,
    });
  });

  it('keeps a grant not yet paid as payable, and a revoked one as nothing', () => {
    expect(budgetFigures({ committed: 300_000_01n, payable: -300_000_01n, cash: 0n, recaptured: 0n })).toEqual({
      committed: 300_000_01n,
      payable: 300_000_01n,
      paidOut: 0n,
      recaptured: 0n,
      netPaid: 0n,
    });
    expect(budgetFigures({ committed: 0n, payable: 0n, cash: 0n, recaptured: 0n })).toEqual({
      committed: 0n,
      payable: 0n,
      paidOut: 0n,
      recaptured: 0n,
      netPaid: 0n,
    });
  });

  it('gives paid out as committed − payable, however the awards stand', () => {
    // two awards: 1,000,000.00 paid, 250,000.00 granted and unpaid, 100,000.00 of the first recaptured
    const figures = budgetFigures({
      committed: 125_000_000n,
      payable: -25_000_000n,
      cash: -90_000_000n,
      recaptured: -10_000_000n,
    });
    expect(figures.paidOut).toBe(figures.committed - figures.payable);
    expect(figures).toMatchObject({ paidOut: 100_000_000n, netPaid: 90_000_000n, recaptured: 10_000_000n });
  });
});
