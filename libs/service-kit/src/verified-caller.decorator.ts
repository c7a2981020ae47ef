import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { type Metadata } from '@grpc/grpc-js';
import { type Caller } from './caller';
import { verifiedCallers } from './caller-token.guard';

/** The caller the CallerTokenGuard verified for this gRPC call; never anything from the request body. */
export const VerifiedCaller = createParamDecorator((_: unknown, context: ExecutionContext): Caller => {
  const caller = verifiedCallers.get(context.switchToRpc().getContext<Metadata>());
  if (caller === undefined) throw new Error('VerifiedCaller used on a call the CallerTokenGuard did not verify');
  return caller;
});
