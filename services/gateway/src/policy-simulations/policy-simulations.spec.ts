import { type ArgumentMetadata } from '@nestjs/common';
import { DomainError } from '@parkledger/platform';
import { strictValidation } from '../http/validation';
import { SimulationDto } from './policy-simulations.dto';
import { simulationView } from './policy-simulations.views';

const cny = (minorUnits: string) => ({ minorUnits, currency: 'CNY' });
const pipe = strictValidation();
const body: ArgumentMetadata = { type: 'body', metatype: SimulationDto };
async function refusal(value: object): Promise<string[]> {
  try {
    await pipe.transform(value, body);
  } catch (error) {
    if (error instanceof DomainError) return error.fields.map((f) => `${f.field}: ${f.rule}`);
    throw error;
  }
  return [];
}

describe('a policy simulation at the gateway', () => {
  const period = { from: '2021-01-01', to: '2021-12-31' };

  it('passes a draft on as it came, for the awards service to read against the policy format', async () => {
    const document = { policy: 'jinan-2019-biomedical', items: [{ id: '3', rule: { amount: '3000000.00' } }] };
    const dto = (await pipe.transform({ document, ...period }, body)) as SimulationDto;
    expect(JSON.stringify(dto.document)).toBe(JSON.stringify(document));
    expect(await refusal({ policy: 'jinan-2019-biomedical', version: 1, ...period })).toEqual([]);
  });

  it('refuses a document that is no object, a malformed key or version, a date that is none, any other field', async () => {
    expect(await refusal({ document: [], ...period })).toEqual(['document: isObject']);
    expect(await refusal({ policy: 'Jinan 2019', version: 0, ...period })).toEqual(['policy: matches', 'version: min']);
    expect(await refusal({ policy: 'p', from: '2021-02-30', to: '2021', dryRun: true })).toEqual([
      'dryRun: unknown-field',
      'from: isCalendarDate',
      'to: isCalendarDate',
    ]);
  });

  it('writes money as decimal strings, a difference below 0 with its sign, and a draft’s version as null', () => {
    const figures = {
      actual: cny('1100000000'),
      simulated: cny('1000000000'),
      difference: cny('-100000000'),
      actualAwards: '3',
      simulatedAwards: '3',
    };
    const view = simulationView({
      policy: 'jinan-2019-biomedical',
      policyVersion: '0',
      from: '2021-01-01',
      to: '2021-12-31',
      currency: 'CNY',
      total: figures,
      byItem: [{ item: '3', figures }],
      byEnterprise: [],
      budget: [
        {
          year: '2021',
          budget: cny('30000000000'),
          actualUsed: cny('1100000000'),
          simulatedUsed: cny('1000000000'),
          difference: cny('-100000000'),
          simulatedRemaining: cny('29000000000'),
        },
      ],
      counts: { cases: '4', evaluated: '3', reviewerRejected: '1', changed: '2' },
      changed: [
        {
          awardId: 'a1',
          item: '3',
          enterpriseId: 'e1',
          awardOn: '2021-03-01',
          actualStatus: 'granted',
          actual: cny('350000000'),
          simulatedOutcome: 'full',
          simulated: cny('300000000'),
          difference: cny('-50000000'),
        },
      ],
    });
    expect(view.policyVersion).toBeNull();
    expect(view.total).toEqual({
      actual: { amount: '11000000.00', currency: 'CNY' },
      simulated: { amount: '10000000.00', currency: 'CNY' },
      difference: { amount: '-1000000.00', currency: 'CNY' },
      actualAwards: 3,
      simulatedAwards: 3,
    });
    expect(view.byItem[0]?.item).toBe('3');
    expect(view.budget[0]?.simulatedRemaining).toEqual({ amount: '290000000.00', currency: 'CNY' });
    expect(view.counts).toEqual({
      cases: 4,
      evaluated: 3,
      pending: 0,
      revoked: 0,
      reviewerRejected: 1,
      newCases: 0,
      changed: 2,
    });
    expect(view.changed).toEqual([
      {
        awardId: 'a1',
        milestoneId: null,
        item: '3',
        enterpriseId: 'e1',
        awardOn: '2021-03-01',
        actualStatus: 'granted',
        actual: { amount: '3500000.00', currency: 'CNY' },
        simulatedOutcome: 'full',
        simulated: { amount: '3000000.00', currency: 'CNY' },
        difference: { amount: '-500000.00', currency: 'CNY' },
        reason: null,
      },
    ]);
  });
});
