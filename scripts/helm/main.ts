// The Helm chart's commands:
//   check     helm lint --strict; for each values file, helm template piped into kubeconform -strict
//             with the schemas in deploy/helm/schemas (no network), then chart-checks.ts on the
//             rendered objects. Helm and kubeconform are built into the cache on first use.
//   tools     builds Helm and kubeconform into the cache if they are not there yet (npm test runs it
//             in the background from its start, beside the steps before the chart's check)
//   generate  writes the chart's files derived from the code (chart-files.ts)
//   schemas   writes deploy/helm/schemas from their sources (see its README)
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { SERVICES } from '../infra/services';
import { repoRoot } from '../infra/settings';
import { chartProblems, type K8sObject } from './chart-checks';
import { CHART_DIR, chartFiles } from './chart-files';
import { SCHEMA_DIR, SCHEMA_KUBERNETES_VERSION, writeSchemas } from './schemas';
import { SEEDED_FAULTS } from './seeded-faults';
import { ensureTool, HELM, KUBECONFORM, ToolError } from './tools';

const log = (line: string) => process.stdout.write(`helm: ${line}\n`);

class CheckFailed extends Error {}

function run(command: string, args: string[], input?: string): { status: number; stdout: string; stderr: string } {
  const result = spawnSync(command, args, { cwd: repoRoot, encoding: 'utf8', input, maxBuffer: 64 * 1024 * 1024 });
  if (result.error !== undefined) throw new ToolError(`${command}: ${result.error.message}`);
  return { status: result.status ?? 1, stdout: result.stdout, stderr: result.stderr };
}

/** The chart's values files: values.yaml and every values-*.yaml beside it. */
export function valuesFiles(): string[] {
  return readdirSync(CHART_DIR)
    .filter((file) => file === 'values.yaml' || /^values-.+\.yaml$/.test(file))
    .sort((a, b) => (a === 'values.yaml' ? -1 : b === 'values.yaml' ? 1 : a.localeCompare(b)));
}

interface Values {
  kafka?: { enabled?: boolean; name?: string };
  postgres?: { enabled?: boolean; name?: string };
}

