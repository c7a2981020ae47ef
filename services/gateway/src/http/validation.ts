import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { DomainError, ErrorKind, type FieldProblem } from '@parkledger/platform';

const RULES: Record<string, string> = { whitelistValidation: 'unknown-field' };

function flatten(errors: ValidationError[], prefix = ''): FieldProblem[] {
  return errors.flatMap((error) => {
    const field = prefix === '' ? error.property : `${prefix}.${error.property}`;
    const own = Object.entries(error.constraints ?? {}).map(([rule, message]) => ({
      field,
      rule: RULES[rule] ?? rule,
      message: rule === 'whitelistValidation' ? `${field} is not a field of this request` : message,
    }));
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

/** Strict validation: unknown fields refused, every broken rule named, as one 422 problem. */
export const strictValidation = (): ValidationPipe =>
  new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (errors) => {
      const fields = flatten(errors);
      return new DomainError('invalid-request', ErrorKind.Invalid, fields.map((f) => f.message).join('; '), fields);
    },
  });
