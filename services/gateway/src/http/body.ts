import { CORRELATION_HEADER, PROBLEM_CONTENT_TYPE, problemType } from '@parkledger/platform';
import express, { type NextFunction, type Request, type Response } from 'express';

/** JSON bodies up to a limit; malformed JSON is a 400 and an oversized body a 413, as problem+json. */
export function jsonBody(limitBytes: number) {
  return express.json({ limit: limitBytes, strict: true, type: ['application/json', 'application/*+json'] });
}

export function bodyErrors(error: unknown, _request: Request, response: Response, next: NextFunction): void {
  const type = (error as { type?: string } | null)?.type;
  const status = type === 'entity.too.large' ? 413 : type === 'entity.parse.failed' ? 400 : undefined;
  if (status === undefined) {
    next(error);
    return;
  }
  const code = status === 413 ? 'body-too-large' : 'malformed-json';
  const correlationId = response.getHeader(CORRELATION_HEADER);
  response
    .status(status)
    .type(PROBLEM_CONTENT_TYPE)
    .send(
      JSON.stringify({
        type: problemType(code),
        title: status === 413 ? 'too-large' : 'bad-request',
        status,
        detail:
          status === 413 ? 'the request body is larger than this API accepts' : 'the request body is not valid JSON',
        code,
        ...(typeof correlationId === 'string' ? { correlationId } : {}),
      }),
    );
}
