import { DomainError } from '@parkledger/platform';
import { xirr } from './xirr';

describe('XIRR', () => {
  it("gives Excel's documented example: 37.34%", () => {
    // support.microsoft.com, XIRR function: -10,000 on 2008-01-01, then 2,750 / 4,250 / 3,250 / 2,750: 0.373362535
    expect(
      xirr([
        { on: '2008-01-01', amount: -10_000n },
        { on: '2008-03-01', amount: 2_750n },
        { on: '2008-10-30', amount: 4_250n },
        { on: '2009-02-15', amount: 3_250n },
        { on: '2009-04-01', amount: 2_750n },
      ]),
    ).toEqual({ rate: '0.373363' });
  });

  it('gives 10% for 110 back a year after 100 paid in', () => {
    expect(
      xirr([
        { on: '2021-01-01', amount: -100_00n },
        { on: '2022-01-01', amount: 110_00n },
      ]),
    ).toEqual({ rate: '0.100000' });
  });

  it('gives a loss as a negative rate: half lost over a year is -50%', () => {
    expect(
      xirr([
        { on: '2021-01-01', amount: -100_00n },
        { on: '2022-01-01', amount: 50_00n },
      ]),
    ).toEqual({ rate: '-0.500000' });
  });

  it('finds the rate when Newton from 10% leaves the domain: a 99% loss', () => {
    expect(
      xirr([
        { on: '2021-01-01', amount: -100_000n },
        { on: '2022-01-01', amount: 1_000n },
      ]),
    ).toEqual({ rate: '-0.990000' });
  });

  it('gives 0 for money back as it went in, never -0', () => {
    expect(
      xirr([
        { on: '2021-01-01', amount: -100_00n },
        { on: '2022-01-01', amount: 100_00n },
      ]),
    ).toEqual({ rate: '0.000000' });
  });

  it('finds a near-total loss: 50.00 back a year after 1,000,000.00', () => {
    expect(
      xirr([
        { on: '2021-01-01', amount: -1_000_000_00n },
        { on: '2022-01-01', amount: 50_00n },
      ]),
    ).toEqual({ rate: '-0.999950' });
  });

  it('has none beyond a million-fold a year, and refuses a date that is not one', () => {
    expect(
      xirr([
        { on: '2021-01-01', amount: -1n },
        { on: '2021-01-31', amount: 1_000n },
      ]),
    ).toEqual({ rate: null, reason: 'the rate is beyond a million-fold a year' });
    for (const on of [
      '2021-02-30',
      '2021-13-01',
      '2021-1-01',
      '2021-01-01T00',
      '2021/01/01',
      '2100-02-29',
      '20x1-01-01',
      '+999-01-01',
    ])
      expect(() =>
        xirr([
          { on, amount: -1n },
          { on: '2022-01-01', amount: 2n },
        ]),
      ).toThrow(DomainError);
  });

  it("reads every calendar date, a leap day and a year below 100 too: Excel's example 2,000 years earlier", () => {
    // 2,000 years is five Gregorian cycles of 400: the same weekdays and leap days, so the same rate
    expect(
      xirr([
        { on: '0008-01-01', amount: -10_000n },
        { on: '0008-02-29', amount: 0n },
        { on: '0008-03-01', amount: 2_750n },
        { on: '0008-10-30', amount: 4_250n },
        { on: '0009-02-15', amount: 3_250n },
        { on: '0009-04-01', amount: 2_750n },
      ]),
    ).toEqual({ rate: '0.373363' });
  });

  it('has none, with the reason, when the flows go one way only or are too few', () => {
    expect(
      xirr([
        { on: '2021-01-01', amount: -100n },
        { on: '2022-01-01', amount: -50n },
      ]),
    ).toEqual({ rate: null, reason: 'an IRR needs money both paid in and returned' });
    expect(xirr([{ on: '2021-01-01', amount: -100n }])).toEqual({
      rate: null,
      reason: 'an IRR needs at least two flows',
    });
  });

  it('has none when no rate brings the flows to 0: paid back, then paid in again for more', () => {
    // f(r) = 100 - 200 / (1 + r)^1 + 150 / (1 + r)^2 > 0 for every r > -1
    expect(
      xirr([
        { on: '2021-01-01', amount: 100n },
        { on: '2022-01-01', amount: -200n },
        { on: '2023-01-01', amount: 150n },
      ]),
    ).toEqual({ rate: null, reason: 'no rate makes the flows worth 0' });
  });
});
