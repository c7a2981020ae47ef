import { createParamDecorator, type ExecutionContext, SetMetadata } from '@nestjs/common';
import { type Role } from '@parkledger/contracts';
import { type Request } from 'express';
import { type Principal } from './principal';

export const ROUTE_ROLES = 'parkledger:roles';

/** The roles that may call a route. A route without this decorator is refused to everyone. */
export const Roles = (...roles: Role[]) => SetMetadata(ROUTE_ROLES, roles);

/** The authenticated caller of a request; kept beside the request, never written onto it. */
export const principals = new WeakMap<Request, Principal>();

export const CurrentPrincipal = createParamDecorator((_: unknown, context: ExecutionContext): Principal => {
  const principal = principals.get(context.switchToHttp().getRequest<Request>());
  if (principal === undefined) throw new Error('CurrentPrincipal used on a route without authentication');
  return principal;
});
