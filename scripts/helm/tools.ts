// Helm and kubeconform, pinned, built with `go install` into the cache on first use (as the infra
// fetches Kafka's jars once); later runs need no network.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { commandExists } from '../infra/process-tools';
import { infraSettings } from '../infra/settings';

export interface GoTool {
  name: string;
  /** the Go package of its command */
  command: string;
  version: string;
  /**
   * variables linked in as its own release build sets them (go install leaves them at development
   * values): its version, and Helm's default Kubernetes version (that of its client-go, as its Makefile)
   */
  linked: Record<string, string>;
}

export const HELM: GoTool = {
  name: 'helm',
  command: 'helm.sh/helm/v3/cmd/helm',
  version: 'v3.22.0',
  linked: {
    'helm.sh/helm/v3/internal/version.version': 'v3.22.0',
    // k8s.io/client-go v0.37.0 in Helm v3.22.0's go.mod
    'helm.sh/helm/v3/pkg/chartutil.k8sVersionMajor': '1',
    'helm.sh/helm/v3/pkg/chartutil.k8sVersionMinor': '37',
    'helm.sh/helm/v3/pkg/lint/rules.k8sVersionMajor': '1',
    'helm.sh/helm/v3/pkg/lint/rules.k8sVersionMinor': '37',
  },
};
export const KUBECONFORM: GoTool = {
  name: 'kubeconform',
  command: 'github.com/yannh/kubeconform/cmd/kubeconform',
  version: 'v0.8.0',
  linked: { 'main.version': 'v0.8.0' },
};

/** A failure reported as one line, without a stack trace. */
export class ToolError extends Error {}

/** The tool's binary, built first when the cache has none. */
export function ensureTool(tool: GoTool, log: (line: string) => void): string {
  const dir = join(infraSettings().cacheDir, 'go-tools', `${tool.name}-${tool.version}`);
  const binary = join(dir, tool.name);
  if (existsSync(binary)) return binary;
  if (!commandExists('go')) {
    throw new ToolError(
      `${tool.name} ${tool.version} is not in ${dir} and go is not on the PATH to build it: install Go 1.26 or later`,
    );
  }
  const work = `${dir}.partial`;
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  log(`installing ${tool.name} ${tool.version} with go install (first use only, a few minutes; cached in ${dir})`);
  const started = Date.now();
  const result = spawnSync(
    'go',
    [
      'install',
      `-ldflags=-s -w ${Object.entries(tool.linked)
        .map(([variable, value]) => `-X ${variable}=${value}`)
        .join(' ')}`,
      `${tool.command}@${tool.version}`,
    ],
    { env: { ...process.env, GOBIN: work, GOFLAGS: '-buildvcs=false' }, encoding: 'utf8' },
  );
  if (result.status !== 0 || !existsSync(join(work, tool.name))) {
    const output = `${result.stdout ?? ''}${result.stderr ?? ''}`.trim().split('\n').slice(-20).join('\n');
    throw new ToolError(`go install ${tool.command}@${tool.version} failed (exit ${result.status}):\n${output}`);
  }
  rmSync(dir, { recursive: true, force: true });
  renameSync(work, dir);
  log(`${tool.name} ${tool.version} installed in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  return binary;
}
