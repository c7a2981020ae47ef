import { type MoneyJson } from './gen/parkledger/common/v1/money_pb';

/** Minor units and a currency as the contracts' Money in JSON: int64 as a decimal string. */
export const moneyJson = (minor: bigint | string, currency: string): MoneyJson => ({
  minorUnits: minor.toString(),
  currency,
});
