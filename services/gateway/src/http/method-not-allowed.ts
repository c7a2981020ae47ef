import { type OpenAPIObject } from '@nestjs/swagger';
import { type NextFunction, type Request, type Response } from 'express';
import { sendProblem } from './body';

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

/**
 * A documented path called with a method it does not have is a 405 naming the methods it has
 * (RFC 9110), not a 404 as if the path did not exist. OPTIONS is left to CORS.
 */
export function methodNotAllowed(document: OpenAPIObject) {
  const routes = Object.entries(document.paths).map(([path, item]) => {
    const pattern = path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+');
    const allowed = METHODS.filter((method) => item[method] !== undefined).map((m) => m.toUpperCase());
    if (allowed.includes('GET')) allowed.push('HEAD');
    return { matches: new RegExp(`^${pattern}/?$`), allowed };
  });
  return (request: Request, response: Response, next: NextFunction): void => {
    if (request.method === 'OPTIONS') {
      next();
      return;
    }
    const route = routes.find((r) => r.matches.test(request.path));
    if (route === undefined || route.allowed.includes(request.method)) {
      next();
      return;
    }
    response.setHeader('allow', route.allowed.join(', '));
    sendProblem(response, 405, 'method-not-allowed', 'method-not-allowed', `${request.method} is not allowed here`);
  };
}
