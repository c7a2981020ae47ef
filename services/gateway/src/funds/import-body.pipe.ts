import { type PipeTransform } from '@nestjs/common';
import { type ImportedEntryJson } from '@parkledger/contracts';
import { DomainError, ErrorKind, isCurrency, MoneyError, type FieldProblem } from '@parkledger/platform';
import { moneyJson, SIGNED_DECIMAL_MONEY } from '../http/dto';
import { MAX_IMPORTED_ENTRIES } from '@parkledger/contracts';

/** Problems past this many are not listed: one import can't fill a response with 10,000 of them. */
const MAX_PROBLEMS = 50;

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

class Problems {
  readonly list: FieldProblem[] = [];
  add(field: string, rule: string, message: string): void {
    if (this.list.length < MAX_PROBLEMS) this.list.push({ field, rule, message });
  }
  keys(value: Json, field: string, allowed: readonly string[]): void {
    for (const key of Object.keys(value)) {
      if (!allowed.includes(key))
        this.add(`${field}${field === '' ? '' : '.'}${key}`, 'unknown-field', `${key} is not a field of this request`);
    }
  }
  text(value: unknown, field: string, { optional = false, max }: { optional?: boolean; max: number }): string {
    if (value === undefined && optional) return '';
    if (typeof value !== 'string') this.add(field, 'isString', `${field} must be a string`);
    else if (value.length > max) this.add(field, 'maxLength', `${field} has at most ${max} characters`);
    return typeof value === 'string' ? value : '';
  }
}

/**
 * The body of a journal import checked by hand, not by class-validator: its shape and each amount's
 * form (a decimal string in a known currency, no more places than the currency has). Validating
 * 1,000 entries took class-validator 50–200 ms, more than the import itself. The fund ledger then
 * checks every rule of every entry (dates, operations, accounts, signs, balance) and names it the
 * same way, `entries[i].postings[j].amount`. ImportEntriesDto still documents the body in OpenAPI.
 */
export class ImportBodyPipe implements PipeTransform<unknown, ImportedEntryJson[]> {
  transform(body: unknown): ImportedEntryJson[] {
    const problems = new Problems();
    if (!isObject(body)) throw invalid([{ field: 'entries', rule: 'isArray', message: 'entries must be an array' }]);
    problems.keys(body, '', ['entries']);
    const { entries } = body;
    if (!Array.isArray(entries) || entries.length < 1 || entries.length > MAX_IMPORTED_ENTRIES) {
      problems.add('entries', 'size', `entries is an array of 1 to ${MAX_IMPORTED_ENTRIES} entries`);
      throw invalid(problems.list);
    }
    const parsed = entries.map((entry: unknown, i) => this.entry(entry, `entries[${i}]`, problems));
    if (problems.list.length > 0) throw invalid(problems.list);
    return parsed;
  }

  private entry(entry: unknown, at: string, problems: Problems): ImportedEntryJson {
    if (!isObject(entry)) {
      problems.add(at, 'isObject', `${at} must be an object`);
      return {};
    }
    problems.keys(entry, at, ['effectiveOn', 'operation', 'memo', 'postings']);
    const { postings } = entry;
    if (!Array.isArray(postings) || postings.length < 2 || postings.length > 20) {
      problems.add(`${at}.postings`, 'size', `${at}.postings is an array of 2 to 20 postings`);
    }
    return {
      effectiveOn: problems.text(entry.effectiveOn, `${at}.effectiveOn`, { max: 10 }),
      operation: problems.text(entry.operation, `${at}.operation`, { max: 20 }),
      memo: problems.text(entry.memo, `${at}.memo`, { optional: true, max: 500 }),
      postings: Array.isArray(postings)
        ? postings.map((posting: unknown, j) => this.posting(posting, `${at}.postings[${j}]`, problems))
        : [],
    };
  }

  private posting(
    posting: unknown,
    at: string,
    problems: Problems,
  ): NonNullable<ImportedEntryJson['postings']>[number] {
    if (!isObject(posting)) {
      problems.add(at, 'isObject', `${at} must be an object`);
      return {};
    }
    problems.keys(posting, at, ['account', 'amount']);
    const account = problems.text(posting.account, `${at}.account`, { max: 60 });
    const { amount } = posting;
    const field = `${at}.amount`;
    if (!isObject(amount) || typeof amount.amount !== 'string' || typeof amount.currency !== 'string') {
      problems.add(field, 'money', `${field} is {"amount": "<decimal string>", "currency": "<ISO 4217>"}`);
      return { account };
    }
    problems.keys(amount, field, ['amount', 'currency']);
    if (!isCurrency(amount.currency)) {
      problems.add(`${field}.currency`, 'isIn', `${field}.currency is not a currency this API takes`);
      return { account };
    }
    if (!SIGNED_DECIMAL_MONEY.test(amount.amount)) {
      problems.add(`${field}.amount`, 'matches', `${field}.amount must be a decimal string like "-50000000.00"`);
      return { account };
    }
    try {
      return { account, amount: moneyJson({ amount: amount.amount, currency: amount.currency }) };
    } catch (error) {
      if (!(error instanceof MoneyError)) throw error;
      problems.add(`${field}.amount`, 'currency-decimals', `${field}.amount: ${error.message}`);
      return { account };
    }
  }
}

const invalid = (fields: FieldProblem[]) =>
  new DomainError('invalid-request', ErrorKind.Invalid, fields.map((f) => f.message).join('; '), fields);
