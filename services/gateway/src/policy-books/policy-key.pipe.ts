import { Injectable, type PipeTransform } from '@nestjs/common';
import { ApiParam, ApiResponse } from '@nestjs/swagger';
import { isPolicyKey, POLICY_KEY_MAX_LENGTH, POLICY_KEY_PATTERN } from '@parkledger/contracts';
import { DomainError, ErrorKind } from '@parkledger/platform';
import { problem } from '../openapi/problem-responses';

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

/** The policy's key in the path, as PolicyKeyPipe checks it, and its 400, for the spec. */
export const POLICY_PATH = ApiParam({
  name: 'policy',
  description: 'the policy’s key',
  example: 'jinan-2019-biomedical',
  schema: { type: 'string', pattern: POLICY_KEY_PATTERN.source, maxLength: POLICY_KEY_MAX_LENGTH },
});
export const POLICY_KEY_MALFORMED = ApiResponse({
  status: 400,
  ...problem('the policy key is malformed: `policy-key-invalid`'),
});
