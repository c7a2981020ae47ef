import { Inject, Injectable, UnauthorizedException, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { BearerTokenError, verifyBearer, type BearerCheck } from './bearer-token';

export const BEARER_CHECK = Symbol('BEARER_CHECK');

/** Lets a request through only with a valid bearer token (401 otherwise). */
@Injectable()
export class BearerGuard implements CanActivate {
  constructor(@Inject(BEARER_CHECK) private readonly check: BearerCheck) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<{ headers: Record<string, string | undefined> }>();
    try {
      verifyBearer(request.headers.authorization, this.check);
      return true;
    } catch (error) {
      if (error instanceof BearerTokenError) throw new UnauthorizedException(error.message);
      throw error;
    }
  }
}
