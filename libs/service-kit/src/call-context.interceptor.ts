import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import { type Metadata } from '@grpc/grpc-js';
import {
  activeIn,
  CORRELATION_HEADER,
  CORRELATION_ID_PATTERN,
  endSpan,
  receivedTraceContext,
  SpanKind,
  startSpan,
  withCorrelation,
} from '@parkledger/platform';
import { Observable } from 'rxjs';

/** Reads trace context from gRPC metadata (its values are lists; the first of each). */
const metadataGetter = {
  keys: (metadata: Metadata) => Object.keys(metadata.getMap()),
  get: (metadata: Metadata, key: string) => {
    const [value] = metadata.get(key);
    return typeof value === 'string' ? value : undefined;
  },
};

/**
 * Each gRPC call runs inside the gateway's correlation id (so its log lines and the events it writes
 * carry it) and, when tracing is on, in a server span that is the child of the gateway's client span.
 * It runs after the CallerTokenGuard: only a verified caller's metadata is taken.
 */
@Injectable()
export class CallContextInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'rpc') return next.handle();
    const metadata = context.switchToRpc().getContext<Metadata>();
    const [correlationId] = metadata.get(CORRELATION_HEADER);
    const call = context.getArgByIndex<{ getPath?: () => string } | undefined>(2);
    const method = call?.getPath?.().replace(/^\//, '') ?? context.getHandler().name;
    return new Observable((subscriber) => {
      const span = startSpan(method, {
        kind: SpanKind.SERVER,
        parent: receivedTraceContext(metadata, metadataGetter),
        attributes: { 'rpc.system': 'grpc', 'rpc.method': method },
      });
      // next.handle() binds the handler to the async context it is called in: called inside both
      const subscription = withCorrelation(
        typeof correlationId === 'string' && CORRELATION_ID_PATTERN.test(correlationId) ? correlationId : undefined,
        () =>
          activeIn(span, () =>
            next.handle().subscribe({
              next: (value) => subscriber.next(value),
              error: (error: unknown) => {
                endSpan(span, error); // failed, or for a refusal only named
                subscriber.error(error);
              },
              complete: () => {
                endSpan(span);
                subscriber.complete();
              },
            }),
          ),
      );
      return () => {
        // a stream the caller cancelled ends here, neither failed nor completed
        if (span?.isRecording() === true) endSpan(span);
        subscription.unsubscribe();
      };
    });
  }
}
