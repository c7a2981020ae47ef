import { DomainError, ErrorKind, type FieldProblem } from '@parkledger/platform';

/** Collects field problems, then throws them together as one 422. */
export class FieldCheck {
  private readonly problems: FieldProblem[] = [];

  constructor(private readonly code: string) {}

  text(field: string, value: string | undefined, { required = true, max = 200 } = {}): string {
    const text = value ?? '';
    if (required && text.trim() === '') this.fail(field, 'required', `${field} is required`);
    else if ([...text].length > max) this.fail(field, 'max-length', `${field} has at most ${max} characters`);
    return text;
  }

  oneOf<T extends string>(field: string, value: string | undefined, allowed: readonly T[]): T {
    const found = allowed.find((item) => item === value);
    if (found === undefined)
      this.fail(field, 'one-of', `${field} must be one of ${allowed.join(', ')}, got "${value ?? ''}"`);
    return found ?? (allowed[0] as T);
  }

  each<T extends string>(field: string, values: readonly string[] | undefined, allowed: readonly T[]): T[] {
    const list = values ?? [];
    list.forEach((value, i) => this.oneOf(`${field}[${i}]`, value, allowed));
    if (new Set(list).size !== list.length) this.fail(field, 'unique-items', `${field} lists an item twice`);
    return list as T[];
  }

  date(field: string, value: string | undefined, { required = true } = {}): string | null {
    if ((value ?? '') === '') {
      if (required) this.fail(field, 'required', `${field} is required`);
      return null;
    }
    const text = value as string;
    if (!isCalendarDate(text)) this.fail(field, 'date', `${field} must be a calendar date YYYY-MM-DD, got "${text}"`);
    return text;
  }

  fail(field: string, rule: string, message: string): void {
    this.problems.push({ field, rule, message });
  }

  /** Throws when anything failed. */
  done(): void {
    if (this.problems.length === 0) return;
    throw new DomainError(this.code, ErrorKind.Invalid, this.problems.map((p) => p.message).join('; '), this.problems);
  }
}

/** Whether the text is a calendar date, YYYY-MM-DD, of year 1 or later (2021-02-30 is not; Postgres has no year 0). */
export function isCalendarDate(text: string): boolean {
  const parsed = new Date(`${text}T00:00:00Z`);
  return (
    /^\d{4}-\d{2}-\d{2}$/.test(text) &&
    text >= '0001' &&
    !Number.isNaN(parsed.getTime()) &&
    parsed.toISOString().slice(0, 10) === text
  );
}
