import { Injectable, type PipeTransform } from '@nestjs/common';
import { isPolicyKey } from '@parkledger/contracts';
import { DomainError, ErrorKind } from '@parkledger/platform';

/** A policy's key as its path names it: lowercase words joined by hyphens, at most 80 characters. */
export const POLICY_KEY_PATTERN = '^[a-z0-9]+(-[a-z0-9]+)*$';

/** The policy key of a path, or a 400 `policy-key-invalid` naming the `policy` field. */
@Injectable()
export class PolicyKeyPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (isPolicyKey(value)) return value;
    const message = 'policy must be a policy key: lowercase letters and digits in hyphen-joined words, at most 80';
    throw new DomainError('policy-key-invalid', ErrorKind.BadRequest, message, [
      { field: 'policy', rule: 'policy-key', message },
    ]);
  }
}
