// The demo's calls to the REST API: writes with a stable Idempotency-Key, retried while a service
// has yet to learn what they name from events, and reads, both waiting out the rate limit.

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** How long a 429 asks to wait (Retry-After, in seconds), and a little more. */
const retryAfterMs = (response: Response): number =>
  (Number(response.headers.get('retry-after') ?? '1') || 1) * 1000 + 250;

/**
 * One write, retried while a service has yet to learn what it names from events (422) or the
 * gateway's rate limit (per caller, a minute's window) is spent (429). Every attempt carries the
 * same Idempotency-Key: a refused attempt stores nothing, so a later load replays the answer of
 * whichever attempt succeeded. ("#1" is the suffix the keys always had; demos loaded before match.)
 */
export async function post<T>(base: string, token: string, path: string, key: string, body: object): Promise<T> {
  let unknownAttempts = 0;
  let limitedAttempts = 0;
  for (;;) {
    const response = await fetch(`${base}/api/v1${path}`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
        'idempotency-key': `${key}#1`,
      },
      body: JSON.stringify(body),
    });
    const text = await response.text();
    if (response.ok) return JSON.parse(text) as T;
    if (response.status === 429 && (limitedAttempts += 1) <= 10) {
      await sleep(retryAfterMs(response));
      continue;
    }
    // The pipeline learns parks and enterprises, the fund ledger projects and enterprises, and the
    // awards service settlements from events: give them a moment.
    const unknown =
      response.status === 422 &&
      /project-unknown-(park|enterprise)|investment-target-unknown|"code":"enterprise-unknown"/.test(text);
    if (!unknown || (unknownAttempts += 1) >= 60)
      throw new Error(`POST ${path} (${key}) answered ${response.status}: ${text}`);
    await sleep(500);
  }
}

/** A read, waiting out the rate limit like `post`. */
export async function get<T>(base: string, token: string, path: string): Promise<T> {
  for (let limitedAttempts = 1; ; limitedAttempts += 1) {
    const response = await fetch(`${base}/api/v1${path}`, { headers: { authorization: `Bearer ${token}` } });
    if (response.status === 429 && limitedAttempts <= 10) {
      await sleep(retryAfterMs(response));
      continue;
    }
    const text = await response.text();
    if (!response.ok) throw new Error(`GET ${path} answered ${response.status}: ${text}`);
    return JSON.parse(text) as T;
  }
}

/** Runs `work` over the items, at most `size` at a time. */
export async function inPool<T>(items: readonly T[], size: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const item = items[next] as T;
      next += 1;
      await work(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(size, items.length) }, worker));
}
