/**
 * Ends an exhaustive switch: `default` is left out and this is called after the last case, so a
 * value the switch misses (a new event type, a new kind) is a compile error here, because it is not
 * `never`. At run time it is reached only by a value outside the type, e.g. from an older build.
 */
export function assertNever(value: never, what = 'value'): never {
  throw new Error(`unhandled ${what}: ${JSON.stringify(value)}`);
}
