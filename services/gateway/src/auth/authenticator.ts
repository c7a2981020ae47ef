import { ErrorKind } from '@parkledger/platform';
import { type Request } from 'express';
import { type GatewayConfig } from '../config/gateway.config';
import { type TokenVerification, verifyToken } from './bearer-token';
import { AuthError, type Principal } from './principal';

/**
 * Who a request's bearer token says called, or why it can't be believed. Verified once per request:
 * the rate limit asks first (to key by subject), the auth guard asks again and gets the same answer.
 */
export class Authenticator {
  private readonly verification: TokenVerification;
  private readonly results = new WeakMap<Request, Principal | AuthError>();

  constructor(config: GatewayConfig) {
    this.verification = {
      keys: config.JWT_KEYS,
      issuer: config.JWT_ISSUER,
      audience: config.JWT_AUDIENCE,
      maxLifetimeSeconds: config.JWT_MAX_LIFETIME_SECONDS,
      roleClaim: config.JWT_ROLE_CLAIM,
      parksClaim: config.JWT_PARKS_CLAIM,
      fundsClaim: config.JWT_FUNDS_CLAIM,
      policiesClaim: config.JWT_POLICIES_CLAIM,
    };
  }

  authenticate(request: Request): Principal | AuthError {
    const known = this.results.get(request);
    if (known !== undefined) return known;
    const result = this.verify(request.header('authorization'));
    this.results.set(request, result);
    return result;
  }

  private verify(authorization: string | undefined): Principal | AuthError {
    const match = /^Bearer ([A-Za-z0-9_.-]+)$/.exec(authorization ?? '');
    if (match?.[1] === undefined) {
      return new AuthError('unauthenticated', ErrorKind.Unauthenticated, 'a bearer token is required');
    }
    try {
      return verifyToken(match[1], this.verification);
    } catch (error) {
      if (error instanceof AuthError) return error;
      throw error;
    }
  }
}
