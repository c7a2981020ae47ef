import { runReadinessChecks } from './health';

describe('runReadinessChecks', () => {
  it('is ready when every check passes', async () => {
    const result = await runReadinessChecks([{ name: 'db', check: () => Promise.resolve() }]);
    expect(result).toEqual({ ready: true, checks: { db: 'ok' } });
  });

  it('names the failing check and its reason', async () => {
    const result = await runReadinessChecks([
      { name: 'db', check: () => Promise.resolve() },
      { name: 'kafka', check: () => Promise.reject(new Error('connection refused')) },
    ]);
    expect(result).toEqual({ ready: false, checks: { db: 'ok', kafka: 'connection refused' } });
  });
});
