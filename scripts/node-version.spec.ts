import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './infra/settings';
import { nodeMismatch, pinnedNode, readPackageJson } from './node-version';

// One Node everywhere: the `node` devDependency that npm start and npm test run on (whatever Node the
// machine has), engines, the Dockerfile's base image, and the Node these tests run on.
const packageJson = readPackageJson();
const pinned = pinnedNode(packageJson);

describe('the pinned Node', () => {
  it('runs these tests', () => {
    expect(nodeMismatch()).toBeUndefined();
    expect(process.versions.node.split('.')[0]).toBe(String(pinned.major));
  });

  it('is an exact version, installed from the lock file', () => {
    expect(packageJson.devDependencies?.node).toMatch(/^\d+\.\d+\.\d+$/);
    const lock = JSON.parse(readFileSync(join(repoRoot, 'package-lock.json'), 'utf8')) as {
      packages: Record<string, { version?: string; engines?: Record<string, string> }>;
    };
    expect(lock.packages['node_modules/node']?.version).toBe(pinned.version);
    expect(lock.packages['']?.engines?.node).toBe(packageJson.engines?.node);
  });

  it('is what engines asks for', () => {
    expect(packageJson.engines?.node).toBe(`^${pinned.version}`);
  });

  it('is what @types/node describes (the same major)', () => {
    expect(packageJson.devDependencies?.['@types/node']).toMatch(new RegExp(`^\\^${pinned.major}\\.`));
  });

  it('is the base image of both Dockerfile stages', () => {
    const dockerfile = readFileSync(join(repoRoot, 'Dockerfile'), 'utf8');
    expect(/^ARG NODE_VERSION=(\S+)$/m.exec(dockerfile)?.[1]).toBe(pinned.version);
    const stages = dockerfile.split('\n').filter((line) => line.startsWith('FROM '));
    expect(stages).toEqual([
      'FROM node:${NODE_VERSION}-bookworm-slim AS build',
      'FROM node:${NODE_VERSION}-bookworm-slim',
    ]);
  });
});

describe('nodeMismatch', () => {
  const pin = { version: '24.21.0', major: 24 };

  it('accepts any release of the pinned major', () => {
    expect(nodeMismatch('24.21.0', '/repo/node_modules/.bin/node', pin)).toBeUndefined();
    expect(nodeMismatch('24.9.1', '/usr/bin/node', pin)).toBeUndefined();
  });

  it('names the pinned and the running Node, and what to do', () => {
    const problem = nodeMismatch('20.20.2', '/usr/bin/node', pin);
    expect(problem).toContain('runs on Node 24 (node@24.21.0');
    expect(problem).toContain('this is Node 20.20.2 (/usr/bin/node)');
    expect(problem).toContain('npm ci');
    expect(nodeMismatch('2.4.0', '/usr/bin/node', pin)).toBeDefined();
  });
});

describe('pinnedNode', () => {
  it('refuses a range: the scripts and the image need one version', () => {
    expect(() => pinnedNode({ devDependencies: { node: '^24.21.0' } })).toThrow('exact version');
    expect(() => pinnedNode({})).toThrow('exact version');
  });
});
