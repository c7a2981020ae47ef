import { differences, type TableDiff } from './read-model-diff';
import { type ReplayReport } from './replay';

/** The tables that differ, schema-qualified. */
export const differingTables = (report: ReplayReport): string[] =>
  report.services.flatMap((service) =>
    service.replayed.flatMap((consumer) =>
      consumer.tables.filter((table) => differences(table) > 0).map((table) => table.table),
    ),
  );

const number = (n: number): string => n.toLocaleString('en-US');

/** A table's line under the header, then a line per example key of each kind of difference. */
function tableLines(diff: TableDiff, width: number): string[] {
  const cells = [diff.live, diff.rebuilt, diff.onlyLive, diff.onlyRebuilt, diff.differing].map((n) =>
    number(n).padStart(14),
  );
  const verdict = differences(diff) === 0 ? 'same' : 'DIFFERS';
  const lines = [`    ${diff.table.padEnd(width)}${cells.join('')}  ${verdict}`];
  const show = (what: string, keys: string[], count: number) => {
    for (const key of keys) lines.push(`      ${what}: ${key}`);
    if (count > keys.length) lines.push(`      … and ${number(count - keys.length)} more ${what}`);
  };
  for (const column of diff.columnsOnlyLive) lines.push(`      column only live: ${column}`);
  for (const column of diff.columnsOnlyRebuilt) lines.push(`      column only rebuilt: ${column}`);
  show('only live', diff.examples.onlyLive, diff.onlyLive);
  show('only rebuilt', diff.examples.onlyRebuilt, diff.onlyRebuilt);
  for (const row of diff.examples.differing) {
    const columns = row.columns.map(
      (c) => `${c.column} live ${JSON.stringify(c.live)}, rebuilt ${JSON.stringify(c.rebuilt)}`,
    );
    lines.push(`      differs: ${row.key}: ${columns.join('; ')}`);
  }
  if (diff.differing > diff.examples.differing.length) {
    lines.push(`      … and ${number(diff.differing - diff.examples.differing.length)} more differing`);
  }
  return lines;
}

/**
 * The replay's report: per service, each replayed consumer's tables (rows live, rows rebuilt, rows
 * only on one side, rows whose columns differ, with a few example keys), each consumer not
 * replayed and why, the events the rebuild set aside, and a last line with the verdict.
 */
export function formatReport(report: ReplayReport): string {
  const all = report.services.flatMap((s) => s.replayed.flatMap((c) => c.tables));
  const width = Math.max(24, ...all.map((t) => t.table.length)) + 2;
  const header = `    ${'table'.padEnd(width)}${['live', 'rebuilt', 'only live', 'only rebuilt', 'differ']
    .map((h) => h.padStart(14))
    .join('')}`;
  const lines: string[] = [];
  for (const service of report.services) {
    lines.push(`${service.service}`);
    for (const consumer of service.replayed) {
      lines.push(`  ${consumer.consumer}: rebuilt from offset 0`, header);
      for (const table of consumer.tables) lines.push(...tableLines(table, width));
    }
    for (const { consumer, why } of service.notReplayed) lines.push(`  ${consumer}: not replayed: ${why}`);
  }
  if (report.setAside.length > 0) {
    lines.push(
      `the rebuild set aside ${number(report.setAside.length)} events it could not apply (the live consumer dead-letters such an event; nothing was published):`,
    );
    for (const event of report.setAside.slice(0, 10)) {
      lines.push(
        `  ${event.consumer} ${event.topic}[${event.partition}]@${event.offset} ${event.type}: ${event.reason}`,
      );
    }
    if (report.setAside.length > 10) lines.push(`  … and ${number(report.setAside.length - 10)} more`);
  }
  lines.push(
    report.rebuiltIn === undefined
      ? 'nothing rebuilt: none of these consumers is a read model'
      : report.kept
        ? `the rebuilt read models are kept in database ${report.rebuiltIn}`
        : `database ${report.rebuiltIn} dropped`,
  );
  const differing = differingTables(report);
  lines.push(
    differing.length === 0
      ? `no differences: ${all.length} tables, ${number(all.reduce((n, t) => n + t.live, 0))} rows live, the same rebuilt`
      : `${differing.length} of ${all.length} tables differ: ${differing.join(', ')}`,
  );
  return lines.join('\n');
}
