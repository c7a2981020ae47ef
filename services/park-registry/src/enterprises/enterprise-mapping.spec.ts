import { decodeEvent, encodeEvent } from '@parkledger/contracts';
import { enterpriseJson, enterpriseMessage } from './enterprise-mapping';
import { type EnterpriseRow } from './enterprises.repository';

const row = (changes: Partial<EnterpriseRow> = {}): EnterpriseRow => ({
  id: '0194f8a2-1c3e-7b4d-9a10-2f6c1d9e8b70',
  name: '广州海归生物科技（暂名）',
  uscc: '914401125XQ7LJN1AM',
  founded_on: '2019-03-01',
  registered_capital_minor: '5000000000',
  registered_capital_currency: 'CNY',
  industry_fields: ['biological-medicine'],
  returnee_founded: true,
  version: '2',
  ...changes,
});

describe('an enterprise row as gRPC JSON and as an event', () => {
  it('answers every field, int64 as a decimal string, and whether returnees founded it', () => {
    expect(enterpriseJson(row())).toEqual({
      id: '0194f8a2-1c3e-7b4d-9a10-2f6c1d9e8b70',
      name: '广州海归生物科技（暂名）',
      uscc: '914401125XQ7LJN1AM',
      foundedOn: '2019-03-01',
      registeredCapital: { minorUnits: '5000000000', currency: 'CNY' },
      industryFields: ['biological-medicine'],
      returneeFounded: true,
      version: '2',
    });
  });

  it('leaves out an unknown capital and gives an unknown founding date as empty', () => {
    const json = enterpriseJson(
      row({ founded_on: null, registered_capital_minor: null, registered_capital_currency: null }),
    );
    expect(json).not.toHaveProperty('registeredCapital');
    expect(json.foundedOn).toBe('');
  });

  it('carries returnee_founded on EnterpriseRegistered and EnterpriseUpdated', () => {
    for (const returneeFounded of [true, false]) {
      const enterprise = enterpriseMessage(row({ returnee_founded: returneeFounded }));
      const registered = decodeEvent(
        'parkledger.enterprise.registered.v1',
        encodeEvent('parkledger.enterprise.registered.v1', { enterprise }),
      );
      const updated = decodeEvent(
        'parkledger.enterprise.updated.v1',
        encodeEvent('parkledger.enterprise.updated.v1', { enterprise, changedFields: ['returnee_founded'] }),
      );
      for (const event of [registered, updated]) {
        if (event.type !== 'parkledger.enterprise.registered.v1' && event.type !== 'parkledger.enterprise.updated.v1')
          throw new Error(`unexpected ${event.type}`);
        expect(event.payload.enterprise).toMatchObject({
          returneeFounded,
          version: 2n,
          registeredCapital: { minorUnits: 5_000_000_000n, currency: 'CNY' },
        });
      }
    }
  });
});
