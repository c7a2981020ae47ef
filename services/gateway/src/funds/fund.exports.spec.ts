import { toCsv } from '../exports/csv';
import { capitalAccountTable } from './fund.exports';

const cny = (amount: string) => ({ amount, currency: 'CNY' });

describe('capitalAccountTable', () => {
  it('writes each line of the statement with the period and knownAt, negative movements as exact decimals', () => {
    const csv = toCsv(
      capitalAccountTable(
        {
          fundId: 'f1',
          partnerId: 'p1',
          partnerName: '兖矿集团 Yankuang Group',
          from: '2024-01-01',
          to: '2024-12-31',
          beginningBalance: cny('600000000.00'),
          contributions: cny('150000000.00'),
          distributions: cny('-20000000.00'),
          managementFees: cny('-0.01'),
          gainsLosses: cny('-35000000.50'),
          endingBalance: cny('694999999.49'),
          commitment: cny('1000000000.00'),
          paidIn: cny('750000000.00'),
          calledUnpaid: cny('0.00'),
          unfundedCommitment: cny('250000000.00'),
        },
        '2025-01-15T08:00:00.000Z',
      ),
    ).toString('utf8');
    const prefix = 'f1,p1,兖矿集团 Yankuang Group,2024-01-01,2024-12-31,2025-01-15T08:00:00.000Z,';
    expect(csv).toBe(
      '\uFEFFfundId,partnerId,partnerName,from,to,knownAt,line,amount,currency\r\n' +
        [
          'beginningBalance,600000000.00',
          'contributions,150000000.00',
          'distributions,-20000000.00',
          'managementFees,-0.01',
          'gainsLosses,-35000000.50',
          'endingBalance,694999999.49',
          'commitment,1000000000.00',
          'paidIn,750000000.00',
          'calledUnpaid,0.00',
          'unfundedCommitment,250000000.00',
        ]
          .map((line) => `${prefix}${line},CNY\r\n`)
          .join(''),
    );
  });
});
