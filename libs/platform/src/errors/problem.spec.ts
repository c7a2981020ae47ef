import { BadRequestException, InternalServerErrorException } from '@nestjs/common';
import { toProblem } from './problem-json.filter';
import { DomainError, ErrorKind, grpcStatusOf, httpStatusOf } from './problem';

describe('problem+json', () => {
  it('renders a domain error with its code, status and fields', () => {
    const error = new DomainError('uscc-invalid', ErrorKind.Invalid, 'the check character is wrong', [
      { field: 'uscc', rule: 'uscc-check-character', message: 'expected "X", got "Y"' },
    ]);
    expect(toProblem(error, 'c-1')).toEqual({
      type: 'urn:parkledger:problem:uscc-invalid',
      title: 'invalid',
      status: 422,
      detail: 'the check character is wrong',
      code: 'uscc-invalid',
      correlationId: 'c-1',
      errors: [{ field: 'uscc', rule: 'uscc-check-character', message: 'expected "X", got "Y"' }],
    });
  });

  it('keeps a 4xx message from the framework', () => {
    expect(toProblem(new BadRequestException('Unexpected token } in JSON'))).toMatchObject({
      status: 400,
      code: 'bad-request',
      detail: 'Unexpected token } in JSON',
    });
  });

  it('never leaks what a 5xx says', () => {
    for (const error of [new Error('password=hunter2 at db.ts:12'), new InternalServerErrorException('secret')]) {
      const problem = toProblem(error, 'c-2');
      expect(problem.status).toBe(500);
      expect(JSON.stringify(problem)).not.toMatch(/hunter2|secret|db\.ts/);
    }
  });

  it('maps every kind to an HTTP and a gRPC status', () => {
    for (const kind of Object.values(ErrorKind)) {
      expect(httpStatusOf(kind)).toBeGreaterThanOrEqual(400);
      expect(grpcStatusOf(kind)).toBeGreaterThan(0);
    }
    expect(httpStatusOf(ErrorKind.Conflict)).toBe(409);
    expect(grpcStatusOf(ErrorKind.NotFound)).toBe(5);
  });
});
