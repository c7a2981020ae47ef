// parkledger runs on the Node.js pinned as the `node` devDependency: npm ci installs its binary as
// node_modules/.bin/node, which npm scripts and npx put first on PATH, whatever Node the machine has.
// The services are started with process.execPath, the Node of whatever starts them, so the starters
// (scripts/stack/main.ts, test/support/system.ts) check it first: one run by hand on another Node
// stops with the reason instead of running the services there.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './infra/settings';

export interface PackageJson {
  engines?: Record<string, string>;
  devDependencies?: Record<string, string>;
}

export interface PinnedNode {
  /** the exact version in devDependencies, e.g. 24.21.0 */
  version: string;
  major: number;
}

export const readPackageJson = (): PackageJson =>
  JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as PackageJson;

export function pinnedNode(packageJson: PackageJson = readPackageJson()): PinnedNode {
  const version = packageJson.devDependencies?.node ?? '';
  const major = /^(\d+)\.\d+\.\d+$/.exec(version)?.[1];
  if (major === undefined) {
    throw new Error(`package.json's devDependencies must pin node to an exact version, not "${version}"`);
  }
  return { version, major: Number(major) };
}

/** Why the running Node is not the pinned major, or undefined when it is. */
export function nodeMismatch(
  running: string = process.versions.node,
  executable: string = process.execPath,
  pinned: PinnedNode = pinnedNode(),
): string | undefined {
  if (running.split('.')[0] === String(pinned.major)) return undefined;
  return (
    `parkledger runs on Node ${pinned.major} (node@${pinned.version} in package.json's devDependencies), ` +
    `but this is Node ${running} (${executable}). Start it through npm (npm start, npm test, npm run ...) ` +
    `or npx, which put node_modules/.bin/node first on PATH; npm ci installs it there.`
  );
}
