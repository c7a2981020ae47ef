/**
 * Configuration is read from the environment once, at start-up, into a typed object.
 * Every problem is collected, so one run names every missing or bad variable.
 */
export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`invalid configuration: ${problems.join('; ')}`);
    this.name = 'ConfigError';
  }
}

export interface Setting<T> {
  /** true when the variable has no default and must be set */
  readonly required: boolean;
  parse(raw: string | undefined, name: string): T;
}

type Parsed<S> = { [K in keyof S]: S[K] extends Setting<infer T> ? T : never };

function setting<T>(parse: (raw: string, name: string) => T, fallback?: T): Setting<T> {
  return {
    required: fallback === undefined,
    parse(raw, name) {
      if (raw === undefined || raw === '') {
        if (fallback !== undefined) return fallback;
        throw new Error(`${name} is required`);
      }
      return parse(raw, name);
    },
  };
}

export const env = {
  string: (fallback?: string): Setting<string> => setting((raw) => raw, fallback),
  int: (options: { min?: number; max?: number; default?: number } = {}): Setting<number> =>
    setting((raw, name) => {
      const value = Number(raw);
      const { min = Number.MIN_SAFE_INTEGER, max = Number.MAX_SAFE_INTEGER } = options;
      if (!/^-?\d+$/.test(raw) || value < min || value > max) {
        throw new Error(`${name} must be an integer between ${min} and ${max}, got "${raw}"`);
      }
      return value;
    }, options.default),
  oneOf: <T extends string>(values: readonly T[], fallback?: T): Setting<T> =>
    setting((raw, name) => {
      if (!(values as readonly string[]).includes(raw)) {
        throw new Error(`${name} must be one of ${values.join(', ')}, got "${raw}"`);
      }
      return raw as T;
    }, fallback),
  /** an http: or https: URL */
  httpUrl: (fallback?: string): Setting<string> =>
    setting((raw, name) => {
      if (!URL.canParse(raw) || !['http:', 'https:'].includes(new URL(raw).protocol)) {
        throw new Error(`${name} must be an http or https URL, got "${raw}"`);
      }
      return raw;
    }, fallback),
  list: (fallback?: string[]): Setting<string[]> =>
    setting(
      (raw) =>
        raw
          .split(',')
          .map((item) => item.trim())
          .filter((item) => item !== ''),
      fallback,
    ),
};

/** The names of the variables a spec can't do without. */
export function requiredVariables(spec: Record<string, Setting<unknown>>): string[] {
  return Object.entries(spec)
    .filter(([, item]) => item.required)
    .map(([name]) => name);
}

export function loadConfig<S extends Record<string, Setting<unknown>>>(
  spec: S,
  source: NodeJS.ProcessEnv = process.env,
): Readonly<Parsed<S>> {
  const problems: string[] = [];
  const result: Record<string, unknown> = {};
  for (const [name, item] of Object.entries(spec)) {
    try {
      result[name] = item.parse(source[name], name);
    } catch (error) {
      problems.push(error instanceof Error ? error.message : String(error));
    }
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return Object.freeze(result) as Readonly<Parsed<S>>;
}
