// Preloaded by `npm run bench:profile` (node --require): the first SIGWINCH (Nest's shutdown hooks own
// SIGUSR2, Node's inspector SIGUSR1) starts V8's CPU profiler
// in this process, the second writes $PROFILE_DIR/<service>.cpuprofile (Chrome DevTools format, for
// a flame graph in DevTools or speedscope).
// Only the load window is profiled, not start-up or shutdown.
const { Session } = require('node:inspector');
const { writeFileSync } = require('node:fs');
const { join } = require('node:path');

let session;
process.on('SIGWINCH', () => {
  if (session === undefined) {
    session = new Session();
    session.connect();
    session.post('Profiler.enable', () => session.post('Profiler.start'));
    return;
  }
  const finished = session;
  session = undefined;
  finished.post('Profiler.stop', (error, result) => {
    if (error === null) {
      const service = /services\/([^/]+)\//.exec(process.argv[1] ?? '')?.[1] ?? String(process.pid);
      writeFileSync(join(process.env.PROFILE_DIR ?? '.', `${service}.cpuprofile`), JSON.stringify(result.profile));
    }
    finished.disconnect();
  });
});
