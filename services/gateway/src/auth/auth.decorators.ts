import { createParamDecorator, type ExecutionContext, SetMetadata } from '@nestjs/common';
import { type Role } from '@parkledger/contracts';
import { type Request, type Response } from 'express';
import { gatewayCallerOf, type GatewayCaller } from './gateway-caller';
import { type Principal } from './principal';

export const ROUTE_ROLES = 'parkledger:roles';

/** The roles that may call a route. A route without this decorator is refused to everyone. */
export const Roles = (...roles: Role[]) => SetMetadata(ROUTE_ROLES, roles);

/** The authenticated caller of a request; kept beside the request, never written onto it. */
export const principals: WeakMap<Request, Principal> = new WeakMap();

/**
 * The caller as the services are told of it (in a signed caller token): subject, role, park scope,
 * and for a write with an Idempotency-Key the request key and fingerprint the service applies once;
 * when the service answers with the stored answer of an earlier request, the response says
 * `Idempotent-Replayed: true`.
 */
export const CurrentCaller = createParamDecorator((_: unknown, context: ExecutionContext): GatewayCaller => {
  const request = context.switchToHttp().getRequest<Request>();
  const principal = principals.get(request);
  if (principal === undefined) throw new Error('CurrentCaller used on a route without authentication');
  const response = context.switchToHttp().getResponse<Response>();
  return { ...gatewayCallerOf(principal, request), replayed: () => response.setHeader('idempotent-replayed', 'true') };
});

/** When the caller's bearer token expires, in ms since the epoch: what outlives a request (a stream) ends then. */
export const TokenExpiry = createParamDecorator((_: unknown, context: ExecutionContext): number | undefined => {
  const expiresAt = principals.get(context.switchToHttp().getRequest<Request>())?.expiresAt;
  return expiresAt === undefined ? undefined : expiresAt * 1000;
});
