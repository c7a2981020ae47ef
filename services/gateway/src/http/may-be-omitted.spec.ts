import { DomainError } from '@parkledger/platform';
import { type ArgumentMetadata } from '@nestjs/common';
import { UpdateEnterpriseDto, UpdateParkDto } from './dto';
import { strictValidation } from './validation';

const pipe = strictValidation();
const body = (metatype: ArgumentMetadata['metatype']): ArgumentMetadata => ({ type: 'body', metatype });

async function refusal(value: object, metatype: ArgumentMetadata['metatype']): Promise<string[]> {
  try {
    await pipe.transform(value, body(metatype));
  } catch (error) {
    if (error instanceof DomainError) return error.fields.map((f) => `${f.field}: ${f.rule}`);
    throw error;
  }
  return [];
}

describe('optional fields', () => {
  it('may be left out', async () => {
    expect(await refusal({}, UpdateEnterpriseDto)).toEqual([]);
    expect(await refusal({ name: 'Renamed' }, UpdateEnterpriseDto)).toEqual([]);
  });

  it('refuse null, which no schema allows (schemathesis sent industryFields: null and it was accepted)', async () => {
    expect(await refusal({ industryFields: null }, UpdateEnterpriseDto)).toContain('industryFields: isArray');
    expect(await refusal({ name: null }, UpdateEnterpriseDto)).toContain('name: isString');
    expect(await refusal({ nameEn: null }, UpdateParkDto)).toContain('nameEn: isString');
  });

  it('refuse a single value where a list is expected', async () => {
    expect(await refusal({ industryFields: 'biomedicine' }, UpdateEnterpriseDto)).toContain('industryFields: isArray');
  });
});
