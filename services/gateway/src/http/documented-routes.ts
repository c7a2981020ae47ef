import { type OpenAPIObject } from '@nestjs/swagger';
import { type NextFunction, type Request, type Response } from 'express';
import { sendProblem } from './body';

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

/**
 * What the spec says of a documented path, enforced before the request reaches Nest:
 * - a method the path does not have is a 405 naming the methods it has (RFC 9110), not a 404 as
 *   if the path did not exist (OPTIONS is left to CORS);
 * - an operation whose body is required, called without one, is a 400 `body-required`, not an
 *   empty change that validation can't tell from one with every optional field left out.
 */
export function documentedRoutes(document: OpenAPIObject) {
  const routes = Object.entries(document.paths).map(([path, item]) => {
    const pattern = path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+');
    const allowed = METHODS.filter((method) => item[method] !== undefined).map((m) => m.toUpperCase());
    const needBody = METHODS.filter((method) => {
      const body = item[method]?.requestBody;
      return body !== undefined && 'required' in body && body.required === true;
    }).map((m) => m.toUpperCase());
    if (allowed.includes('GET')) allowed.push('HEAD');
    return { matches: new RegExp(`^${pattern}/?$`), allowed, needBody, parameters: (path.match(/\{/g) ?? []).length };
  });
  // a path spelt out beats one a parameter matches: POST /policies/simulations is not /policies/{policy}
  routes.sort((a, b) => a.parameters - b.parameters);
  return (request: Request, response: Response, next: NextFunction): void => {
    const route = request.method === 'OPTIONS' ? undefined : routes.find((r) => r.matches.test(request.path));
    if (route === undefined) {
      next();
    } else if (!route.allowed.includes(request.method)) {
      response.setHeader('allow', route.allowed.join(', '));
      sendProblem(response, 405, 'method-not-allowed', 'method-not-allowed', `${request.method} is not allowed here`);
    } else if (route.needBody.includes(request.method) && request.body === undefined) {
      sendProblem(response, 400, 'body-required', 'bad-request', 'this request needs a JSON body');
    } else {
      next();
    }
  };
}
