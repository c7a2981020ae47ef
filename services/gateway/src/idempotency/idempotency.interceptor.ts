import {
  type CallHandler,
  type ExecutionContext,
  HttpStatus,
  Injectable,
  Logger,
  type NestInterceptor,
} from '@nestjs/common';
import { HTTP_CODE_METADATA } from '@nestjs/common/constants';
import { Reflector } from '@nestjs/core';
import { DomainError, ErrorKind, PROBLEM_CONTENT_TYPE, toProblem } from '@parkledger/platform';
import { createHash } from 'node:crypto';
import { type Request } from 'express';
import { catchError, from, mergeMap, type Observable } from 'rxjs';
import { principals } from '../auth/auth.decorators';
import { identityOf } from '../auth/principal';
import { IdempotencyStore } from './idempotency.store';

export const IDEMPOTENCY_HEADER = 'idempotency-key';
/** What an Idempotency-Key may be: 1 to 200 visible ASCII characters. */
export const IDEMPOTENCY_KEY_PATTERN = /^[!-~]{1,200}$/;

/** Thrown to answer a replay with the first response; the problem filter sends it as it was. */
export class ReplayedResponse extends Error {
  constructor(
    readonly status: number,
    readonly contentType: string,
    readonly body: unknown,
  ) {
    super('replayed response');
  }
}

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

function requestHash(request: Request): string {
  return createHash('sha256')
    .update(`${request.method} ${request.path}\n${JSON.stringify(request.body ?? null)}`)
    .digest('hex');
}

/**
 * Every write accepts an Idempotency-Key: a retry with the same key and body gets the first
 * answer and changes nothing; the same key with another body is refused with 422.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  private readonly logger = new Logger('IdempotencyInterceptor');

  constructor(
    private readonly store: IdempotencyStore,
    private readonly reflector: Reflector,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<Request>();
    const key = request.header(IDEMPOTENCY_HEADER);
    const principal = principals.get(request);
    if (!WRITES.has(request.method) || key === undefined || principal === undefined) return next.handle();
    if (!IDEMPOTENCY_KEY_PATTERN.test(key)) {
      throw new DomainError(
        'idempotency-key-invalid',
        ErrorKind.BadRequest,
        'Idempotency-Key must be 1 to 200 visible ASCII characters',
        [{ field: 'Idempotency-Key', rule: 'format', message: '1..200 visible ASCII characters' }],
      );
    }
    const owner = identityOf(principal);
    const status =
      this.reflector.get<number | undefined>(HTTP_CODE_METADATA, context.getHandler()) ??
      (request.method === 'POST' ? HttpStatus.CREATED : HttpStatus.OK);

    return from(this.store.claim(owner, key, requestHash(request))).pipe(
      mergeMap((claim) => {
        switch (claim.kind) {
          case 'replay':
            throw new ReplayedResponse(claim.status, claim.contentType, claim.body);
          case 'mismatch':
            throw new DomainError(
              'idempotency-key-reused',
              ErrorKind.Invalid,
              'this Idempotency-Key was used with a different request; use a new key for a new request',
              [{ field: 'Idempotency-Key', rule: 'same-request', message: 'reused with another body' }],
            );
          case 'in-progress':
            throw new DomainError(
              'idempotency-key-in-progress',
              ErrorKind.Conflict,
              'a request with this Idempotency-Key is still running; retry later',
            );
          case 'new':
            return next.handle().pipe(
              catchError(async (error: unknown) => {
                const problem = toProblem(error);
                await (problem.status < 500
                  ? this.record(owner, key, problem.status, PROBLEM_CONTENT_TYPE, {
                      ...problem,
                      correlationId: undefined,
                    })
                  : this.release(owner, key));
                throw error;
              }),
              mergeMap(async (body: unknown) => {
                await this.record(owner, key, status, 'application/json', body);
                return body;
              }),
            );
        }
      }),
    );
  }

  /**
   * Keeps the answer for replays. When it can't be kept, the claim is released (a retry runs again,
   * which the services' request ids make safe) and the caller still gets its answer: a key is never stranded.
   */
  private async record(owner: string, key: string, status: number, contentType: string, body: unknown) {
    try {
      await this.store.complete(owner, key, status, contentType, body);
    } catch (error) {
      this.logger.warn(`could not store the answer to an Idempotency-Key, releasing it: ${String(error)}`);
      await this.release(owner, key);
    }
  }

  /** Forgets the claim; if even that fails, the claim counts as abandoned after a while. */
  private async release(owner: string, key: string) {
    try {
      await this.store.release(owner, key);
    } catch (error) {
      this.logger.error(`could not release an Idempotency-Key: ${String(error)}`);
    }
  }
}
