import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { type ServerWritableStream } from '@grpc/grpc-js';

/** The gRPC call of a server-streaming method: its buffer's state, its drain and cancelled events. */
export const GrpcCall = createParamDecorator(
  (_: unknown, context: ExecutionContext): ServerWritableStream<unknown, unknown> =>
    context.getArgByIndex<ServerWritableStream<unknown, unknown>>(2),
);
