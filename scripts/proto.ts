// The contracts' checks: `generate` writes libs/contracts/src/gen from proto/; `check` lints proto/,
// fails when the generated code has drifted from proto/, and fails on a breaking change against
// the last commit (HEAD when proto/ has uncommitted changes, else HEAD~1).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';

const root = join(__dirname, '..');
const GEN = 'libs/contracts/src/gen';
const buf = join(root, 'node_modules/.bin/buf');

function run(command: string, args: string[]): { status: number; output: string } {
  const result = spawnSync(command, args, { cwd: root, encoding: 'utf8' });
  return { status: result.status ?? 1, output: `${result.stdout ?? ''}${result.stderr ?? ''}`.trim() };
}

function must(label: string, command: string, args: string[]): string {
  const result = run(command, args);
  if (result.status !== 0) {
    process.stderr.write(`proto: ${label} failed\n${result.output}\n`);
    process.exit(1);
  }
  return result.output;
}

function files(dir: string): Map<string, string> {
  const found = new Map<string, string>();
  const walk = (current: string): void => {
    for (const name of readdirSync(current)) {
      const path = join(current, name);
      if (statSync(path).isDirectory()) walk(path);
      else found.set(relative(dir, path), readFileSync(path, 'utf8'));
    }
  };
  walk(dir);
  return found;
}

function generate(): void {
  rmSync(join(root, GEN), { recursive: true, force: true });
  must('buf generate', buf, ['generate']);
  process.stdout.write(`proto: generated ${GEN}\n`);
}

function check(): void {
  must('buf lint', buf, ['lint']);
  process.stdout.write('proto: lint ok\n');

  const scratch = mkdtempSync(join(tmpdir(), 'parkledger-proto-'));
  try {
    must('buf generate', buf, ['generate', '-o', scratch]);
    const fresh = files(join(scratch, GEN));
    const committed = files(join(root, GEN));
    const drift = [...new Set([...fresh.keys(), ...committed.keys()])].filter(
      (file) => fresh.get(file) !== committed.get(file),
    );
    if (drift.length > 0) {
      process.stderr.write(
        `proto: generated code has drifted from proto/ (run npm run proto:gen): ${drift.join(', ')}\n`,
      );
      process.exit(1);
    }
    process.stdout.write(`proto: generated code matches proto/ (${fresh.size} files)\n`);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }

  const dirty = run('git', ['status', '--porcelain', '--', 'proto']).output !== '';
  const ref = dirty ? 'HEAD' : 'HEAD~1';
  if (run('git', ['cat-file', '-e', `${ref}:proto`]).status !== 0) {
    process.stdout.write(`proto: no proto/ at ${ref} to compare against; breaking-change check has nothing to do\n`);
    return;
  }
  must('buf breaking', buf, ['breaking', '--against', `.git#ref=${ref},subdir=proto`]);
  process.stdout.write(`proto: no breaking change against ${ref}\n`);
}

const command = process.argv[2];
if (command === 'generate') generate();
else if (command === 'check') check();
else {
  process.stderr.write('usage: tsx scripts/proto.ts generate|check\n');
  process.exit(2);
}
