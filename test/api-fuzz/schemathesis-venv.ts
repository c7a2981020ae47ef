import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** Pinned: a new schemathesis can add checks, and a run must mean the same thing twice. */
export const SCHEMATHESIS_VERSION = '4.32.5';

function versionOf(binary: string): string | undefined {
  try {
    return execFileSync(binary, ['--version'], { encoding: 'utf8' }).trim();
  } catch {
    return undefined;
  }
}

/**
 * schemathesis from PyPI in a project-local virtual environment (node_modules/.cache, ignored by git),
 * installed on first use or when the pinned version changes. Returns the path of its command.
 */
export async function ensureSchemathesis(root: string, say: (line: string) => void): Promise<string> {
  const venv = join(root, 'node_modules', '.cache', 'schemathesis-venv');
  const binary = join(venv, 'bin', 'schemathesis');
  if (existsSync(binary) && versionOf(binary)?.endsWith(SCHEMATHESIS_VERSION) === true) return binary;
  say(`installing schemathesis ${SCHEMATHESIS_VERSION} into ${venv}`);
  execFileSync('python3', ['-m', 'venv', venv], { stdio: 'inherit' });
  execFileSync(join(venv, 'bin', 'pip'), ['install', '--quiet', `schemathesis==${SCHEMATHESIS_VERSION}`], {
    stdio: 'inherit',
  });
  const installed = versionOf(binary);
  if (installed?.endsWith(SCHEMATHESIS_VERSION) !== true) {
    throw new Error(`schemathesis ${SCHEMATHESIS_VERSION} did not install (got ${installed ?? 'nothing'})`);
  }
  return Promise.resolve(binary);
}
