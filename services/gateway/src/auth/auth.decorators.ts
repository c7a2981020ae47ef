import { createParamDecorator, type ExecutionContext, SetMetadata } from '@nestjs/common';
import { type Role } from '@parkledger/contracts';
import { type Request } from 'express';
import { type CallerJson } from '@parkledger/contracts';
import { callerOf, type Principal } from './principal';

export const ROUTE_ROLES = 'parkledger:roles';

/** The roles that may call a route. A route without this decorator is refused to everyone. */
export const Roles = (...roles: Role[]) => SetMetadata(ROUTE_ROLES, roles);

/** The authenticated caller of a request; kept beside the request, never written onto it. */
export const principals = new WeakMap<Request, Principal>();

/**
 * The caller as the services are told of it: subject, role, park scope, and for a request with an
 * Idempotency-Key a request id that the service applies at most once.
 */
export const CurrentCaller = createParamDecorator((_: unknown, context: ExecutionContext): CallerJson => {
  const request = context.switchToHttp().getRequest<Request>();
  const principal = principals.get(request);
  if (principal === undefined) throw new Error('CurrentCaller used on a route without authentication');
  return callerOf(principal, request.header('idempotency-key'));
});
