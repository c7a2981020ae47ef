import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';

/** A failure the CLI reports as one line, without a stack trace. */
export class InfraError extends Error {}

export function fail(message: string): never {
  throw new InfraError(message);
}

/** An error's message, or what was thrown when it was not an Error. */
export const reason = (error: unknown): string => (error instanceof Error ? error.message : String(error));

export function step(message: string): void {
  process.stdout.write(`infra: ${message}\n`);
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function readPid(file: string): number | undefined {
  if (!existsSync(file)) return undefined;
  const pid = Number(readFileSync(file, 'utf8').split('\n')[0]?.trim());
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

export function commandExists(command: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}

function listeningInodes(port: number): Set<string> {
  const inodes = new Set<string>();
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    if (!existsSync(table)) continue;
    for (const line of readFileSync(table, 'utf8').split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      const local = cols[1];
      const state = cols[3];
      const inode = cols[9];
      if (local?.endsWith(`:${hexPort}`) && state === '0A' && inode) inodes.add(inode);
    }
  }
  return inodes;
}

/**
 * Who listens on a TCP port: a pid, 'unknown' when the socket exists but its owner can't be seen,
 * or undefined when the port is free.
 */
export function portOwner(port: number): number | 'unknown' | undefined {
  const inodes = listeningInodes(port);
  if (inodes.size === 0) return undefined;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let fds: string[];
    try {
      fds = readdirSync(`/proc/${entry}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      try {
        const match = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${entry}/fd/${fd}`));
        if (match?.[1] && inodes.has(match[1])) return Number(entry);
      } catch {
        // the fd closed while we looked
      }
    }
  }
  return 'unknown';
}

export function assertPortFree(port: number): void {
  const owner = portOwner(port);
  if (owner === undefined) return;
  fail(owner === 'unknown' ? `port ${port} in use` : `port ${port} in use by pid ${owner}`);
}

export const sleep = (ms: number): Promise<void> => new Promise((done) => setTimeout(done, ms));

/**
 * Waits until `lacking` finds nothing lacking (returns undefined). Every 15 s it says what is still
 * lacking, and a timeout names the last thing lacking: a slow start shows where it stands, and a
 * failed one why.
 */
export async function waitUntil(
  what: string,
  timeoutMs: number,
  lacking: () => Promise<string | undefined>,
): Promise<void> {
  const started = Date.now();
  let said = started;
  let last = 'not tried yet';
  while (Date.now() - started < timeoutMs) {
    const now = await lacking();
    if (now === undefined) return;
    last = now;
    if (Date.now() - said >= 15_000) {
      step(`waiting for ${what} (${Math.round((Date.now() - started) / 1000)} s): ${last}`);
      said = Date.now();
    }
    await sleep(250);
  }
  fail(`${what}: timed out after ${Math.round(timeoutMs / 1000)} s; last: ${last}`);
}

/** Sends a signal to a pid we started and waits for it to go. */
export async function stopPid(pid: number, signal: NodeJS.Signals, timeoutMs: number): Promise<void> {
  if (!isAlive(pid)) return;
  process.kill(pid, signal);
  const deadline = Date.now() + timeoutMs;
  while (isAlive(pid) && Date.now() < deadline) await sleep(200);
  if (isAlive(pid)) {
    process.kill(pid, 'SIGKILL');
    while (isAlive(pid)) await sleep(100);
  }
}

export function lastLines(file: string, count: number): string {
  if (!existsSync(file)) return '';
  return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-count).join('\n');
}
