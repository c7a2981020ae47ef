import { InfraError, waitUntil } from './process-tools';

describe('waiting for a part to be ready', () => {
  let said: string[];
  beforeEach(() => {
    jest.useFakeTimers();
    said = [];
    jest.spyOn(process.stdout, 'write').mockImplementation((line) => said.push(String(line)) > 0);
  });
  afterEach(() => {
    jest.useRealTimers();
    jest.restoreAllMocks();
  });

  it('returns once nothing is lacking, saying every 15 s what still was', async () => {
    let tries = 0;
    const ready = waitUntil('kafka', 300_000, () =>
      Promise.resolve((tries += 1) <= 100 ? `loading (try ${tries})` : undefined),
    );
    await jest.advanceTimersByTimeAsync(30_000);
    await expect(ready).resolves.toBeUndefined();
    expect(tries).toBe(101);
    expect(said).toEqual(['infra: waiting for kafka (15 s): loading (try 61)\n']);
  });

  it('names what was lacking last when it times out', async () => {
    const lacking = ['connection refused', 'no group coordinator'];
    const ready = waitUntil('kafka', 1_000, () => Promise.resolve(lacking.length > 1 ? lacking.shift() : lacking[0]));
    const failed = expect(ready).rejects.toThrow(
      new InfraError('kafka: timed out after 1 s; last: no group coordinator'),
    );
    await jest.advanceTimersByTimeAsync(1_250);
    await failed;
  });
});
