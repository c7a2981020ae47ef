import { randomInt } from 'node:crypto';
import { createServer } from 'node:net';

/**
 * Where ports for test servers are drawn from: below Linux's ephemeral range (32768–60999), from
 * which the kernel gives every outgoing connection its local port. A port the kernel picked there
 * (listen on 0) was free when picked, but a connection to Kafka or Postgres could take it before
 * the service a test started listened on it (EADDRINUSE, seen in npm test twice in one run).
 */
export const TEST_PORTS = { low: 20_000, high: 32_000 } as const;

/**
 * Ports this process has handed out. A system under test takes all its ports before its first
 * service listens, so a second draw of the same port would still look free (EADDRINUSE in CI).
 */
const given = new Set<number>();

/** A local TCP port nothing listens on now and this process has not handed out, for a server a test starts. */
export async function freePort(): Promise<number> {
  for (let attempt = 1; attempt <= 100; attempt += 1) {
    const port = randomInt(TEST_PORTS.low, TEST_PORTS.high);
    if (given.has(port) || !(await bindable(port))) continue;
    given.add(port);
    return port;
  }
  throw new Error(`no free port in ${TEST_PORTS.low}-${TEST_PORTS.high} after 100 tries`);
}

function bindable(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}
