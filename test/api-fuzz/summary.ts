/** What one schemathesis run found, read from its NDJSON report. */
export interface FuzzSummary {
  requests: number;
  serverErrors: number;
  /** "POST /api/v1/parks: 3" */
  serverErrorOperations: string[];
  /** failed checks other than not_a_server_error, one line per operation, check and code */
  violations: string[];
  /** errors schemathesis met itself (not answers of the API) */
  runtimeErrors: string[];
}

interface Check {
  name: string;
  status: string;
  failure_info?: { failure?: { code?: string; title?: string; message?: string } };
}

interface Recorder {
  label: string;
  checks?: Record<string, Check[]>;
  interactions?: Record<string, { request?: { method?: string; uri?: string }; response?: { status_code?: number } }>;
}

interface Event {
  ScenarioFinished?: { recorder: Recorder };
  NonFatalError?: { label?: string; value?: { type?: string; message?: string } };
}

/** The operation of a request, with ids in the path put back as {id}. */
const operationOf = (method: string | undefined, uri: string | undefined): string =>
  `${method ?? '?'} ${uri === undefined ? '?' : new URL(uri).pathname.replace(/\/(parks|enterprises|settlements|projects)\/[^/]+/g, '/$1/{id}')}`;

export function summarise(ndjson: string): FuzzSummary {
  let requests = 0;
  let serverErrors = 0;
  const byOperation = new Map<string, number>();
  const violations = new Map<string, string>();
  const runtimeErrors: string[] = [];
  for (const line of ndjson.split('\n')) {
    if (line.trim() === '') continue;
    let event: Event;
    try {
      event = JSON.parse(line) as Event;
    } catch {
      continue; // the last line of a report still being written
    }
    if (event.NonFatalError !== undefined) {
      const { label, value } = event.NonFatalError;
      runtimeErrors.push(`${label ?? '?'}: ${value?.type ?? '?'} ${value?.message ?? ''}`);
    }
    const recorder = event.ScenarioFinished?.recorder;
    if (recorder === undefined) continue;
    for (const interaction of Object.values(recorder.interactions ?? {})) {
      const status = interaction.response?.status_code;
      if (status === undefined) continue;
      requests += 1;
      if (status >= 500) {
        serverErrors += 1;
        const operation = operationOf(interaction.request?.method, interaction.request?.uri);
        byOperation.set(operation, (byOperation.get(operation) ?? 0) + 1);
      }
    }
    for (const checks of Object.values(recorder.checks ?? {})) {
      for (const check of checks) {
        if (check.status !== 'failure' || check.name === 'not_a_server_error') continue;
        const failure = check.failure_info?.failure;
        const key = `${recorder.label}: ${check.name} ${failure?.code ?? ''} ${failure?.title ?? ''}`;
        if (!violations.has(key)) violations.set(key, `${key} — ${(failure?.message ?? '').split('\n').join(' ')}`);
      }
    }
  }
  return {
    requests,
    serverErrors,
    serverErrorOperations: [...byOperation].map(([operation, count]) => `${operation}: ${count}`),
    violations: [...violations.values()],
    runtimeErrors,
  };
}
