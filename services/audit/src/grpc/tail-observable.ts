import { type ServerWritableStream } from '@grpc/grpc-js';
import { type TailRequestJson, type TailResponseJson } from '@parkledger/contracts';
import { type Caller } from '@parkledger/service-kit';
import { Observable } from 'rxjs';
import { type TailStream } from '../tail/tail-stream';
import { type TailService } from '../tail/tail.service';

/**
 * A tail as the Observable Nest writes to the gRPC call. Nest writes each value and, once the call's
 * buffer is full, keeps the rest in an unbounded array of its own until it drains; so the stream
 * sends only while the call's buffer has room (`writableNeedDrain`) and is told when it drains,
 * and its own bound is what a slow caller can hold. A cancelled call (the caller went away) closes
 * the stream and leaves the hub.
 */
export function tailObservable(
  tail: TailService,
  caller: Caller,
  request: TailRequestJson,
  call: ServerWritableStream<unknown, unknown>,
): Observable<TailResponseJson> {
  return new Observable<TailResponseJson>((subscriber) => {
    let stream: TailStream | undefined;
    let gone = false;
    const drained = () => stream?.drained();
    const cancelled = () => {
      gone = true;
      stream?.close();
    };
    call.on('drain', drained);
    call.on('cancelled', cancelled);
    tail
      .open(caller, request, {
        ready: () => !call.writableNeedDrain && !call.cancelled,
        send: (message) => subscriber.next(message),
        end: () => subscriber.complete(),
        fail: (error) => subscriber.error(error),
      })
      .then(
        (opened) => {
          stream = opened;
          if (gone || call.cancelled) opened.close(); // cancelled while it opened
        },
        (error: unknown) => subscriber.error(error),
      );
    return () => {
      call.off('drain', drained);
      call.off('cancelled', cancelled);
      gone = true;
      stream?.close();
    };
  });
}
