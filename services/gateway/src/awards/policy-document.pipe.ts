import { type PipeTransform } from '@nestjs/common';
import { DomainError, ErrorKind } from '@parkledger/platform';

/**
 * The body of a policy publication: the document itself, any JSON object, passed on as its text.
 * The awards service reads it against the policy format and names any field it refuses by its path
 * (`items[3].rule.cap`); the gateway checks only that it is an object.
 */
export class PolicyDocumentPipe implements PipeTransform<unknown, string> {
  transform(body: unknown): string {
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      const message = 'the body is the policy document, a JSON object';
      throw new DomainError('invalid-request', ErrorKind.Invalid, message, [
        { field: 'document', rule: 'isObject', message },
      ]);
    }
    return JSON.stringify(body);
  }
}
