import { type ArgumentMetadata, type PipeTransform } from '@nestjs/common';
import { DomainError, ErrorKind, type FieldProblem } from '@parkledger/platform';

const isControl = (code: number): boolean => code <= 0x1f || code === 0x7f;
const isSurrogate = (code: number): boolean => code >= 0xd800 && code <= 0xdfff;
/** Half of a UTF-16 surrogate pair standing alone: not text, and jsonb refuses it. */
const LONE_SURROGATE = /\p{Surrogate}/u;

const hasControl = (text: string): boolean => {
  for (let i = 0; i < text.length; i += 1) if (isControl(text.charCodeAt(i))) return true;
  return false;
};
/** Keys that class-transformer drops without a word; refused like any other unknown field. */
const DROPPED_KEYS = new Set(['__proto__', 'constructor']);

/** A key as it can be shown and stored: control characters and lone surrogates written as \u0000. */
const printable = (key: string): string =>
  Array.from(key, (c) => {
    const code = c.charCodeAt(0);
    return c.length === 1 && (isControl(code) || isSurrogate(code)) ? `\\u${code.toString(16).padStart(4, '0')}` : c;
  }).join('');

type Rule = 'no-control-characters' | 'well-formed-unicode';

function brokenRule(text: string): Rule | undefined {
  if (hasControl(text)) return 'no-control-characters';
  if (LONE_SURROGATE.test(text)) return 'well-formed-unicode';
  return undefined;
}

const WHAT: Record<Rule, string> = {
  'no-control-characters': 'control characters (U+0000–U+001F, U+007F)',
  'well-formed-unicode': 'unpaired UTF-16 surrogates',
};

const join = (prefix: string, key: string): string => (prefix === '' ? key : `${prefix}.${key}`);

function inspect(value: unknown, field: string, problems: FieldProblem[]): void {
  if (typeof value === 'string') {
    const rule = brokenRule(value);
    if (rule !== undefined) problems.push({ field, rule, message: `${field} must not contain ${WHAT[rule]}` });
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((item, index) => inspect(item, join(field, String(index)), problems));
    return;
  }
  if (typeof value !== 'object' || value === null) return;
  for (const [key, item] of Object.entries(value)) {
    const rule = brokenRule(key);
    const path = join(field, rule === undefined ? key : printable(key)); // a key that breaks no rule prints as it is
    if (rule !== undefined) {
      problems.push({
        field: path,
        rule,
        message: `${path} is not a field of this request: it contains ${WHAT[rule]}`,
      });
    } else if (DROPPED_KEYS.has(key)) {
      problems.push({ field: path, rule: 'unknown-field', message: `${path} is not a field of this request` });
    } else {
      inspect(item, path, problems);
    }
  }
}

/**
 * What the DTO validation cannot see, checked once for every body, query and path parameter before
 * it: control characters (which Postgres refuses in text, and no name or free text needs), and the
 * keys that class-transformer drops silently instead of refusing.
 */
export class RawInputPipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    if (metadata.type === 'custom') return value;
    const problems: FieldProblem[] = [];
    inspect(value, metadata.type === 'body' ? '' : (metadata.data ?? ''), problems);
    if (problems.length > 0) {
      throw new DomainError('invalid-request', ErrorKind.Invalid, problems.map((p) => p.message).join('; '), problems);
    }
    return value;
  }
}
