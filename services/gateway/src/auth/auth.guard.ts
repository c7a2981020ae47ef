import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { withArticle, type Role } from '@parkledger/contracts';
import { ErrorKind, PUBLIC_ROUTE } from '@parkledger/platform';
import { type Request } from 'express';
import { principals, ROUTE_ROLES } from './auth.decorators';
import { Authenticator } from './authenticator';
import { AuthError } from './principal';

/** Every route is guarded and deny is the default: a bearer token, and a role the route names. */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly authenticator: Authenticator,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets) === true) return true;
    const request = context.switchToHttp().getRequest<Request>();
    const principal = this.authenticator.authenticate(request);
    if (principal instanceof AuthError) throw principal;
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
