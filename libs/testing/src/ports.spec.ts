import { createServer } from 'node:net';
import { freePort, TEST_PORTS } from './ports';

describe('freePort', () => {
  it('gives a port below the ephemeral range outgoing connections take theirs from, that a server can listen on', async () => {
    for (let n = 0; n < 20; n += 1) {
      const port = await freePort();
      expect(port).toBeGreaterThanOrEqual(TEST_PORTS.low);
      expect(port).toBeLessThan(32_768);
      const server = createServer();
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, '127.0.0.1', resolve);
      });
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('never gives the same port twice, though nothing listens on the first yet', async () => {
    // a system under test takes all its ports before its first service listens: drawn at random
    // from 12,000, two of 2,000 would meet about 170 times, and two of one system's 11 once in 220
    const ports = [];
    for (let n = 0; n < 2_000; n += 1) ports.push(await freePort());
    expect(new Set(ports).size).toBe(ports.length);
  });
});
