import { DomainError, ErrorKind, fromGrpcError, type GrpcFailure } from '@parkledger/platform';
import { lastValueFrom } from 'rxjs';
import { GrpcProblemFilter } from './grpc-problem.filter';

/** What the gateway makes of the filter's answer: the DomainError it turns into problem+json. */
async function asTheGatewaySeesIt(error: unknown): Promise<DomainError> {
  const filter = new GrpcProblemFilter();
  const sent = (await lastValueFrom(filter.catch(error)).catch((failure: unknown) => failure)) as GrpcFailure;
  // grpc-js sends the failure's message as the status's details
  return fromGrpcError({ code: sent.code, details: sent.message });
}

/** pg's errors carry the socket's code or Postgres's SQLSTATE in `code`. */
const pgError = (message: string, code: string) => Object.assign(new Error(message), { code });

describe('GrpcProblemFilter', () => {
  it('sends a domain error back as its kind, with its problem', async () => {
    const refused = await asTheGatewaySeesIt(new DomainError('fund-closed', ErrorKind.Conflict, 'the fund is closed'));
    expect(refused).toMatchObject({ code: 'fund-closed', kind: ErrorKind.Conflict, message: 'the fund is closed' });
  });

  it.each([
    ['Postgres refusing connections', pgError('connect ECONNREFUSED 127.0.0.1:5433', 'ECONNREFUSED')],
    ['Postgres starting up', pgError('the database system is not yet accepting connections', '57P03')],
    ['a connection lost mid-query', new Error('Connection terminated unexpectedly')],
  ])('says the service is unavailable, to retry later, for %s', async (_, error) => {
    expect(await asTheGatewaySeesIt(error)).toMatchObject({ kind: ErrorKind.Unavailable });
  });

  it('hides any other failure behind an internal error that says nothing of it', async () => {
    const hidden = await asTheGatewaySeesIt(new Error('relation "secret_table" does not exist'));
    expect(hidden).toMatchObject({ code: 'internal', kind: ErrorKind.Internal, message: 'internal error' });
  });
});
