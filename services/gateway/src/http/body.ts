import { CORRELATION_HEADER, PROBLEM_CONTENT_TYPE, problemType } from '@parkledger/platform';
import express, { type NextFunction, type Request, type RequestHandler, type Response } from 'express';

const JSON_TYPES = ['application/json', 'application/*+json'];

/** JSON bodies up to a limit; malformed JSON is a 400 and an oversized body a 413, as problem+json. */
export function jsonBody(limitBytes: number): RequestHandler {
  return express.json({ limit: limitBytes, strict: true, type: JSON_TYPES });
}

/** A problem+json answer written before the request reaches Nest (so before its exception filter). */
export function sendProblem(response: Response, status: number, code: string, title: string, detail: string): void {
  const correlationId = response.getHeader(CORRELATION_HEADER);
  response
    .status(status)
    .type(PROBLEM_CONTENT_TYPE)
    .send(
      JSON.stringify({
        type: problemType(code),
        title,
        status,
        detail,
        code,
        ...(typeof correlationId === 'string' ? { correlationId } : {}),
      }),
    );
}

export function bodyErrors(error: unknown, _request: Request, response: Response, next: NextFunction): void {
  const type = (error as { type?: string } | null)?.type;
  if (type === 'entity.too.large') {
    sendProblem(response, 413, 'body-too-large', 'too-large', 'the request body is larger than this API accepts');
  } else if (type === 'entity.parse.failed') {
    sendProblem(response, 400, 'malformed-json', 'bad-request', 'the request body is not valid JSON');
  } else {
    next(error);
  }
}

/** A body in anything but JSON is a 415, not an empty body that fails validation as if fields were missing. */
export function jsonOnly(request: Request, response: Response, next: NextFunction): void {
  const hasBody =
    request.header('transfer-encoding') !== undefined || Number(request.header('content-length') ?? 0) > 0;
  if (hasBody && request.is(JSON_TYPES) === false) {
    sendProblem(
      response,
      415,
      'unsupported-media-type',
      'unsupported-media-type',
      'the request body must be application/json',
    );
    return;
  }
  next();
}
