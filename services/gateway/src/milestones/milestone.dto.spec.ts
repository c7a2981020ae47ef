import { type ArgumentMetadata } from '@nestjs/common';
import { DomainError } from '@parkledger/platform';
import { strictValidation } from '../http/validation';
import { MilestonesQuery, RecordMilestoneDto } from './milestone.dto';
import { milestoneView } from './milestone.views';

const pipe = strictValidation();
const body: ArgumentMetadata = { type: 'body', metatype: RecordMilestoneDto };
const query: ArgumentMetadata = { type: 'query', metatype: MilestonesQuery };

/** The broken rules, as `field: rule`; none when the input is taken. */
async function refusal(value: object, metadata: ArgumentMetadata): Promise<string[]> {
  try {
    await pipe.transform(value, metadata);
  } catch (error) {
    if (error instanceof DomainError) return error.fields.map((f) => `${f.field}: ${f.rule}`);
    throw error;
  }
  return [];
}

describe('a milestone request at the gateway', () => {
  const good = { kind: 'device-registration', achievedOn: '2024-01-31', facts: { product: 'PET-CT', deviceClass: 3 } };

  it('passes the facts on as they came, for the registry to check against the kind', async () => {
    const facts = { product: 'PET-CT', deviceClass: 3, innovative: true, nested: { deep: [1, 'two'] }, nothing: null };
    const dto = (await pipe.transform({ ...good, facts }, body)) as RecordMilestoneDto;
    expect(JSON.stringify(dto.facts)).toBe(JSON.stringify(facts));
    expect(await refusal({ ...good, facts: {} }, body)).toEqual([]);
  });

  it('takes facts only as a JSON object', async () => {
    for (const facts of [[], null, 'product=PET-CT', 3, undefined]) {
      expect(await refusal({ ...good, facts }, body)).toEqual(['facts: isObject']);
    }
  });

  it('refuses an unknown kind, a date that is none, and any other field', async () => {
    expect(await refusal({ ...good, kind: 'nobel-prize' }, body)).toEqual(['kind: isIn']);
    expect(await refusal({ ...good, achievedOn: '2023-02-29' }, body)).toEqual(['achievedOn: isCalendarDate']);
    expect(await refusal({ ...good, enterpriseId: 'x' }, body)).toEqual(['enterpriseId: unknown-field']);
  });

  it('filters the file by a known kind', async () => {
    expect(await refusal({ kind: 'glp-items', limit: '10' }, query)).toEqual([]);
    expect(await refusal({ kind: 'glp' }, query)).toEqual(['kind: isIn']);
  });

  it('answers the facts as an object', () => {
    expect(
      milestoneView({
        id: 'm1',
        enterpriseId: 'e1',
        kind: 'glp-items',
        achievedOn: '2024-01-31',
        factsJson: '{"glpItems":5}',
        recordedAt: '2024-02-01T08:00:00.000Z',
      }),
    ).toEqual({
      id: 'm1',
      enterpriseId: 'e1',
      kind: 'glp-items',
      achievedOn: '2024-01-31',
      facts: { glpItems: 5 },
      recordedAt: '2024-02-01T08:00:00.000Z',
      projectId: null,
    });
    expect(milestoneView({ kind: 'cnas-accreditation' }).facts).toEqual({});
    expect(milestoneView({ kind: 'cnas-accreditation', projectId: 'p1' }).projectId).toBe('p1');
  });
});
