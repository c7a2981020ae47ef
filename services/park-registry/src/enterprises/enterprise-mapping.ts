import { type EnterpriseJson } from '@parkledger/contracts';
import { type EnterpriseRow } from './enterprises.repository';

/** For gRPC answers: int64 as a decimal string, as proto-loader sends it; no capital when none is known. */
export function enterpriseJson(row: EnterpriseRow): EnterpriseJson {
  return {
    id: row.id,
    name: row.name,
    uscc: row.uscc,
    foundedOn: row.founded_on ?? '',
    ...(row.registered_capital_minor === null
      ? {}
      : {
          registeredCapital: {
            minorUnits: row.registered_capital_minor,
            currency: row.registered_capital_currency ?? '',
          },
        }),
    industryFields: row.industry_fields,
    version: row.version,
    returneeFounded: row.returnee_founded,
  };
}

/** For events: the protobuf message's fields, int64 as bigint. */
export function enterpriseMessage(row: EnterpriseRow) {
  const { registeredCapital, ...rest } = enterpriseJson(row);
  return {
    ...rest,
    version: BigInt(row.version),
    ...(registeredCapital === undefined
      ? {}
      : {
          registeredCapital: {
            minorUnits: BigInt(registeredCapital.minorUnits ?? '0'),
            currency: registeredCapital.currency ?? '',
          },
        }),
  };
}
