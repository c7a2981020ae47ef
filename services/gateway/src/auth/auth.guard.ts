import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { withArticle, type Role } from '@parkledger/contracts';
import { ErrorKind, PUBLIC_ROUTE } from '@parkledger/platform';
import { type Request } from 'express';
import { GATEWAY_CONFIG } from '../config/tokens';
import { type GatewayConfig } from '../config/gateway.config';
import { principals, ROUTE_ROLES } from './auth.decorators';
import { AuthError, verifyToken } from './principal';

/** Every route is guarded and deny is the default: a bearer token, and a role the route names. */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets) === true) return true;
    const request = context.switchToHttp().getRequest<Request>();
    const match = /^Bearer ([A-Za-z0-9_.-]+)$/.exec(request.header('authorization') ?? '');
    if (match?.[1] === undefined)
      throw new AuthError('unauthenticated', ErrorKind.Unauthenticated, 'a bearer token is required');
    const principal = verifyToken(match[1], this.config.JWT_SECRET, this.config.JWT_ISSUER);
    const allowed = this.reflector.getAllAndOverride<Role[] | undefined>(ROUTE_ROLES, targets) ?? [];
    if (!allowed.includes(principal.role)) {
      throw new AuthError(
        'forbidden',
        ErrorKind.Forbidden,
        `${withArticle(principal.role)} may not ${request.method} ${request.path}`,
      );
    }
    principals.set(request, principal);
    return true;
  }
}
