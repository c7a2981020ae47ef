import { existsSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The name, in `dir`, for a run's `.json` and `.md`: `base`, or `base-2`, `base-3`, ... when an
 * earlier run already wrote under it, so a second run the same day never overwrites the first
 * (the README cites runs by their file).
 */
export function unusedResultsName(dir: string, base: string): string {
  const taken = (name: string) => existsSync(join(dir, `${name}.json`)) || existsSync(join(dir, `${name}.md`));
  if (!taken(base)) return base;
  for (let n = 2; ; n += 1) if (!taken(`${base}-${n}`)) return `${base}-${n}`;
}
