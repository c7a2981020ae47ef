import { fromGrpcError, toGrpcFailure } from './grpc-problem';
import { DomainError, ErrorKind } from './problem';

describe('problems over gRPC', () => {
  it('carries a domain error across intact', () => {
    const original = new DomainError('uscc-taken', ErrorKind.Conflict, 'USCC 914403001922038216 is registered', [
      { field: 'uscc', rule: 'unique', message: 'already registered' },
    ]);
    const failure = toGrpcFailure(original);
    expect(failure.code).toBe(9);
    const back = fromGrpcError({ code: failure.code, details: failure.message });
    expect(back.toProblem()).toEqual(original.toProblem());
  });

  it('turns an unreachable service into 503 and anything else into a silent 500', () => {
    expect(fromGrpcError({ code: 14, details: 'No connection established' }).toProblem().status).toBe(503);
    const hidden = fromGrpcError({ code: 2, details: 'TypeError at parks.service.ts:42' }).toProblem();
    expect(hidden.status).toBe(500);
    expect(JSON.stringify(hidden)).not.toContain('parks.service');
  });
});
