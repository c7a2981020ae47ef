import { registerDecorator, type ValidationArguments } from 'class-validator';
import { isCalendarDate } from './calendar-date.validator';

/** RFC 3339 date-time: a date, T, a time with optional fraction, and Z or an offset. */
const INSTANT = /^(\d{4}-\d{2}-\d{2})T([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d{1,9})?(Z|[+-]([01]\d|2[0-3]):[0-5]\d)$/;

/** An instant written as RFC 3339, on a real calendar date: 2024-02-29T08:00:00Z is one, 2023-02-29T08:00:00Z is not. */
export function isInstant(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  const match = INSTANT.exec(value);
  return match !== null && isCalendarDate(match[1]) && !Number.isNaN(Date.parse(value));
}

/** The field is an RFC 3339 instant, documented as `format: date-time`. */
export const IsInstant =
  (): PropertyDecorator =>
  (target: object, propertyName: string | symbol): void => {
    registerDecorator({
      name: 'isInstant',
      target: target.constructor,
      propertyName: String(propertyName),
      validator: {
        validate: (value: unknown) => isInstant(value),
        defaultMessage: (args: ValidationArguments) =>
          `${args.property} must be an RFC 3339 instant like 2023-01-15T00:00:00Z`,
      },
    });
  };
