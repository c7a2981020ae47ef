import { columnsOf, xirr, xirrOf } from '../figures/xirr';
import { flowColumns } from './reports.repository';

describe("the partners' flows as the database gives them", () => {
  it('reads days since 1970 and minor units, a pair per flow, signs and all', () => {
    const { days, amounts } = flowColumns('7305 -45000000,7671 10000000,-1 5');
    expect([...days]).toEqual([7305, 7671, -1]);
    expect([...amounts]).toEqual([-45_000_000, 10_000_000, 5]);
    expect(flowColumns('')).toEqual({ days: new Float64Array(), amounts: new Float64Array() });
  });

  it("gives Excel's XIRR example the rate it gives as dated flows", () => {
    const flows = [
      { on: '2008-01-01', amount: -10_000n },
      { on: '2008-03-01', amount: 2_750n },
      { on: '2008-10-30', amount: 4_250n },
      { on: '2009-02-15', amount: 3_250n },
      { on: '2009-04-01', amount: 2_750n },
    ];
    const { days } = columnsOf(flows);
    const text = flows.map((flow, i) => `${days[i]} ${flow.amount}`).join(',');
    expect(text.startsWith('13879 -10000,13939 2750')).toBe(true);
    expect(xirrOf(flowColumns(text))).toEqual(xirr(flows));
    expect(xirr(flows)).toEqual({ rate: '0.373363' });
  });
});
