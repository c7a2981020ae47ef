import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

// The module-boundary rule of this repository's eslint.config.mjs, run on a throwaway Nx workspace
// with two services and a lib: a service importing another service must be a lint error.
const repo = join(__dirname, '..');

interface LintMessage {
  ruleId: string | null;
  message: string;
  line: number;
}

describe('Nx module boundaries', () => {
  let workspace: string;

  const write = (path: string, content: unknown): void => {
    mkdirSync(dirname(join(workspace, path)), { recursive: true });
    writeFileSync(join(workspace, path), typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  };
  const project = (root: string, name: string, tag: string, type: 'application' | 'library') =>
    write(`${root}/project.json`, { name, sourceRoot: `${root}/src`, projectType: type, tags: [tag] });

  beforeAll(() => {
    workspace = mkdtempSync(join(tmpdir(), 'parkledger-boundaries-'));
    symlinkSync(join(repo, 'node_modules'), join(workspace, 'node_modules'));
    copyFileSync(join(repo, 'eslint.config.mjs'), join(workspace, 'eslint.config.mjs'));
    write('package.json', { name: 'boundaries-fixture', private: true });
    write('nx.json', { useDaemonProcess: false });
    write('tsconfig.base.json', {
      compilerOptions: {
        strict: true,
        module: 'node16',
        moduleResolution: 'node16',
        baseUrl: '.',
        paths: {
          '@fixture/alpha': ['services/alpha/src/index.ts'],
          '@fixture/beta': ['services/beta/src/index.ts'],
          '@fixture/shared': ['libs/shared/src/index.ts'],
        },
      },
    });
    write('tsconfig.json', {
      extends: './tsconfig.base.json',
      compilerOptions: { noEmit: true },
      include: ['**/*.ts'],
    });
    project('services/alpha', 'alpha', 'type:service', 'application');
    project('services/beta', 'beta', 'type:service', 'application');
    project('libs/shared', 'shared', 'type:lib', 'library');
    write('services/beta/src/index.ts', 'export const beta = 1;\n');
    write('libs/shared/src/index.ts', 'export const shared = 1;\n');
    write(
      'services/alpha/src/index.ts',
      "import { shared } from '@fixture/shared';\nimport { beta } from '@fixture/beta';\n\nexport const alpha = shared + beta;\n",
    );
    const graph = spawnSync(join(repo, 'node_modules/.bin/nx'), ['show', 'projects'], {
      cwd: workspace,
      encoding: 'utf8',
      env: { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true' },
    });
    if (graph.status !== 0) throw new Error(`nx could not build the project graph: ${graph.stderr}`);
  });

  afterAll(() => {
    rmSync(workspace, { recursive: true, force: true });
  });

  it('refuses a service importing another service, and allows it a lib', () => {
    const lint = spawnSync(
      join(repo, 'node_modules/.bin/eslint'),
      ['--format', 'json', 'services/alpha/src/index.ts'],
      {
        cwd: workspace,
        encoding: 'utf8',
      },
    );
    expect(lint.status).toBe(1);
    const [result] = JSON.parse(lint.stdout) as { messages: LintMessage[] }[];
    const boundaries = (result?.messages ?? []).filter((m) => m.ruleId === '@nx/enforce-module-boundaries');
    expect(boundaries).toHaveLength(1);
    expect(boundaries[0]?.line).toBe(2);
    expect(boundaries[0]?.message).toBe('Imports of apps are forbidden');
  });
});
