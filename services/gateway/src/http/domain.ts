import { MINOR_UNITS } from '@parkledger/platform';

export { INDUSTRY_FIELDS, PARK_KINDS } from '@parkledger/contracts';
export const CURRENCIES_FOR_API = Object.keys(MINOR_UNITS);