function check(): void {
  const started = Date.now();
  const helm = ensureTool(HELM, log);
  const kubeconform = ensureTool(KUBECONFORM, log);
  const chart = relative(repoRoot, CHART_DIR);
  const defaults = parse(readFileSync(join(CHART_DIR, 'values.yaml'), 'utf8')) as Values;
  const failures: string[] = [];

  for (const file of valuesFiles()) {
    const valuesArgs = [
      '--kube-version',
      SCHEMA_KUBERNETES_VERSION,
      ...(file === 'values.yaml' ? [] : ['--values', join(chart, file)]),
    ];
    const lint = run(helm, ['lint', '--strict', chart, ...valuesArgs]);
    const lintSummary = lint.stdout
      .trim()
      .split('\n')
      .filter((line) => /chart\(s\) linted/.test(line));
    if (lint.status !== 0) {
      failures.push(`${file}: helm lint --strict failed`);
      process.stdout.write(`${lint.stdout}${lint.stderr}`);
    }
    log(`${file}: helm lint --strict: ${lintSummary.join(' ') || 'no summary'}`);

    const rendered = run(helm, ['template', 'parkledger', chart, '--namespace', 'parkledger', ...valuesArgs]);
    if (rendered.status !== 0) {
      failures.push(`${file}: helm template failed`);
      process.stdout.write(rendered.stderr);
      continue;
    }
    const validated = run(
      kubeconform,
      [
        '-strict',
        '-summary',
        '-n',
        '2',
        '-schema-location',
        join(relative(repoRoot, SCHEMA_DIR), '{{ .ResourceKind }}{{ .KindSuffix }}.json'),
        '-',
      ],
      rendered.stdout,
    );
    const summary = validated.stdout
      .trim()
      .split('\n')
      .filter((line) => line.startsWith('Summary:'));
    if (validated.status !== 0 || summary.length !== 1) {
      failures.push(`${file}: kubeconform -strict found invalid resources`);
      process.stdout.write(`${validated.stdout}${validated.stderr}`);
    }
    log(`${file}: kubeconform -strict: ${summary.join(' ').replace(/^Summary: /, '') || 'no summary'}`);

    const docs = parseAllDocuments(rendered.stdout)
      .map((doc) => doc.toJS() as K8sObject | null)
      .filter((doc): doc is K8sObject => doc !== null);
    const values = parse(readFileSync(join(CHART_DIR, file), 'utf8')) as Values;
    const enabled = (part: 'kafka' | 'postgres') => values[part]?.enabled ?? defaults[part]?.enabled ?? false;
    const expectations = {
      kafka: enabled('kafka') ? (values.kafka?.name ?? defaults.kafka?.name) : undefined,
      postgres: enabled('postgres') ? (values.postgres?.name ?? defaults.postgres?.name) : undefined,
      postgresInitSql: chartFiles()['files/postgres-init.sql'] ?? '',
    };
    const problems = chartProblems(docs, SERVICES, expectations);
    for (const problem of problems) process.stdout.write(`  ${problem}\n`);
    if (problems.length > 0) failures.push(`${file}: ${problems.length} problems in the rendered chart`);

    // the checks must catch each fault seeded into this very rendering
    const seeded = SEEDED_FAULTS.filter((fault) => fault.values === file);
    const missed = seeded.filter((fault) => {
      const broken = structuredClone(docs);
      fault.seed(broken);
      return !chartProblems(broken, SERVICES, expectations).some((problem) => problem.includes(fault.reported));
    });
    for (const fault of missed) process.stdout.write(`  a seeded fault went unreported: ${fault.fault}\n`);
    if (missed.length > 0) failures.push(`${file}: the chart checks missed ${missed.length} seeded faults`);

    const count = (kind: string) => docs.filter((d) => d.kind === kind).length;
    log(
      `${file}: chart checks: ${problems.length === 0 ? 'ok' : `${problems.length} problems`} ` +
        `(${count('Deployment')} Deployments, each accepted by its service's config loader; ` +
        `${count('KafkaTopic')} KafkaTopics, ${count('Cluster')} Postgres Cluster); ` +
        `${seeded.length - missed.length} of ${seeded.length} seeded faults caught`,
    );
  }
  for (const fault of SEEDED_FAULTS.filter((f) => !valuesFiles().includes(f.values))) {
    failures.push(`a seeded fault is for ${fault.values}, which is not a values file of the chart: ${fault.fault}`);
  }
  if (failures.length > 0) throw new CheckFailed(failures.join('\n'));
  log(`chart valid for ${valuesFiles().length} values files in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

function generate(): void {
  for (const [file, content] of Object.entries(chartFiles())) {
    writeFileSync(join(CHART_DIR, file), content);
    log(`wrote ${relative(repoRoot, join(CHART_DIR, file))}`);
  }
}

function schemas(args: string[]): void {
  const option = (name: string): string => {
    const at = args.indexOf(`--${name}`);
    const value = at === -1 ? undefined : args[at + 1];
    if (value === undefined) throw new ToolError(`schemas needs --${name} (see deploy/helm/schemas/README.md)`);
    return value;
  };
  const written = writeSchemas({
    kubernetes: option('kubernetes'),
    kubernetesVersion: option('kubernetes-version'),
    crds: [
      { dir: option('strimzi'), version: option('strimzi-version') },
      { dir: option('cnpg'), version: option('cnpg-version') },
    ],
  });
  log(`wrote ${written.length} schemas to ${relative(repoRoot, SCHEMA_DIR)}: ${written.join(', ')}`);
}

try {
  const [command, ...args] = process.argv.slice(2);
  if (command === 'check') check();
  else if (command === 'tools') [HELM, KUBECONFORM].forEach((tool) => log(`${tool.name}: ${ensureTool(tool, log)}`));
  else if (command === 'generate') generate();
  else if (command === 'schemas') schemas(args);
  else
    throw new ToolError(
      'usage: tsx scripts/helm/main.ts check | tools | generate | schemas --kubernetes ... (see deploy/helm/schemas/README.md)',
    );
} catch (error) {
  if (!(error instanceof ToolError || error instanceof CheckFailed)) throw error;
  process.stderr.write(`helm: ${error.message}\n`);
  process.exit(1);
}
