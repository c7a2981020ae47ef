import { type CanActivate, type ExecutionContext, Inject, Injectable, Logger } from '@nestjs/common';
import { Metadata, type ServerUnaryCall } from '@grpc/grpc-js';
import {
  CALLER_TOKEN_HEADER,
  CallerTokenError,
  REPLAYED_HEADER,
  DomainError,
  ErrorKind,
  verifyCallerToken,
  type CallerTokenAudience,
} from '@parkledger/platform';
import { type KeyObject } from 'node:crypto';
import { callerOfClaims, type Caller } from './caller';

export const CALLER_TOKEN_VERIFICATION = Symbol('CALLER_TOKEN_VERIFICATION');

/** What a service verifies caller tokens against: its own name as the audience, and the gateway's public key. */
export interface CallerTokenVerification {
  audience: CallerTokenAudience;
  publicKey: KeyObject;
}

function replayed(): Metadata {
  const metadata = new Metadata();
  metadata.set(REPLAYED_HEADER, 'true');
  return metadata;
}

const isUnaryCall = (call: unknown): call is ServerUnaryCall<unknown, unknown> =>
  typeof (call as { sendMetadata?: unknown } | undefined)?.sendMetadata === 'function';

/** The caller each call's metadata was verified for; read by @VerifiedCaller(). */
export const verifiedCallers = new WeakMap<Metadata, Caller>();

/**
 * Every gRPC call must carry a caller token the service can verify (signature, expiry, issuer, and
 * this service as the audience); any other is refused as UNAUTHENTICATED and logged with the reason.
 * HTTP routes (health, metrics) are not gRPC and pass.
 */
@Injectable()
export class CallerTokenGuard implements CanActivate {
  private readonly logger = new Logger('CallerTokenGuard');

  constructor(@Inject(CALLER_TOKEN_VERIFICATION) private readonly verification: CallerTokenVerification) {}

  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'rpc') return true;
    const metadata = context.switchToRpc().getContext<Metadata>();
    try {
      const [token, ...more] = metadata.get(CALLER_TOKEN_HEADER);
      if (token === undefined) throw new CallerTokenError('no caller token');
      if (more.length > 0) throw new CallerTokenError('more than one caller token');
      if (typeof token !== 'string') throw new CallerTokenError('a binary caller token');
      const claims = verifyCallerToken(token, this.verification.audience, this.verification.publicKey);
      const caller = callerOfClaims(claims);
      const call = context.getArgByIndex<unknown>(2);
      if (caller.request !== undefined && isUnaryCall(call))
        caller.request.replayed = () => call.sendMetadata(replayed());
      verifiedCallers.set(metadata, caller);
      return true;
    } catch (error) {
      if (!(error instanceof CallerTokenError)) throw error;
      this.logger.warn(`refused ${context.getHandler().name}: ${error.message}`);
      throw new DomainError('caller-unverified', ErrorKind.Unauthenticated, 'the call carries no valid caller token');
    }
  }
}
