import { type OpenAPIObject } from '@nestjs/swagger';
import { type NextFunction, type Request, type Response } from 'express';
import { documentedRoutes } from './documented-routes';

/** What the middleware does with a request: 'next', or the status it answers with and its allow header. */
function outcome(document: OpenAPIObject, method: string, path: string): string {
  let answered = 'next';
  const headers: Record<string, string> = {};
  const response = {
    setHeader: (name: string, value: string) => (headers[name] = value),
    getHeader: () => undefined,
    status(code: number) {
      answered = `${code} allow ${headers.allow ?? ''}`;
      return this;
    },
    type() {
      return this;
    },
    send() {
      return this;
    },
    json() {
      return this;
    },
  } as unknown as Response;
  const next: NextFunction = () => undefined;
  documentedRoutes(document)({ method, path, body: {} } as Request, response, next);
  return answered;
}

describe('the documented routes, before Nest', () => {
  const operation = { responses: {} };
  const document = {
    openapi: '3.0.0',
    info: { title: 't', version: '1' },
    paths: {
      '/api/v1/policies/{policy}': { get: operation },
      '/api/v1/policies/simulations': { post: operation },
    },
  } as unknown as OpenAPIObject;

  it('matches a path spelt out before one a parameter matches', () => {
    expect(outcome(document, 'POST', '/api/v1/policies/simulations')).toBe('next');
    expect(outcome(document, 'GET', '/api/v1/policies/jinan-2019-biomedical')).toBe('next');
  });

  it('answers a method the path does not have with 405 and the methods it has', () => {
    expect(outcome(document, 'DELETE', '/api/v1/policies/simulations')).toBe('405 allow POST');
    expect(outcome(document, 'POST', '/api/v1/policies/jinan-2019-biomedical')).toBe('405 allow GET, HEAD');
  });
});
