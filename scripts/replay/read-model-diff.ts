/** A row as read for a comparison: each column's value as Postgres prints it (`::text`), or null. */
export type Row = Readonly<Record<string, string | null>>;

/** A row whose key is on both sides with other values: each column that differs. */
export interface DifferingRow {
  key: string;
  columns: { column: string; live: string | null; rebuilt: string | null }[];
}

/** One table of a read model, live against rebuilt. */
export interface TableDiff {
  /** schema-qualified */
  table: string;
  live: number;
  rebuilt: number;
  onlyLive: number;
  onlyRebuilt: number;
  differing: number;
  /** the first few keys of each kind, in key order: what the report shows */
  examples: { onlyLive: string[]; onlyRebuilt: string[]; differing: DifferingRow[] };
  /** columns one side has and the other lacks (a migration one side has not run) */
  columnsOnlyLive: string[];
  columnsOnlyRebuilt: string[];
}

/** How many keys of each kind a diff keeps as examples. */
export const EXAMPLES = 3;

/** A row's key as the report prints it: `id=…`, or `award_id=…, award_version=2`. */
export function keyOf(row: Row, key: readonly string[]): string {
  return key.map((column) => `${column}=${row[column] ?? 'null'}`).join(', ');
}

/**
 * Compares a live table's rows with its rebuild's, by key: rows only on one side, and rows on both
 * whose other compared columns differ. Counts everything; keeps a few keys of each kind as examples.
 */
export function diffRows(
  table: string,
  key: readonly string[],
  columns: readonly string[],
  live: readonly Row[],
  rebuilt: readonly Row[],
  columnsDiffer: { onlyLive: string[]; onlyRebuilt: string[] } = { onlyLive: [], onlyRebuilt: [] },
): TableDiff {
  const rebuiltByKey = new Map(rebuilt.map((row) => [keyOf(row, key), row]));
  const liveKeys = new Set<string>();
  const onlyLive: string[] = [];
  const differing: DifferingRow[] = [];
  for (const row of live) {
    const rowKey = keyOf(row, key);
    liveKeys.add(rowKey);
    const other = rebuiltByKey.get(rowKey);
    if (other === undefined) {
      onlyLive.push(rowKey);
      continue;
    }
    const changed = columns
      .filter((column) => (row[column] ?? null) !== (other[column] ?? null))
      .map((column) => ({ column, live: row[column] ?? null, rebuilt: other[column] ?? null }));
    if (changed.length > 0) differing.push({ key: rowKey, columns: changed });
  }
  const onlyRebuilt = [...rebuiltByKey.keys()].filter((rowKey) => !liveKeys.has(rowKey));
  const first = <T>(items: T[], by: (item: T) => string): T[] =>
    [...items].sort((a, b) => by(a).localeCompare(by(b))).slice(0, EXAMPLES);
  return {
    table,
    live: live.length,
    rebuilt: rebuilt.length,
    onlyLive: onlyLive.length,
    onlyRebuilt: onlyRebuilt.length,
    differing: differing.length,
    examples: {
      onlyLive: first(onlyLive, (k) => k),
      onlyRebuilt: first(onlyRebuilt, (k) => k),
      differing: first(differing, (d) => d.key),
    },
    columnsOnlyLive: columnsDiffer.onlyLive,
    columnsOnlyRebuilt: columnsDiffer.onlyRebuilt,
  };
}

/** How many differences a table has: rows on one side only, rows that differ, columns on one side only. */
export const differences = (diff: TableDiff): number =>
  diff.onlyLive + diff.onlyRebuilt + diff.differing + diff.columnsOnlyLive.length + diff.columnsOnlyRebuilt.length;
