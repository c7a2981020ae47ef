import { type ArgumentMetadata } from '@nestjs/common';
import { DomainError } from '@parkledger/platform';
import { EnterprisesQuery, RegisterEnterpriseDto, UpdateEnterpriseDto } from './dto';
import { strictValidation } from './validation';
import { enterpriseView } from './views';

const pipe = strictValidation();
const body = (metatype: ArgumentMetadata['metatype']): ArgumentMetadata => ({ type: 'body', metatype });
const query = (metatype: ArgumentMetadata['metatype']): ArgumentMetadata => ({ type: 'query', metatype });

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

describe('returneeFounded on enterprise requests', () => {
  const enterprise = { name: '广州海归生物科技（暂名）', uscc: '914401125XQ7LJN1AM' };

  it('is a JSON boolean a registration may leave out', async () => {
    expect(await refusal(enterprise, body(RegisterEnterpriseDto))).toEqual([]);
    for (const returneeFounded of [true, false]) {
      expect(await refusal({ ...enterprise, returneeFounded }, body(RegisterEnterpriseDto))).toEqual([]);
    }
    for (const returneeFounded of ['true', 1, null]) {
      expect(await refusal({ ...enterprise, returneeFounded }, body(RegisterEnterpriseDto))).toEqual([
        'returneeFounded: isBoolean',
      ]);
    }
  });

  it('changes on an update only when it is sent', async () => {
    expect(await refusal({ returneeFounded: false }, body(UpdateEnterpriseDto))).toEqual([]);
    expect(await refusal({ returneeFounded: null }, body(UpdateEnterpriseDto))).toEqual(['returneeFounded: isBoolean']);
  });

  it('filters a list by "true" or "false"', async () => {
    expect(await refusal({ returneeFounded: 'true' }, query(EnterprisesQuery))).toEqual([]);
    expect(await refusal({ returneeFounded: 'false' }, query(EnterprisesQuery))).toEqual([]);
    expect(await refusal({ returneeFounded: 'yes' }, query(EnterprisesQuery))).toEqual(['returneeFounded: isIn']);
  });

  it('is false in the view when the registry leaves it out (proto3 does not send a false bool)', () => {
    expect(enterpriseView({ id: 'e1', name: 'A', uscc: enterprise.uscc, version: '1' }).returneeFounded).toBe(false);
    expect(enterpriseView({ id: 'e1', returneeFounded: true, version: '1' })).toMatchObject({
      returneeFounded: true,
      foundedOn: null,
      registeredCapital: null,
      industryFields: [],
    });
  });
});
